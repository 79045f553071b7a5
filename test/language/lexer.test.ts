import { describe, expect, it } from 'vitest';
import { Lexer, type ILexerConfig, type TokenType } from 'chevrotain';
import { allTokens, makeLexer, polLexer, keywordSpellings } from '../../grammar/tokens.ts';
import { readMoney, readPercent } from '../../src/syntax/literals.ts';
import { parse } from '../../src/syntax/parse.ts';

const kinds = (text: string) => polLexer.tokenize(text).tokens.map((t) => t.tokenType.name);

describe('lexer', () => {
  it('gives the Chinese and the English spelling of every keyword the same token type', () => {
    for (const [type, sp] of keywordSpellings) {
      for (const spelling of [sp.zh, sp.en, ...(sp.alt ?? [])]) {
        const toks = polLexer.tokenize(spelling).tokens;
        expect(toks.map((t) => t.tokenType), spelling).toEqual([type]);
      }
    }
  });

  it('treats full-width punctuation as its ASCII twin', () => {
    expect(kinds('：，、；（）｛｝')).toEqual(kinds(':,,;(){}'));
    expect(kinds('“甲”')).toEqual(kinds('"甲"'));
    expect(kinds('＞＝ ＜＝ ≥ ≤')).toEqual(kinds('>= <= >= <='));
  });

  it('does not run a Chinese keyword into the number after it', () => {
    expect(kinds('不超过100万元')).toEqual(['Max', 'MoneyLit']);
    expect(kinds('100万元每企业每年')).toEqual(['MoneyLit', 'PerYear']);
  });

  it('reads identifiers that are Chinese, English with hyphens, and keywords inside longer names', () => {
    expect(kinds('品牌出海企业 gz-cbec-2023 市商务局 省机场集团 国家外汇管理局广东省分局')).toEqual(Array(5).fill('Identifier'));
    expect(kinds('单位 单位组 牵头 牵头单位')).toEqual(['Unit', 'UnitGroup', 'Lead', 'LeadUnits']);
    expect(kinds('format total')).toEqual(['Identifier', 'Identifier']);
  });

  it('reads every literal kind', () => {
    expect(kinds('200万元 1.5亿元 3000元 75万美元 12USD 30元/平方米 50% 12.5％ 3年 6个月 10工作日 30日 2024-01-01 30平方米 5家 2场 17')).toEqual([
      'MoneyLit', 'MoneyLit', 'MoneyLit', 'MoneyLit', 'MoneyLit', 'MoneyLit', 'PercentLit', 'PercentLit',
      'DurationLit', 'DurationLit', 'DurationLit', 'DurationLit', 'DateLit', 'CountLit', 'CountLit', 'CountLit', 'NumberLit',
    ]);
  });

  it('skips comments of both kinds and keeps them for the formatter', () => {
    const r = polLexer.tokenize('单位 # 注释\n// 另一条\n甲');
    expect(r.tokens.map((t) => t.image)).toEqual(['单位', '甲']);
    expect(r.groups.comments!.map((t) => t.image)).toEqual(['# 注释', '// 另一条']);
  });
});

describe('literal values are exact', () => {
  it('reads money into integer fen of its currency', () => {
    expect(readMoney('200万元')).toMatchObject({ fen: 200_000_000, currency: 'CNY' });
    expect(readMoney('1.5亿元')).toMatchObject({ fen: 15_000_000_000, currency: 'CNY' });
    expect(readMoney('3000.25元')).toMatchObject({ fen: 300_025 });
    expect(readMoney('75万美元')).toMatchObject({ fen: 75_000_000, currency: 'USD' });
    expect(readMoney('30元/平方米')).toMatchObject({ fen: 3000, perUnit: '平方米' });
    expect(readMoney('0.001元')).toEqual({ error: 'precision' });
    expect(readMoney('99999999999999999亿元')).toEqual({ error: 'tooLarge' });
  });

  it('reads percentages as exact ratios', () => {
    expect(readPercent('50%')).toMatchObject({ num: 50, den: 100 });
    expect(readPercent('12.5%')).toMatchObject({ num: 125, den: 1000 });
  });

  it('rejects dates that do not exist', () => {
    const r = parse('policy p "t" { status: official issued: 2023-02-29 valid: 2024-02-29 to 2024-03-01 }', 'x.pol');
    expect(r.diagnostics.map((d) => [d.code, d.span.col])).toEqual([['POL1005', 41]]);
  });

  it('hints at start characters and line breaks exactly as Chevrotain would find them in the patterns', () => {
    // the same tokens without the hints (custom patterns keep theirs: Chevrotain cannot read them)
    const custom = (t: TokenType) => !(t.PATTERN instanceof RegExp);
    const bare = new Map<TokenType, TokenType>();
    for (const t of allTokens) {
      const c: TokenType = { ...t };
      if (!custom(t)) {
        delete c.START_CHARS_HINT;
        if (t.LINE_BREAKS === false) delete c.LINE_BREAKS;
      }
      bare.set(t, c);
    }
    for (const c of bare.values()) if (c.LONGER_ALT) c.LONGER_ALT = bare.get(c.LONGER_ALT as TokenType)!;
    type Config = { tokenType: TokenType; canLineTerminator: boolean };
    type Tables = { charCodeToPatternIdxToConfig: { defaultMode: Record<number, Config[]> }; patternIdxToConfig: { defaultMode: Config[] } };
    const tables = (lexer: Lexer) => {
      const l = lexer as unknown as Tables;
      return {
        firstChars: Object.entries(l.charCodeToPatternIdxToConfig.defaultMode).map(([idx, cs]) => [idx, cs.map((c) => c.tokenType.name)]),
        lineBreaks: l.patternIdxToConfig.defaultMode.map((c) => [c.tokenType.name, c.canLineTerminator]),
      };
    };
    const ours = makeLexer();
    const { config } = ours as unknown as { config: ILexerConfig };
    const analysed = tables(new Lexer([...bare.values()], { positionTracking: config.positionTracking, ensureOptimizations: true }));
    expect(analysed.firstChars.length).toBeGreaterThan(100);
    expect(tables(ours)).toEqual(analysed);
  });
});
