/** 政策: the policies this service runs, and one policy as a readable page (measures, benefits, amounts, units, validity). */
import { getJson } from './api.ts';
import { h, mount } from './dom.ts';

interface PolicyView {
  id: string;
  title: string;
  issued: string | null;
  benefits: { id: string; measure: string; workflow: string | null }[];
}
interface Outline {
  id: string;
  title: string;
  status: string;
  issuer: string | null;
  issued: string | null;
  validity: string;
  preamble: string | null;
  measures: { number: string; title: string; text: string; lead: string[]; cooperate: string[]; benefits: { id: string; title: string; amount: string }[] }[];
}

const STATUS: Record<string, string> = { draft: '征求意见稿', official: '正式' };

export async function policiesPage(): Promise<void> {
  const policies = await getJson<PolicyView[]>('/api/v1/policies');
  mount(
    h('h1', {}, '政策'),
    h('ul', { class: 'list' }, ...policies.map((p) => h('li', {}, h('a', { href: `/policies/${encodeURIComponent(p.id)}` }, p.title), h('small', { class: 'muted' }, ` ${p.id} · ${p.benefits.length} 个扶持项目`)))),
    h('p', {}, h('a', { href: '/playground' }, '起草与试算（草稿编辑器）')),
  );
}

export async function policyPage(id: string): Promise<void> {
  const p = await getJson<Outline>(`/api/v1/policies/${encodeURIComponent(id)}/outline`);
  mount(
    h('p', { class: 'crumbs' }, h('a', { href: '/policies' }, '政策'), ' › ', p.id),
    h('h1', {}, p.title),
    h('p', { class: 'status' }, h('span', { class: 'chip' }, STATUS[p.status] ?? p.status), p.issuer ? ` 发布：${p.issuer}` : '', ` · 有效期：${p.validity}`),
    p.preamble ? h('p', { class: 'preamble' }, p.preamble) : '',
    ...p.measures.map((m) =>
      h(
        'section',
        { class: 'measure', 'aria-labelledby': `m${m.number}` },
        h('h2', { id: `m${m.number}` }, `${m.number}. ${m.title}`),
        m.text ? h('p', {}, m.text) : '',
        h('p', { class: 'units' }, m.lead.length ? `牵头：${m.lead.join('、')}` : '', m.cooperate.length ? `　配合：${m.cooperate.join('、')}` : ''),
        m.benefits.length
          ? h(
              'table',
              { class: 'benefits' },
              h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, '扶持项目'), h('th', { scope: 'col' }, '支持标准'))),
              h('tbody', {}, ...m.benefits.map((b) => h('tr', {}, h('td', {}, b.title, h('br'), h('small', { class: 'muted' }, b.id)), h('td', {}, b.amount)))),
            )
          : '',
      ),
    ),
  );
}
