// Amounts typed for --amount (yuan, 万) and shown back, exact to the fen without floating point.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseYuan, yuanText } from '../../src/workflow/money.ts';

describe('amounts', () => {
  it.each([
    ['400000', 40_000_000],
    ['400000.5', 40_000_050],
    ['400000.05', 40_000_005],
    ['40万', 40_000_000],
    ['40万元', 40_000_000],
    ['12.5万', 12_500_000],
    ['0.0001万', 100],
    ['1,000,000.00元', 100_000_000],
  ])('%s → %d fen', (text, fen) => expect(parseYuan(text)).toBe(fen));

  it.each(['', '-5', '1.234', 'abc', '1e6', '0.0000001万', '99999999999999999999'])('refuses %j', (text) => expect(parseYuan(text)).toBeUndefined());

  it('shows what it parses', () => {
    expect(yuanText(40_000_000)).toBe('40万元');
    expect(yuanText(12_500_000)).toBe('12.5万元');
    expect(yuanText(60_000_001)).toBe('600000.01元');
    expect(yuanText(0)).toBe('0元');
    expect(yuanText(-60_000_000)).toBe('-60万元');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 13 }), (fen) => {
        expect(parseYuan(yuanText(fen))).toBe(fen);
      }),
    );
  });
});
