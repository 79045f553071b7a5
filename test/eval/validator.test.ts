/**
 * The compiled application check (src/eval/validator.ts) agrees with the zod schema: on every generated and
 * mutated application, whatever it accepts zod accepts with the same parsed value (same keys, same order),
 * and every valid application is accepted without asking zod.
 */
import { describe, expect, it } from 'vitest';
import { applicationSchema } from '../../src/eval/schema.ts';
import { compileValidator, isDate } from '../../src/eval/validator.ts';
import { isCalendarDate } from '../../src/calendar/dates.ts';
import { rng } from '../support/rng.ts';
import { seed } from './support.ts';

const graph = seed;
const fast = compileValidator(graph);
const zod = applicationSchema(graph);

function generate(r: () => number, i: number): Record<string, unknown> {
  const app: Record<string, unknown> = { date: `2025-0${1 + (i % 9)}-1${i % 10}`, applicant: { id: `A${i}`, kind: r() < 0.8 ? 'enterprise' : 'park_operator', ...(r() < 0.5 ? { name: `企业${i}` } : {}) } };
  if (r() < 0.7) app.project = `P-${i}`;
  if (r() < 0.9) app.facts = { ...(r() < 0.8 ? { 推广费用: Math.floor(r() * 1e8) / 100 } : {}), ...(r() < 0.5 ? { 租赁海关特殊监管区域仓库: r() < 0.5 } : {}), ...(r() < 0.2 ? { 未声明: 1 } : {}) };
  if (r() < 0.6) app.lists = { 品牌出海企业: { member: r() < 0.5, ...(r() < 0.5 ? { firstTime: true } : {}) }, ...(r() < 0.2 ? { 其他: {} } : {}) };
  if (r() < 0.4) app.history = [{ benefit: '品牌推广扶持', date: '2025-01-10', grantedFen: Math.floor(r() * 1e6), ...(r() < 0.3 ? { extra: 1 } : {}) }];
  if (r() < 0.2) app.otherFunding = [{ level: 'national', project: 'P-1', ...(r() < 0.5 ? { amountFen: 5 } : {}) }];
  if (r() < 0.2) app.exchangeRates = { USD: 7.1 };
  if (r() < 0.2) app.extra = { x: 1 };
  return app;
}

const BAD = [undefined, null, '', 'x', -1, 0.001, 1.5, 1e300, NaN, true, [], {}, '2025-02-30', '2025-02-28', 0, 100, 90_071_992_547_409, 90_071_992_547_410, 1e21, -0, 0.30000000000000004, 1.005, 0.29, 4.35, 1e15 - 0.1, 1e15, 123456789012.34, 9e13 - 0.01, 9e13 + 0.01, 'a'.repeat(65), 'a'.repeat(201), '名'.repeat(2001), 'x\u001b[31m', '\u{20000}'.repeat(64), '天河\n区'];

/** One field somewhere replaced by an odd value. */
function mutate(r: () => number, app: Record<string, unknown>): unknown {
  const copy = JSON.parse(JSON.stringify(app)) as Record<string, unknown>;
  const paths: [Record<string, unknown> | unknown[], string | number][] = [];
  const walk = (o: unknown) => {
    if (typeof o !== 'object' || o === null) return;
    for (const k of Object.keys(o)) {
      paths.push([o as Record<string, unknown>, k]);
      walk((o as Record<string, unknown>)[k]);
    }
  };
  walk(copy);
  const [o, k] = paths[Math.floor(r() * paths.length)]!;
  (o as Record<string | number, unknown>)[k] = BAD[Math.floor(r() * BAD.length)];
  return copy;
}

describe('compiled application check', () => {
  it('accepts what zod accepts, with the same value, and nothing zod refuses', () => {
    const r = rng(16);
    let accepted = 0;
    let mutatedAccepted = 0;
    for (let i = 0; i < 800; i++) {
      const app = generate(r, i);
      for (const raw of [app, mutate(r, app), mutate(r, app)]) {
        const z = zod.safeParse(raw);
        const f = fast(raw);
        if (f) {
          expect(z.success, JSON.stringify(raw)).toBe(true);
          // the same value; key order may differ (an application already in shape is returned as it is)
          expect(f).toStrictEqual(z.data);
          if (raw === app) accepted++;
          else mutatedAccepted++;
        } else if (raw === app) expect.fail(`a valid application went to zod: ${JSON.stringify(raw)}`);
      }
    }
    expect(accepted).toBe(800);
    expect(mutatedAccepted).toBeGreaterThan(30);
  });

  it('returns an application already in shape as itself, and a copy without what zod drops otherwise', () => {
    const app = generate(rng(3), 1) as Record<string, unknown>;
    expect(fast(app)).toBe(app);
    const extra = { ...app, applicant: { ...(app.applicant as object), note: '多余的键' } };
    const parsed = fast(extra) as unknown as Record<string, unknown>;
    expect(parsed).not.toBe(extra);
    expect(parsed.applicant).not.toHaveProperty('note');
    expect(parsed).toStrictEqual(zod.parse(extra));
  });

  it('refuses non-objects and prototype keys', () => {
    for (const raw of [null, [], 'x', 1, { date: '2025-01-01', applicant: { id: 'A', kind: 'enterprise' }, facts: JSON.parse('{"__proto__": {"x": 1}}') }]) expect(fast(raw)).toBeUndefined();
  });

  it('reads dates exactly as isCalendarDate does', () => {
    for (const y of ['0000', '1900', '2000', '2024', '2025', '2100', '9999'])
      for (let m = 0; m <= 13; m++)
        for (let d = 0; d <= 32; d++) {
          const s = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
          expect(isDate(s), s).toBe(isCalendarDate(s));
        }
    for (const s of ['2025-1-01', '2025-01-1', '20250101', '2025/01/01', ' 2025-01-01', '2025-01-01 ', '２０２５-01-01', 'abcd-ef-gh']) expect(isDate(s)).toBe(isCalendarDate(s));
  });
});
