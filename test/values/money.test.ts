/**
 * The values floor's money, as data: what a person types and what pol reads (parseYuan), what pol writes
 * back (formatMoney, moneyInScale, fenToYuan, yuanFigures, rmbCapitals), and properties that tie them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fenToYuan, formatMoney, MoneyFormatError, moneyInScale, parseYuan, rmbCapitals, yuanFigures, yuanToFen } from '../../src/values/money.ts';

describe('parseYuan: yuan as a person types it', () => {
  it.each([
    ['400000', 40_000_000],
    ['400000.5', 40_000_050],
    ['400000.05', 40_000_005],
    [' 0.01 ', 1],
    ['1005000.5', 100_500_050],
    ['1,005,000.50', 100_500_050],
    ['1,000,000.00元', 100_000_000],
    ['¥3000', 300_000],
    ['￥ 3000', 300_000],
    ['3000元', 300_000],
    ['3000 元', 300_000],
    ['40万', 40_000_000],
    ['40万元', 40_000_000],
    ['12.5万', 12_500_000],
    ['0.0001万', 100],
    ['0.000001万', 1],
    ['1,000万元', 1_000_000_000],
    ['3亿', 30_000_000_000],
    ['1.5亿元', 15_000_000_000],
  ])('%j → %d fen', (text, fen) => expect(parseYuan(text)).toBe(fen));

  it.each([
    '',
    'abc',
    '-1',
    '-5',
    '1.234',
    '1e5',
    '1e6',
    '1,00',
    '12,3456',
    '1.2.3',
    'Infinity',
    '0.0000001万',
    '99999999999999999',
    '99999999999999999999',
    '元',
    '万',
  ])('refuses %j', (text) => expect(parseYuan(text)).toBeUndefined());
});

describe('amounts shown back', () => {
  it.each([
    [15_000_000, 'CNY', '15万元'],
    [40_000_000, 'CNY', '40万元'],
    [12_500_000, 'CNY', '12.5万元'],
    [12_345_670_000, 'CNY', '12345.67万元'],
    [30_000_000_000, 'CNY', '3亿元'],
    [15_000_000_000, 'CNY', '1.5亿元'],
    [60_000_001, 'CNY', '600000.01元'],
    [123_456, 'CNY', '1234.56元'],
    [999_900, 'CNY', '9999元'],
    [0, 'CNY', '0元'],
    [-60_000_000, 'CNY', '-60万元'],
    [75_000_000, 'USD', '75万美元'],
    [100, 'USD', '1美元'],
    [100, 'XYZ', '1XYZ'],
  ])('formatMoney(%d, %s) → %s', (fen, currency, text) => expect(formatMoney(fen, currency)).toBe(text));

  it.each([
    [100_000_000, '万', 'CNY', '100万元'],
    [100_000_000, undefined, 'CNY', '1000000元'],
    [12_345, undefined, 'CNY', '123.45元'],
    [15_000_000_000, '亿', 'CNY', '1.5亿元'],
    [75_000_000, '万', 'USD', '75万美元'],
  ] as const)('moneyInScale(%d, %s, %s) → %s', (fen, scale, currency, text) => expect(moneyInScale(fen, scale, currency)).toBe(text));

  it.each([
    [150_000_000, '1500000.00'],
    [5, '0.05'],
    [-1_234, '-12.34'],
  ])('fenToYuan(%d) → %s', (fen, text) => expect(fenToYuan(fen)).toBe(text));

  it.each([
    [100_500_050, '1,005,000.50'],
    [0, '0.00'],
    [5, '0.05'],
    [99_999_999, '999,999.99'],
  ])('yuanFigures(%d) → %s', (fen, text) => expect(yuanFigures(fen)).toBe(text));

  it.each([
    [1_000_000, 100_000_000],
    [0.01, 1],
    [999_999.99, 99_999_999],
    [-5, -500],
    [1.234, undefined],
    [Number.NaN, undefined],
    [1e300, undefined],
  ])('yuanToFen(%d) → %s', (yuan, fen) => expect(yuanToFen(yuan)).toBe(fen));

  it('reads back what it writes (formatMoney → parseYuan, any fen up to 1e13)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 13 }), (fen) => {
        expect(parseYuan(formatMoney(fen))).toBe(fen);
        expect(parseYuan(yuanFigures(fen))).toBe(fen);
      }),
    );
  });
});

const yuan = (y: number) => Math.round(y * 100);

describe('RMB capitals (大写金额)', () => {
  it.each([
    // whole yuan with 整
    [yuan(1_000_000), '人民币壹佰万元整'],
    [yuan(1), '人民币壹元整'],
    [yuan(10), '人民币壹拾元整'],
    [yuan(15), '人民币壹拾伍元整'],
    [yuan(110), '人民币壹佰壹拾元整'],
    [yuan(400_000), '人民币肆拾万元整'],
    [0, '人民币零元整'],
    // 角 without 整, 分 never with 整
    [yuan(20.5), '人民币贰拾元伍角'],
    [yuan(20.55), '人民币贰拾元伍角伍分'],
    [50, '人民币伍角'],
    [53, '人民币伍角叁分'],
    [5, '人民币伍分'],
    [yuan(20), '人民币贰拾元整'],
    // 零 where 角 is 0 and 分 is not
    [yuan(16_409.02), '人民币壹万陆仟肆佰零玖元零贰分'],
    [yuan(1.05), '人民币壹元零伍分'],
    // one 零 for inner zeros
    [100_500_050, '人民币壹佰万零伍仟元伍角'],
    [yuan(1_680.32), '人民币壹仟陆佰捌拾元叁角贰分'],
    [yuan(107_000.53), '人民币壹拾万零柒仟元伍角叁分'],
    [yuan(1_000_001), '人民币壹佰万零壹元整'],
    [yuan(1_010), '人民币壹仟零壹拾元整'],
    [yuan(100_000_001), '人民币壹亿零壹元整'],
    // across 万 and 亿
    [yuan(9_999), '人民币玖仟玖佰玖拾玖元整'],
    [yuan(10_000), '人民币壹万元整'],
    [yuan(99_999_999), '人民币玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元整'],
    [yuan(100_000_000), '人民币壹亿元整'],
    [yuan(150_000_000), '人民币壹亿伍仟万元整'],
    [yuan(100_010_000), '人民币壹亿零壹万元整'],
    [10n ** 14n, '人民币壹万亿元整'],
    [1_234_500_000_000n * 100n, '人民币壹万贰仟叁佰肆拾伍亿元整'],
    [10n ** 18n - 1n, '人民币玖仟玖佰玖拾玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分'],
  ] as [number | bigint, string][])('%s fen → %s', (fen, text) => expect(rmbCapitals(fen)).toBe(text));

  it('leaves out 人民币 when asked', () => expect(rmbCapitals(yuan(20.5), { prefix: false })).toBe('贰拾元伍角'));

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60, 10n ** 18n, -5n, '100'])('refuses %s', (bad) => {
    expect(() => rmbCapitals(bad as number)).toThrow(MoneyFormatError);
    if (typeof bad !== 'string') expect(() => yuanFigures(bad as number)).toThrow(MoneyFormatError);
  });

  it('reads back to the same amount (any fen up to 1e15)', () => {
    const digit: Record<string, number> = { 零: 0, 壹: 1, 贰: 2, 叁: 3, 肆: 4, 伍: 5, 陆: 6, 柒: 7, 捌: 8, 玖: 9 };
    const small: Record<string, number> = { 拾: 10, 佰: 100, 仟: 1000 };
    /** An independent reader of capitals, so the property checks the writer against arithmetic. */
    const read = (s: string): bigint => {
      let text = s.replace(/^人民币/, '').replace(/整$/, '');
      let fen = 0n;
      const m = /(?:(\S)角)?(?:(\S)分)?$/.exec(text.replace(/^.*元/, '').replace(/^零/, ''))!;
      if (m[1]) fen += BigInt(digit[m[1]]!) * 10n;
      if (m[2]) fen += BigInt(digit[m[2]]!);
      text = text.includes('元') ? text.slice(0, text.indexOf('元')) : '';
      let total = 0n;
      let section = 0n;
      let num = 0n;
      for (const ch of text) {
        if (ch in digit) num = BigInt(digit[ch]!);
        else if (ch in small) {
          section += num * BigInt(small[ch]!);
          num = 0n;
        } else if (ch === '万') {
          section = (section + num) * 10_000n;
          num = 0n;
          // 万 after 亿 groups multiplies only its own section; 万亿 is handled by the following 亿
        } else if (ch === '亿') {
          total = (total + section + num) * 100_000_000n;
          section = 0n;
          num = 0n;
        }
      }
      return (total + section + num) * 100n + fen;
    };
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), (fen) => {
        expect(read(rmbCapitals(fen))).toBe(fen);
      }),
      { numRuns: 3000 },
    );
  });
});
