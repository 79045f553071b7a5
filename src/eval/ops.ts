/**
 * The small exact operations closures share with the explanations: literal values, tiers, per-increment
 * counts, comparisons, and date arithmetic with durations (workdays on the Chinese holiday calendar).
 */
import { addWorkdays } from '../calendar/workdays.ts';
import type { ExprNode, GraphLiteral } from '../ir/schema.ts';
import type { DurationUnit } from '../values/duration.ts';
import { addDuration, Q } from './values.ts';

export interface Duration {
  amount: number;
  unit: DurationUnit;
}

export type Value = number | boolean | string | Q | Duration | undefined;

/** A literal as a runtime value. */
export function literalValue(l: GraphLiteral): Value {
  switch (l.type) {
    case 'money':
      return l.fen;
    case 'percent':
      return Q.of(l.num, l.den);
    case 'count':
    case 'number':
      return Q.fromNumber(l.value);
    case 'duration':
      return { amount: l.amount, unit: l.unit };
    case 'date':
    case 'text':
      return l.value;
  }
}

/** Workday arithmetic on the Chinese public-holiday calendar (src/calendar/workdays.ts, loaded on first use). */
export function workdays(): (date: string, n: number) => string {
  return addWorkdays;
}

export function addDur(date: string, d: Duration): string {
  return addDuration(date, d.amount, d.unit, d.unit === 'workday' ? workdays() : undefined);
}

export interface BandBounds {
  lower: number | Q | undefined;
  upper: number | Q | undefined;
  lowerInclusive: boolean;
  upperInclusive: boolean;
}

/** The band that contains x by its inclusive/exclusive edges, or -1. */
export function bandOf(x: number | Q, bands: BandBounds[], money: boolean): number {
  const cmp = (p: number | Q, q: number | Q) => (money ? Math.sign((p as number) - (q as number)) : (p as Q).cmp(q as Q));
  for (let i = 0; i < bands.length; i++) {
    const b = bands[i]!;
    if (b.lower !== undefined) {
      const c = cmp(x, b.lower);
      if (c < 0 || (c === 0 && !b.lowerInclusive)) continue;
    }
    if (b.upper !== undefined) {
      const c = cmp(x, b.upper);
      if (c > 0 || (c === 0 && !b.upperInclusive)) continue;
    }
    return i;
  }
  return -1;
}

/** floor(x / step) for a per-increment award; undefined when the step is not positive. */
export function stepCount(x: number | Q, step: number | Q, money: boolean): bigint | undefined {
  if (money) {
    const s = step as number;
    if (s <= 0) return undefined;
    return Q.of(x as number, s).floor();
  }
  const s = step as Q;
  if (s.n <= 0n) return undefined;
  return (x as Q).div(s)!.floor();
}

export function cmpTest(op: NonNullable<ExprNode['cmp']>): (c: number) => boolean {
  switch (op) {
    case '>=':
      return (c) => c >= 0;
    case '<=':
      return (c) => c <= 0;
    case '>':
      return (c) => c > 0;
    case '<':
      return (c) => c < 0;
    case '=':
      return (c) => c === 0;
    case '!=':
      return (c) => c !== 0;
  }
}
