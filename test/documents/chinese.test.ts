import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chineseDate, MoneyFormatError, parseYuan, rmbCapitals, yuanFigures } from '../../src/documents/chinese.ts';

const yuan = (y: number) => Math.round(y * 100);

describe('RMB capitals (大写金额)', () => {
  it('writes whole yuan with 整', () => {
    expect(rmbCapitals(yuan(1_000_000))).toBe('人民币壹佰万元整');
    expect(rmbCapitals(yuan(1))).toBe('人民币壹元整');
    expect(rmbCapitals(yuan(10))).toBe('人民币壹拾元整');
    expect(rmbCapitals(yuan(15))).toBe('人民币壹拾伍元整');
    expect(rmbCapitals(yuan(110))).toBe('人民币壹佰壹拾元整');
    expect(rmbCapitals(yuan(400_000))).toBe('人民币肆拾万元整');
    expect(rmbCapitals(0)).toBe('人民币零元整');
  });

  it('writes 角 without 整 and 分 never with 整', () => {
    expect(rmbCapitals(yuan(20.5))).toBe('人民币贰拾元伍角');
    expect(rmbCapitals(yuan(20.55))).toBe('人民币贰拾元伍角伍分');
    expect(rmbCapitals(50)).toBe('人民币伍角');
    expect(rmbCapitals(53)).toBe('人民币伍角叁分');
    expect(rmbCapitals(5)).toBe('人民币伍分');
    expect(rmbCapitals(yuan(20))).toBe('人民币贰拾元整');
  });

  it('writes 零 where 角 is 0 and 分 is not', () => {
    expect(rmbCapitals(yuan(16_409.02))).toBe('人民币壹万陆仟肆佰零玖元零贰分');
    expect(rmbCapitals(yuan(1.05))).toBe('人民币壹元零伍分');
  });

  it('writes one 零 for inner zeros (1,005,000.50)', () => {
    expect(rmbCapitals(100_500_050)).toBe('人民币壹佰万零伍仟元伍角');
    expect(rmbCapitals(yuan(1_680.32))).toBe('人民币壹仟陆佰捌拾元叁角贰分');
    expect(rmbCapitals(yuan(107_000.53))).toBe('人民币壹拾万零柒仟元伍角叁分');
    expect(rmbCapitals(yuan(1_000_001))).toBe('人民币壹佰万零壹元整');
    expect(rmbCapitals(yuan(1_010))).toBe('人民币壹仟零壹拾元整');
    expect(rmbCapitals(yuan(100_000_001))).toBe('人民币壹亿零壹元整');
  });

  it('crosses the 万 and 亿 boundaries', () => {
    expect(rmbCapitals(yuan(9_999))).toBe('人民币玖仟玖佰玖拾玖元整');
    expect(rmbCapitals(yuan(10_000))).toBe('人民币壹万元整');
    expect(rmbCapitals(yuan(99_999_999))).toBe('人民币玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元整');
    expect(rmbCapitals(yuan(100_000_000))).toBe('人民币壹亿元整');
    expect(rmbCapitals(yuan(150_000_000))).toBe('人民币壹亿伍仟万元整');
    expect(rmbCapitals(yuan(100_010_000))).toBe('人民币壹亿零壹万元整');
    expect(rmbCapitals(10n ** 14n)).toBe('人民币壹万亿元整');
    expect(rmbCapitals(1_234_500_000_000n * 100n)).toBe('人民币壹万贰仟叁佰肆拾伍亿元整');
    expect(rmbCapitals(10n ** 18n - 1n)).toBe('人民币玖仟玖佰玖拾玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分');
  });

  it('refuses bad input', () => {
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60, 10n ** 18n, -5n]) {
      expect(() => rmbCapitals(bad as number), String(bad)).toThrow(MoneyFormatError);
    }
    expect(() => rmbCapitals('100' as unknown as number)).toThrow(MoneyFormatError);
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

describe('amounts in figures and dates', () => {
  it('formats yuan with separators and two decimals', () => {
    expect(yuanFigures(100_500_050)).toBe('1,005,000.50');
    expect(yuanFigures(0)).toBe('0.00');
    expect(yuanFigures(5)).toBe('0.05');
    expect(yuanFigures(99_999_999)).toBe('999,999.99');
  });

  it('parses yuan typed by a person, and refuses anything else', () => {
    expect(parseYuan('1005000.5')).toBe(100_500_050);
    expect(parseYuan('1,005,000.50')).toBe(100_500_050);
    expect(parseYuan('¥3000')).toBe(300_000);
    expect(parseYuan('3000元')).toBe(300_000);
    expect(parseYuan(' 0.01 ')).toBe(1);
    for (const bad of ['', 'abc', '-1', '1.234', '1e5', '1,00', '12,3456', '1.2.3', 'Infinity', '99999999999999999']) expect(parseYuan(bad), bad).toBeUndefined();
  });

  it('writes dates as documents do', () => {
    expect(chineseDate('2025-03-01')).toBe('2025年3月1日');
    expect(chineseDate('2024-12-31')).toBe('2024年12月31日');
    expect(() => chineseDate('2025-02-30')).toThrow();
    expect(() => chineseDate('2025/03/01')).toThrow();
  });
});
