/** 登录: the login form (labels 用户名, 密码, button 登录 — DESIGN §11). */
import { ApiFailure, postJson, saveSession, type User } from './api.ts';
import { alertBox, h, mount } from './dom.ts';

/** The form; a successful login saves the session and calls `enter` with the page to go on to. */
export function loginPage(enter: (path: string) => void): void {
  const alert = alertBox();
  const user = h('input', { id: 'user', name: 'user', autocomplete: 'username', required: true });
  const password = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const form = h(
    'form',
    { class: 'card narrow' },
    h('h1', {}, '登录'),
    h('p', { class: 'field' }, h('label', { for: 'user' }, '用户名'), user),
    h('p', { class: 'field' }, h('label', { for: 'password' }, '密码'), password),
    alert,
    h('p', {}, h('button', { type: 'submit', class: 'primary' }, '登录')),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    alert.say('');
    try {
      const r = await postJson<{ token: string; user: User }>('/api/v1/login', { user: user.value.trim(), password: password.value });
      saveSession(r.token, r.user);
      const next = new URLSearchParams(location.search).get('next');
      enter(next && next.startsWith('/') && !next.startsWith('//') ? next : r.user.roles.includes('applicant') ? '/file' : '/');
    } catch (err) {
      alert.say(err instanceof ApiFailure ? err.message : '无法连接服务，请稍后重试');
      password.value = '';
      password.focus();
    }
  });
  mount(form);
  user.focus();
}
