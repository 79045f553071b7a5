/**
 * The rule graph in the words of a notice: conditions, amounts, caps, units and steps as Chinese
 * phrases. Everything here reads the graph (src/ir/schema.ts) only, so a change to the .pol changes the
 * documents with no template edit.
 */
import { tierClauses } from '../ir/ops.ts';
import { printCap, Prose } from '../ir/prose.ts';
import type { Benefit, ExprNode, Graph, GraphNode, UnitEntry, ValueType, WorkflowStep } from '../ir/schema.ts';
import { chineseNumber, measureCitation } from '../values/numerals.ts';

export function nodeById(graph: Graph): Map<string, GraphNode> {
  return new Map(graph.nodes.map((n) => [n.id, n]));
}

export function unitName(graph: Graph, id: string): string {
  return graph.units.find((u) => u.id === id)?.fullName ?? id;
}

export function listTitle(graph: Graph, id: string): string {
  return graph.lists.find((l) => l.id === id)?.title ?? id;
}

export function kindTitle(graph: Graph, code: string): string {
  return graph.kinds.find((k) => k.code === code)?.title ?? code;
}

/** The policy's title in 书名号: 《…》. */
export function quotedTitle(graph: Graph): string {
  return `《${graph.policy.title}》`;
}

/** A condition node in words (入选跨境电商“品牌出海”企业名单, 独立站交易额达到75万美元), printed from the graph. */
export function describeCondition(graph: Graph, id: string, nodes = nodeById(graph)): string {
  return new Prose(graph, 'zh', nodes).expr(id);
}

/**
 * How the amount before ceilings is computed: 推广费用的50%. A rate chosen by a condition reads as the
 * policy would say it: 按（…之和）的30%；独立站交易额达到75万美元的，比例提高至50%. Undefined for a fixed ceiling.
 */
export function describeBase(graph: Graph, b: Benefit, nodes = nodeById(graph)): string | undefined {
  if (!b.base) return undefined;
  const prose = new Prose(graph, 'zh', nodes);
  const n = nodes.get(b.base);
  if (n?.kind === 'expr' && n.op === 'mul' && n.args.length === 2) {
    const rateAt = n.args.findIndex((a) => percentChoice(nodes, a));
    if (rateAt >= 0) {
      const choice = nodes.get(n.args[rateAt]!) as ExprNode;
      const [cond, then, otherwise] = choice.args.map((a) => nodes.get(a) as ExprNode);
      const up = percentOf(then!) > percentOf(otherwise!) ? '提高' : '调整';
      return `${prose.expr(n.args[1 - rateAt]!, 6)}的${prose.literal(otherwise!.value!)}；${prose.expr(cond!.id, 1)}的，比例${up}至${prose.literal(then!.value!)}`;
    }
  }
  return prose.expr(b.base);
}

const percentOf = (n: ExprNode) => (n.value?.type === 'percent' ? n.value.num / n.value.den : 0);

/** Whether `id` is 若 … 则 p₁ 否则 p₂ with two stated rates. */
function percentChoice(nodes: Map<string, GraphNode>, id: string): boolean {
  const n = nodes.get(id);
  if (n?.kind !== 'expr' || n.op !== 'if') return false;
  return n.args.slice(1).every((a) => {
    const x = nodes.get(a);
    return x?.kind === 'expr' && x.op === 'literal' && x.value?.type === 'percent';
  });
}

/** The caps as phrases: 每家企业每年最高100万元. */
export function describeCaps(graph: Graph, b: Benefit, nodes = nodeById(graph)): string[] {
  const prose = new Prose(graph, 'zh', nodes);
  return b.caps.map((cap) => printCap(graph, b, cap, 'zh', prose));
}

const KIND_WORDS: Record<Benefit['kind'], string> = { award: '奖励', support: '资金扶持', subsidy: '补助' };

export function kindWord(b: Benefit): string {
  return KIND_WORDS[b.kind];
}

/**
 * The support standard in one sentence: 按推广费用的50%给予资金扶持，每家企业每年最高100万元（含本数）.
 * A base that is itself several clauses (分档, a rate chosen by a condition) keeps its 分号 and the caps follow as a sentence.
 */
export function describeAmount(graph: Graph, b: Benefit, nodes = nodeById(graph)): string {
  if (!b.hasAmount) return b.reference ? `按${b.reference}给予支持` : '按相关政策给予支持';
  const base = describeBase(graph, b, nodes);
  const caps = describeCaps(graph, b, nodes);
  const give = `给予${b.oneTime ? '一次性' : ''}${kindWord(b)}`;
  const tail = caps.length ? `${caps.join('，')}（含本数）` : '';
  if (!base) return [give, tail].filter(Boolean).join('，');
  const n = nodes.get(b.base!);
  const verb = b.kind === 'award' ? '奖励' : b.kind === 'subsidy' ? '补助' : '扶持';
  const prose = new Prose(graph, 'zh', nodes);
  if (n?.kind === 'expr' && n.op === 'tiers') {
    return `${tierClauses({ p: prose, n, depth: 0 }, verb)}${tail ? `。${tail.replace(/^最高/, `${verb}金额最高`)}` : ''}`;
  }
  if (n?.kind === 'expr' && n.op === 'steps') {
    const [x, step, each] = n.args.map((a) => prose.expr(a, 8));
    return [`${x}每满${step}${verb}${each}`, tail].filter(Boolean).join('，');
  }
  if (base.includes('；')) {
    const [first, ...rest] = base.split('；');
    return `按${first}${give}；${rest.join('；')}${tail ? `。${tail.replace(/^最高/, `${verb}金额最高`)}` : ''}`;
  }
  return [`按${base}${give}`, tail].filter(Boolean).join('，');
}

/** Who may apply and what they must meet: 申报主体为外贸企业，且入选…名单。Several compound conditions are enumerated. */
export function describeEligibility(graph: Graph, b: Benefit, nodes = nodeById(graph)): string {
  const kinds = b.applicants.map((k) => kindTitle(graph, k)).join('、');
  const conds = describeConditions(graph, b, nodes);
  const once = b.oneTime ? `；已获得过本项${kindWord(b)}的不再重复${kindWord(b)}` : '';
  if (conds.some((c) => /[；：]/.test(c))) {
    return `申报主体为${kinds}，并同时符合下列条件：${conds.map((c, i) => `（${chineseNumber(i + 1)}）${c}`).join('；')}${once}。`;
  }
  return `申报主体为${kinds}${conds.length ? `，且${conds.join('，且')}` : ''}${once}。`;
}

/**
 * A clause in words, for a policy document whose source has no 原文 there: each benefit's conditions and
 * standard, printed from the graph, and who leads and cooperates: （市商务局牵头，各区政府配合）.
 */
export function describeClause(graph: Graph, measure: Graph['measures'][number], clause: Graph['measures'][number]['clauses'][number], nodes = nodeById(graph)): string {
  const benefits = graph.benefits.filter((b) => b.measure === measure.number && b.clause === clause.id);
  const body = benefits.map((b) => `${b.title}：${describeEligibility(graph, b, nodes)}支持标准：${describeAmount(graph, b, nodes)}。`).join('');
  const units = [clause.lead.length ? `${clause.lead.join('、')}${clause.leadWord}` : '', clause.cooperate.length ? `${clause.cooperate.join('、')}配合` : ''].filter(Boolean).join('，');
  return `${body}${units ? `（${units}）` : ''}`;
}

/** The clause a benefit belongs to. */
export function clauseOf(graph: Graph, b: Benefit) {
  const m = graph.measures.find((x) => x.number === b.measure);
  return { measure: m, clause: m?.clauses.find((c) => c.id === b.clause) ?? m?.clauses[0] };
}

/**
 * Units of a role for a benefit, as names; a unit group is narrowed to the applicant's district when
 * given (各区政府 → 广州市天河区人民政府 for an applicant in 天河区).
 */
export function roleUnits(graph: Graph, b: Benefit, role: 'lead' | 'cooperate', district?: string): string[] {
  const { clause } = clauseOf(graph, b);
  const ids = clause ? clause[role] : [];
  const out: string[] = [];
  for (const id of ids) {
    const u = graph.units.find((x) => x.id === id);
    if (u?.members && district) {
      const member = u.members.map((m) => graph.units.find((x) => x.id === m)).find((m): m is UnitEntry => m?.district === district);
      if (member) {
        out.push(member.fullName);
        continue;
      }
    }
    out.push(u?.fullName ?? id);
  }
  return out;
}

/** Whether the benefit's units depend on the applicant's district (a group of district units among them). */
export function readsDistrict(graph: Graph, b: Benefit): boolean {
  const { clause } = clauseOf(graph, b);
  const ids = clause ? [...clause.lead, ...clause.cooperate] : [];
  return ids.some((id) => {
    const u = graph.units.find((x) => x.id === id);
    return !!u?.district || !!u?.members?.some((m) => graph.units.find((x) => x.id === m)?.district);
  });
}

/** Conditions as phrases, with the inputs a bool condition reads. */
export function describeConditions(graph: Graph, b: Benefit, nodes = nodeById(graph)): string[] {
  return b.conditions.map((c) => describeCondition(graph, c.node, nodes));
}

/** Whether the benefit reads a list through 首次入选. */
export function readsFirstEntry(graph: Graph, b: Benefit, list: string, nodes = nodeById(graph)): boolean {
  const seen = new Set<string>();
  const walk = (id: string): boolean => {
    if (seen.has(id)) return false;
    seen.add(id);
    const n = nodes.get(id);
    if (!n) return false;
    if (n.kind === 'expr' && n.op === 'firstEntry' && n.list === list) return true;
    return 'args' in n ? n.args.some(walk) : false;
  };
  return b.conditions.some((c) => walk(c.node));
}

/** The unit word for an input: （元）, （%）, （个） … */
export function unitOfType(t: ValueType): string {
  switch (t.kind) {
    case 'money':
      return t.currency === 'CNY' ? '元' : t.currency;
    case 'percent':
      return '%';
    case 'count':
      return t.unit ?? '';
    case 'date':
      return '年月日';
    default:
      return '';
  }
}

const DURATION_WORDS = { workday: '个工作日', day: '日', month: '个月', year: '年' } as const;

export function durationText(d: { amount: number; unit: keyof typeof DURATION_WORDS }): string {
  return `${d.amount}${DURATION_WORDS[d.unit]}`;
}

/** Who acts at a step, in words, for a benefit (and an applicant's district). */
export function stepActor(graph: Graph, b: Benefit, step: WorkflowStep, district?: string): string {
  switch (step.actor.kind) {
    case 'applicant':
      return '申报单位';
    case 'lead':
      return roleUnits(graph, b, 'lead', district).join('、');
    case 'cooperate':
      return roleUnits(graph, b, 'cooperate', district).join('、');
    case 'unit':
      return unitName(graph, step.actor.unit);
  }
}

/** The steps of the benefit's workflow as sentences: 初审：由…在10个工作日内办理. */
export function describeSteps(graph: Graph, b: Benefit, district?: string): { name: string; text: string }[] {
  const wf = graph.workflows.find((w) => w.id === b.workflow);
  if (!wf) return [];
  return wf.steps.map((s) => {
    const actor = stepActor(graph, b, s, district);
    if (s.actor.kind === 'applicant') return { name: s.id, text: `${s.id}：${actor}按本通知要求提交申报材料` };
    if (s.publicity) return { name: s.id, text: `${s.id}：由${actor}对拟支持名单进行公示，公示期${durationText(s.publicity)}` };
    return { name: s.id, text: `${s.id}：由${actor}${s.limit ? `在${durationText(s.limit)}内` : ''}办理` };
  });
}

/** The publicity period of the benefit's workflow, if it has one. */
export function publicityPeriod(graph: Graph, b: Benefit): { amount: number; unit: 'year' | 'month' | 'day' | 'workday' } | undefined {
  return graph.workflows.find((w) => w.id === b.workflow)?.steps.find((s) => s.publicity)?.publicity;
}

/** 依据第三条 (支持跨境电商“品牌出海”). */
export function citation(graph: Graph, b: Benefit): string {
  return measureCitation(b.measure);
}

/** Materials an applicant submits, derived from what the rules read. */
export function materials(graph: Graph, b: Benefit, nodes = nodeById(graph)): string[] {
  const out = [`《${b.title}申报表》（加盖申报单位公章）`];
  out.push(`${b.applicants.map((k) => kindTitle(graph, k)).join('或')}的营业执照或统一社会信用代码证书复印件`);
  for (const list of b.lists) {
    out.push(`入选${listTitle(graph, list)}名单的证明文件${readsFirstEntry(graph, b, list, nodes) ? '（注明首次入选时间）' : ''}`);
  }
  const prose = new Prose(graph, 'zh', nodes);
  for (const name of b.inputs) {
    const input = graph.inputs.find((i) => i.name === name);
    if (!input) continue;
    // named as the rules name it in prose (a Latin identifier by its description), with what it is when that adds something
    const label = prose.inputName(name, input.description);
    const what = input.description && input.description !== label ? input.description : '';
    if (input.type.kind === 'bool') out.push(`${input.description ?? name}的证明材料（合同、协议等）`);
    else if (input.type.kind === 'money') out.push(`${label}的证明材料（${what ? `${what}的` : ''}合同、发票和支付凭证）`);
    else out.push(`${label}的证明材料${what ? `（${what}）` : ''}`);
  }
  if (graph.rules.noDoubleFunding) {
    const levels = graph.rules.noDoubleFunding.levels.map((l) => ({ national: '国家', provincial: '省', municipal: '市' })[l]).join('、');
    out.push(`本项目未获得${levels}同一项目资金奖补的承诺书`);
  }
  out.push('申报材料真实性承诺书');
  return out;
}
