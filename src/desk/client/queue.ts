/**
 * 待办: the applications awaiting this user's action (the API's queue=todo), or every one this user may see;
 * counts per state, a filter, sortable columns, working days left to each deadline (overdue marked).
 * Each row links to the application's own page (DESIGN §11).
 */
import { ApiFailure, getJson, postJson, type AppView } from './api.ts';
import { alertBox, h, mount, yuan } from './dom.ts';
import { currentPage, refresh, stillOn } from './nav.ts';

type Column = { key: string; label: string; value: (a: AppView) => string | number };

export async function queuePage(): Promise<void> {
  const all = new URLSearchParams(location.search).get('all') === '1';
  const apps = await getJson<AppView[]>(all ? '/api/v1/applications' : '/api/v1/applications?queue=todo');
  const deadlines = [...new Set(apps.map((a) => a.deadline).filter((d): d is string => !!d))];
  const days = deadlines.length ? await getJson<{ today: string; left: Record<string, number> }>(`/api/v1/workdays?to=${deadlines.join(',')}`) : { today: '', left: {} };
  const left = (a: AppView) => (a.deadline ? (days.left[a.deadline] ?? null) : null);
  const columns: Column[] = [
    { key: 'id', label: '申请编号', value: (a) => a.id },
    { key: 'applicant', label: '申报主体', value: (a) => a.applicant.name ?? a.applicant.id },
    { key: 'benefit', label: '扶持项目', value: (a) => a.benefit },
    { key: 'ceiling', label: '上限（元）', value: (a) => a.ceilingFen },
    { key: 'state', label: '状态', value: (a) => a.stateLabel },
    { key: 'deadline', label: '办理期限', value: (a) => left(a) ?? Number.POSITIVE_INFINITY },
  ];
  let sortKey = 'deadline';
  let ascending = true;
  let filter = '';

  const counts = new Map<string, number>();
  for (const a of apps) counts.set(a.stateLabel, (counts.get(a.stateLabel) ?? 0) + 1);
  const tbody = h('tbody');
  const headRow = h('tr');
  const summary = h('p', { class: 'muted', 'aria-live': 'polite' });

  const render = () => {
    const col = columns.find((c) => c.key === sortKey)!;
    const shown = apps
      .filter((a) => !filter || columns.some((c) => String(c.value(a)).includes(filter)) || (a.project ?? '').includes(filter))
      .sort((x, y) => {
        const p = col.value(x);
        const q = col.value(y);
        const d = typeof p === 'number' && typeof q === 'number' ? p - q : String(p).localeCompare(String(q), 'zh-CN');
        return ascending ? d : -d;
      });
    tbody.replaceChildren(
      ...shown.map((a) => {
        const n = left(a);
        const overdue = n !== null && n < 0;
        return h(
          'tr',
          { class: overdue ? 'overdue' : '' },
          h('td', {}, h('a', { href: `/applications/${encodeURIComponent(a.id)}` }, a.id)),
          h('td', {}, a.applicant.name ?? '', h('br'), h('small', { class: 'muted' }, a.applicant.id)),
          h('td', {}, a.benefit, a.project ? h('small', { class: 'muted' }, ` · ${a.project}`) : null),
          h('td', { class: 'num' }, yuan(a.ceilingFen)),
          h('td', {}, a.stateLabel),
          h('td', {}, a.deadline ? `${a.deadline}（${n === null ? '' : overdue ? `已逾期 ${-n} 个工作日` : `剩 ${n} 个工作日`}）` : '—', overdue ? h('strong', { class: 'tag' }, ' 逾期') : null),
        );
      }),
    );
    summary.textContent = `共 ${shown.length} 件`;
    headRow.replaceChildren(
      ...columns.map((c) =>
        h(
          'th',
          { scope: 'col', 'aria-sort': c.key === sortKey ? (ascending ? 'ascending' : 'descending') : 'none' },
          h('button', { type: 'button', class: 'sort', onclick: () => ((ascending = c.key === sortKey ? !ascending : true), (sortKey = c.key), render()) }, c.label, c.key === sortKey ? (ascending ? ' ▲' : ' ▼') : ''),
        ),
      ),
    );
  };
  const search = h('input', { id: 'filter', type: 'search', placeholder: '申报主体、编号、项目……' });
  search.addEventListener('input', () => ((filter = search.value.trim()), render()));
  render();
  mount(
    h('h1', {}, all ? '全部申请' : '待办'),
    roundForm(apps),
    h(
      'p',
      { class: 'toolbar' },
      h('a', { href: all ? '/' : '/?all=1' }, all ? '只看待办' : '查看全部可见申请'),
      ' ',
      ...[...counts].map(([state, n]) => h('span', { class: 'chip' }, `${state} ${n}`)),
    ),
    h('p', { class: 'field inline' }, h('label', { for: 'filter' }, '筛选'), search),
    apps.length === 0
      ? h('p', { class: 'empty' }, all ? '没有可查看的申请。' : '暂无待办。')
      : h('div', { class: 'scroll' }, h('table', {}, h('caption', {}, all ? '全部申请' : '待办'), h('thead', {}, headRow), tbody)),
    summary,
  );
}

/**
 * 批量公示: the approved applications this user may publish, chosen by benefit, published as one notice
 * listing them all with one publicity period (POST /api/v1/publicity).
 */
function roundForm(apps: AppView[]): HTMLElement | string {
  const ready = apps.filter((a) => a.allowedActions.includes('publish'));
  if (ready.length === 0) return '';
  const alert = alertBox();
  const boxes = ready.map((a, i) => ({ a, box: h('input', { type: 'checkbox', id: `round-${i}`, checked: true }) }));
  const note = h('input', { id: 'round-note', maxlength: 2000 });
  const benefits = [...new Set(ready.map((a) => a.benefit))];
  const submit = async (ev: Event) => {
    ev.preventDefault();
    const chosen = boxes.filter((b) => b.box.checked).map((b) => b.a);
    if (chosen.length === 0) return alert.say('请至少选择一件申请');
    if (new Set(chosen.map((a) => `${a.policy}|${a.benefit}`)).size > 1) return alert.say('一份公示只列同一扶持项目的申请，请分别公示');
    try {
      const r = await postJson<{ published: unknown[]; refused: { id: string; error: { message?: string } }[] }>('/api/v1/publicity', {
        applications: chosen.map((a) => a.id),
        ...(note.value.trim() ? { note: note.value.trim() } : {}),
      });
      const refused = r.refused.map((x) => `${x.id}：${x.error?.message ?? '未能公示'}`).join('；');
      alert.say(`已公示 ${r.published.length} 件（一份公示名单）${refused ? `；未公示：${refused}` : ''}`, r.refused.length === 0);
      if (r.refused.length === 0) {
        const at = currentPage();
        setTimeout(() => stillOn(at) && refresh(), 800); // the queue again, without what was published
      }
    } catch (e) {
      alert.say(e instanceof ApiFailure ? e.message : '公示失败，请稍后重试');
    }
  };
  return h(
    'form',
    { class: 'card round', 'aria-labelledby': 'round-h', onsubmit: submit },
    h('h2', { id: 'round-h' }, '批量公示'),
    h('p', { class: 'muted' }, `已审核通过、待公示 ${ready.length} 件${benefits.length > 1 ? '（一份公示只列同一扶持项目）' : ''}：勾选后发布一份公示名单，公示期相同。`),
    h('ul', { class: 'list' }, ...boxes.map(({ a, box }) => h('li', { class: 'check' }, box, h('label', { for: box.id }, `${a.id} ${a.applicant.name ?? a.applicant.id} · ${a.benefit} · 核定 ${yuan(a.grantedFen)} 元`)))),
    h('p', { class: 'field' }, h('label', { for: 'round-note' }, '意见'), note),
    alert,
    h('p', {}, h('button', { type: 'submit', class: 'primary' }, '发布公示')),
  );
}
