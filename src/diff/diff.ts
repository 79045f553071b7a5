/**
 * Policy diff on two compiled rule graphs (`pol diff OLD.pol NEW.pol`): drafts are revised many times
 * (征求意见稿 → 正式), and a reviewer wants to see what changed in the rules, not in the layout.
 * Two graphs are the *same rules* when they are equal once source positions, the file and its hash
 * and the compiler version are left aside; otherwise every difference is listed as a `Change` with a
 * Chinese sentence: measures added, removed or retitled, amounts, rates and caps (old → new, in
 * 万元/元 and %), lead and cooperating units, validity, status and issuance.
 */
import { formatPercent, Q } from '../eval/values.ts';
import { formatMoney } from '../values/money.ts';
import { equalGraphs } from '../ir/equal.ts';
import { literalText, printCap, printConditions, Prose } from '../ir/prose.ts';
import type { Benefit, Graph, GraphLiteral } from '../ir/schema.ts';

export type ChangeArea = 'policy' | 'unit' | 'kind' | 'list' | 'input' | 'measure' | 'clause' | 'benefit' | 'rule' | 'workflow' | 'other';

export interface Change {
  area: ChangeArea;
  action: 'added' | 'removed' | 'changed';
  /** The thing changed: a measure number, a benefit or unit id, "policy". */
  subject: string;
  /** Which of its properties: title, status, issued, validity, lead, cooperate, amount, rate, cap, conditions … */
  field: string;
  /** Old and new value as a person reads them (100万元, 50%, 征求意见稿); absent for added/removed. */
  old?: string;
  new?: string;
  /** The change in one Chinese sentence. */
  text: string;
}

export interface PolicyDiff {
  old: { policy: string; file: string; sha256: string };
  new: { policy: string; file: string; sha256: string };
  /** The two compile to the same rules (positions, file, hash and compiler version aside). */
  same: boolean;
  changes: Change[];
}

const STATUS = { draft: '征求意见稿', official: '正式', trial: '试行', interim: '暂行', repealed: '废止' } as const;
const SCOPE = { once: '每次', perYear: '每年', total: '累计' } as const;
const KIND = { award: '奖励', support: '扶持', subsidy: '补助' } as const;
const LEVEL = { national: '国家', provincial: '省', municipal: '市' } as const;
const UNIT_WORDS = { year: '年', month: '个月', day: '日', workday: '个工作日' } as const;

/** Compare two compiled policies. */
export function diffGraphs(a: Graph, b: Graph): PolicyDiff {
  const out: Change[] = [];
  const add = (c: Omit<Change, 'text'> & { text?: string }) => out.push({ ...c, text: c.text ?? sentence(c) });

  policyChanges(a, b, add);
  byId(a.units, b.units, (u) => u.id, {
    added: (u) => add({ area: 'unit', action: 'added', subject: u.id, field: 'unit', text: `新增${u.members ? '单位组' : '单位'} ${u.id}（${u.fullName}）` }),
    removed: (u) => add({ area: 'unit', action: 'removed', subject: u.id, field: 'unit', text: `删除${u.members ? '单位组' : '单位'} ${u.id}（${u.fullName}）` }),
    both: (x, y) => {
      if (x.fullName !== y.fullName) add({ area: 'unit', action: 'changed', subject: x.id, field: 'fullName', old: x.fullName, new: y.fullName, text: `单位 ${x.id} 全称：${x.fullName} → ${y.fullName}` });
      if (x.district !== y.district) add({ area: 'unit', action: 'changed', subject: x.id, field: 'district', old: x.district ?? '无', new: y.district ?? '无', text: `单位 ${x.id} 辖区：${x.district ?? '无'} → ${y.district ?? '无'}` });
      const m = setChange(x.members ?? [], y.members ?? []);
      if (m) add({ area: 'unit', action: 'changed', subject: x.id, field: 'members', old: (x.members ?? []).join('、'), new: (y.members ?? []).join('、'), text: `单位组 ${x.id} 成员${m}` });
    },
  });
  byId(a.kinds, b.kinds, (k) => k.code, {
    added: (k) => add({ area: 'kind', action: 'added', subject: k.code, field: 'kind', text: `新增申报主体 ${k.id}（${k.code}，${k.title}）` }),
    removed: (k) => add({ area: 'kind', action: 'removed', subject: k.code, field: 'kind', text: `删除申报主体 ${k.id}（${k.code}，${k.title}）` }),
    both: (x, y) => {
      if (x.title !== y.title || x.id !== y.id) add({ area: 'kind', action: 'changed', subject: x.code, field: 'title', old: `${x.id}“${x.title}”`, new: `${y.id}“${y.title}”`, text: `申报主体 ${x.code}：${x.id}“${x.title}” → ${y.id}“${y.title}”` });
    },
  });
  byId(a.lists, b.lists, (l) => l.id, {
    added: (l) => add({ area: 'list', action: 'added', subject: l.id, field: 'list', text: `新增名单 ${l.id}“${l.title}”` }),
    removed: (l) => add({ area: 'list', action: 'removed', subject: l.id, field: 'list', text: `删除名单 ${l.id}“${l.title}”` }),
    both: (x, y) => {
      if (x.title !== y.title) add({ area: 'list', action: 'changed', subject: x.id, field: 'title', old: x.title, new: y.title });
    },
  });
  byId(a.inputs, b.inputs, (i) => i.name, {
    added: (i) => add({ area: 'input', action: 'added', subject: i.name, field: 'input', text: `新增申报事实 ${i.name}${i.description ? `“${i.description}”` : ''}` }),
    removed: (i) => add({ area: 'input', action: 'removed', subject: i.name, field: 'input', text: `删除申报事实 ${i.name}` }),
    both: (x, y) => {
      if (JSON.stringify(x.type) !== JSON.stringify(y.type)) add({ area: 'input', action: 'changed', subject: x.name, field: 'type', old: typeWord(x.type), new: typeWord(y.type), text: `申报事实 ${x.name} 的类型：${typeWord(x.type)} → ${typeWord(y.type)}` });
      if ((x.description ?? '') !== (y.description ?? '')) add({ area: 'input', action: 'changed', subject: x.name, field: 'description', old: x.description ?? '', new: y.description ?? '', text: `申报事实 ${x.name} 的说明：“${x.description ?? ''}” → “${y.description ?? ''}”` });
    },
  });
  measureChanges(a, b, add);
  benefitChanges(a, b, add);
  ruleChanges(a, b, add);
  workflowChanges(a, b, add);

  const same = equalGraphs(a, b);
  if (!same && out.length === 0) {
    add({ area: 'other', action: 'changed', subject: 'graph', field: 'graph', text: '规则图的其他部分不同（如表达式的内部结构）；用 pol compile 比较两份规则图' });
  }
  return {
    old: { policy: a.policy.id, file: a.source.file, sha256: a.source.sha256 },
    new: { policy: b.policy.id, file: b.source.file, sha256: b.source.sha256 },
    same: same && out.length === 0,
    changes: out,
  };
}

type Add = (c: Omit<Change, 'text'> & { text?: string }) => void;

function sentence(c: Omit<Change, 'text'>): string {
  if (c.action === 'changed') return `${c.subject} ${c.field}：${c.old ?? ''} → ${c.new ?? ''}`;
  return `${c.action === 'added' ? '新增' : '删除'} ${c.subject}`;
}

function policyChanges(a: Graph, b: Graph, add: Add): void {
  const p = a.policy;
  const q = b.policy;
  const change = (field: string, label: string, x: string, y: string) => {
    if (x !== y) add({ area: 'policy', action: 'changed', subject: q.id, field, old: x, new: y, text: `${label}：${x} → ${y}` });
  };
  change('id', '政策编号', p.id, q.id);
  change('title', '政策标题', p.title, q.title);
  change('status', '状态', STATUS[p.status], STATUS[q.status]);
  change('issued', '印发日期', p.issued ?? '无', q.issued ?? '无');
  change('validity', '有效期', validityWords(a), validityWords(b));
  change('issuer', '发布单位', p.issuer ?? '无', q.issuer ?? '无');
  change('docNumber', '发文字号', p.docNumber ?? '无', q.docNumber ?? '无');
  const basis = setChange(p.basis, q.basis);
  if (basis) add({ area: 'policy', action: 'changed', subject: q.id, field: 'basis', old: p.basis.join('；'), new: q.basis.join('；'), text: `依据${basis}` });
  if ((p.preamble ?? '') !== (q.preamble ?? '')) add({ area: 'policy', action: 'changed', subject: q.id, field: 'preamble', text: '序言有修改' });
  if ((p.closing ?? '') !== (q.closing ?? '')) add({ area: 'policy', action: 'changed', subject: q.id, field: 'closing', text: '结语有修改' });
}

function validityWords(g: Graph): string {
  const v = g.policy.validity;
  if (!v) return '未写明';
  return v.kind === 'range' ? `${v.from}至${v.to}` : `自印发之日起${v.amount}${UNIT_WORDS[v.unit]}`;
}

function measureChanges(a: Graph, b: Graph, add: Add): void {
  byId(a.measures, b.measures, (m) => m.number, {
    added: (m) => add({ area: 'measure', action: 'added', subject: `措施 ${m.number}`, field: 'measure', text: `新增措施 ${m.number}“${m.title}”` }),
    removed: (m) => add({ area: 'measure', action: 'removed', subject: `措施 ${m.number}`, field: 'measure', text: `删除措施 ${m.number}“${m.title}”` }),
    both: (x, y) => {
      const subject = `措施 ${x.number}`;
      if (x.title !== y.title) add({ area: 'measure', action: 'changed', subject, field: 'title', old: x.title, new: y.title, text: `措施 ${x.number} 标题：“${x.title}” → “${y.title}”` });
      if (x.text !== y.text) add({ area: 'measure', action: 'changed', subject, field: 'text', text: `措施 ${x.number}“${y.title}”原文有修改` });
      byId(x.clauses, y.clauses, (c) => c.id, {
        added: (c) => add({ area: 'clause', action: 'added', subject: `条款 ${c.id}`, field: 'clause', text: `措施 ${x.number} 新增第 ${c.number} 款（${c.leadWord}：${c.lead.join('、') || '无'}）` }),
        removed: (c) => add({ area: 'clause', action: 'removed', subject: `条款 ${c.id}`, field: 'clause', text: `措施 ${x.number} 删除第 ${c.number} 款` }),
        both: (c, d) => {
          const where = x.clauses.length > 1 || y.clauses.length > 1 ? `措施 ${x.number} 第 ${c.number} 款` : `措施 ${x.number}“${y.title}”`;
          const lead = setChange(c.lead, d.lead);
          if (lead || c.leadWord !== d.leadWord) {
            add({ area: 'clause', action: 'changed', subject: `条款 ${c.id}`, field: 'lead', old: c.lead.join('、'), new: d.lead.join('、'), text: `${where}${d.leadWord}单位：${c.lead.join('、') || '无'} → ${d.lead.join('、') || '无'}${lead ?? ''}` });
          }
          const co = setChange(c.cooperate, d.cooperate);
          if (co) add({ area: 'clause', action: 'changed', subject: `条款 ${c.id}`, field: 'cooperate', old: c.cooperate.join('、'), new: d.cooperate.join('、'), text: `${where}配合单位：${c.cooperate.join('、') || '无'} → ${d.cooperate.join('、') || '无'}${co}` });
          if ((c.text ?? '') !== (d.text ?? '') && x.clauses.length > 1) add({ area: 'clause', action: 'changed', subject: `条款 ${c.id}`, field: 'text', text: `${where}原文有修改` });
        },
      });
    },
  });
}

function benefitChanges(a: Graph, b: Graph, add: Add): void {
  const na = new Map(a.nodes.map((n) => [n.id, n]));
  const nb = new Map(b.nodes.map((n) => [n.id, n]));
  const label = (x: Benefit) => `${x.id}（措施 ${x.measure}）`;
  const [pa, pb] = [new Prose(a, 'zh', na), new Prose(b, 'zh', nb)];
  byId(a.benefits, b.benefits, (x) => x.id, {
    added: (x) => add({ area: 'benefit', action: 'added', subject: x.id, field: 'benefit', text: `新增${KIND[x.kind]} ${label(x)}“${x.title}”${amountWords(b, x, pb)}` }),
    removed: (x) => add({ area: 'benefit', action: 'removed', subject: x.id, field: 'benefit', text: `删除${KIND[x.kind]} ${label(x)}“${x.title}”` }),
    both: (x, y) => {
      const s = label(y);
      const ch = (field: string, what: string, o: string, n: string) => {
        if (o !== n) add({ area: 'benefit', action: 'changed', subject: x.id, field, old: o, new: n, text: `${s}${what}：${o} → ${n}` });
      };
      ch('title', '名称', `“${x.title}”`, `“${y.title}”`);
      ch('kind', '类别', KIND[x.kind], KIND[y.kind]);
      ch('measure', '所属条款', x.clause, y.clause);
      ch('applicants', '申报对象', x.applicants.join('、'), y.applicants.join('、'));
      ch('oneTime', '一次性', x.oneTime ? '是' : '否', y.oneTime ? '是' : '否');
      ch('reference', '参照政策', x.reference ?? '无', y.reference ?? '无');
      ch('workflow', '流程', x.workflow ?? '无', y.workflow ?? '无');
      const [ca, cb] = [printConditions(a, x, 'zh', pa), printConditions(b, y, 'zh', pb)];
      const conds = setChange(ca, cb);
      if (conds) add({ area: 'benefit', action: 'changed', subject: x.id, field: 'conditions', old: ca.join('；'), new: cb.join('；'), text: `${s}条件${conds}` });
      // the amount before ceilings: rates and amounts one by one where the formula kept its shape
      if (x.base || y.base) compareExpr(s, 'amount', '金额', x.base, y.base, pa, pb, x.id, add);
      const n = Math.max(x.caps.length, y.caps.length);
      for (let i = 0; i < n; i++) {
        const c = x.caps[i];
        const d = y.caps[i];
        const what = `上限（${SCOPE[(d ?? c)!.scope]}）`;
        if (!c) add({ area: 'benefit', action: 'added', subject: x.id, field: 'cap', new: printCap(b, y, d!, 'zh', pb), text: `${s}新增上限：${printCap(b, y, d!, 'zh', pb)}` });
        else if (!d) add({ area: 'benefit', action: 'removed', subject: x.id, field: 'cap', old: printCap(a, x, c, 'zh', pa), text: `${s}删除上限：${printCap(a, x, c, 'zh', pa)}` });
        else {
          if (c.scope !== d.scope) add({ area: 'benefit', action: 'changed', subject: x.id, field: 'capScope', old: SCOPE[c.scope], new: SCOPE[d.scope], text: `${s}上限的计算范围：${SCOPE[c.scope]} → ${SCOPE[d.scope]}` });
          compareExpr(s, 'cap', what, c.node, d.node, pa, pb, x.id, add);
        }
      }
    },
  });
}

/** Compare two expressions: literal by literal where they have the same shape, else their texts. */
function compareExpr(subject: string, field: string, what: string, a: string | undefined, b: string | undefined, pa: Prose, pb: Prose, id: string, add: Add): void {
  const ta = a ? shape(a, pa) : undefined;
  const tb = b ? shape(b, pb) : undefined;
  const exprText = (x: string, p: Prose) => p.expr(x);
  if (!ta || !tb) {
    const o = ta ? exprText(a!, pa) : '无';
    const n = tb ? exprText(b!, pb) : '无';
    if (o !== n) add({ area: 'benefit', action: 'changed', subject: id, field, old: o, new: n, text: `${subject}${what}：${o} → ${n}` });
    return;
  }
  if (ta.form === tb.form) {
    ta.literals.forEach((l, i) => {
      const m = tb.literals[i]!;
      if (literalWords(l) === literalWords(m)) return;
      const kind = l.type === 'percent' ? 'rate' : field;
      const word = l.type === 'percent' ? '比例' : l.type === 'money' ? (field === 'cap' ? '' : '金额') : l.type === 'duration' ? '期限' : '数值';
      add({ area: 'benefit', action: 'changed', subject: id, field: kind, old: literalWords(l), new: literalWords(m), text: `${subject}${what}${word ? `中的${word}` : ''}：${literalWords(l)} → ${literalWords(m)}` });
    });
    return;
  }
  add({ area: 'benefit', action: 'changed', subject: id, field, old: exprText(a!, pa), new: exprText(b!, pb), text: `${subject}${what}：${exprText(a!, pa)} → ${exprText(b!, pb)}` });
}

/** An expression as its operations (literals left as holes) and its literals in order. */
function shape(id: string, p: Prose): { form: string; literals: GraphLiteral[] } {
  const literals: GraphLiteral[] = [];
  const walk = (nid: string): string => {
    const n = p.node(nid);
    if (!n) return '?';
    if (n.kind === 'input') return `in:${n.name}`;
    if (n.kind === 'define') return `def:${n.name}`;
    if (n.kind !== 'expr') return n.kind;
    if (n.op === 'literal') {
      if (n.value) literals.push(n.value);
      return `lit:${n.value?.type ?? ''}`;
    }
    for (const band of n.bands ?? []) for (const edge of [band.lower, band.upper]) if (edge) literals.push(edge);
    const bands = (n.bands ?? []).map((x) => `${x.lowerInclusive ? '[' : '('}${x.lower ? '_' : '-∞'},${x.upper ? '_' : '∞'}${x.upperInclusive ? ']' : ')'}`).join('');
    return `${n.op}${n.cmp ?? ''}${n.list ? `@${n.list}` : ''}${bands}(${n.args.map(walk).join(',')})`;
  };
  return { form: walk(id), literals };
}

function literalWords(l: GraphLiteral): string {
  switch (l.type) {
    case 'money':
      return formatMoney(l.fen, l.currency) + (l.perUnit ? `/${l.perUnit}` : '');
    case 'percent':
      return formatPercent(Q.of(l.num, l.den));
    case 'duration':
      return `${l.amount}${UNIT_WORDS[l.unit]}`;
    default:
      return literalText(l, 'zh');
  }
}

/** “，金额：推广费用的50%，上限：每家企业每年最高100万元” for a new benefit. */
function amountWords(g: Graph, x: Benefit, p: Prose): string {
  const parts: string[] = [];
  if (x.base) parts.push(`金额：${p.expr(x.base)}`);
  for (const c of x.caps) parts.push(`上限：${printCap(g, x, c, 'zh', p)}`);
  if (x.reference) parts.push(`参照：${x.reference}`);
  return parts.length ? `，${parts.join('，')}` : '';
}

function ruleChanges(a: Graph, b: Graph, add: Add): void {
  const levels = (g: Graph) => (g.rules.noDoubleFunding ? g.rules.noDoubleFunding.levels.map((l) => LEVEL[l]).join('、') : '无');
  if (levels(a) !== levels(b)) add({ area: 'rule', action: 'changed', subject: 'noDoubleFunding', field: 'levels', old: levels(a), new: levels(b), text: `不重复支持（已获资金的层级）：${levels(a)} → ${levels(b)}` });
  const hi = (g: Graph) => (g.rules.highestOnly ? '适用' : '不适用');
  if (hi(a) !== hi(b)) add({ area: 'rule', action: 'changed', subject: 'highestOnly', field: 'highestOnly', old: hi(a), new: hi(b), text: `就高不就低：${hi(a)} → ${hi(b)}` });
}

function workflowChanges(a: Graph, b: Graph, add: Add): void {
  const steps = (w: Graph['workflows'][number]) =>
    w.steps
      .map((s) => {
        const actor = s.actor.kind === 'unit' ? s.actor.unit : { applicant: '申报人', lead: '牵头单位', cooperate: '配合单位' }[s.actor.kind];
        const limit = s.limit ? ` 限${s.limit.amount}${UNIT_WORDS[s.limit.unit]}` : '';
        const pub = s.publicity ? ` 公示期${s.publicity.amount}${UNIT_WORDS[s.publicity.unit]}` : '';
        return `${s.id}（${actor}${limit}${pub}）`;
      })
      .join(' → ');
  byId(a.workflows, b.workflows, (w) => w.id, {
    added: (w) => add({ area: 'workflow', action: 'added', subject: w.id, field: 'workflow', text: `新增流程 ${w.id}：${steps(w)}` }),
    removed: (w) => add({ area: 'workflow', action: 'removed', subject: w.id, field: 'workflow', text: `删除流程 ${w.id}` }),
    both: (x, y) => {
      if (steps(x) !== steps(y)) add({ area: 'workflow', action: 'changed', subject: x.id, field: 'steps', old: steps(x), new: steps(y), text: `流程 ${x.id} 的步骤：${steps(x)} → ${steps(y)}` });
      const bs = setChange(x.benefits, y.benefits);
      if (bs) add({ area: 'workflow', action: 'changed', subject: x.id, field: 'benefits', old: x.benefits.join('、'), new: y.benefits.join('、'), text: `流程 ${x.id} 适用的扶持项目${bs}` });
    },
  });
}

function typeWord(t: Graph['inputs'][number]['type']): string {
  switch (t.kind) {
    case 'money':
      return t.currency === 'CNY' ? '金额' : `金额（${t.currency}）`;
    case 'count':
      return t.unit ? `数量（${t.unit}）` : '数量';
    default:
      return { percent: '比例', number: '数值', bool: '是否', date: '日期', duration: '时长', text: '文本', since: '起算日' }[t.kind];
  }
}

/** “（增加 A、B；减少 C）”, or undefined when the two lists hold the same names (in any order). */
function setChange(a: readonly string[], b: readonly string[]): string | undefined {
  const added = b.filter((x) => !a.includes(x));
  const removed = a.filter((x) => !b.includes(x));
  if (added.length === 0 && removed.length === 0) return a.join('\u0000') === b.join('\u0000') ? undefined : '（顺序调整）';
  return `（${[added.length ? `增加 ${added.join('、')}` : '', removed.length ? `减少 ${removed.join('、')}` : ''].filter(Boolean).join('；')}）`;
}

function byId<T>(a: readonly T[], b: readonly T[], key: (x: T) => string, on: { added(x: T): void; removed(x: T): void; both(x: T, y: T): void }): void {
  const mb = new Map(b.map((x) => [key(x), x]));
  const ma = new Map(a.map((x) => [key(x), x]));
  for (const x of a) {
    const y = mb.get(key(x));
    if (y === undefined) on.removed(x);
    else on.both(x, y);
  }
  for (const y of b) if (!ma.has(key(y))) on.added(y);
}
