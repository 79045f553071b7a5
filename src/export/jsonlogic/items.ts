/**
 * Item lists (清单) as portable JSON Logic: 合计 / 笔数 with per-item conditions, and 付款方 = 申报人.
 *
 * Per-item nodes are compiled like any other, with the item's fields read under the marker path
 * `#item.` (ITEM); a 合计 / 笔数 then rewrites its per-item logic for where it runs. Inside
 * `filter`, `some` and `reduce` an engine gives the inner logic the item (or {current, accumulator})
 * as its data: the rest of the application is not readable there. So:
 *
 * - conditions that read the item only: `reduce(filter(list, counted), acc + value, 0)`, and the list
 *   is known when no item is undecided: `!some(list, undecided)`;
 * - conditions that also read the application (another fact, the application's date, an exchange rate,
 *   the applicant for 申报人): every such value is computed outside and carried into the reduce.
 *   The reduce runs over `merge(o₁, …, oₖ, 1, list)` from 0: the first k + 1 steps append each value
 *   to the accumulator (`merge(accumulator, current)`), which becomes [0, o₁, …, oₖ, 1]; the marker 1
 *   at index k + 1 says the items have begun, and each item step writes
 *   [sum so far (−1 once an item is undecided), o₁, …, oₖ, 1], reading oⱼ as `accumulator.j`.
 *   A second reduce takes element 0 (the first element: `if(accumulator === null, current, accumulator)`
 *   from null). Sums are of money or counts, never negative, so −1 is free to mean "unknown".
 *
 * 申报人 compares a text with the applicant's id in canonical form or its trimmed name: JSON Logic has
 * no Unicode normalization, so the data carries both forms (`jsonLogicData`): `@申报人` is
 * [canonical id, trimmed name or ""], and every text compared with 申报人 has a sibling `X@申报人`
 * = [canonical form, trimmed]. A computed text compared with 申报人 has no such sibling: POL7001.
 */
import { canonicalApplicantId } from '../../values/uscc.ts';
import type { ExprNode, GraphNode } from '../../ir/schema.ts';
import { and, c, cmpInt, iff, int, not, op, or, read, type JL } from './jl.ts';
import { DOMAIN, truth, Unsupported, valueAt, type Val } from './val.ts';

/** What the per-item entries need of the node compiler (nodes.ts): nodes, through definitions, and their values. */
export interface Nodes {
  node(id: string): GraphNode | undefined;
  value(id: string): Val;
}

/** Where the per-item logic reads the current item's fields, until a 合计 / 笔数 places it. */
export const ITEM = '#item.';

/** The key of the forms of a text compared with 申报人 (beside the text), and of the applicant's own. */
export const APPLICANT_FORMS = '@申报人';

/** itemField: a field of the current item. */
export function itemField(n: ExprNode): Val {
  return valueAt(`${ITEM}${n.field ?? ''}`, n.type, n);
}

/** 付款方 = 申报人: the text's canonical form is the applicant's id's, or the text trimmed is the applicant's name. */
export function isApplicant(n: ExprNode, [x]: Val[], nc: Nodes): Val {
  if (x!.t !== 'text') throw new Unsupported(n, '与申报人比较的非文本');
  const r = names(n, n.args[0]!, nc);
  return { t: 'bool', ...r };
}

/** Whether the text node `id` names the applicant: a literal, a text read directly, or 若…则…否则 of those. */
function names(n: ExprNode, id: string, nc: Nodes): { yes: JL; no: JL } {
  const applicantId = read(`${APPLICANT_FORMS}.0`);
  const name = read(`${APPLICANT_FORMS}.1`);
  const named = op('!==', name, '');
  const src = nc.node(id);
  if (src?.kind === 'expr' && src.op === 'literal' && typeof (src.value as { value?: unknown } | undefined)?.value === 'string') {
    const text = (src.value as { value: string }).value;
    const trimmed = text.trim();
    const holds = or(op('in', applicantId, [canonicalApplicantId(text)]), trimmed === '' ? false : and(named, op('in', name, [trimmed])));
    return { yes: holds, no: not(holds) };
  }
  if (src?.kind === 'expr' && src.op === 'if') {
    // the evaluator picks the text first: unknown when the condition is
    const c = truth(nc.value(src.args[0]!));
    const a = names(n, src.args[1]!, nc);
    const b = names(n, src.args[2]!, nc);
    return { yes: or(and(c.yes, a.yes), and(c.no, b.yes)), no: or(and(c.yes, a.no), and(c.no, b.no)) };
  }
  const path = textPath(src);
  if (path === undefined) throw new Unsupported(n, '与申报人比较的计算所得文本（JSON Logic 无法规范化文本）');
  const holds = or(op('===', read(`${path}${APPLICANT_FORMS}.0`), applicantId), and(named, op('===', read(`${path}${APPLICANT_FORMS}.1`), name)));
  const known = op('!==', read(path), null);
  return { yes: and(known, holds), no: and(known, not(holds)) };
}

/** The data path of a text read directly (a text input, a field of the current item). */
export function textPath(n: GraphNode | undefined): string | undefined {
  if (n?.kind === 'input' && n.type.kind === 'text') return `facts.${n.name}`;
  if (n?.kind === 'expr' && n.op === 'itemField' && n.type.kind === 'text') return `${ITEM}${n.field ?? ''}`;
  return undefined;
}

/** 合计 / 笔数 over a list: the sum (or count) of the items every condition holds for; unknown when an item is undecided. */
export function items(n: ExprNode, args: Val[]): Val {
  const list = args[0]!;
  if (list.t !== 'list') throw new Unsupported(n, '非清单的合计');
  const sum = n.op === 'sumItems';
  const conds = args.slice(sum ? 2 : 1).map(truth);
  const yes = and(...conds.map((c) => c.yes));
  const no = or(...conds.map((c) => c.no));
  let add: JL = 1;
  let valueKnown: JL = true;
  let max = DOMAIN.number;
  let result = (s: JL, known: JL): Val => ({ t: 'q', n: int(s, max, true), d: c(1), known });
  if (sum) {
    const v = args[1]!;
    if (v.t === 'int') {
      [add, valueKnown, max] = [v.v.e, v.known, DOMAIN.moneyFen];
      result = (s, known) => ({ t: 'int', v: int(s, max, true), known, currency: v.currency });
    } else if (v.t === 'q' && typeof v.d.e === 'number') {
      // counts are read over a constant denominator: the numerators add up
      [add, valueKnown, max] = [v.n.e, v.known, DOMAIN.number * v.d.e];
      result = (s, known) => ({ t: 'q', n: int(s, max, true), d: v.d, known });
    } else throw new Unsupported(n, '此类合计');
  }
  // an item is undecided when no condition fails and one is unknown, or when it counts and its value is unknown
  const undecided = or(and(not(yes), not(no)), and(yes, not(valueKnown)));
  const outer = new Map<string, JL>();
  for (const e of [yes, add, undecided]) {
    place(e, '', (o) => {
      outer.set(JSON.stringify(o), o);
      return 0;
    });
  }
  if (outer.size === 0) {
    const s: JL = { reduce: [{ filter: [list.e, place(yes, '')] }, op('+', read('accumulator'), place(add, 'current.')), 0] };
    const bad = place(undecided, '');
    return result(s, and(list.known, bad === false ? true : not({ some: [list.e, bad] })));
  }
  // carried: o₁ … oₖ at accumulator.1 … accumulator.k, the marker 1 at accumulator.(k + 1)
  const values = [...outer.values()];
  values.forEach(carryable(n));
  const slots = new Map([...outer.keys()].map((k, j) => [k, j + 1]));
  const slot = (o: JL): JL => read(`accumulator.${slots.get(JSON.stringify(o))!}`);
  const acc0 = read('accumulator.0');
  const next = iff(or(op('<', acc0, 0), place(undecided, 'current.', slot)), -1, op('+', acc0, iff(place(yes, 'current.', slot), place(add, 'current.', slot), 0)));
  const step = op('merge', next, ...values.map((_, j) => read(`accumulator.${j + 1}`)), 1);
  const started = op('===', read(`accumulator.${values.length + 1}`, 0), 1);
  const tuple: JL = { reduce: [op('merge', ...values, 1, list.e), iff(started, step, op('merge', read('accumulator'), read('current'))), 0] };
  const first: JL = { reduce: [tuple, iff(op('===', read('accumulator'), null), read('current'), read('accumulator')), null] };
  return result(op('max', first, 0), and(list.known, cmpInt('>=', first, 0)));
}

/** A carried value must be one value in `merge` (not an array): a computed value, or a fact or date read directly. */
function carryable(n: ExprNode): (o: JL) => void {
  return (o) => {
    if (typeof o !== 'object' || o === null || Array.isArray(o)) return;
    const [name] = Object.keys(o);
    const args = (o as Record<string, JL>)[name!];
    const path = name === 'var' ? (Array.isArray(args) ? args[0] : args) : undefined;
    const scalarVar = typeof path === 'string' && (path === 'date' || path.startsWith(`${APPLICANT_FORMS}.`) || path.startsWith('facts.') || path.startsWith('exchangeRates.'));
    if ((name === 'var' && !scalarVar) || ['filter', 'map', 'merge'].includes(name!)) throw new Unsupported(n, '逐笔条件中读取的此类申报数据');
  };
}

type Reach = 'const' | 'outer' | 'item';
const reachCache = new WeakMap<object, Reach>();
const ITERATION = new Set(['filter', 'map', 'reduce', 'some', 'all', 'none']);

/** What an expression reads: nothing, the application only, or the current item (perhaps with the application). */
function reach(e: JL): Reach {
  if (typeof e !== 'object' || e === null) return 'const';
  const cached = reachCache.get(e);
  if (cached) return cached;
  let r: Reach = 'const';
  if (Array.isArray(e)) r = e.map(reach).reduce<Reach>((a, b) => (a === 'item' || b === 'item' ? 'item' : a === 'outer' || b === 'outer' ? 'outer' : 'const'), 'const');
  else {
    const [name] = Object.keys(e);
    const args = e[name!]!;
    if (name === 'var') {
      const path = Array.isArray(args) ? args[0] : args;
      r = typeof path === 'string' && path.startsWith(ITEM) ? 'item' : 'outer';
    } else r = reach(Array.isArray(args) ? args : [args]);
  }
  reachCache.set(e, r);
  return r;
}

/**
 * The per-item logic placed where it runs: item fields read under `prefix` (`""` inside filter and
 * some, `current.` inside reduce); each value read from the application replaced by `carry(value)`.
 */
function place(e: JL, prefix: string, carry?: (outer: JL) => JL): JL {
  const r = reach(e);
  if (r === 'const') return e;
  if (r === 'outer') {
    if (!carry) throw new Error('the application read inside per-item logic without a carry');
    return carry(e);
  }
  if (Array.isArray(e)) return e.map((x) => place(x, prefix, carry));
  const [name] = Object.keys(e as object);
  const args = (e as Record<string, JL>)[name!]!;
  if (name === 'var') {
    const [path, ...rest] = Array.isArray(args) ? args : [args];
    const at = `${prefix}${(path as string).slice(ITEM.length)}`;
    return { var: rest.length > 0 ? [at, ...rest] : at };
  }
  if (ITERATION.has(name!)) throw new Error(`an item read inside ${name}`);
  return { [name!]: Array.isArray(args) ? args.map((x) => place(x, prefix, carry)) : place(args, prefix, carry) };
}
