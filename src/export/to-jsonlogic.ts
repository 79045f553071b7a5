/**
 * The rule graph as portable JSON Logic (format pol-jsonlogic/2): for every benefit that states an
 * amount, one rule for its ceiling in fen and one for its eligibility (ceiling > 0), each complete in
 * itself: validity, applicant kind, 不重复支持 from `otherFunding`, one-time awards and annual caps from
 * `history`, rates rounded down to the fen, and 就高不就低 (the only place a rule computes other
 * benefits: their ceilings). Only operations of the published JSON Logic spec in the meaning every
 * engine shares (src/export/jsonlogic/jl.ts); the subset is documented in docs/export.md.
 *
 * The data is the application of DESIGN §5 with every date written as its day number (days since
 * 1970-01-01): `date`, `history[].date` and the date facts (`jsonLogicData` makes it). A construct
 * JSON Logic cannot express exactly is a diagnostic at its span (POL7001, POL7005), and nothing is exported.
 */
import { diag, type Diagnostic } from '../diagnostics/diagnostic.ts';
import type { Application } from '../eval/types.ts';
import { dayNumber } from '../eval/values.ts';
import type { Benefit, Graph, GraphNode } from '../ir/schema.ts';
import { exportWindow, nodeText, unknownRules } from './window.ts';
import { and, cmpInt, iff, not, op, read, type JL } from './jsonlogic/jl.ts';
import { DATE, NodeCompiler, Unsupported, type DayWindow } from './jsonlogic/nodes.ts';
import { APPLICANT_FORMS } from './jsonlogic/items.ts';
import { canonicalApplicantId } from '../values/uscc.ts';

export type { JL as JsonLogicRule } from './jsonlogic/jl.ts';

export const JSONLOGIC_FORMAT = 'pol-jsonlogic/2';

/** The JSON Logic export of one policy. */
export interface JsonLogicExport {
  format: typeof JSONLOGIC_FORMAT;
  policy: string;
  title: string;
  /** The compiled source and compiler, as in the rule graph. */
  source: { file: string; sha256: string };
  compiler: { name: 'pol'; version: string };
  /** The issuance date the rules were exported with (a draft's comes from `--issued`). */
  issued: string | null;
  /** The days an application may be dated, inclusive, as fixed in the rules. */
  validity: { from?: string; to?: string } | null;
  /**
   * What the rules read: the application (DESIGN §5) with these fields as day numbers; where texts are
   * compared with 申报人, those texts (`applicantTexts`) with their forms beside them (`jsonLogicData`).
   */
  data: { dates: 'days since 1970-01-01'; dateFields: string[]; applicantTexts?: string[] };
  /** Per benefit that states an amount. */
  benefits: Record<string, { measure: string; title: string; eligible: JL; ceilingFen: JL }>;
}

export interface JsonLogicOptions {
  /** Issuance date YYYY-MM-DD; needed for a draft whose validity runs from its issuance. */
  issued?: string;
}

/** The application as the JSON Logic rules read it: dates as day numbers, the forms of texts compared with 申报人 (a copy; the application is unchanged). */
export function jsonLogicData(graph: Graph, app: Application | Record<string, unknown>): Record<string, unknown> {
  const a = jsonCopy(app) as Record<string, unknown> & { facts?: Record<string, unknown>; history?: Record<string, unknown>[]; applicant?: { id?: unknown; name?: unknown } };
  const day = (v: unknown) => (typeof v === 'string' ? dayNumber(v) : v);
  a.date = day(a.date);
  for (const h of a.history ?? []) h.date = day(h.date);
  const facts = a.facts ?? {};
  for (const i of graph.inputs) {
    if (!(i.name in facts)) continue;
    if (i.type.kind === 'date') facts[i.name] = day(facts[i.name]);
    if (i.type.kind !== 'items' || !Array.isArray(facts[i.name])) continue;
    const dates = i.type.fields.filter((f) => f.type.kind === 'date').map((f) => f.name);
    for (const item of facts[i.name] as Record<string, unknown>[]) for (const f of dates) if (item && f in item) item[f] = day(item[f]);
  }
  // 付款方 = 申报人: the applicant's id in canonical form and name trimmed; each text compared, both ways
  const texts = applicantTexts(graph);
  if (texts.length === 0) return a;
  const forms = (x: unknown) => (typeof x === 'string' ? [canonicalApplicantId(x), x.trim()] : null);
  const who = a.applicant ?? {};
  a[APPLICANT_FORMS] = [typeof who.id === 'string' ? canonicalApplicantId(who.id) : '', typeof who.name === 'string' ? who.name.trim() : ''];
  for (const t of texts) {
    const holders = t.field === undefined ? [facts] : Array.isArray(facts[t.input]) ? (facts[t.input] as Record<string, unknown>[]) : [];
    const key = t.field ?? t.input;
    for (const h of holders) if (h && typeof h[key] === 'string') h[`${key}${APPLICANT_FORMS}`] = forms(h[key]);
  }
  return a;
}

/** What JSON.parse(JSON.stringify(x)) gives, without the text in between where x is plain JSON data (per application). */
function jsonCopy(x: unknown): unknown {
  const copy = plainCopy(x);
  return copy === NOT_PLAIN ? JSON.parse(JSON.stringify(x)) : copy;
}

const NOT_PLAIN = Symbol('not plain JSON');

/** A copy of strings, finite numbers (not −0), booleans, null, arrays and plain objects of them; NOT_PLAIN for anything else (undefined, a Date …). */
function plainCopy(x: unknown): unknown {
  if (x === null || typeof x === 'string' || typeof x === 'boolean') return x;
  if (typeof x === 'number') return Number.isFinite(x) && !Object.is(x, -0) ? x : NOT_PLAIN;
  if (Array.isArray(x)) {
    const out: unknown[] = new Array(x.length);
    for (let i = 0; i < x.length; i++) if ((out[i] = plainCopy(x[i])) === NOT_PLAIN) return NOT_PLAIN;
    return out;
  }
  if (typeof x !== 'object' || (Object.getPrototypeOf(x) !== Object.prototype && Object.getPrototypeOf(x) !== null)) return NOT_PLAIN;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(x)) if (k === '__proto__' || (out[k] = plainCopy((x as Record<string, unknown>)[k])) === NOT_PLAIN) return NOT_PLAIN;
  return out;
}

type ApplicantText = { input: string; field?: string; path: string };
const applicantTextsOf = new WeakMap<Graph, ApplicantText[]>();

/** The texts compared with 申报人: text inputs, and text fields of item lists (found once per graph: `jsonLogicData` runs per application). */
function applicantTexts(graph: Graph): ApplicantText[] {
  let texts = applicantTextsOf.get(graph);
  if (!texts) applicantTextsOf.set(graph, (texts = findApplicantTexts(graph)));
  return texts;
}

function findApplicantTexts(graph: Graph): ApplicantText[] {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const out = new Map<string, ApplicantText>();
  for (const n of graph.nodes) {
    if (n.kind !== 'expr' || n.op !== 'isApplicant') continue;
    // the texts it reads directly, through definitions and both branches of 若…则…否则
    const todo = [n.args[0]!];
    while (todo.length > 0) {
      const x = byId.get(todo.pop()!);
      if (x?.kind === 'define') todo.push(x.args[0]!);
      if (x?.kind === 'expr' && x.op === 'if') todo.push(x.args[1]!, x.args[2]!);
      if (x?.kind === 'input') out.set(x.name, { input: x.name, path: `facts.${x.name}` });
      if (x?.kind === 'expr' && x.op === 'itemField' && x.items && x.field) out.set(`${x.items}[].${x.field}`, { input: x.items, field: x.field, path: `facts.${x.items}[].${x.field}` });
    }
  }
  return [...out.values()];
}

/** Export the JSON Logic rules of a compiled policy, or the diagnostics that prevent it. */
export function toJsonLogic(graph: Graph, opts: JsonLogicOptions = {}): { value?: JsonLogicExport; diagnostics: Diagnostic[] } {
  const file = graph.source.file;
  const { window, diagnostic } = exportWindow(graph, opts.issued);
  if (diagnostic) return { diagnostics: [diagnostic] };
  const rules = unknownRules(graph, 'jsonlogic');
  if (rules.length > 0) return { diagnostics: rules };
  const days: DayWindow = { ...(window?.from ? { from: dayNumber(window.from) } : {}), ...(window?.to ? { to: dayNumber(window.to) } : {}) };
  const byId = new Map<string, GraphNode>(graph.nodes.map((n) => [n.id, n]));
  const benefits = graph.benefits.filter((b) => b.hasAmount);
  const diagnostics: Diagnostic[] = [];
  const nodes = new NodeCompiler(byId, days, graph.policy.exchangeRates);
  // every benefit's own ceiling first (a node's diagnostic once, at the first benefit that reads it)
  const own = new Map<string, Ceiling>();
  for (const b of benefits) {
    try {
      own.set(b.id, ceilingOf(graph, nodes, b, days));
    } catch (e) {
      if (!(e instanceof Unsupported)) throw e;
      const text = nodeText(e.node);
      if (!diagnostics.some((d) => d.span.offset === e.node.span.offset)) {
        diagnostics.push(e.unknownKind ? diag('POL7005', file, e.node.span, 'jsonlogic', e.what, text) : diag('POL7001', file, e.node.span, e.what, text, b.id));
      }
    }
  }
  if (diagnostics.length > 0) return { diagnostics };
  const out: JsonLogicExport['benefits'] = {};
  benefits.forEach((b, i) => {
    const ceiling = graph.rules.highestOnly && benefits.length > 1 ? highest(benefits.map((x) => own.get(x.id)!), i) : whole(own.get(b.id)!);
    out[b.id] = { measure: b.measure, title: b.title, eligible: cmpInt('>', ceiling, 0), ceilingFen: ceiling };
  });
  return {
    value: {
      format: JSONLOGIC_FORMAT,
      policy: graph.policy.id,
      title: graph.policy.title,
      source: graph.source,
      compiler: graph.compiler,
      issued: opts.issued ?? graph.policy.issued,
      validity: window ? { ...(window.from ? { from: window.from } : {}), ...(window.to ? { to: window.to } : {}) } : null,
      data: dataFields(graph),
      benefits: out,
    },
    diagnostics,
  };
}

/** Which fields of the data are day numbers, and which texts have their 申报人 forms beside them. */
function dataFields(graph: Graph): JsonLogicExport['data'] {
  const dateFields = ['date', 'history[].date'];
  for (const i of graph.inputs) {
    if (i.type.kind === 'date') dateFields.push(`facts.${i.name}`);
    if (i.type.kind === 'items') for (const f of i.type.fields) if (f.type.kind === 'date') dateFields.push(`facts.${i.name}[].${f.name}`);
  }
  const texts = applicantTexts(graph).map((t) => t.path);
  return { dates: 'days since 1970-01-01', dateFields, ...(texts.length > 0 ? { applicantTexts: texts } : {}) };
}

/** A benefit's ceiling before 就高不就低: `amount` where `when` holds, else 0. */
interface Ceiling {
  when: JL;
  amount: JL;
}

const whole = (c: Ceiling): JL => iff(c.when, c.amount, 0);

/**
 * 就高不就低: this benefit's ceiling stands unless another's is higher, or equal and earlier (the
 * evaluator keeps the first of the highest): on integers, own ≥ bar = max(1, earlier + 1, later).
 * The other benefits' ceilings are computed only where this one's conditions hold (else 0, as its own
 * ceiling is then 0 < bar). JSON Logic has no names for values, so the amount is carried into a `reduce`
 * (over [bar, amount], from null) instead of written twice: the first step keeps bar, the second gives
 * the amount where it is ≥ bar, else 0.
 */
function highest(ceilings: Ceiling[], target: number): JL {
  const own = ceilings[target]!;
  const bar = ceilings.flatMap((c, j) => (j === target ? [] : [j < target ? op('+', whole(c), 1) : whole(c)]));
  const [acc, cur] = [read('accumulator'), read('current')];
  return iff(own.when, { reduce: [op('merge', op('max', 1, ...bar), own.amount), iff(op('===', acc, null), cur, cmpInt('>=', op('-', cur, acc), 0), cur, 0), null] }, 0);
}

/** 不重复支持: a listed level's funds for this same project. */
function doubleFunded(graph: Graph): JL {
  const r = graph.rules.noDoubleFunding;
  if (!r) return false;
  const funded = { map: [{ filter: [read('otherFunding', []), op('in', read('level'), r.levels)] }, read('project')] };
  return op('in', read('project'), funded as JL);
}

/** The ceiling of one benefit before 就高不就低, in fen, 0 when not eligible: decide() of src/eval/evaluate.ts. */
function ceilingOf(graph: Graph, nodes: NodeCompiler, b: Benefit, days: DayWindow): Ceiling {
  const gates: JL[] = [];
  if (days.from !== undefined) gates.push(op('>=', DATE, days.from));
  if (days.to !== undefined) gates.push(op('<=', DATE, days.to));
  gates.push(op('in', read('applicant.kind'), b.applicants));
  const funded = doubleFunded(graph);
  if (funded !== false) gates.push(not(funded));
  if (b.oneTime) gates.push(not({ some: [read('history', []), op('in', read('benefit'), [b.id])] }));
  for (const cond of b.conditions) {
    const v = nodes.value(cond.node);
    if (v.t !== 'bool') throw new Unsupported(nodeOf(b), '非是否值的条件');
    gates.push(v.yes);
  }
  const parts: JL[] = [];
  const known: JL[] = [];
  if (b.base) {
    const v = nodes.value(b.base);
    if (v.t !== 'int') throw new Unsupported(nodeOf(b), '非金额的扶持金额');
    parts.push(v.v.e);
    known.push(v.known);
  }
  for (const cap of b.caps) {
    const v = nodes.value(cap.node);
    if (v.t !== 'int') throw new Unsupported(nodeOf(b), '非金额的上限');
    known.push(v.known);
    parts.push(cap.scope === 'once' ? v.v.e : op('-', v.v.e, used(nodes, b, cap.scope, days)));
  }
  if (parts.length === 0) throw new Unsupported(nodeOf(b), '既无金额也无上限的扶持项目');
  let amount = op('max', parts.length === 1 ? parts[0]! : op('min', ...parts), 0);
  if (b.roundAfter) {
    // 取整至: the capped amount (≥ 0) rounded down to a multiple of a positive unit
    const u = nodes.value(b.roundAfter.node);
    if (u.t !== 'int') throw new Unsupported(nodeOf(b), '非金额的取整单位');
    known.push(u.known, op('>', u.v.e, 0));
    amount = op('-', amount, op('%', amount, u.v.e));
  }
  return { when: and(...gates, ...known), amount };
}

/** What the applicant was granted of this benefit: in the application's calendar year (perYear) or ever (total). */
function used(nodes: NodeCompiler, b: Benefit, scope: 'perYear' | 'total', days: DayWindow): JL {
  const sum = (...when: JL[]): JL => ({
    reduce: [{ filter: [read('history', []), and(op('in', read('benefit'), [b.id]), ...when)] }, op('+', read('accumulator'), read('current.grantedFen')), 0],
  });
  if (scope === 'total') return sum();
  // the years of the validity window, each with its sum (a reduce body cannot read the application's date)
  const months = nodes.months(nodeOf(b));
  const years = [...new Set(months.map((m) => m.y))];
  const branches: JL[] = [];
  for (const y of years) {
    const start = dayNumber(`${String(y).padStart(4, '0')}-01-01`);
    const end = dayNumber(`${String(y).padStart(4, '0')}-12-31`);
    branches.push(op('<=', DATE, end), sum(op('>=', read('date'), start), op('<=', read('date'), end)));
  }
  return iff(...branches.slice(0, -2), branches[branches.length - 1]!);
}

function nodeOf(b: Benefit): GraphNode {
  return { id: `benefit:${b.id}`, kind: 'benefit', label: b.title, span: b.span, measure: b.measure };
}
