/**
 * The application check compiled once per policy: plain closures lowered from the graph's inputs, lists
 * and kinds, which accept exactly what the zod schema (schema.ts) accepts and return the same parsed value
 * (unknown keys dropped where zod drops them, shape order kept). They answer only "valid": anything they do
 * not accept goes to the zod schema, which words every error — so messages come from one place, and the
 * common case (a valid application) costs a fraction of a zod parse. test/eval/validator.test.ts checks
 * both agree on generated and mutated applications.
 */
import type { Graph, ValueType } from '../ir/schema.ts';
import { isCalendarDate } from '../calendar/dates.ts';
import { compiled } from './compile.ts';
import type { Application } from './types.ts';
import { yuanToFen } from './values.ts';

type Obj = Record<string, unknown>;
/** A check that returns the parsed value, or FAIL. */
type Check = (v: unknown) => unknown;
const FAIL = Symbol('fail');

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const str = (v: unknown): v is string => typeof v === 'string';

function factCheck(t: ValueType): (v: unknown) => boolean {
  switch (t.kind) {
    case 'money':
      return (v) => num(v) && v >= 0 && yuanToFen(v) !== undefined;
    case 'count':
      return (v) => num(v) && v >= 0;
    case 'number':
    case 'percent':
      return num;
    case 'bool':
      return (v) => typeof v === 'boolean';
    case 'date':
      return isCalendarDate;
    default:
      return str;
  }
}

/** An object with a fixed shape: required and optional keys with their checks; other keys dropped (or kept, `rest`). */
function objectCheck(shape: [key: string, check: (v: unknown) => boolean | unknown, required: boolean, dflt?: () => unknown][], rest?: true): Check {
  const known = new Set(shape.map(([k]) => k));
  return (v) => {
    if (!isObj(v)) return FAIL;
    const out: Obj = {};
    for (const [k, check, required, dflt] of shape) {
      const x = v[k];
      if (x === undefined) {
        if (required || k in v) return FAIL;
        if (dflt) out[k] = dflt();
        continue;
      }
      const r = check(x);
      if (r === false || r === FAIL) return FAIL;
      out[k] = r === true ? x : r;
    }
    if (rest) {
      for (const k in v) {
        if (known.has(k)) continue;
        if (v[k] === undefined || k === '__proto__') return FAIL;
        out[k] = v[k];
      }
    }
    return out;
  };
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
    ['id', (v) => str(v) && v.length > 0, true],
    ['name', str, false],
    ['kind', kind, true],
    ['district', str, false],
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
      ['date', isCalendarDate, true],
      ['grantedFen', fen, true],
      ['project', str, false],
      ['applicantId', str, false],
    ]),
  );
  const otherFunding = arrayCheck(
    objectCheck([
      ['level', (v) => str(v) && LEVELS.has(v), true],
      ['project', str, true],
      ['amountFen', fen, false],
    ]),
  );
  const exchangeRates: Check = (v) => {
    if (!isObj(v)) return FAIL;
    for (const k in v) if (k === '__proto__' || !(num(v[k]) && (v[k] as number) > 0)) return FAIL;
    return { ...v };
  };
  const app = objectCheck([
    ['date', isCalendarDate, true],
    ['applicant', applicant, true],
    ['project', str, false],
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
