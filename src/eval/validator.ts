/**
 * The application check compiled once per policy: one function generated from the graph's inputs, lists
 * and kinds, which accepts exactly what the zod schema (schema.ts) accepts and returns the same parsed value
 * (unknown keys dropped where zod drops them, shape order kept) — or, when the application already is that
 * value (nothing to drop or fill in), the application itself, checked in place without a copy. It answers
 * only "valid": anything it does not accept goes to the zod schema, which words every error — so messages
 * come from one place, and the common case (a valid application) costs a fraction of a zod parse. test/eval/validator.test.ts checks
 * both agree on generated and mutated applications.
 */
import type { Graph, ValueType } from '../ir/schema.ts';
import { CONTROL_CHARS, TEXT_LIMITS, withinChars } from '../values/limits.ts';
import { compiled } from './compile.ts';
import { unknownNames } from './evaluate.ts';
import type { Application, EvalDiagnostic, InputError } from './types.ts';
import { yuanToFen } from '../values/money.ts';

type Obj = Record<string, unknown>;
/** What the last check met besides validity: names the policy does not declare (facts, lists, benefits in the history). */
interface State {
  unknown: boolean;
}

/** The compiled check; `state.unknown` tells whether the application it last accepted names anything undeclared. */
export interface CompiledValidator {
  (raw: unknown): Application | undefined;
  state: State;
}
/** A check that returns the parsed value, or FAIL. */
type Check = (v: unknown) => unknown;
const FAIL = Symbol('fail');

/** isCalendarDate without the day-number round trip: YYYY-MM-DD with a real month and day (proleptic Gregorian). */
export function isDate(v: unknown): boolean {
  if (typeof v !== 'string' || v.length !== 10 || v.charCodeAt(4) !== 45 || v.charCodeAt(7) !== 45) return false;
  let y = 0;
  for (let i = 0; i < 4; i++) {
    const c = v.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return false;
    y = y * 10 + c;
  }
  const m0 = v.charCodeAt(5) - 48, m1 = v.charCodeAt(6) - 48, d0 = v.charCodeAt(8) - 48, d1 = v.charCodeAt(9) - 48;
  if (m0 < 0 || m0 > 9 || m1 < 0 || m1 > 9 || d0 < 0 || d0 > 9 || d1 < 0 || d1 > 9) return false;
  const m = m0 * 10 + m1;
  const d = d0 * 10 + d1;
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (m === 2 ? (leap ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31);
}

/**
 * A money amount zod accepts (at most two decimals, fen a safe integer). Below 9·10^13 yuan, a number has at most two
 * decimals exactly when its fen, rounded, divided by 100 gives it back (both name the same nearest double);
 * above, as yuanToFen reads it.
 */
function money(v: unknown): boolean {
  if (typeof v !== 'number' || !(v >= 0)) return false;
  if (v < 9e13) return Math.round(v * 100) / 100 === v;
  return yuanToFen(v) !== undefined;
}

/** CONTROL_CHARS.test(v), by a loop that passes short names without a regular expression call. */
function hasControl(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    // printable ASCII and the CJK range hold no control character: one comparison each
    if (c >= 0x20 && c < 0x7f) continue;
    if (c >= 0x3000 && c < 0xd800) continue;
    return CONTROL_CHARS.test(v);
  }
  return false;
}

/**
 * What one value must be, as the generated code tests it: a leaf (an expression over the value, true when
 * valid; the value kept as it is), an object of fixed shape (other keys dropped, or kept with `rest`), an
 * array, or a closure that returns the parsed value or FAIL.
 */
type Spec =
  | { t: 'leaf'; test: (x: string) => string }
  | { t: 'object'; fields: Field[]; rest?: boolean }
  | { t: 'array'; item: Spec }
  | { t: 'custom'; check: Check };

interface Field {
  key: string;
  spec: Spec;
  required: boolean;
  /** Code of the value an absent key takes. */
  dflt?: string;
}

/**
 * The generator: one function for the whole application, property names as literals (the policy's own names
 * quoted by JSON.stringify) and the leaf tests inline, which V8 runs several times faster than closures
 * walking a shape. Helpers (sets, isDate, money …) are passed in by reference as h0, h1, ….
 */
class Gen {
  readonly helpers: unknown[] = [];
  private n = 0;
  /**
   * With `clean`, the code builds nothing: it answers whether the value is valid and already what zod would
   * return (no key to drop, no default to fill in), so the value itself can serve as the parsed one.
   */
  constructor(private readonly clean = false) {}
  /** The name of a helper in the generated code. */
  ref(value: unknown): string {
    let i = this.helpers.indexOf(value);
    if (i < 0) i = this.helpers.push(value) - 1;
    return `h${i}`;
  }
  /** Statements that check the value in variable `x` and assign its parsed value to `target`. */
  code(spec: Spec, x: string, target: string): string {
    const id = this.n++;
    switch (spec.t) {
      case 'leaf':
        return `if (!(${spec.test(x)})) return FAIL;\n${this.clean ? '' : `${target} = ${x};\n`}`;
      case 'custom':
        return `{ const r${id} = ${this.ref(spec.check)}(${x}); if (r${id} === FAIL) return FAIL; ${this.clean ? '' : `${target} = r${id};`} }\n`;
      case 'array':
        if (this.clean) return `if (!Array.isArray(${x})) return FAIL;\nfor (let i${id} = 0; i${id} < ${x}.length; i${id}++) { const e${id} = ${x}[i${id}];\n${this.code(spec.item, `e${id}`, '')}}\n`;
        return (
          `if (!Array.isArray(${x})) return FAIL;\n{ const a${id} = [];\n` +
          `for (let i${id} = 0; i${id} < ${x}.length; i${id}++) { const e${id} = ${x}[i${id}]; let r${id};\n${this.code(spec.item, `e${id}`, `r${id}`)}a${id}.push(r${id}); }\n` +
          `${target} = a${id}; }\n`
        );
      case 'object': {
        if (spec.fields.some((f) => f.key === '__proto__')) return 'return FAIL;\n';
        if (this.clean) return this.cleanObject(spec, x, id);
        let out = `if (typeof ${x} !== "object" || ${x} === null || Array.isArray(${x})) return FAIL;\n{ const o${id} = {}; let y${id};\n`;
        for (const f of spec.fields) {
          const key = JSON.stringify(f.key);
          const absent = f.required ? 'return FAIL;' : `if (${key} in ${x}) return FAIL;${f.dflt ? ` o${id}[${key}] = ${f.dflt};` : ''}`;
          out += `y${id} = ${x}[${key}];\nif (y${id} === undefined) { ${absent} } else {\n${this.code(f.spec, `y${id}`, `o${id}[${key}]`)}}\n`;
        }
        if (spec.rest) {
          // keys beyond the shape are kept, and noted (undeclared facts and lists are warned about)
          out += `for (const k in ${x}) { if (${this.known(spec, 'k')}) continue; const z = ${x}[k]; if (z === undefined || k === "__proto__") return FAIL; o${id}[k] = z; st.unknown = true; }\n`;
        }
        return `${out}${target} = o${id}; }\n`;
      }
    }
  }

  /** An expression true when the key in variable `k` is one of the shape's. */
  private known(spec: Spec & { t: 'object' }, k: string): string {
    return among(this, spec.fields.map((f) => f.key), k);
  }

  /** An object checked in place: every field as in `code`; a key beyond a closed shape, or an absent key with a default, fails. */
  private cleanObject(spec: Spec & { t: 'object' }, x: string, id: number): string {
    let out = `if (typeof ${x} !== "object" || ${x} === null || Array.isArray(${x})) return FAIL;\n{ let y${id};\n`;
    for (const f of spec.fields) {
      const key = JSON.stringify(f.key);
      const absent = f.required || f.dflt ? 'return FAIL;' : `if (${key} in ${x}) return FAIL;`;
      out += `y${id} = ${x}[${key}];\nif (y${id} === undefined) { ${absent} } else {\n${this.code(f.spec, `y${id}`, '')}}\n`;
    }
    const known = this.known(spec, 'k');
    out += spec.rest
      ? `for (const k in ${x}) { if (${known}) continue; if (${x}[k] === undefined || k === "__proto__") return FAIL; st.unknown = true; }\n`
      : `for (const k in ${x}) if (!(${known})) return FAIL;\n`;
    return `${out}}\n`;
  }
}

const leaf = (test: (x: string) => string): Spec => ({ t: 'leaf', test });
const isString = (x: string) => `typeof ${x} === "string"`;
const isBool = leaf((x) => `typeof ${x} === "boolean"`);
const isFinite = (x: string) => `typeof ${x} === "number" && Number.isFinite(${x})`;
const isFen = leaf((x) => `Number.isSafeInteger(${x}) && ${x} >= 0`);

/** A text field held to its intake limit, as schema.ts's limitedText: length in code points, no control characters (but in free text). */
function limited(g: Gen, limit: keyof typeof TEXT_LIMITS, nonEmpty = false): Spec {
  const max = TEXT_LIMITS[limit];
  const within = g.ref(withinChars);
  const control = g.ref(hasControl);
  return leaf((x) => `${isString(x)}${nonEmpty ? ` && ${x}.length > 0` : ''} && ${within}(${x}, ${max})${limit === 'text' ? '' : ` && !${control}(${x})`}`);
}

function factSpec(g: Gen, t: ValueType): Spec {
  switch (t.kind) {
    case 'items':
      // 清单: an array of objects, every field given (as zod requires), unknown keys dropped
      return { t: 'array', item: { t: 'object', fields: t.fields.map((f) => ({ key: f.name, spec: factSpec(g, f.type), required: true })) } };
    case 'text':
      // a choice (选项) is one of its options, as the zod schema's enum
      if (t.options && t.options.length > 0) return oneOf(g, t.options);
      return limited(g, 'text');
    case 'money':
      return leaf((x) => `${g.ref(money)}(${x})`);
    case 'count':
      return leaf((x) => `${isFinite(x)} && ${x} >= 0`);
    case 'number':
    case 'percent':
      return leaf(isFinite);
    case 'bool':
      return isBool;
    case 'date':
      return leaf((x) => `${g.ref(isDate)}(${x})`);
    default:
      return limited(g, 'text');
  }
}

const LEVELS = ['national', 'provincial', 'municipal'];

/**
 * An expression true when the string in variable `x` is one of `values`: a chain of comparisons with the quoted
 * values (interned strings, so mostly pointer tests, several times cheaper than a Set lookup), or a Set when
 * there are many.
 */
function among(g: Gen, values: readonly string[], x: string): string {
  if (values.length > 12) return `${g.ref(new Set(values))}.has(${x})`;
  return `(${values.map((v) => `${x} === ${JSON.stringify(v)}`).join(' || ') || 'false'})`;
}

/** One of a few strings (a choice, a kind, a level). */
function oneOf(g: Gen, values: readonly string[]): Spec {
  if (values.length > 12) return leaf((x) => `${isString(x)} && ${among(g, values, x)}`);
  return leaf((x) => among(g, values, x));
}

/** The shape of a policy's applications (schema.ts's zod schema, the same fields in the same order). */
function applicationSpec(g: Gen, graph: Graph): Spec {
  const field = (key: string, spec: Spec, required = false, dflt?: string): Field => ({ key, spec, required, ...(dflt ? { dflt } : {}) });
  const kind = graph.kinds.length > 0 ? oneOf(g, graph.kinds.map((k) => k.code)) : leaf((x) => `${isString(x)} && ${x}.length > 0`);
  const benefits = graph.benefits.map((b) => b.id);
  const exchangeRates: Check = (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return FAIL;
    for (const k in v) if (k === '__proto__' || !(num((v as Obj)[k]) && ((v as Obj)[k] as number) > 0)) return FAIL;
    return { ...v };
  };
  return {
    t: 'object',
    fields: [
      field('date', leaf((x) => `${g.ref(isDate)}(${x})`), true),
      field('applicant', { t: 'object', fields: [field('id', limited(g, 'id', true), true), field('name', limited(g, 'name')), field('kind', kind, true), field('district', limited(g, 'district'))] }, true),
      field('project', limited(g, 'project')),
      field('facts', { t: 'object', fields: graph.inputs.map((i) => field(i.name, factSpec(g, i.type))), rest: true }, false, '{}'),
      field('lists', { t: 'object', fields: graph.lists.map((l) => field(l.id, { t: 'object', fields: [field('member', isBool, true), field('firstTime', isBool)] })), rest: true }),
      field(
        'history',
        {
          t: 'array',
          item: {
            t: 'object',
            fields: [
              // a benefit the policy does not have is noted (warned about)
              field('benefit', leaf((x) => `${isString(x)} && (${among(g, benefits, x)} || (st.unknown = true))`), true),
              field('date', leaf((x) => `${g.ref(isDate)}(${x})`), true),
              field('grantedFen', isFen, true),
              field('project', limited(g, 'project')),
              field('applicantId', limited(g, 'id')),
            ],
          },
        },
      ),
      field('otherFunding', { t: 'array', item: { t: 'object', fields: [field('level', oneOf(g, LEVELS), true), field('project', limited(g, 'project'), true), field('amountFen', isFen)] } }),
      field('exchangeRates', { t: 'custom', check: exchangeRates }),
    ],
  };
}

const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The generated function: the parsed value or FAIL; with `clean`, true when the value itself is the parsed one, else FAIL. */
function generate(graph: Graph, st: State, clean: boolean): Check {
  const g = new Gen(clean);
  const body = g.code(applicationSpec(g, graph), 'v', 'out');
  const names = g.helpers.map((_, i) => `h${i}`);
  const result = clean ? 'true' : 'out';
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated from the policy's shape, names quoted
  const make = new Function('FAIL', 'st', ...names, `return function checkApplication(v) {\nlet out;\n${body}return ${result};\n};`) as (fail: symbol, st: State, ...helpers: unknown[]) => Check;
  return make(FAIL, st, ...g.helpers);
}

/** The compiled check of a policy's applications: the parsed application, or undefined (ask zod why). */
export function compileValidator(graph: Graph): CompiledValidator {
  const st: State = { unknown: false };
  const app = generate(graph, st, false);
  // the common case, an application already in the shape zod returns, is checked in place and returned as it is
  const clean = generate(graph, st, true);
  const needs = compiled(graph).currencyNeeds;
  const check = ((raw) => {
    st.unknown = false;
    let r = clean(raw) === FAIL ? FAIL : raw;
    if (r === FAIL) {
      st.unknown = false;
      r = app(raw);
    }
    if (r === FAIL) return undefined;
    const a = r as Obj;
    // comparisons across currencies need the rate of every foreign currency they read
    if (needs.length) {
      const given = a.facts as Obj;
      const rates = a.exchangeRates as Obj | undefined;
      for (const n of needs) {
        if (n.inputs.length > 0 && !n.inputs.some((i) => Object.hasOwn(given, i))) continue;
        for (const c of n.currencies) if (rates?.[c] === undefined) return undefined;
      }
    }
    return a as unknown as Application;
  }) as CompiledValidator;
  check.state = st;
  return check;
}

/** What checking an application gives: the typed application and its warnings, or every bad field. */
export type Validated = { ok: true; application: Application; warnings: EvalDiagnostic[] } | { ok: false; errors: InputError[] };

const validators = new WeakMap<Graph, CompiledValidator>();
/** The common case, many applications to one policy, without a WeakMap lookup each. */
let lastValidator: { graph: Graph; check: CompiledValidator } | undefined;

/** `facts.推广费用`, `history[0].date`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}

/**
 * The compiled check alone: the typed application and its warnings (undeclared facts and lists, likely typos)
 * when it accepts the data, undefined when it does not — then the zod schema decides and words the errors.
 */
export function acceptApplication(graph: Graph, raw: unknown): Validated | undefined {
  let fast = lastValidator?.graph === graph ? lastValidator.check : undefined;
  if (!fast) {
    fast = validators.get(graph);
    if (!fast) validators.set(graph, (fast = compileValidator(graph)));
    lastValidator = { graph, check: fast };
  }
  const app = fast(raw);
  if (!app) return undefined;
  const warnings: EvalDiagnostic[] = [];
  // the compiled check notes whether anything undeclared is named: only then are the names looked at
  if (fast.state.unknown) unknownNames(compiled(graph), app, warnings);
  return { ok: true, application: app, warnings };
}
