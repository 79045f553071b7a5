import { describe, expect, it } from 'vitest';
import { chineseDate, levelNumber } from '../../src/documents/chinese.ts';

// Amounts (capitals, figures, parsing) are tested with the values floor: test/values/money.test.ts.
describe('dates and levels as documents write them', () => {
  it('writes dates as documents do', () => {
    expect(chineseDate('2025-03-01')).toBe('2025年3月1日');
    expect(chineseDate('2024-12-31')).toBe('2024年12月31日');
    expect(() => chineseDate('2025-02-30')).toThrow();
    expect(() => chineseDate('2025/03/01')).toThrow();
  });

  it.each([
    [1, 3, '三、'],
    [2, 12, '（十二）'],
    [3, 4, '4.'],
    [4, 5, '（5）'],
  ] as const)('level %d, item %d → %s', (level, n, text) => expect(levelNumber(level, n)).toBe(text));
});
