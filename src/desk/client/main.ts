/**
 * The desk's client: a header with the user's name and unit, navigation, and one page per path. Pages need a
 * login except /login; an applicant's start page is 申报, an officer's 待办.
 */
import { ApiFailure, clearSession, postJson, session } from './api.ts';
import { applicationPage } from './application.ts';
import { h } from './dom.ts';
import { filePage } from './file.ts';
import { loginPage } from './login.ts';
import { currentPage, go, onMove, stillOn } from './nav.ts';
import { policiesPage, policyPage } from './policy.ts';
import { queuePage } from './queue.ts';

function frame(): void {
  const s = session();
  const isApplicant = s?.user.roles.includes('applicant');
  const links: [string, string][] = s ? (isApplicant ? [['/file', '申报'], ['/', '我的申请'], ['/policies', '政策']] : [['/', '待办'], ['/policies', '政策'], ['/playground', '起草']]) : [];
  const logout = async () => {
    await postJson('/api/v1/logout', {}).catch(() => undefined);
    clearSession();
    go('/login');
  };
  const root = document.getElementById('app')!;
  root.replaceChildren(
    h('a', { href: '#main', class: 'skip' }, '跳到正文'),
    h(
      'header',
      {},
      h('a', { href: '/', class: 'brand' }, 'pol 政策办理台'),
      h('nav', { 'aria-label': '主导航' }, ...links.map(([href, label]) => h('a', { href, 'aria-current': location.pathname === href ? 'page' : undefined }, label))),
      s ? h('span', { class: 'who' }, `${s.user.name}${s.user.unit ? `（${s.user.unit}）` : ''}`, ' ', h('button', { type: 'button', onclick: logout }, '退出')) : '',
    ),
    h('main', { id: 'main', tabindex: -1 }),
  );
}

async function route(): Promise<void> {
  frame();
  const path = location.pathname;
  if (path === '/login') return loginPage(enter);
  if (!session()) return go(`/login?next=${encodeURIComponent(path + location.search)}`, true);
  const app = /^\/applications\/([^/]+)$/.exec(path);
  const policy = /^\/policies\/([^/]+)$/.exec(path);
  if (app) return applicationPage(decodeURIComponent(app[1]!));
  if (policy) return policyPage(decodeURIComponent(policy[1]!));
  if (path === '/policies') return policiesPage();
  if (path === '/file') return filePage();
  // the editor (CodeMirror, the keyword table) is most of the code: only the playground loads it
  if (path === '/playground') {
    const at = currentPage();
    const { playgroundPage } = await import('./playground.ts');
    if (stillOn(at)) playgroundPage();
    return;
  }
  return queuePage();
}

/**
 * Show the page of the current address: when the app loads, and on every move between pages (nav.ts). After a
 * move in place the keyboard and a screen reader start at the new page's content, as after a page load with the
 * skip link: #main takes the focus, unless the page has focused a field of its own (the login form).
 */
function show(moved = true): void {
  route().catch((e: unknown) => {
    const main = document.getElementById('main') ?? document.body;
    main.replaceChildren(h('h1', {}, '出错了'), h('p', { role: 'alert', class: 'alert' }, e instanceof ApiFailure ? e.message : '页面加载失败，请刷新重试'));
  });
  // route() has built the new page's frame before its first wait: the focus goes there at once, not after the data
  const main = document.getElementById('main');
  if (moved && main && !main.contains(document.activeElement)) main.focus({ preventScroll: true });
}

/** After logging in: the page the user was going to, without loading the app again (the login form leaves history). */
function enter(path: string): void {
  go(path, true);
}

onMove(show);
show(false);
