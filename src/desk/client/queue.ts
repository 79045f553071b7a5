/**
 * 待办: the applications awaiting this user's action (the API's queue=todo), or every one this user may see;
 * counts per state, a filter, sortable columns, working days left to each deadline (overdue marked).
 * Each row links to the application's own page (DESIGN §11).
 */
import { getJson, type AppView } from './api.ts';
import { h, mount, yuan } from './dom.ts';

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
