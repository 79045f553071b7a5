/**
 * Deep equality for large trees (ASTs, graphs, diagnostics) checked many times: compared in plain code first,
 * as vitest's deep equality costs more than most of what it checks; only a difference goes to `toEqual`,
 * which decides and shows it. The plain comparison is at least as strict as `toEqual`: plain objects and arrays
 * by their own string keys, everything else by Object.is; anything else (a Map, a Date, a symbol key …) is left
 * to `toEqual`.
 */
import { expect } from 'vitest';

function plainEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const pa = Object.getPrototypeOf(a);
  const pb = Object.getPrototypeOf(b);
  if (pa !== pb || (pa !== Object.prototype && pa !== Array.prototype && pa !== null)) return false;
  if (Object.getOwnPropertySymbols(a).length > 0 || Object.getOwnPropertySymbols(b).length > 0) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  for (const k of ka) if (!Object.hasOwn(y, k) || !plainEqual(x[k], y[k])) return false;
  return true;
}

/** `expect(actual, message).toEqual(expected)`, cheaper when they are equal. */
export function expectEqual(actual: unknown, expected: unknown, message?: string): void {
  if (!plainEqual(actual, expected)) expect(actual, message).toEqual(expected);
}
