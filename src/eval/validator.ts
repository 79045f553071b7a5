/**
 * The application check compiled once per policy: plain closures lowered from the graph's inputs, lists
 * and kinds, which accept exactly what the zod schema (schema.ts) accepts and return the same parsed value
 * (unknown keys dropped where zod drops them, shape order kept). They answer only "valid": anything they do
 * not accept goes to the zod schema, which words every error — so messages come from one place, and the
 * common case (a valid application) costs a fraction of a zod parse. test/eval/validator.test.ts checks
 * both agree on generated and mutated applications.
 */
import type { Graph, ValueType } from '../ir/schema.ts';
import { CONTROL_CHARS, charCount, TEXT_LIMITS } from '../values/limits.ts';
import { compiled } from './compile.ts';
import type { Application } from './types.ts';
import { yuanToFen } from '../values/money.ts';

type Obj = Record<string, unknown>;
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

/** A text field held to its intake limit, as schema.ts's limitedText: length in code points, no control characters (but in free text). */
function limited(limit: keyof typeof TEXT_LIMITS, nonEmpty = false): (v: unknown) => boolean {
  const max = TEXT_LIMITS[limit];
  const free = limit === 'text';
  return (v) => typeof v === 'string' && (!nonEmpty || v.length > 0) && (v.length <= max || charCount(v) <= max) && (free || !CONTROL_CHARS.test(v));
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const str = (v: unknown): v is string => typeof v === 'string';

function factCheck(t: ValueType): (v: unknown) => boolean {
  switch (t.kind) {
    case 'money':
      return money;
    case 'count':
      return (v) => num(v) && v >= 0;
    case 'number':
    case 'percent':
      return num;
    case 'bool':
      return (v) => typeof v === 'boolean';
    case 'date':
      return isDate;
    default:
      return limited('text');
  }
}

/**
 * An object with a fixed shape: required and optional keys with their checks (a default for an absent key);
 * other keys dropped, or kept with `rest`. Generated as code (property names as literals, from the policy's
 * own names quoted by JSON.stringify), which V8 runs several times faster than a loop over the shape.
 */
function objectCheck(shape: [key: string, check: (v: unknown) => boolean | unknown, required: boolean, dflt?: () => unknown][], rest?: true): Check {
  if (shape.some(([k]) => k === '__proto__')) return () => FAIL;
  const known = new Set(shape.map(([k]) => k));
  let body = 'if (typeof v !== "object" || v === null || Array.isArray(v)) return FAIL;\nconst out = {};\nlet x, r;\n';
  shape.forEach(([k, , required, dflt], i) => {
    const key = JSON.stringify(k);
    const absent = required ? 'return FAIL;' : `if (${key} in v) return FAIL;${dflt ? ` out[${key}] = d[${i}]();` : ''}`;
    body += `x = v[${key}];\nif (x === undefined) { ${absent} } else { r = c${i}(x); if (r === false || r === FAIL) return FAIL; out[${key}] = r === true ? x : r; }\n`;
  });
  if (rest) body += 'for (const k in v) { if (known.has(k)) continue; const y = v[k]; if (y === undefined || k === "__proto__") return FAIL; out[k] = y; }\n';
  body += 'return out;';
  const locals = shape.map((_, i) => `const c${i} = c[${i}];`).join('\n');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated from the shape above, names quoted
  const make = new Function('c', 'd', 'FAIL', 'known', `${locals}\nreturn function check(v) {\n${body}\n};`) as (c: unknown[], d: unknown[], fail: symbol, known: Set<string>) => Check;
  return make(
    shape.map(([, c]) => c),
    shape.map(([, , , d]) => d),
    FAIL,
    known,
  );
}

function arrayCheck(item: Check): Check {
  return (v) => {
    if (!Array.isArray(v)) return FAIL;
    const out: unknown[] = new Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const r = item(v[i]);
      if (r === FAIL) return FAIL;
      out[i] = r;
    }
    return out;
  };
}

const LEVELS = new Set(['national', 'provincial', 'municipal']);
const fen = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;

/** The compiled check of a policy's applications: the parsed application, or undefined (ask zod why). */
export function compileValidator(graph: Graph): (raw: unknown) => Application | undefined {
  const kinds = new Set(graph.kinds.map((k) => k.code));
  const kind = kinds.size > 0 ? (v: unknown) => str(v) && kinds.has(v) : (v: unknown) => str(v) && v.length > 0;
  const applicant = objectCheck([
    ['id', limited('id', true), true],
    ['name', limited('name'), false],
    ['kind', kind, true],
    ['district', limited('district'), false],
  ]);
  const facts = objectCheck(graph.inputs.map((i) => [i.name, factCheck(i.type), false]), true);
  const listEntry = objectCheck([
    ['member', (v) => typeof v === 'boolean', true],
    ['firstTime', (v) => typeof v === 'boolean', false],
  ]);
  const lists = objectCheck(graph.lists.map((l) => [l.id, listEntry, false]), true);
  const history = arrayCheck(
    objectCheck([
      ['benefit', str, true],
      ['date', isDate, true],
      ['grantedFen', fen, true],
      ['project', limited('project'), false],
      ['applicantId', limited('id'), false],
    ]),
  );
  const otherFunding = arrayCheck(
    objectCheck([
      ['level', (v) => str(v) && LEVELS.has(v), true],
      ['project', limited('project'), true],
      ['amountFen', fen, false],
    ]),
  );
  const exchangeRates: Check = (v) => {
    if (!isObj(v)) return FAIL;
    for (const k in v) if (k === '__proto__' || !(num(v[k]) && (v[k] as number) > 0)) return FAIL;
    return { ...v };
  };
  const app = objectCheck([
    ['date', isDate, true],
    ['applicant', applicant, true],
    ['project', limited('project'), false],
    ['facts', facts, false, () => ({})],
    ['lists', lists, false],
    ['history', history, false],
    ['otherFunding', otherFunding, false],
    ['exchangeRates', exchangeRates, false],
  ]);
  const needs = compiled(graph).currencyNeeds;
  return (raw) => {
    const r = app(raw);
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
  };
}
