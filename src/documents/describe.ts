/**
 * The rule graph in the words of a notice: conditions, amounts, caps, units and steps as Chinese
 * phrases. Everything here reads the graph (src/ir/schema.ts) only, so a change to the .pol changes the
 * documents with no template edit.
 */
import type { Benefit, Graph, GraphNode, UnitEntry, ValueType, WorkflowStep } from '../ir/schema.ts';
import { measureCitation } from './chinese.ts';

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

const CMP_WORDS: Record<string, string> = { '>=': '不低于', '<=': '不超过', '>': '超过', '<': '低于', '=': '为', '!=': '不为' };

/** A condition node as a phrase: 入选跨境电商“品牌出海”企业名单, 首次进入…名单, 推广费用超过100万元 … */
export function describeCondition(graph: Graph, id: string, nodes = nodeById(graph)): string {
  const n = nodes.get(id);
  if (!n) return id;
  const inputOf = (name: string) => graph.inputs.find((i) => i.name === name);
  switch (n.kind) {
    case 'input': {
      const input = inputOf(n.name);
      return n.type.kind === 'bool' ? (input?.description ?? n.name).replace(/^是否/, '') : n.name;
    }
    case 'define':
      return n.name;
    case 'expr':
      switch (n.op) {
        case 'member':
          return `入选${listTitle(graph, n.list ?? '')}名单`;
        case 'firstEntry':
          return `首次进入${listTitle(graph, n.list ?? '')}名单`;
        case 'literal':
          return n.value?.text ?? n.text;
        case 'cmp':
          if (n.args.length === 2 && n.cmp) {
            return `${describeCondition(graph, n.args[0]!, nodes)}${CMP_WORDS[n.cmp]}${describeCondition(graph, n.args[1]!, nodes)}`;
          }
          return n.text;
        case 'and':
          return n.args.map((a) => describeCondition(graph, a, nodes)).join('，且');
        case 'or':
          return n.args.map((a) => describeCondition(graph, a, nodes)).join('，或');
        case 'not':
          return `不${describeCondition(graph, n.args[0] ?? '', nodes)}`;
        default:
          return n.text;
      }
    default:
      return n.label;
  }
}

/** How the amount before ceilings is computed: 推广费用的50%. Undefined for a fixed ceiling. */
export function describeBase(graph: Graph, b: Benefit, nodes = nodeById(graph)): string | undefined {
  if (!b.base) return undefined;
  const n = nodes.get(b.base);
  if (!n || n.kind !== 'expr') return n && 'name' in n ? n.name : undefined;
  if (n.op === 'mul' && n.args.length === 2) {
    const [a, c] = n.args.map((x) => nodes.get(x));
    const percent = (x: GraphNode | undefined) => (x?.kind === 'expr' && x.op === 'literal' && x.value?.type === 'percent' ? x.value.text : undefined);
    const named = (x: GraphNode | undefined) => (x && (x.kind === 'input' || x.kind === 'define') ? x.name : x?.kind === 'expr' ? x.text : undefined);
    if (percent(c) && named(a)) return `${named(a)}的${percent(c)}`;
    if (percent(a) && named(c)) return `${named(c)}的${percent(a)}`;
  }
  return n.text;
}

/** Who a cap is counted for: 每家企业 (from the applicant kinds). */
function perApplicant(graph: Graph, b: Benefit): string {
  const titles = b.applicants.map((c) => kindTitle(graph, c));
  if (titles.length === 1 && /企业$/.test(titles[0]!)) return '单个企业';
  return '每个申报主体';
}

/** The caps as phrases: 单个企业每年不超过100万元（含本数）. */
export function describeCaps(graph: Graph, b: Benefit, nodes = nodeById(graph)): string[] {
  return b.caps.map((cap) => {
    const n = nodes.get(cap.node);
    const amount = n?.kind === 'expr' && n.op === 'literal' && n.value ? n.value.text : (n && 'text' in n ? n.text : cap.text);
    switch (cap.scope) {
      case 'perYear':
        return `${perApplicant(graph, b)}每年不超过${amount}`;
      case 'total':
        return `${perApplicant(graph, b)}在政策有效期内累计不超过${amount}`;
      default:
        return b.base ? `不超过${amount}` : `最高不超过${amount}`;
    }
  });
}

const KIND_WORDS: Record<Benefit['kind'], string> = { award: '奖励', support: '资金扶持', subsidy: '补助' };

export function kindWord(b: Benefit): string {
  return KIND_WORDS[b.kind];
}

/** The support standard in one sentence: 按推广费用的50%给予资金扶持，单个企业每年不超过100万元（含本数）. */
export function describeAmount(graph: Graph, b: Benefit, nodes = nodeById(graph)): string {
  if (!b.hasAmount) return b.reference ? `按${b.reference}给予支持` : '按相关政策给予支持';
  const base = describeBase(graph, b, nodes);
  const caps = describeCaps(graph, b, nodes);
  const head = base ? `按${base}给予${b.oneTime ? '一次性' : ''}${kindWord(b)}` : `给予${b.oneTime ? '一次性' : ''}${kindWord(b)}`;
  return [head, ...caps].join('，') + (caps.length ? '（含本数）' : '');
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
  for (const name of b.inputs) {
    const input = graph.inputs.find((i) => i.name === name);
    if (!input) continue;
    if (input.type.kind === 'bool') out.push(`${input.description ?? name}的证明材料（合同、协议等）`);
    else if (input.type.kind === 'money') out.push(`${name}的证明材料（${input.description ?? name}的合同、发票和支付凭证）`);
    else out.push(`${name}的证明材料${input.description ? `（${input.description}）` : ''}`);
  }
  if (graph.rules.noDoubleFunding) {
    const levels = graph.rules.noDoubleFunding.levels.map((l) => ({ national: '国家', provincial: '省', municipal: '市' })[l]).join('、');
    out.push(`本项目未获得${levels}同一项目资金奖补的承诺书`);
  }
  out.push('申报材料真实性承诺书');
  return out;
}
