/**
 * 申请详情: one application — the applicant's data, the evaluation with its reasons citing the measures, the
 * audit trail, the documents (inline PDF preview, download), and one button per action this user may take now
 * (受理, 退回补正, 不予支持, 审核通过, 公示, 拨付 …), with 核定金额（元） and 意见 (DESIGN §11). A refusal is shown
 * as the service words it.
 */
import { ApiFailure, blobUrl, getJson, postJson, type AppView } from './api.ts';
import { alertBox, h, mount, yuan } from './dom.ts';
import { ACTION_ZH as NAMES } from '../../workflow/actions.ts';

const ACTION_ZH: Record<string, string> = NAMES;

interface Audit {
  seq: number;
  date: string;
  user: string;
  unit: string;
  action: string;
  from: string | null;
  to: string;
  amountFen?: number;
  note?: string;
}
interface Doc {
  id: string;
  kind: string;
  date: string;
  format: string;
  size: number;
}
interface Evaluation {
  application: { date?: string; applicant?: { id?: string; name?: string; kind?: string; district?: string }; project?: string; facts?: Record<string, unknown>; lists?: Record<string, unknown> };
  result: { eligible: boolean; ceilingFen: number; reasons: string[]; measure: string } | null;
}

function dl(rows: [string, unknown][]): HTMLElement {
  return h('dl', { class: 'grid' }, ...rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v === undefined || v === null || v === '' ? '—' : String(v))]));
}

export async function applicationPage(id: string): Promise<void> {
  const base = `/api/v1/applications/${encodeURIComponent(id)}`;
  let view: AppView;
  try {
    view = await getJson<AppView>(base);
  } catch (e) {
    if (e instanceof ApiFailure && e.status === 404) {
      mount(h('h1', {}, '找不到申请'), h('p', { role: 'alert', class: 'alert' }, e.message), h('p', {}, h('a', { href: '/' }, '返回待办')));
      return;
    }
    throw e;
  }
  const [evaluation, audit, docs] = await Promise.all([getJson<Evaluation>(`${base}/evaluation`), getJson<Audit[]>(`${base}/audit`), getJson<Doc[]>(`${base}/documents`)]);
  const app = evaluation.application;
  const alert = alertBox();
  mount(
    h('p', { class: 'crumbs' }, h('a', { href: '/' }, '待办'), ' › ', view.id),
    h('h1', {}, `${app.applicant?.name ?? view.applicant.name ?? view.applicant.id} · ${view.benefit}`),
    alert,
    h('p', { class: 'status' }, h('span', { class: 'chip' }, view.stateLabel), view.deadline ? ` 办理期限 ${view.deadline}` : '', ` · 版本 ${view.version}`),
    h('div', { class: 'cols' }, dataSection(view, app), evaluationSection(evaluation.result, actionsSection(view, base, alert))),
    documentsSection(view, base, docs),
    auditSection(audit),
  );
}

/** 办理: one button per action this user may take now, with 核定金额 when approving and 意见. */
function actionsSection(view: AppView, base: string, alert: ReturnType<typeof alertBox>): HTMLElement {
  const actions = h('section', { 'aria-labelledby': 'actions-h' }, h('h2', { id: 'actions-h' }, '办理'));
  if (view.allowedActions.length === 0) {
    actions.append(h('p', { class: 'muted' }, '此刻您没有可办理的操作。'));
    return actions;
  }
  const amount = view.allowedActions.includes('approve')
    ? h('input', { id: 'amount', name: 'amount', inputmode: 'decimal', placeholder: `不超过 ${yuan(view.ceilingFen)}` })
    : null;
  const note = h('textarea', { id: 'note', name: 'note', rows: 3, maxlength: 2000 });
  const buttons = view.allowedActions.map((a) =>
    h(
      'button',
      {
        type: 'button',
        class: a === 'reject' || a === 'object' ? 'danger' : 'primary',
        onclick: async (ev: Event) => {
          const btn = ev.currentTarget as HTMLButtonElement;
          btn.disabled = true;
          alert.say('');
          try {
            const body: Record<string, unknown> = { action: a, version: view.version };
            if (a === 'approve' && amount) body.amount = amount.value.trim();
            if (note.value.trim()) body.note = note.value.trim();
            await postJson(`${base}/actions`, body);
            await applicationPage(view.id);
            const after = document.querySelector<HTMLElement>('[role=alert]');
            if (after) {
              after.textContent = `已${ACTION_ZH[a] ?? a}`;
              after.hidden = false;
              after.className = 'alert ok';
            }
          } catch (err) {
            alert.say(err instanceof ApiFailure ? err.message : '操作失败，请稍后重试');
            btn.disabled = false;
          }
        },
      },
      ACTION_ZH[a] ?? a,
    ),
  );
  actions.append(
    amount ? h('p', { class: 'field' }, h('label', { for: 'amount' }, '核定金额（元）'), amount) : '',
    h('p', { class: 'field' }, h('label', { for: 'note' }, '意见'), note),
    h('p', { class: 'buttons' }, ...buttons),
  );
  return actions;
}

/** 申报信息: the applicant's data as filed, with the evaluated and granted amounts. */
function dataSection(view: AppView, app: Evaluation['application']): HTMLElement {
  return h(
    'section',
    { 'aria-labelledby': 'data-h' },
    h('h2', { id: 'data-h' }, '申报信息'),
    dl([
      ['申请编号', view.id],
      ['申报主体', app.applicant?.name],
      ['统一社会信用代码', view.applicant.id],
      ['所在区', app.applicant?.district],
      ['项目', view.project],
      ['申报日期', app.date],
      ['评估上限（元）', yuan(view.ceilingFen)],
      ['核定金额（元）', yuan(view.grantedFen)],
      ...Object.entries(app.facts ?? {}).map(([k, v]) => [k, typeof v === 'number' ? v.toLocaleString('zh-CN') : v] as [string, unknown]),
      ...Object.entries(app.lists ?? {}).map(([k, v]) => [`名单：${k}`, (v as { member?: boolean })?.member ? '已入选' : '未入选'] as [string, unknown]),
    ]),
  );
}

/** 评估: eligibility and ceiling with the reasons citing the measures, then the actions. */
function evaluationSection(r: Evaluation['result'], actions: HTMLElement): HTMLElement {
  return h(
    'section',
    { 'aria-labelledby': 'eval-h' },
    h('h2', { id: 'eval-h' }, '评估'),
    r
      ? h('div', {}, h('p', {}, r.eligible ? `符合条件，上限 ${yuan(r.ceilingFen)} 元` : '不符合条件'), h('ul', { class: 'reasons' }, ...r.reasons.map((x) => h('li', {}, x))))
      : h('p', { class: 'muted' }, '无法评估（申报数据不符合当前政策的格式）'),
    actions,
  );
}

/** 文书: each document with an inline PDF preview and a download. */
function documentsSection(view: AppView, base: string, docs: Doc[]): HTMLElement {
  const preview = h('div', { class: 'preview' });
  const fileUrl = (d: Doc) => blobUrl(`${base}/documents/${encodeURIComponent(d.id)}`);
  return h(
    'section',
    { 'aria-labelledby': 'docs-h' },
    h('h2', { id: 'docs-h' }, '文书'),
    docs.length === 0
      ? h('p', { class: 'muted' }, '尚无文书。')
      : h(
          'ul',
          { class: 'docs' },
          ...docs.map((d) =>
            h(
              'li',
              {},
              `${d.kind}（${d.format.toUpperCase()}，${d.date}，${Math.round(d.size / 1024)} KB） `,
              d.format === 'pdf'
                ? h('button', { type: 'button', onclick: async () => preview.replaceChildren(h('iframe', { title: `${d.kind} 预览`, src: await fileUrl(d) })) }, '预览')
                : '',
              ' ',
              h('button', {
                type: 'button',
                onclick: async () => {
                  const a = h('a', { href: await fileUrl(d), download: `${view.id}-${d.kind}.${d.format}` });
                  a.click();
                },
              }, '下载'),
            ),
          ),
        ),
    preview,
  );
}

/** 办理记录: the audit trail, one row per step. */
function auditSection(audit: Audit[]): HTMLElement {
  return h(
    'section',
    { 'aria-labelledby': 'audit-h' },
    h('h2', { id: 'audit-h' }, '办理记录'),
    h(
      'div',
      { class: 'scroll' },
      h(
        'table',
        {},
        h('thead', {}, h('tr', {}, ...['序号', '日期', '经办人', '单位', '操作', '状态', '金额（元）', '意见'].map((c) => h('th', { scope: 'col' }, c)))),
        h(
          'tbody',
          {},
          ...audit.map((e) =>
            h('tr', {}, h('td', {}, e.seq), h('td', {}, e.date), h('td', {}, e.user), h('td', {}, e.unit), h('td', {}, ACTION_ZH[e.action] ?? e.action), h('td', {}, e.to), h('td', { class: 'num' }, e.amountFen === undefined ? '' : yuan(e.amountFen)), h('td', {}, e.note ?? '')),
          ),
        ),
      ),
    ),
  );
}
