/**
 * evaluate(graph, application): the decision for every benefit that states an amount (DESIGN §4–§5).
 * A pure function of its arguments: the graph's closures are built once per graph (compile.ts), the
 * values of one application live in one flat array, and reasons and traces are written only when asked.
 */
import { applicantIdWarning } from './identity.ts';
import { formatMessage } from '../diagnostics/catalog.ts';
import type { Graph } from '../ir/schema.ts';
import { compiled, type CompiledBenefit, type CompiledGraph, type Value } from './compile.ts';
import type { ValidityWindow } from './types.ts';
import { BenefitExplainer, excludedByHighest, prose, traceOf, keptByHighest } from './explain.ts';
import type { Application, EvalDiagnostic, EvalOptions, EvalOutput, EvalResult, GrantRecord, OtherFunding, ReferencedResult } from './types.ts';
import { DURATION_ZH } from '../values/duration.ts';
import { lastDayFromIssuance } from './values.ts';
import { addDays } from '../calendar/dates.ts';
import { didYouMean } from '../text.ts';
import { CURRENCY_WORDS } from '../values/money.ts';

export type { ValidityWindow } from './types.ts';

/** The validity of the policy, or an error message when it runs from an issuance date the draft does not have. */
export function validityWindow(graph: Graph, issued?: string): { window?: ValidityWindow; error?: string } {
  // the same issuance date comes back for every application: keep the last window per graph
  const cg = compiled(graph);
  const key = issued ?? '';
  if (cg.lastWindow?.key !== key) cg.lastWindow = { key, value: computeWindow(graph, issued) };
  return cg.lastWindow.value;
}

function computeWindow(graph: Graph, issued?: string): { window?: ValidityWindow; error?: string } {
  const p = graph.policy;
  if (p.status !== 'repealed') return statedWindow(graph, issued);
  // 废止: from the repeal date on (or altogether, when no date is stated) no application is in the window
  if (!p.repealedOn) return { window: { from: '9999-12-31', to: '0000-01-01', text: '本政策已废止' } };
  const stated = statedWindow(graph, issued);
  const lastDay = addDays(p.repealedOn, -1);
  const w = stated.window;
  const to = w?.to !== undefined && w.to < lastDay ? w.to : lastDay;
  return { window: { ...(w?.from !== undefined ? { from: w.from } : {}), to, text: `${w ? `${w.text}；` : ''}本政策自${p.repealedOn}起废止` } };
}

function statedWindow(graph: Graph, issued?: string): { window?: ValidityWindow; error?: string } {
  const v = graph.policy.validity;
  const iss = issued ?? graph.policy.issued ?? undefined;
  if (!v) return iss ? { window: { from: iss, text: `自${iss}起` } } : {};
  if (v.kind === 'range') return { window: { from: v.from, to: v.to, text: `${v.from}至${v.to}` } };
  const unitWord = DURATION_ZH[v.unit];
  if (!iss) return { error: formatMessage('POL4002', [graph.policy.id, `${v.amount}${unitWord}`]) };
  return {
    window: { from: iss, to: lastDayFromIssuance(iss, v.amount, v.unit), text: `自印发之日起${v.amount}${unitWord}，即${iss}至${lastDayFromIssuance(iss, v.amount, v.unit)}` },
  };
}

/**
 * Evaluate one application against a compiled policy. The application must have passed
 * `validateApplication` (money facts in yuan with ≤ 2 decimals, dates YYYY-MM-DD …).
 */
export function evaluate(graph: Graph, app: Application, opts: EvalOptions = {}): EvalOutput {
  const cg = compiled(graph);
  if (opts.ledger && opts.ledger.length > 0) {
    // the ledger's grants are read like the application's history (已获次数, 上年度已获, caps, 一次性)
    app = { ...app, history: grantsOf(app, opts.ledger) };
    opts = { ...opts, ledger: undefined };
  }
  const explain = opts.explain !== false;
  // the array made at its final size in the common case (no warning, or only the identity one)
  const idWarning = applicantIdWarning(app);
  let diagnostics: EvalDiagnostic[];
  if (explain) {
    diagnostics = [];
    unknownNames(cg, app, diagnostics);
    if (idWarning) diagnostics.push(idWarning);
  } else diagnostics = idWarning ? [idWarning] : [];

  const { window, error } = validityWindow(graph, opts.issued);
  if (error) {
    diagnostics.push({ code: 'POL4002', severity: 'error', message: error, path: 'issued' });
    return { policy: graph.policy.id, date: app.date, results: [], diagnostics };
  }

  if (!explain) return evaluateFast(cg, app, opts.ledger, window, diagnostics, opts.capDate ?? app.date);
  const capYear = (opts.capDate ?? app.date).slice(0, 5); // "2025-"

  // With explanations every node is computed first (the trace shows them all).
  const fns = cg.fns;
  const v: Value[] = new Array(fns.length);
  for (let i = 0; i < fns.length; i++) v[i] = fns[i]!(v, app);

  const grants = grantsOf(app, opts.ledger);
  const inWindow = !window || ((window.from === undefined || app.date >= window.from) && (window.to === undefined || app.date <= window.to));
  const funded = doubleFunding(graph, app);
  const received = topUpReceived(graph, app);

  const results: EvalResult[] = [];
  const explainers: BenefitExplainer[] = [];
  for (let i = 0; i < cg.benefits.length; i++) {
    const cb = cg.benefits[i]!;
    const ex = new BenefitExplainer(cg, cb, v, app, window);
    explainers.push(ex);
    results.push(decide(cb, v, app, grants, inWindow, funded, received, ex, capYear));
  }

  // 就高不就低: one project, several municipal benefits → only the highest ceiling stands
  if (graph.rules.highestOnly) {
    let best = -1;
    let eligibleCount = 0;
    for (let i = 0; i < results.length; i++) {
      const r = results[i]!;
      if (!r.eligible) continue;
      eligibleCount++;
      if (best < 0 || r.ceilingFen > results[best]!.ceilingFen) best = i;
    }
    if (eligibleCount > 1 && results[best]!.ceilingFen > 0) {
      const excluded: CompiledBenefit[] = [];
      for (let i = 0; i < results.length; i++) {
        const r = results[i]!;
        if (i === best || !r.eligible) continue;
        excluded.push(cg.benefits[i]!);
        r.reasons.push(excludedByHighest(cg, cg.benefits[i]!, r.ceilingFen, cg.benefits[best]!, results[best]!.ceilingFen));
        r.eligible = false;
        r.ceilingFen = 0;
      }
      results[best]!.reasons.push(keptByHighest(cg, excluded));
    }
  }

  for (let i = 0; i < results.length; i++) results[i]!.trace = traceOf(cg, cg.benefits[i]!, v, explainers[i]);
  const referenced = opts.referenced ? referencedResults(cg, v, app, inWindow, window) : [];
  return { policy: graph.policy.id, date: app.date, results, ...(referenced.length > 0 ? { referenced } : {}), diagnostics };
}

/** 参照 benefits: the same gates and conditions as decide(), reported eligible or not, with no ceiling. */
function referencedResults(cg: CompiledGraph, v: Value[], app: Application, inWindow: boolean, window: ValidityWindow | undefined): ReferencedResult[] {
  const out: ReferencedResult[] = [];
  for (const b of cg.graph.benefits) {
    if (b.hasAmount || b.reference === undefined) continue;
    const cb: CompiledBenefit = {
      benefit: b,
      applicants: b.applicants,
      conditions: b.conditions.map((c) => ({ idx: cg.index.get(c.node)!, text: prose(cg.graph).expr(c.node), reads: [] })),
      base: -1,
      baseReads: [],
      caps: [],
      round: -1,
      roundReads: [],
      reads: [],
    };
    const ex = new BenefitExplainer(cg, cb, v, app, window);
    let ok = true;
    if (!inWindow) {
      ok = false;
      ex.outsideValidity();
    }
    if (!b.applicants.includes(app.applicant.kind)) {
      ok = false;
      ex.wrongKind();
    }
    for (const c of cb.conditions) {
      if (v[c.idx] !== true) {
        ok = false;
        ex.conditionFailed(c, v[c.idx]);
      } else ex.conditionMet(c);
    }
    if (ok) ex.byReference(b.reference);
    out.push({ benefit: b.id, measure: b.measure, eligible: ok, reference: b.reference, reasons: ex.reasons(ok) });
  }
  return out;
}

/**
 * Decisions only: the same checks as `decide` in the same order, without words. A node is computed the first
 * time a benefit needs it (values in the graph's scratch array, stamped with this evaluation's number), and a
 * benefit stops at its first failed check, as a hand-written rule would.
 */
function evaluateFast(
  cg: CompiledGraph,
  app: Application,
  ledger: GrantRecord[] | undefined,
  window: ValidityWindow | undefined,
  diagnostics: EvalDiagnostic[],
  capDate: string,
): EvalOutput {
  if (++cg.gen === 0xffffffff) {
    cg.stamp.fill(0);
    cg.gen = 1;
  }
  const gen = cg.gen;
  const v = cg.scratch;
  const stamp = cg.stamp;
  const fns = cg.fns;
  const date = app.date;
  const open = (!window || ((window.from === undefined || date >= window.from) && (window.to === undefined || date <= window.to))) && !doubleFunding(cg.graph, app);
  const grants = grantsOf(app, ledger);
  const received = topUpReceived(cg.graph, app);
  const kind = app.applicant.kind;
  const masks = cg.kindMasks;
  let allowed: Uint8Array | undefined;
  for (let k = 0; k < masks.length; k++) {
    if (masks[k]!.kind === kind) {
      allowed = masks[k]!.mask;
      break;
    }
  }
  const benefits = cg.benefits;
  const results: EvalResult[] = new Array(benefits.length);
  let year: string | undefined; // "2025-", the annual caps' year: made when a grant is counted against one
  let best = -1;
  let eligible = 0;
  for (let i = 0; i < benefits.length; i++) {
    const cb = benefits[i]!;
    const b = cb.benefit;
    let ceiling = 0;
    decision: if (open && allowed !== undefined && allowed[i] === 1) {
      if (b.oneTime) for (let j = 0; j < grants.length; j++) if (grants[j]!.benefit === b.id) break decision;
      const conditions = cb.conditions;
      for (let k = 0; k < conditions.length; k++) {
        const c = conditions[k]!;
        const reads = c.reads;
        for (let n = 0; n < reads.length; n++) {
          const x = reads[n]!;
          if (stamp[x] !== gen) {
            v[x] = fns[x]!(v, app);
            stamp[x] = gen;
          }
        }
        if (v[c.idx] !== true) break decision;
      }
      ceiling = Number.POSITIVE_INFINITY;
      if (cb.base >= 0) {
        const reads = cb.baseReads;
        for (let n = 0; n < reads.length; n++) {
          const x = reads[n]!;
          if (stamp[x] !== gen) {
            v[x] = fns[x]!(v, app);
            stamp[x] = gen;
          }
        }
        const base = v[cb.base];
        if (base === undefined) {
          ceiling = 0;
          break decision;
        }
        ceiling = base as number;
      }
      const caps = cb.caps;
      for (let k = 0; k < caps.length; k++) {
        const cap = caps[k]!;
        const reads = cap.reads;
        for (let n = 0; n < reads.length; n++) {
          const x = reads[n]!;
          if (stamp[x] !== gen) {
            v[x] = fns[x]!(v, app);
            stamp[x] = gen;
          }
        }
        const capFen = v[cap.idx] as number | undefined;
        if (capFen === undefined) {
          ceiling = 0;
          break decision;
        }
        let left = capFen;
        if (cap.scope !== 'once') {
          const total = cap.scope === 'total';
          for (let j = 0; j < grants.length; j++) {
            const g = grants[j]!;
            if (g.benefit === b.id && (total || g.date.startsWith((year ??= capDate.slice(0, 5))))) left -= g.grantedFen;
          }
        }
        if (left < ceiling) ceiling = left;
      }
      if (cb.round >= 0 && ceiling > 0) {
        // 取整至: the capped amount rounded down to a multiple of the unit
        const reads = cb.roundReads;
        for (let n = 0; n < reads.length; n++) {
          const x = reads[n]!;
          if (stamp[x] !== gen) {
            v[x] = fns[x]!(v, app);
            stamp[x] = gen;
          }
        }
        ceiling = roundedDown(ceiling, v[cb.round] as number | undefined);
      }
      if (!(ceiling > 0)) ceiling = 0;
      if (received > 0) ceiling = ceiling > received ? ceiling - received : 0;
    }
    if (ceiling > 0) {
      eligible++;
      if (best < 0 || ceiling > results[best]!.ceilingFen) best = i;
    }
    results[i] = { benefit: b.id, measure: b.measure, eligible: ceiling > 0, ceilingFen: ceiling, reasons: NONE, trace: NONE };
  }
  // 就高不就低
  if (eligible > 1 && cg.graph.rules.highestOnly) {
    for (let i = 0; i < results.length; i++) {
      const r = results[i]!;
      if (i !== best && r.eligible) {
        r.eligible = false;
        r.ceilingFen = 0;
      }
    }
  }
  return { policy: cg.graph.policy.id, date, results, diagnostics };
}


/** One benefit, with explanations: every check is made (all reasons are reported), in the order of evaluateFast. */
function decide(
  cb: CompiledBenefit,
  v: Value[],
  app: Application,
  grants: GrantRecord[],
  inWindow: boolean,
  funded: OtherFunding | undefined,
  received: number,
  ex: BenefitExplainer,
  year: string,
): EvalResult {
  const b = cb.benefit;
  let ok = true;
  if (!inWindow) {
    ok = false;
    ex.outsideValidity();
  }
  if (!cb.applicants.includes(app.applicant.kind)) {
    ok = false;
    ex.wrongKind();
  }
  if (funded) {
    ok = false;
    ex.doubleFunded(funded);
  }
  if (b.oneTime) {
    for (let j = 0; j < grants.length; j++) {
      const g = grants[j]!;
      if (g.benefit === b.id) {
        ok = false;
        ex.alreadyGranted(g);
        break;
      }
    }
  }
  for (let k = 0; k < cb.conditions.length; k++) {
    const c = cb.conditions[k]!;
    const x = v[c.idx];
    if (x !== true) {
      ok = false;
      ex.conditionFailed(c, x);
    } else ex.conditionMet(c);
  }
  if (!ok) return result(b.id, b.measure, false, 0, ex);

  let ceiling = Number.POSITIVE_INFINITY;
  if (cb.base >= 0) {
    const x = v[cb.base];
    if (x === undefined) {
      ex.amountUnknown(cb.base);
      return result(b.id, b.measure, false, 0, ex);
    }
    ceiling = x as number;
    ex.base(cb.base);
  }
  for (let k = 0; k < cb.caps.length; k++) {
    const cap = cb.caps[k]!;
    const capFen = v[cap.idx] as number | undefined;
    if (capFen === undefined) {
      ex.amountUnknown(cap.idx);
      return result(b.id, b.measure, false, 0, ex);
    }
    let used = 0;
    if (cap.scope !== 'once') {
      for (let j = 0; j < grants.length; j++) {
        const g = grants[j]!;
        if (g.benefit === b.id && (cap.scope === 'total' || g.date.startsWith(year))) used += g.grantedFen;
      }
    }
    const left = capFen - used > 0 ? capFen - used : 0;
    if (left < ceiling) ceiling = left;
    ex.cap(cap, capFen, used, left);
  }
  if (ceiling < 0) ceiling = 0;
  if (cb.round >= 0 && ceiling > 0) {
    const unit = v[cb.round] as number | undefined;
    const after = roundedDown(ceiling, unit);
    ex.roundedAfterCaps(ceiling, unit ?? 0, after);
    ceiling = after;
  }
  if (received > 0 && ceiling > 0) {
    const after = ceiling > received ? ceiling - received : 0;
    ex.toppedUp(ceiling, received, after);
    ceiling = after;
  }
  ex.ceiling(ceiling);
  // conditions met but nothing to give (an amount of 0, a cap used up): not eligible
  return ceiling > 0 ? result(b.id, b.measure, true, ceiling, ex) : result(b.id, b.measure, false, 0, ex);
}

/** 取整至: `fen` rounded down to a whole multiple of `unit` (0 when the unit is unknown or not positive). */
function roundedDown(fen: number, unit: number | undefined): number {
  if (unit === undefined || !(unit > 0) || !Number.isFinite(fen)) return 0;
  return fen - (fen % unit);
}

/** Reasons and trace of a result evaluated without explanations: empty, shared, frozen. */
const NONE = Object.freeze([]) as unknown as never[];

function result(benefit: string, measure: string, eligible: boolean, ceilingFen: number, ex: BenefitExplainer): EvalResult {
  return { benefit, measure, eligible, ceilingFen, reasons: ex.reasons(eligible), trace: [] };
}

/** The applicant's past grants: the application's history plus the ledger's records for this applicant. */
function grantsOf(app: Application, ledger: GrantRecord[] | undefined): GrantRecord[] {
  const h = app.history ?? [];
  if (!ledger || ledger.length === 0) return h;
  return [...h, ...ledger.filter((g) => g.applicantId === undefined || g.applicantId === app.applicant.id)];
}

/** 补足差额: the funds of the listed levels this same project already received, in fen (0 without the rule). */
function topUpReceived(graph: Graph, app: Application): number {
  const rule = graph.rules.topUp;
  const funds = app.otherFunding;
  if (!rule || !funds || app.project === undefined) return 0;
  let sum = 0;
  for (const f of funds) if (f.project === app.project && rule.levels.includes(f.level)) sum += f.amountFen ?? 0;
  return sum;
}

/** 不重复支持: funds of a listed level for this same project. */
function doubleFunding(graph: Graph, app: Application): OtherFunding | undefined {
  const rule = graph.rules.noDoubleFunding;
  const funds = app.otherFunding;
  if (!rule || !funds || app.project === undefined) return undefined;
  for (let i = 0; i < funds.length; i++) {
    const f = funds[i]!;
    if (f.project === app.project && rule.levels.includes(f.level)) return f;
  }
  return undefined;
}

/** Facts and lists the policy does not declare: likely typos, named in warnings. */
const benefitIdsOf = new WeakMap<CompiledGraph, Set<string>>();

export function unknownNames(cg: CompiledGraph, app: Application, out: EvalDiagnostic[]): void {
  const facts = app.facts;
  if (facts) for (const k in facts) if (Object.hasOwn(facts, k) && !cg.inputNames.has(k)) out.push({ code: 'POL4101', severity: 'warning', message: formatMessage('POL4101', [k, suggest(k, cg.inputNames)]), path: `facts.${k}` });
  const lists = app.lists;
  if (lists) for (const k in lists) if (Object.hasOwn(lists, k) && !cg.listNames.has(k)) out.push({ code: 'POL4102', severity: 'warning', message: formatMessage('POL4102', [k, suggest(k, cg.listNames)]), path: `lists.${k}` });
  // 汇率: the policy's own rate wins; a different rate in the application is named
  const fixed = cg.graph.policy.exchangeRates;
  if (fixed && app.exchangeRates) {
    for (const [c, r] of Object.entries(app.exchangeRates)) {
      const own = fixed[c];
      if (own !== undefined && own !== r) {
        out.push({ code: 'POL4120', severity: 'warning', message: formatMessage('POL4120', [c, r, `1${CURRENCY_WORDS[c] ?? c}=${own}元`]), path: `exchangeRates.${c}` });
      }
    }
  }
  const history = app.history;
  if (!history || history.length === 0) return;
  let benefitIds = benefitIdsOf.get(cg);
  if (!benefitIds) benefitIdsOf.set(cg, (benefitIds = new Set(cg.graph.benefits.map((b) => b.id))));
  for (let i = 0; i < history.length; i++) {
    const h = history[i]!;
    if (!benefitIds.has(h.benefit)) out.push({ code: 'POL4103', severity: 'warning', message: formatMessage('POL4103', [h.benefit]), path: `history[${i}].benefit` });
  }
}

/** "（是否想写“推广费用”？）" for the closest declared name, when one is close. */
function suggest(name: string, known: Set<string>): string {
  return didYouMean(name, known).zh;
}
