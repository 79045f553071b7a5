/**
 * A seeded generator of applications to a policy, read from its rule graph: dates on and around the
 * validity window, facts on and around every amount, rate and threshold the policy states (a cap
 * exactly, one fen under and over; a count at a threshold and a hair off it; a date exactly a
 * duration before the application and a day either side), histories in the same and other years,
 * other funding for the same and another project. Used by `pol export --format cases`, the cross-checks
 * and the application-schema tests.
 */
import type { Graph, GraphNode, ValueType } from '../../ir/schema.ts';
import { addDays, addMonths } from '../../eval/values.ts';
import { validityWindow } from '../../eval/evaluate.ts';

export { rng } from './rng.ts';
import { rng } from './rng.ts';

export class Gen {
  constructor(readonly r: () => number) {}
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.r() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.r() * xs.length)]!;
  }
  /** pick([...xs, last]) without copying xs. */
  pickOr<T>(xs: readonly T[], last: T): T {
    const i = Math.floor(this.r() * (xs.length + 1));
    return i < xs.length ? xs[i]! : last;
  }
  chance(p: number): boolean {
    return this.r() < p;
  }
}

export interface Boundaries {
  fen: number[];
  counts: number[];
  months: number[];
  days: number[];
  /** Dates the policy states (an item's date window): each, and a day either side. */
  dates: string[];
}

/** Exchange rates given to applications (CNY per unit): some make a threshold reachable to the fen. */
const RATES = [7.1, 6.25, 8, 1, 6.8912, 7.2345, 0.92, 7.125];

/** The amounts, rates, thresholds and durations the policy states, as candidate values. */
export function boundaries(graph: Graph): Boundaries {
  const money: number[] = [];
  const rates: [number, number][] = [];
  const counts: number[] = [];
  const months = new Set<number>([12]);
  const days = new Set<number>();
  const dates = new Set<string>();
  const lit = (n: GraphNode) => (n.kind === 'expr' && n.op === 'literal' ? n.value : undefined);
  for (const n of graph.nodes) {
    const l = lit(n);
    const lits = [l, ...(n.kind === 'expr' ? (n.bands ?? []).flatMap((b) => [b.lower, b.upper]) : [])];
    for (const v of lits) {
      if (!v) continue;
      if (v.type === 'money') money.push(v.fen);
      if (v.type === 'percent') rates.push([v.num, v.den]);
      if (v.type === 'count' || v.type === 'number') counts.push(v.value);
      if (v.type === 'date') for (const d of [-1, 0, 1]) dates.add(addDays(v.value, d));
      if (v.type === 'duration') {
        if (v.unit === 'year') months.add(12 * v.amount);
        if (v.unit === 'month') months.add(v.amount);
        if (v.unit === 'day') days.add(v.amount);
      }
    }
  }
  const fen = new Set<number>([0, 1, 99, 100, 101]);
  const near = (x: number) => {
    for (const d of [-2, -1, 0, 1, 2]) if (x + d >= 0) fen.add(x + d);
  };
  for (const m of money) {
    near(m);
    for (const rate of RATES) near(Math.round(m / rate));
    near(2 * m);
    for (const [num, den] of rates) if (num > 0) near(Math.floor((m * den) / num));
    // a per-unit price: the counts that reach a cap
    for (const c of money) if (c > 0 && m > 0) counts.push(Math.floor(c / m), c / m);
  }
  for (const [num, den] of rates) {
    counts.push(num / den, (100 * num) / den);
  }
  const cs = new Set<number>([0, 1, 2, 10]);
  for (const c of counts) for (const d of [-1, -0.01, -0.001, 0, 0.001, 0.01, 1]) if (c + d >= 0) cs.add(Math.round((c + d) * 1000) / 1000);
  return { fen: [...fen], counts: [...cs], months: [...months], days: [...days], dates: [...dates] };
}

export interface GenOptions {
  issued?: string;
  /** The benefit to aim at: its facts, lists and history are given more often. */
  focus?: string;
}

/** A generator of valid applications (raw JSON, as DESIGN §5 has them) to `graph`. */
export function applications(graph: Graph, seed: number, opts: GenOptions = {}): () => Record<string, unknown> {
  const g = new Gen(rng(seed));
  const b = boundaries(graph);
  const { window } = validityWindow(graph, opts.issued);
  const from = window?.from ?? '2024-01-01';
  const to = window?.to ?? '2026-12-31';
  const withAmount = graph.benefits.filter((x) => x.hasAmount);
  const focus = withAmount.find((x) => x.id === opts.focus);
  const focusInputs = new Set(focus?.inputs ?? []);
  const focusLists = new Set(focus?.lists ?? []);
  const foreign = (t: ValueType): string[] => (t.kind === 'money' && t.currency !== 'CNY' ? [t.currency] : t.kind === 'items' ? t.fields.flatMap((f) => foreign(f.type)) : []);
  const currencies = [...new Set(graph.inputs.flatMap((i) => foreign(i.type)))];
  const kinds = graph.kinds.map((k) => k.code);
  const inputName = new Map(graph.nodes.flatMap((n) => (n.kind === 'input' ? [[n.id, n.name] as const] : [])));
  const growthPairs = graph.nodes.flatMap((n) =>
    n.kind === 'expr' && n.op === 'growth' && inputName.has(n.args[0]!) && inputName.has(n.args[1]!) ? [[inputName.get(n.args[0]!)!, inputName.get(n.args[1]!)!] as const] : [],
  );
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const steps = graph.nodes.flatMap((n) => {
    const step = n.kind === 'expr' && n.op === 'steps' ? byId.get(n.args[1]!) : undefined;
    return step?.kind === 'expr' && step.value?.type === 'money' ? [step.value.fen] : [];
  });
  const rates = graph.nodes.flatMap((n) => (n.kind === 'expr' && n.op === 'literal' && n.value?.type === 'percent' ? [[n.value.num, n.value.den] as const] : []));

  const span = Math.max(0, dayDiff(from, to));
  const date = (): string =>
    g.pick([
      () => addDays(from, -1),
      () => from,
      () => addDays(from, 1),
      () => addDays(to, -1),
      () => to,
      () => addDays(to, 1),
      () => addDays(from, g.int(0, span)),
      () => addDays(from, g.int(0, span)),
      () => addDays(from, g.int(0, span)),
      () => `${g.int(Number(from.slice(0, 4)), Number(to.slice(0, 4)))}-02-${g.pick(['28', '29'])}`,
    ])();
  const yuan = (): number =>
    g.pick([
      () => g.pick(b.fen) / 100,
      () => g.pick(b.fen) / 100,
      () => g.int(0, 10 ** g.int(0, 12)) / 100,
      () => g.int(0, 999999),
      () => g.int(0, 1e8) / 100 + g.int(0, 10) * 1e8,
    ])();
  const count = (): number =>
    g.pick([() => g.pick(b.counts), () => g.pick(b.counts), () => g.int(0, 200), () => g.int(0, 100000) / 100, () => g.int(0, 10 ** 6) / 1000])();
  const pastDate = (appDate: string): string => {
    const d = g.pick([0, -1, 1, 0, g.int(-400, 400)]);
    if (b.days.length > 0 && g.chance(0.3)) return addDays(addDays(appDate, -g.pick(b.days)), d);
    return addDays(addMonths(appDate, -g.pick(b.months)), d);
  };
  const date29 = (s: string) => (isDate(s) ? s : s.replace(/-29$/, '-28'));
  // item lists (清单) and the texts compared with 申报人
  const applicantTexts = graph.nodes.some((n) => n.kind === 'expr' && n.op === 'isApplicant');
  const { itemList, payerOf, payers } = itemGen(g, b, applicantTexts, count, pastDate);

  return () => {
    const appDate = date29(date());
    const facts: Record<string, unknown> = {};
    for (const i of graph.inputs) {
      if (!g.chance(focusInputs.has(i.name) ? 0.92 : 0.35)) continue;
      switch (i.type.kind) {
        case 'money':
          facts[i.name] = yuan();
          break;
        case 'count':
          facts[i.name] = count();
          break;
        case 'number':
          facts[i.name] = g.chance(0.2) ? -count() : count();
          break;
        case 'percent':
          facts[i.name] = g.pick([0, 5, 10, 9.99, 10.01, 50, 100, 150, g.int(0, 20000) / 100]);
          break;
        case 'bool':
          facts[i.name] = g.chance(0.6);
          break;
        case 'date':
          facts[i.name] = pastDate(appDate);
          break;
        case 'duration':
          facts[i.name] = g.pick(['1年', '3年', '5年', '6个月', '36个月', '30日']);
          break;
        case 'items':
          facts[i.name] = itemList(i.type.fields, appDate);
          break;
        default: {
          // a choice input (选项(…)) takes one of its options
          const options = (i.type as { options?: string[] }).options;
          facts[i.name] = options ? g.pick(options) : g.pick(['是', '否', 'x']);
          if (!options && applicantTexts) payerOf(facts, i.name);
        }
      }
    }
    const lists: Record<string, unknown> = {};
    for (const l of graph.lists) {
      if (!g.chance(focusLists.has(l.id) ? 0.9 : 0.4)) continue;
      const member = g.chance(0.75);
      lists[l.id] = g.chance(0.7) ? { member, firstTime: member && g.chance(0.6) } : { member };
    }
    const year = Number(appDate.slice(0, 4));
    const history = Array.from({ length: g.pick([0, 0, 1, 1, 2, 3]) }, () => ({
      benefit: focus && g.chance(0.6) ? focus.id : g.chance(0.9) && withAmount.length > 0 ? g.pick(withAmount).id : '其他扶持',
      date: g.pick([`${year}-01-01`, `${year}-12-31`, `${year - 1}-12-31`, `${year + 1}-01-01`, addDays(appDate, -g.int(0, 500))]),
      grantedFen: g.pickOr(b.fen, g.int(0, 2e8)),
    }));
    const project = g.pick(['P-001', 'P-002', undefined]);
    const otherFunding = Array.from({ length: g.pick([0, 0, 0, 1, 2]) }, () => ({
      level: g.pick(['national', 'provincial', 'municipal'] as const),
      project: g.pick(['P-001', 'P-002', 'P-009']),
      ...(g.chance(0.5) ? { amountFen: g.int(0, 1e8) } : {}),
    }));
    const app: Record<string, unknown> = {
      date: appDate,
      applicant: { id: `A${g.int(1, 5)}`, name: '某公司', kind: g.chance(0.85) && focus ? g.pick(focus.applicants) : g.pick(kinds) },
      facts,
    };
    if (project) app.project = project;
    if (applicantTexts) {
      // 付款方 = 申报人: the applicant's id as written (lower case, full-width, spaces), its name, or another
      const a = app.applicant as { id: string; name?: string };
      if (g.chance(0.15)) delete a.name;
      for (const fix of payers.splice(0)) fix(a.id, a.name ?? '某公司');
    }
    if (Object.keys(lists).length > 0 || g.chance(0.5)) app.lists = lists;
    if (history.length > 0 || g.chance(0.3)) app.history = history;
    if (otherFunding.length > 0) app.otherFunding = otherFunding;
    if (currencies.length > 0) {
      app.exchangeRates = Object.fromEntries(currencies.map((c) => [c, g.pick(RATES)]));
    }
    // growth(x, y) at a stated rate: x on and around y × (1 + rate)
    for (const [x, y] of growthPairs) {
      if (typeof facts[x] === 'number' && typeof facts[y] === 'number' && g.chance(0.6)) {
        const [num, den] = rates.length > 0 ? g.pick(rates) : [1, 10];
        const base = Math.round((facts[y] as number) * 100);
        facts[x] = Math.max(0, Math.floor((base * (den + num)) / den) + g.pick([-1, 0, 0, 1])) / 100;
      } else if (steps.length > 0 && g.chance(0.4)) {
        // an increase of a few whole steps (每增加1000万元), a fen either side, over a small base
        const base = g.int(1, 10 ** g.int(2, 10));
        facts[y] = base / 100;
        facts[x] = (base + g.int(1, 12) * g.pick(steps) + g.pick([-1, 0, 0, 1])) / 100;
      }
    }
    return app;
  };
}

/**
 * Item lists (清单): empty, a few or many items, dates on the policy's date windows, amounts small enough
 * for a list's sum to stay within one fact's bounds, and every text compared with 申报人 the applicant
 * (its id as written, its name) or another, filled in once the applicant is chosen (`payers`).
 */
function itemGen(g: Gen, b: Boundaries, applicantTexts: boolean, count: () => number, pastDate: (appDate: string) => string) {
  const payers: ((id: string, name: string) => void)[] = [];
  /** A text compared with 申报人: filled in once the applicant is chosen. */
  const payerOf = (o: Record<string, unknown>, key: string): void => {
    const k = g.int(0, PAYERS.length - 1);
    payers.push((id, name) => (o[key] = PAYERS[k]!(id, name)));
  };
  const itemList = (fields: { name: string; type: ValueType }[], appDate: string): Record<string, unknown>[] =>
    Array.from({ length: g.pick([0, 1, 2, 3, 3, 4, 5, 6, 8, g.int(10, 40)]) }, () => {
      const item: Record<string, unknown> = {};
      for (const f of fields) {
        switch (f.type.kind) {
          case 'money':
            item[f.name] = g.chance(0.3) ? g.pick(b.fen) / 100 : g.int(0, 10 ** g.int(2, 9)) / 100;
            break;
          case 'count':
            item[f.name] = count();
            break;
          case 'number':
          case 'percent':
            item[f.name] = g.chance(0.2) ? -count() : count();
            break;
          case 'bool':
            item[f.name] = g.chance(0.6);
            break;
          case 'date':
            item[f.name] = b.dates.length > 0 && g.chance(0.6) ? g.pick(b.dates) : pastDate(appDate);
            break;
          case 'duration':
            item[f.name] = g.pick(['1年', '3年', '6个月', '30日']);
            break;
          default: {
            const options = (f.type as { options?: string[] }).options;
            if (options) item[f.name] = g.pick(options);
            else {
              item[f.name] = g.pick(['是', '否', 'x']);
              if (applicantTexts) payerOf(item, f.name);
            }
          }
        }
      }
      return item;
    });
  return { itemList, payerOf, payers };
}

/** A text field of an item: the applicant's id as written (lower case, full-width, spaces), its name, or another's. */
const PAYERS: ((id: string, name: string) => string)[] = [
  (id) => id,
  (id) => id,
  (id) => id.toLowerCase(),
  (id) => ` ${id}\u3000`,
  (id) => id.replace(/[0-9A-Z]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)),
  (id) => `${id.slice(0, 1)} ${id.slice(1)}`,
  (_id, name) => name,
  (_id, name) => ` ${name} `,
  (_id, name) => `${name}分公司`,
  () => 'A9',
  () => '另一家公司',
];

function dayDiff(a: string, b: string): number {
  let n = 0;
  for (let d = a; d < b && n < 5000; d = addDays(d, 30)) n += 30;
  return n;
}

function isDate(s: string): boolean {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
}
