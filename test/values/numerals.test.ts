// The values floor's numerals, as data: exact decimals, thousands groups, Chinese numerals, measure citations.
import { describe, expect, it } from 'vitest';
import { chineseNumber, decimal, grouped, measureCitation } from '../../src/values/numerals.ts';

describe('numerals', () => {
  it.each([
    [0, '零'],
    [3, '三'],
    [10, '十'],
    [17, '十七'],
    [20, '二十'],
    [21, '二十一'],
    [100, '一百'],
    [105, '一百零五'],
    [110, '一百一十'],
    [999, '九百九十九'],
    [1000, '一千'],
    [1005, '一千零五'],
    [1010, '一千零一十'],
    [1100, '一千一百'],
    [9999, '九千九百九十九'],
    [10000, '10000'],
    [-1, '-1'],
    [1.5, '1.5'],
  ])('chineseNumber(%d) → %s', (n, text) => expect(chineseNumber(n)).toBe(text));

  it.each([
    [3, '第三条'],
    ['12', '第十二条'],
  ])('measureCitation(%j) → %s', (m, text) => expect(measureCitation(m)).toBe(text));

  it.each([
    [1_500_000, 6, '1.5'],
    [100, 2, '1'],
    [5, 2, '0.05'],
    [-5, 2, '-0.05'],
    [123, 0, '123'],
  ])('decimal(%d, %d) → %s', (n, digits, text) => expect(decimal(n, digits)).toBe(text));

  it.each([
    ['1000000', '1,000,000'],
    ['1234.5', '1,234.5'],
    ['999', '999'],
  ])('grouped(%s) → %s', (x, text) => expect(grouped(x)).toBe(text));
});
