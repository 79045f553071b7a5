/** Shared by the export tests: the dsl policies compiled, and the JSON Logic cross-check. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import jsonLogic from 'json-logic-js';
import { compile } from '../../src/pipeline.ts';
import { validateGraph } from '../../src/ir/validate.ts';
import type { Graph } from '../../src/ir/schema.ts';
import { evaluate, validateApplication } from '../../src/eval/index.ts';
import { jsonLogicData, toJsonLogic, type JsonLogicExport } from '../../src/export/to-jsonlogic.ts';
import { LogicEngine } from 'json-logic-engine';
import { setFlagsFromString } from 'node:v8';
import { expect } from 'vitest';
import { ROOT } from '../support/cli.ts';
import { applications } from './generate.ts';

/** Issuance date given to drafts (the seed has none). */
export const ISSUED = '2024-01-01';

/** The graphs compiled so far in this worker, by file (the test files share a worker's modules: each .pol is compiled once while its text stays the same). */
const compiledFiles = new Map<string, { text: string; graph: Graph }>();

/** A .pol of the repository compiled: the same graph for the same text, frozen (a test that would change it throws; tests change copies). */
export function compileFile(file: string): Graph {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const known = compiledFiles.get(file);
  if (known?.text === text) return known.graph;
  const r = compile(text, file, { validate: validateGraph });
  if (!r.graph) throw new Error(`${file}: ${r.diagnostics.map((d) => d.code).join(', ')}`);
  compiledFiles.set(file, { text, graph: deepFreeze(r.graph) });
  return r.graph;
}

function deepFreeze<T>(x: T): T {
  if (typeof x === 'object' && x !== null && !Object.isFrozen(x)) {
    Object.freeze(x);
    for (const v of Object.values(x)) deepFreeze(v);
  }
  return x;
}

export function policy(source: string, file = 'inline.pol'): Graph {
  const r = compile(source, file, { validate: validateGraph });
  if (!r.graph) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.span.line}:${d.span.col} ${JSON.stringify(d.args)}`).join('\n'));
  return r.graph;
}

/** Every .pol under dsl/. */
export const DSL = readdirSync(join(ROOT, 'dsl'))
  .filter((f) => f.endsWith('.pol'))
  .map((f) => `dsl/${f}`);

export function exported(graph: Graph, issued?: string): JsonLogicExport {
  const r = toJsonLogic(graph, { issued: graph.policy.issued ? undefined : (issued ?? ISSUED) });
  if (!r.value) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.span.line}:${d.span.col} ${JSON.stringify(d.args)}`).join('\n'));
  return r.value;
}

export interface Disagreement {
  app: unknown;
  benefit: string;
  evaluate: { eligible: boolean; ceilingFen: number };
  engines: Record<string, { eligible: unknown; ceilingFen: unknown }>;
}

/** The two independent JavaScript engines the exported rules must agree on. */
export const ENGINES = ['json-logic-js', 'json-logic-engine'] as const;

type Engines = Record<(typeof ENGINES)[number], (data: unknown) => unknown>;
const enginesOfRule = new WeakMap<object, Engines>();

/** Each engine's function of a rule (json-logic-engine compiles it once per rule, not once per application). */
function enginesOf(rule: unknown): Engines {
  const cached = typeof rule === 'object' && rule !== null ? enginesOfRule.get(rule) : undefined;
  if (cached) return cached;
  const built = new LogicEngine().build(rule as never) as unknown as (data: unknown) => unknown;
  const engines: Engines = { 'json-logic-js': (data) => jsonLogic.apply(rule as never, data), 'json-logic-engine': (data) => built(data) };
  if (typeof rule === 'object' && rule !== null) enginesOfRule.set(rule, engines);
  return engines;
}

/**
 * Generate `count` applications, aimed at each benefit in turn, evaluate them with `evaluate` and with
 * the JSON Logic of every benefit on both engines, and list where they differ (at most `keep`).
 *
 * Both rules of every benefit run on both engines, every application, each sub-rule written more than
 * once evaluated once per data object (its value depends on that data only) and read where it stands:
 * json-logic-js through `sharedOnce` (each benefit's ceiling inside its eligibility and, under 就高不就低,
 * inside every benefit's ceiling; an item list's sum read by the condition and the amount; an item's test
 * of 付款方 = 申报人 read several times per item), json-logic-engine through `engineSharedOnce` (where the
 * data is the application: the ceilings), each rule compiled once by json-logic-engine into its own function.
 */
export function crossCheck(graph: Graph, rules: JsonLogicExport, count: number, seed: number, keep?: number): { checked: number; eligible: Record<string, number>; differing: number; disagreements: Disagreement[] };
/** The same for one benefit only (applications aimed at it): `eligible` counts that benefit's. */
export function crossCheck(graph: Graph, rules: JsonLogicExport, focus: string, count: number, seed: number): { checked: number; eligible: number; differing: number; disagreements: Disagreement[] };
export function crossCheck(graph: Graph, rules: JsonLogicExport, a: number | string, b: number, c?: number): { checked: number; eligible: Record<string, number> | number; differing: number; disagreements: Disagreement[] } {
  if (typeof a === 'string') {
    const one = { ...rules, benefits: { [a]: rules.benefits[a]! } };
    const r = crossCheckAll(graph, one, b, c!, 5);
    return { ...r, eligible: r.eligible[a]! };
  }
  return crossCheckAll(graph, rules, a, b, c ?? 5);
}

function crossCheckAll(graph: Graph, rules: JsonLogicExport, count: number, seed: number, keep: number): { checked: number; eligible: Record<string, number>; differing: number; disagreements: Disagreement[] } {
  const issued = graph.policy.issued ? undefined : ISSUED;
  const ids = Object.keys(rules.benefits);
  const all = graph.benefits.filter((x) => x.hasAmount).map((x) => x.id);
  const gens = ids.map((focus, i) => applications(graph, seed + i, { issued, focus }));
  const fns = ids.map((id) => ({ id, rule: rules.benefits[id]! }));
  const disagreements: Disagreement[] = [];
  const eligible: Record<string, number> = Object.fromEntries(ids.map((id) => [id, 0]));
  let differing = 0;
  const tuned = unoptimizedHugeFunctions();
  const both = ids.flatMap((id) => [rules.benefits[id]!.eligible, rules.benefits[id]!.ceilingFen]);
  const js = sharedOnce(both);
  const engine = engineSharedOnce(both);
  try {
    for (let i = 0; i < count; i++) {
      const raw = gens[i % gens.length]!();
      const v = validateApplication(graph, raw);
      if (!v.ok) throw new Error(`generated an invalid application: ${JSON.stringify(v.errors)} ${JSON.stringify(raw)}`);
      const every = evaluate(graph, v.application, { ...(issued ? { issued } : {}), explain: false }).results;
      const data = jsonLogicData(graph, raw);
      const jsOf = js.apply(data);
      const engineOf = engine(data);
      for (const f of fns) {
        const r = every[all.indexOf(f.id)]!;
        if (r.eligible) eligible[f.id]!++;
        const got: Disagreement['engines'] = {
          'json-logic-js': { eligible: jsOf(f.rule.eligible), ceilingFen: jsOf(f.rule.ceilingFen) },
          'json-logic-engine': { eligible: engineOf(f.rule.eligible), ceilingFen: engineOf(f.rule.ceilingFen) },
        };
        if (ENGINES.some((name) => got[name]!.eligible !== r.eligible || got[name]!.ceilingFen !== r.ceilingFen)) {
          differing++;
          if (disagreements.length < keep) disagreements.push({ app: raw, benefit: f.id, evaluate: { eligible: r.eligible, ceilingFen: r.ceilingFen }, engines: got });
        }
      }
    }
  } finally {
    js.restore();
    tuned.restore();
  }
  return { checked: count, eligible, differing, disagreements };
}

/** The operations whose later operands are evaluated per element of an array (on the element, or on a `{current, accumulator}` object). */
const SCOPED = new Set(['map', 'filter', 'reduce', 'all', 'some', 'none']);

/** A rule as the engines read it: its operation (null for a list) and operands, each marked if evaluated on the rule's own data; null for a literal or a `var`. */
function operands(x: object): { op: string | null; list: unknown[]; here: (i: number) => boolean } | null {
  if (Array.isArray(x)) return { op: null, list: x, here: () => true };
  const keys = Object.keys(x);
  if (keys.length !== 1 || keys[0] === 'var') return null;
  const op = keys[0]!;
  const args = (x as Record<string, unknown>)[op];
  return { op, list: Array.isArray(args) ? args : [args], here: (i) => !SCOPED.has(op) || i === 0 || (op === 'reduce' && i === 2) };
}

/** The operation that stands where a shared sub-rule stood (no exported rule names it: checked). */
const SHARED = '\u0000shared';

/**
 * The sub-rules of `rules` written more than once (found by their JSON text; not lists of rules, and from
 * 40 characters: smaller ones cost less to run than to look up), each rewritten with `{"␀shared": k}`
 * where shared sub-rule k stood, and the rules rewritten likewise. `everywhere`: also inside the operands
 * evaluated per element of a list (else only where the data is the rule's own). Undefined where a rule
 * names the operation itself.
 */
function shareSubRules(rules: unknown[], everywhere: boolean): { inner: unknown[]; rewritten: Map<unknown, unknown> } | undefined {
  // a sub-rule's text: equal texts are the same sub-rule
  const texts = new WeakMap<object, string>();
  const text = (x: object): string => {
    let t = texts.get(x);
    if (t === undefined) texts.set(x, (t = JSON.stringify(x)));
    return t;
  };
  if (rules.some((r) => typeof r === 'object' && r !== null && text(r).includes(JSON.stringify(SHARED).slice(1, -1)))) return undefined;
  // how often each sub-rule is written, across all the rules (and one of its objects)
  const held = new Map<string, { n: number; rule: object }>();
  const count = (x: unknown): void => {
    if (typeof x !== 'object' || x === null) return;
    const t = text(x);
    const h = held.get(t);
    if (h) return void h.n++;
    held.set(t, { n: 1, rule: x });
    const o = operands(x);
    o?.list.forEach((a, i) => {
      if (everywhere || o.here(i)) count(a);
    });
  };
  rules.forEach(count);
  const shared = [...held].filter(([t, h]) => h.n > 1 && !t.startsWith('[') && t.length >= 40);
  const index = new Map(shared.map(([t], k) => [t, k]));
  const rewrite = (x: unknown, top: boolean): unknown => {
    if (typeof x !== 'object' || x === null) return x;
    const k = top ? undefined : index.get(text(x));
    if (k !== undefined) return { [SHARED]: k };
    const o = operands(x);
    if (!o) return x;
    const list = o.list.map((a, i) => (everywhere || o.here(i) ? rewrite(a, false) : a));
    return o.op === null ? list : { [o.op]: list };
  };
  return { inner: shared.map(([, h]) => rewrite(h.rule, true)), rewritten: new Map(rules.map((r) => [r, rewrite(r, false)])) };
}

/** Shared sub-rule k's value on `data`, found once per data object (`values`: per data object, the values found so far). */
function valueOnce(values: WeakMap<object, Map<number, unknown>>, k: number, data: unknown, run: (k: number, data: unknown) => unknown): unknown {
  if (typeof data !== 'object' || data === null) return run(k, data);
  let known = values.get(data);
  if (!known) values.set(data, (known = new Map()));
  if (known.has(k)) return known.get(k);
  const v = run(k, data);
  known.set(k, v);
  return v;
}

/** The per-application state of json-logic-js's SHARED operation: the shared sub-rules (rewritten), and the values found so far. */
let jsSharing: { inner: unknown[]; values: WeakMap<object, Map<number, unknown>> } | undefined;

const jsApply = (k: number, data: unknown): unknown => jsonLogic.apply(jsSharing!.inner[k] as never, data);

/** `{SHARED: k}` on json-logic-js: its value of shared sub-rule k on the data it is evaluated on (`this`). */
function jsSharedValue(this: unknown, k: number): unknown {
  return valueOnce(jsSharing!.values, k, this, jsApply);
}

/**
 * json-logic-js on `rules`, each sub-rule written more than once evaluated once per data object it is
 * evaluated on.
 *
 * json-logic-js's `apply(rule, data)` is a pure recursive interpreter: an operation's value depends only
 * on the rule and the data it is applied to (an operand is applied to the same data, or, for the per-element
 * operands of map/filter/reduce/all/some/none, to each element or to a `{current, accumulator}` object
 * json-logic-js makes per element), and nothing changes the data. So a sub-rule S written more than once
 * (in one rule or several, at any depth; found by its JSON text) has one value per data object. Each rule
 * is rewritten once, with `{"␀shared": k}` where each such S stood (and likewise inside each S): an
 * operation of json-logic-js's own (`add_operation`) that json-logic-js calls with the data object S would
 * have been applied to (its `this`), and that returns json-logic-js's `apply(S, data)` — the first time for
 * that data object; later, that value again. S is applied only when json-logic-js reaches it, as before
 * (inside a branch that `if`, `and` or `or` takes, per element of a list), and one that throws throws again
 * wherever it is reached. The data is json-logic-js's own, unchanged; the values are forgotten after each
 * application.
 */
function sharedOnce(rules: unknown[]): { apply: (data: object) => (rule: unknown) => unknown; restore: () => void } {
  const s = shareSubRules(rules, true);
  if (!s) return { apply: (data) => (rule) => jsonLogic.apply(rule as never, data), restore: () => {} };
  jsonLogic.add_operation(SHARED, jsSharedValue);
  return {
    apply: (data) => {
      jsSharing = { inner: s.inner, values: new WeakMap() };
      return (rule) => jsonLogic.apply((s.rewritten.has(rule) ? s.rewritten.get(rule) : rule) as never, data);
    },
    restore: () => {
      jsonLogic.rm_operation(SHARED);
      jsSharing = undefined;
    },
  };
}

/**
 * json-logic-engine on `rules`, each compiled once, each sub-rule written more than once where the data is
 * the application (each benefit's ceiling inside its eligibility and, under 就高不就低, inside every benefit's
 * ceiling) run once per application: it is compiled on its own, and the rules are compiled with
 * `{"␀shared": k}` in its place, a method of a LogicEngine of their own that runs that function on the data
 * (json-logic-engine's `context`: the application) the first time, and gives its value again after. As
 * for json-logic-js, a sub-rule's value depends only on the data; every operation of every rule still
 * runs on json-logic-engine, compiled by it, at least once per application.
 */
function engineSharedOnce(rules: unknown[]): (data: object) => (rule: unknown) => unknown {
  const s = shareSubRules(rules, false);
  if (!s) return (data) => (rule) => enginesOf(rule)['json-logic-engine'](data);
  const engine = new LogicEngine();
  let values = new WeakMap<object, Map<number, unknown>>();
  const run = (k: number, data: unknown): unknown => inner[k]!(data);
  engine.addMethod(SHARED, { method: (args: unknown, context: unknown) => valueOnce(values, Array.isArray(args) ? (args[0] as number) : (args as number), context, run), lazy: false }, { deterministic: false });
  const build = (rule: unknown) => engine.build(rule as never) as unknown as (data: unknown) => unknown;
  const inner = s.inner.map(build);
  const built = new Map([...s.rewritten].map(([rule, r]) => [rule, build(r)]));
  return (data) => {
    values = new WeakMap();
    return (rule) => built.get(rule)!(data);
  };
}

/**
 * V8's optimizing compiler spends more CPU on json-logic-engine's generated function of a large rule
 * (the rules of a policy with 就高不就低 hold every benefit's ceiling: tens of KB of bytecode for expo, a few
 * KB for the seed) than the 10,000 calls it would speed up — three times the cross-check's CPU for
 * dsl/expo-support-en.pol, twice for the seed. While the engines run, functions above 4 KB of bytecode
 * stay in V8's baseline tiers (same results: only which machine code runs them changes); V8's default
 * (61,440 bytes, `node --v8-options`) comes back after, as the test files share their worker.
 */
function unoptimizedHugeFunctions(): { restore: () => void } {
  setFlagsFromString('--max-optimized-bytecode-size=4096');
  return { restore: () => setFlagsFromString('--max-optimized-bytecode-size=61440') };
}

/**
 * Hand-made applications to test/cases/reach/good/items.pol at the edges of 付款方 = 申报人 and the
 * date window: white space JavaScript strips (no-break space, ideographic space, BOM), full-width and
 * lower-case ids, the name with and without spaces, an applicant without a name, the window's ends.
 */
export function itemEdgeApplications(): Record<string, unknown>[] {
  const id = '91440101MA59TEXT0R';
  const invoice = (开票日期: string, 发票金额: number, 付款方: string) => ({ 开票日期, 发票金额, 付款方, 类别: '广告' });
  const payers = [id, '\u00a091440101ma59text0r\ufeff', '９１４４０１０１ＭＡ５９ＴＥＸＴ０Ｒ', '9144 0101 MA59 TEXT 0R', '\u3000广州某科技有限公司\u2028', '广州某 科技有限公司', '广州某科技有限公司', '', ' '];
  const apps: Record<string, unknown>[] = [];
  for (const name of ['广州某科技有限公司', ' 广州某科技有限公司\u00a0', '', undefined]) {
    for (const [i, p] of payers.entries()) {
      const items = [invoice('2023-01-01', 100000.01, p), invoice('2023-12-31', 0.01, p), invoice('2022-12-31', 5, p), invoice('2024-01-01', 7, id), invoice('2023-06-30', (123456 * (i + 1)) / 100, id)];
      apps.push({ date: '2024-03-01', applicant: { id, ...(name === undefined ? {} : { name }), kind: 'enterprise' }, facts: { 推广发票: items } });
    }
  }
  return apps;
}

/** One application: `evaluate` and the benefit's rules on both engines give the same decision (asserted); that decision. */
export function agreeOn(graph: Graph, rules: JsonLogicExport, app: Record<string, unknown>, benefit: string): { eligible: boolean; ceilingFen: number } {
  const issued = graph.policy.issued ? undefined : ISSUED;
  const v = validateApplication(graph, app);
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  const r = evaluate(graph, v.application, { ...(issued ? { issued } : {}), explain: false }).results.find((x) => x.benefit === benefit)!;
  const data = jsonLogicData(graph, app);
  for (const name of ENGINES) {
    const f = enginesOf(rules.benefits[benefit]!.ceilingFen)[name];
    const e = enginesOf(rules.benefits[benefit]!.eligible)[name];
    expect({ engine: name, eligible: e(data), ceilingFen: f(data) }, JSON.stringify(app)).toEqual({ engine: name, eligible: r.eligible, ceilingFen: r.ceilingFen });
  }
  return { eligible: r.eligible, ceilingFen: r.ceilingFen };
}
