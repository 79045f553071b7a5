/**
 * Conformance cases (`pol export --format cases`, format pol-cases/1): applications with the decision
 * `pol eval` gives them, for an integrator to run against their own runtime (the JSON Logic on their
 * engine, the generated Python or Java, their own code). Boundary cases first: for every benefit, the
 * first and last valid day and a day outside; every amount, rate and threshold it reads a fen (or a
 * thousandth, or a day) either side; an annual cap used up, all but a fen, and last year; a one-time
 * award already received; 不重复支持 — then `count` random applications from a seeded generator.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { evaluate } from '../eval/evaluate.ts';
import { validateApplication } from '../eval/schema.ts';
import type { Application } from '../eval/types.ts';
import { addDays, addMonths } from '../eval/values.ts';
import { formatMoney } from '../values/money.ts';
import type { Benefit, Graph, GraphLiteral } from '../ir/schema.ts';
import { exportWindow } from './window.ts';
import { reachable } from '../ir/walk.ts';
import { applications } from './cases/generate.ts';

export const CASES_FORMAT = 'pol-cases/1';

/** The decision subset every runtime must reproduce (DESIGN §5, without reasons and trace). */
export interface ExpectedDecision {
  policy: string;
  date: string;
  /** measures: the measure numbers the reasons cite (the benefit's own, 不重复支持's, 就高不就低's). */
  results: { benefit: string; measure: string; eligible: boolean; ceilingFen: number; measures: string[] }[];
}

export interface Case {
  name: string;
  application: Record<string, unknown>;
  expected: ExpectedDecision;
}

export interface CasesExport {
  format: typeof CASES_FORMAT;
  policy: string;
  title: string;
  source: { file: string; sha256: string };
  compiler: { name: 'pol'; version: string };
  issued: string | null;
  cases: Case[];
}

const noHighest = new WeakMap<Graph, Graph>();

/** `pol eval`'s decision of one valid application, as the subset the exports reproduce. */
export function expectedDecision(graph: Graph, app: Application, issued?: string): ExpectedDecision {
  const opts = { ...(issued ? { issued } : {}), explain: false };
  const out = evaluate(graph, app, opts);
  const rules = graph.rules;
  // which benefits were eligible before 就高不就低 chose among them
  let before = out;
  if (rules.highestOnly) {
    let g = noHighest.get(graph);
    if (!g) noHighest.set(graph, (g = { ...graph, rules: { ...rules, highestOnly: undefined } }));
    before = evaluate(g, app, opts);
  }
  const several = before.results.filter((r) => r.eligible).length > 1;
  const nd = rules.noDoubleFunding;
  const funded = !!nd && app.project !== undefined && (app.otherFunding ?? []).some((f) => f.project === app.project && nd.levels.includes(f.level));
  return {
    policy: out.policy,
    date: out.date,
    results: out.results.map((r, i) => ({
      benefit: r.benefit,
      measure: r.measure,
      eligible: r.eligible,
      ceilingFen: r.ceilingFen,
      measures: [
        r.measure,
        ...(funded && nd?.measure ? [nd.measure] : []),
        ...(several && before.results[i]!.eligible && rules.highestOnly?.measure ? [rules.highestOnly.measure] : []),
      ],
    })),
  };
}

/** The conformance cases of a policy, or the diagnostics that prevent them (a draft without --issued). */
export function toCases(graph: Graph, opts: { issued?: string; count?: number; seed?: number } = {}): { value?: CasesExport; diagnostics: Diagnostic[] } {
  const { window, diagnostic } = exportWindow(graph, opts.issued);
  if (diagnostic) return { diagnostics: [diagnostic] };
  const issued = graph.policy.issued ? undefined : opts.issued;
  const seed = opts.seed ?? 1;
  const cases: Case[] = [];
  const seen = new Set<string>();
  const add = (name: string, raw: Record<string, unknown>) => {
    const key = JSON.stringify(raw);
    if (seen.has(key)) return;
    const v = validateApplication(graph, raw);
    if (!v.ok) return;
    seen.add(key);
    cases.push({ name, application: raw, expected: expectedDecision(graph, v.application, issued) });
  };
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  for (const [i, b] of graph.benefits.filter((x) => x.hasAmount).entries()) {
    const base = applications(graph, seed + 1000 * (i + 1), { ...(issued ? { issued } : {}), focus: b.id });
    const aimed = () => eligibleLike(graph, b, base());
    for (const [what, date] of [['有效期首日', window?.from], ['有效期前一日', window?.from && addDays(window.from, -1)], ['有效期末日', window?.to], ['有效期后一日', window?.to && addDays(window.to, 1)]] as const) {
      if (date) add(`${b.id}：${what} ${date}`, { ...aimed(), date });
    }
    const lits = literalsOf(b, byId);
    for (const input of graph.inputs.filter((x) => b.inputs.includes(x.name))) {
      for (const value of boundaryValues(input.type.kind, lits)) {
        const app = aimed();
        const facts = app.facts as Record<string, unknown>;
        if (input.type.kind === 'date') facts[input.name] = value((app.date as string) ?? '');
        else facts[input.name] = value('');
        add(`${b.id}：${input.name} = ${String(facts[input.name])}`, app);
      }
    }
    for (const cap of b.caps) {
      const node = byId.get(cap.node);
      const fen = node?.kind === 'expr' && node.op === 'literal' && node.value?.type === 'money' ? node.value.fen : undefined;
      if (fen === undefined || cap.scope === 'once') continue;
      for (const [what, used, lastYear] of [['上限已用尽', fen, false], ['上限余 1 分', fen - 1, false], ['上年已获上限', fen, true]] as const) {
        const app = aimed();
        const date = app.date as string;
        const when = lastYear ? `${Number(date.slice(0, 4)) - 1}-12-31` : `${date.slice(0, 4)}-01-01`;
        add(`${b.id}：${what}（${formatMoney(fen)}${cap.scope === 'perYear' ? '每年' : '累计'}）`, { ...app, history: [{ benefit: b.id, date: when, grantedFen: used }] });
      }
    }
    if (b.oneTime) add(`${b.id}：一次性奖励已获得`, { ...aimed(), history: [{ benefit: b.id, date: window?.from ?? '2024-01-01', grantedFen: 1 }] });
    const nd = graph.rules.noDoubleFunding;
    if (nd) {
      for (const level of ['national', 'provincial', 'municipal'] as const) {
        add(`${b.id}：本项目已获 ${level} 资金`, { ...aimed(), project: 'P-001', otherFunding: [{ level, project: 'P-001' }] });
      }
      add(`${b.id}：其他项目已获 national 资金`, { ...aimed(), project: 'P-001', otherFunding: [{ level: 'national', project: 'P-009' }] });
    }
  }
  const random = applications(graph, seed, issued ? { issued } : {});
  for (let k = 0; k < (opts.count ?? 100); k++) add(`随机 ${k + 1}`, random());
  return {
    value: {
      format: CASES_FORMAT,
      policy: graph.policy.id,
      title: graph.policy.title,
      source: graph.source,
      compiler: graph.compiler,
      issued: opts.issued ?? graph.policy.issued,
      cases,
    },
    diagnostics: [],
  };
}

/** A generated application made to pass the benefit's gates where it can, so that a boundary decides. */
function eligibleLike(graph: Graph, b: Benefit, raw: Record<string, unknown>): Record<string, unknown> {
  const app = { ...raw, applicant: { ...(raw.applicant as object), kind: b.applicants[0] ?? 'enterprise' } } as Record<string, unknown>;
  delete app.otherFunding;
  delete app.history;
  app.lists = Object.fromEntries(b.lists.map((l) => [l, { member: true, firstTime: true }]));
  app.facts = { ...(raw.facts as object) };
  for (const i of graph.inputs) if (b.inputs.includes(i.name) && i.type.kind === 'bool') (app.facts as Record<string, unknown>)[i.name] = true;
  return app;
}

interface Literals {
  fen: number[];
  rates: [number, number][];
  counts: number[];
  durations: { amount: number; unit: string }[];
}

function literalsOf(b: Benefit, byId: Map<string, import('../ir/schema.ts').GraphNode>): Literals {
  const out: Literals = { fen: [], rates: [], counts: [], durations: [] };
  const roots = [...b.conditions.map((c) => c.node), ...(b.base ? [b.base] : []), ...b.caps.map((c) => c.node)];
  const take = (l: GraphLiteral | null | undefined) => {
    if (!l) return;
    if (l.type === 'money') out.fen.push(l.fen);
    if (l.type === 'percent') out.rates.push([l.num, l.den]);
    if (l.type === 'count' || l.type === 'number') out.counts.push(l.value);
    if (l.type === 'duration') out.durations.push({ amount: l.amount, unit: l.unit });
  };
  for (const id of reachable(roots, byId)) {
    const n = byId.get(id);
    if (n?.kind !== 'expr') continue;
    take(n.value);
    for (const band of n.bands ?? []) {
      take(band.lower);
      take(band.upper);
    }
  }
  return out;
}

/** Values of one input on and either side of each amount, rate and threshold; a date value is relative to the application date. */
function boundaryValues(kind: string, l: Literals): ((date: string) => unknown)[] {
  const fens = new Set<number>();
  for (const m of l.fen) {
    for (const d of [-1, 0, 1]) fens.add(m + d);
    for (const [num, den] of l.rates) if (num > 0) for (const d of [-1, 0, 1]) fens.add(Math.floor((m * den) / num) + d);
  }
  switch (kind) {
    case 'money':
      return [...fens].filter((f) => f >= 0).map((f) => () => f / 100);
    case 'count':
    case 'number':
      return [...new Set(l.counts.flatMap((c) => [c - 0.001, c, c + 0.001].map((x) => Math.round(x * 1000) / 1000)))].filter((c) => kind === 'number' || c >= 0).map((c) => () => c);
    case 'percent':
      return [...new Set(l.rates.flatMap(([n, d]) => [(100 * n) / d - 0.01, (100 * n) / d, (100 * n) / d + 0.01].map((x) => Math.round(x * 100) / 100)))].map((p) => () => p);
    case 'date':
      return l.durations
        .filter((d) => d.unit !== 'workday')
        .flatMap((d) => [-1, 0, 1].map((k) => (date: string) => addDays(d.unit === 'day' ? addDays(date, -d.amount) : addMonths(date, -(d.unit === 'year' ? 12 : 1) * d.amount), k)));
    case 'bool':
      return [() => true, () => false];
    default:
      return [];
  }
}
