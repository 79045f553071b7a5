/**
 * The rule graph as JSON Logic (format pol-jsonlogic/1): for every benefit that states an amount, one
 * rule for its eligibility and one for its ceiling in fen, whose data is the application of DESIGN §5
 * unchanged. Plain json-logic-js evaluates them, with no custom operation, to what `evaluate` gives:
 * validity from `date`, annual caps and one-time awards from `history`, 不重复支持 from
 * `otherFunding`, 就高不就低 across the policy's benefits, rates rounded down to the fen.
 *
 * Where a number would leave the integers that floating point holds exactly (|x| > 2^53 − 1, a
 * count with more than 15 decimals), both rules answer null rather than a wrong number. A construct
 * that JSON Logic cannot express (a duration in workdays needs the holiday calendar) is a POL7001
 * diagnostic at its span, and nothing is exported.
 */
import { diag, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { printExpr } from '../ir/prose.ts';
import { validityWindow } from '../eval/evaluate.ts';
import type { Benefit, Graph, GraphNode } from '../ir/schema.ts';
import { and, arr, Env, iff, isNull, k, op, or, sub, type H, type JL } from './jsonlogic/builder.ts';
import { NodeCompiler, Unsupported } from './jsonlogic/nodes.ts';

export type { JL as JsonLogicRule } from './jsonlogic/builder.ts';

export const JSONLOGIC_FORMAT = 'pol-jsonlogic/1';

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
  /** Per benefit that states an amount: data = the application (DESIGN §5). */
  benefits: Record<string, { measure: string; title: string; eligible: JL; ceilingFen: JL }>;
}

export interface JsonLogicOptions {
  /** Issuance date YYYY-MM-DD; needed for a draft whose validity runs from its issuance. */
  issued?: string;
}

/** Export the JSON Logic rules of a compiled policy, or the diagnostics that prevent it. */
export function toJsonLogic(graph: Graph, opts: JsonLogicOptions = {}): { value?: JsonLogicExport; diagnostics: Diagnostic[] } {
  const file = graph.source.file;
  const { window, error } = validityWindow(graph, opts.issued);
  if (error) {
    const v = graph.policy.validity;
    const words = v && v.kind === 'fromIssuance' ? `${v.amount}${{ year: '年', month: '个月', day: '日', workday: '个工作日' }[v.unit]}` : '';
    return { diagnostics: [diag('POL7002', file, v?.span ?? graph.policy.span, graph.policy.id, words)] };
  }
  const byId = new Map<string, GraphNode>(graph.nodes.map((n) => [n.id, n]));
  const benefits = graph.benefits.filter((b) => b.hasAmount);
  const diagnostics: Diagnostic[] = [];
  const out: JsonLogicExport['benefits'] = {};
  for (let i = 0; i < benefits.length; i++) {
    const b = benefits[i]!;
    try {
      out[b.id] = {
        measure: b.measure,
        title: b.title,
        eligible: rule(graph, byId, benefits, i, window, 'eligible'),
        ceilingFen: rule(graph, byId, benefits, i, window, 'ceilingFen'),
      };
    } catch (e) {
      if (!(e instanceof Unsupported)) throw e;
      const text = printExpr(graph, e.node.id, 'pol');
      if (!diagnostics.some((d) => d.span.offset === e.node.span.offset && d.args[0] === e.what)) {
        diagnostics.push(diag('POL7001', file, e.node.span, e.what, text, b.id));
      }
    }
  }
  if (diagnostics.length > 0) return { diagnostics };
  return {
    value: {
      format: JSONLOGIC_FORMAT,
      policy: graph.policy.id,
      title: graph.policy.title,
      source: graph.source,
      compiler: graph.compiler,
      issued: opts.issued ?? graph.policy.issued,
      validity: window ? { ...(window.from ? { from: window.from } : {}), ...(window.to ? { to: window.to } : {}) } : null,
      benefits: out,
    },
    diagnostics,
  };
}

function rule(
  graph: Graph,
  byId: Map<string, GraphNode>,
  benefits: Benefit[],
  target: number,
  window: { from?: string; to?: string } | undefined,
  what: 'eligible' | 'ceilingFen',
): JL {
  const env = new Env();
  const nodes = new NodeCompiler(env, byId);
  const date = env.data('date');
  // what every benefit of this application shares
  const inWindow = and(...(window?.from ? [op('>=', date, window.from)] : []), ...(window?.to ? [op('<=', date, window.to)] : []));
  const funded = doubleFunded(graph, env);

  if (graph.rules.topUp) throw new Unsupported(byId.get('rule:topUp')!, '补足差额（按已获上级资金扣减上限）');
  const own = ceilingOf(env, nodes, benefits[target]!, inWindow, funded);
  let final = own;
  if (graph.rules.highestOnly && benefits.length > 1) {
    // 就高不就低: only the highest ceiling stands (on a tie, the first); the others are computed only
    // when this benefit is eligible at all
    final = env.lazy(
      op('>', own, 0),
      (block) =>
        nodes.within(block, () => {
          const beaten = benefits.flatMap((b, j) => (j === target ? [] : [op(j < target ? '>=' : '>', ceilingOf(block, nodes, b, inWindow, funded), own)]));
          return iff(or(...beaten), 0, own);
        }),
      k(0),
    );
  }
  const exact = env.bind(env.exact());
  const answer = what === 'ceilingFen' ? final : op('>', final, 0);
  return env.finish(exact.e === true ? answer : iff(exact, answer, null));
}

/** 不重复支持: funds of a listed level for the same project, from `otherFunding` (false when the rule is absent). */
function doubleFunded(graph: Graph, env: Env): H {
  const r = graph.rules.noDoubleFunding;
  if (!r) return k(false);
  // reduce over otherFunding, carrying [project, found] (the body cannot read the application itself)
  const body: JL = {
    if: [
      { and: [{ '===': [{ var: 'current.project' }, { var: 'accumulator.0' }] }, { in: [{ var: 'current.level' }, r.levels] }] },
      [{ var: 'accumulator.0' }, true],
      { var: 'accumulator' },
    ],
  };
  const found = env.bind(op('reduce', env.data('otherFunding'), k(body), arr(env.data('project'), k(false))));
  return env.part(found, 1);
}

/**
 * The ceiling of one benefit before 就高不就低, in fen, 0 when not eligible: decide() of
 * src/eval/evaluate.ts. The gates every benefit has (validity, applicant kind, 不重复支持, 一次性)
 * come first; the conditions are computed in a block only when those hold, and the amount in a
 * block within it only when the conditions hold too.
 */
function ceilingOf(env: Env, nodes: NodeCompiler, b: Benefit, inWindow: H, funded: H): H {
  const gates: H[] = [inWindow, op('in', env.data('applicant.kind'), k(b.applicants)), op('!', op('===', funded, true))];
  if (b.oneTime) gates.push(op('!', op('some', env.data('history'), k({ '===': [{ var: 'benefit' }, b.id] }))));
  return env.lazy(
    and(...gates),
    (block) =>
      nodes.within(block, () => {
        const holds = and(...b.conditions.map((c) => op('===', nodes.value(c.node).h, true)));
        return block.lazy(holds, (inner) => nodes.within(inner, () => amount(inner, nodes, b)), k(0));
      }),
    k(0),
  );
}

/** The amount once the conditions hold: min(base, cap − used …), never below 0; 0 when a value is unknown. */
function amount(env: Env, nodes: NodeCompiler, b: Benefit): H {
  const amounts: H[] = [];
  const unknown: H[] = [];
  if (b.base) {
    const base = nodes.value(b.base).h;
    unknown.push(isNull(base));
    amounts.push(base);
  }
  for (const cap of b.caps) {
    const capFen = nodes.value(cap.node).h;
    unknown.push(isNull(capFen));
    amounts.push(op('max', cap.scope === 'once' ? capFen : sub(capFen, used(env, b.id, cap.scope)), 0));
  }
  if (amounts.length === 0) throw new Unsupported(nodeOf(b), '既无金额也无上限的扶持项目');
  const ceiling = amounts.length === 1 ? amounts[0]! : op('min', ...amounts);
  return iff(or(...unknown), 0, op('max', ceiling, 0));
}

/** What the applicant was granted of this benefit: this calendar year (perYear) or ever (total), from `history`. */
function used(env: Env, benefit: string, scope: 'perYear' | 'total'): H {
  const history = env.data('history');
  const same: JL = { '===': [{ var: 'current.benefit' }, benefit] };
  if (scope === 'total') {
    const body: JL = { if: [same, { '+': [{ var: 'accumulator' }, { var: 'current.grantedFen' }] }, { var: 'accumulator' }] };
    return env.bind(op('reduce', history, k(body), 0));
  }
  // carry [year, sum]: the body sees only the record and the accumulator
  const body: JL = {
    if: [
      { and: [same, { '===': [{ substr: [{ var: 'current.date' }, 0, 4] }, { var: 'accumulator.0' }] }] },
      [{ var: 'accumulator.0' }, { '+': [{ var: 'accumulator.1' }, { var: 'current.grantedFen' }] }],
      { var: 'accumulator' },
    ],
  };
  const sum = env.bind(op('reduce', history, k(body), arr(op('substr', env.data('date'), 0, 4), k(0))));
  return env.part(sum, 1);
}

function nodeOf(b: Benefit): GraphNode {
  return { id: `benefit:${b.id}`, kind: 'benefit', label: b.title, span: b.span, measure: b.measure };
}
