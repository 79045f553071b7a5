/**
 * The pieces the JSON Logic export is made of, each against the evaluator's own arithmetic on many
 * values: calendar months and days, yuan to fen, decimals read as exact fractions, rate × base
 * rounded down, and products beyond 2^53 compared exactly.
 */
import jsonLogic from 'json-logic-js';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, mulFloor as evalMulFloor, Q } from '../../src/eval/values.ts';
import { addDays as jlAddDays, addMonths as jlAddMonths, cmpProducts, mulFloor, rationalOf, roundHalfUp } from '../../src/export/jsonlogic/arith.ts';
import { Env, iff, isNull, k, mul, type H } from '../../src/export/jsonlogic/builder.ts';
import { Gen, rng } from './generate.ts';

/** A one-off rule over `data`, null when one of its checks of exactness fails. */
function run(build: (env: Env) => H, data: Record<string, unknown>): unknown {
  const env = new Env();
  const v = build(env);
  const exact = env.exact();
  return jsonLogic.apply(env.finish(exact.e === true ? v : iff(exact, v, 'inexact')) as never, data);
}

const g = new Gen(rng(42));
const randomDate = () => {
  const y = g.pick([g.int(1, 9990), g.int(1999, 2031), 2000, 2024, 2100]);
  const m = g.int(1, 12);
  const d = g.pick([1, 28, 29, 30, 31, g.int(1, 31)]);
  const s = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return addDays(s.slice(0, 8) + '01', d - 1).slice(0, 7) === s.slice(0, 7) ? s : `${s.slice(0, 8)}28`;
};

describe('calendar arithmetic in JSON Logic', () => {
  it('adds months as the evaluator does (the last day of a shorter month)', () => {
    for (let i = 0; i < 3000; i++) {
      const d = randomDate();
      const n = g.pick([1, 6, 12, 24, 36, g.int(0, 200)]);
      expect(run((env) => jlAddMonths(env, env.data('d'), n), { d })).toBe(addMonths(d, n));
    }
    expect(run((env) => jlAddMonths(env, env.data('d'), 12), { d: '2024-02-29' })).toBe('2025-02-28');
    expect(run((env) => jlAddMonths(env, env.data('d'), 6), { d: '2024-08-31' })).toBe('2025-02-28');
  });

  it('adds days as the evaluator does', () => {
    for (let i = 0; i < 3000; i++) {
      const d = randomDate();
      const n = g.pick([0, 1, 30, 365, 366, g.int(0, 5000)]);
      expect(run((env) => jlAddDays(env, env.data('d'), n), { d })).toBe(addDays(d, n));
    }
  });
});

describe('numbers in JSON Logic', () => {
  it('turns yuan with two decimals into the same fen as Math.round(x × 100)', () => {
    for (let i = 0; i < 5000; i++) {
      const x = g.int(0, 10 ** g.int(1, 15)) / 100;
      expect(run((env) => roundHalfUp(env, mul(env.data('x'), k(100))), { x })).toBe(Math.round(x * 100));
    }
  });

  it('reads a number as the fraction its decimal text spells (Q.fromNumber), or says it cannot', () => {
    const values = [0, 1, -1, 0.1, 0.2, 0.29, 12.5, -3.25, 123456.789, 1.5e-6, 0.000001, 9007199254740991, 2 ** 53, 1e21, 1e-7, 1.234e-9, 0.1 + 0.2, 99.99, 7.2345];
    for (let i = 0; i < 2000; i++) values.push(g.int(-1e9, 1e9) / 10 ** g.int(0, 9));
    for (const x of values) {
      const r = run((env) => rationalOf(env, env.data('x')).h, { x });
      const q = Q.fromNumber(x);
      if (r === 'inexact') {
        // only numbers whose digits do not fit: an exponent form, more than 15 decimals, beyond 2^53
        const decimals = (String(x).split('.')[1] ?? '').length;
        expect(String(x).includes('e') || decimals > 15 || Math.abs(x) > Number.MAX_SAFE_INTEGER || q.n > 2n ** 51n || -q.n > 2n ** 51n, String(x)).toBe(true);
      } else {
        const [n, d] = r as [number, number];
        expect(Q.of(n, d).cmp(q), `${x} → [${n}, ${d}]`).toBe(0);
      }
    }
    expect(run((env) => rationalOf(env, env.data('x')).h, {})).toBe(null);
  });

  it('multiplies fen by a fraction rounded down as the evaluator does, or says it cannot', () => {
    for (let i = 0; i < 5000; i++) {
      const fen = g.pick([g.int(-1e6, 1e6), g.int(0, Number.MAX_SAFE_INTEGER), g.int(-1e15, 1e15)]);
      const n = g.pick([1, 3, 50, g.int(-1000, 1000), g.int(0, 1e9)]);
      const d = g.pick([1, 2, 10, 100, 3, g.int(1, 1e6), 10 ** g.int(0, 15)]);
      const r = run((env) => mulFloor(env, env.data('f'), env.data('n'), env.data('d'), isNull(env.data('f'))), { f: fen, n, d });
      let want: number | undefined;
      try {
        want = evalMulFloor(fen, n, d);
      } catch {
        want = undefined; // beyond 2^53: the evaluator refuses too
      }
      if (r === 'inexact') expect(want === undefined || BigInt(Math.abs(fen)) * BigInt(Math.abs(n)) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
      else expect(r, `${fen} × ${n} / ${d}`).toBe(want);
    }
  });

  it('compares products beyond 2^53 exactly', () => {
    const big = () => g.pick([g.int(-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER), g.int(0, 1e6), 2 ** 52, Number.MAX_SAFE_INTEGER, 0, g.int(-100, 100)]);
    for (let i = 0; i < 5000; i++) {
      const [x, a, y] = [big(), Math.abs(big()), big()];
      // half of the pairs are exactly equal products
      const b = g.chance(0.5) ? Math.abs(big()) : a;
      const yy = b === a && g.chance(0.5) ? x : y;
      const want = BigInt(x) * BigInt(a) - BigInt(yy) * BigInt(b);
      const sign = want > 0n ? 1 : want < 0n ? -1 : 0;
      expect(run((env) => cmpProducts(env, env.data('x'), env.data('a'), env.data('y'), env.data('b')), { x, a, y: yy, b }), `${x}·${a} vs ${yy}·${b}`).toBe(sign);
    }
  });
});
