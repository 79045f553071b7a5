/**
 * The formatter's promises, on every .pol in dsl/ and the golden cases: idempotent, zh → en → zh gives the
 * zh layout back, the compiled graph and the AST are unchanged in both languages, every comment is kept;
 * and the messy hand-written files compare with their golden layouts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/pipeline.ts';
import { keywordSpellings } from '../../grammar/tokens.ts';
import { displayWidth } from '../../src/values/width.ts';
import { expectGolden } from '../support/golden.ts';
import { ROOT } from '../support/cli.ts';
import { meaning } from '../../src/ir/equal.ts';
import { expectSameComments, expectSameTree, fmt as format, parsed, polFiles, type FmtLang } from './support.ts';

const FILES = polFiles();
const LANGS: FmtLang[] = ['zh', 'en'];

/**
 * Formatting and compiling are pure functions of their arguments: each text is formatted (or compiled) once here,
 * however many of the promises below look at the result.
 */
const once = <A extends unknown[], R>(f: (...args: A) => R) => {
  const done = new Map<string, R>();
  return (...args: A): R => {
    const key = JSON.stringify(args);
    if (!done.has(key)) done.set(key, f(...args));
    return done.get(key)!;
  };
};
const fmt = once(format);
const compileOnce = once(compile);

describe('the files to format', () => {
  it('include both policies of dsl/ and the formatter cases', () => {
    const rels = FILES.map((f) => f.rel);
    expect(rels).toContain('dsl/guangzhou-cbec.pol');
    expect(rels).toContain('test/cases/fmt/messy.pol');
    expect(rels.filter((r) => r.startsWith('dsl/')).length).toBeGreaterThanOrEqual(2);
  });
});

describe.each(FILES)('$rel', ({ rel, path }) => {
  const source = readFileSync(path, 'utf8');

  it.each(LANGS)('is idempotent (%s)', (lang) => {
    const once = fmt(source, lang, rel);
    expect(fmt(once, lang, rel)).toBe(once);
  });

  it('comes back from English: zh → en → zh gives the normalized zh layout, en → zh → en the en layout', () => {
    const zh = fmt(source, 'zh', rel, true);
    const en = fmt(zh, 'en', rel);
    expect(fmt(en, 'zh', rel)).toBe(zh);
    expect(fmt(fmt(en, 'zh', rel), 'en', rel)).toBe(en);
    expect(fmt(source, 'en', rel)).toBe(en);
  });

  it.each(LANGS)('keeps every comment (%s)', (lang) => {
    expectSameComments(source, fmt(source, lang, rel));
  });

  it.each(LANGS)('keeps the AST: only spans, redundant parentheses and spellings change (%s)', (lang) => {
    const out = fmt(source, lang, rel);
    expectSameTree(parsed(out, rel), parsed(source, rel));
  });

  it.each(LANGS)('compiles to the same graph (%s)', (lang) => {
    const before = compileOnce(source, rel);
    const after = compileOnce(fmt(source, lang, rel), rel);
    expect(after.diagnostics.map((d) => d.code)).toEqual(before.diagnostics.map((d) => d.code));
    if (!before.graph) return; // a case that only has to parse (none today: every listed file compiles)
    expect(after.graph).toBeDefined();
    expect(meaning(after.graph!)).toEqual(meaning(before.graph!));
  });

  it.each(LANGS)('uses only the keywords of the chosen language (%s)', (lang) => {
    const out = fmt(source, lang, rel);
    // Strip strings and comments, then no keyword of the other language may remain as a word.
    const code = out
      .replace(/"(?:[^"\\]|\\.)*"/g, '""')
      .split('\n')
      .map((l) => l.replace(/\s*(#|\/\/).*$/, ''))
      .join('\n');
    const words = new Set(code.split(/[\s:：,，(){}[\]=]+/).filter(Boolean));
    for (const sp of keywordSpellings.values()) {
      const ascii = (a: string) => /^[a-z-]+$/.test(a);
      const foreign = lang === 'zh' ? [sp.en, ...(sp.alt ?? []).filter(ascii)] : [sp.zh, ...(sp.alt ?? []).filter((a) => !ascii(a))];
      for (const f of foreign) expect(words.has(f), `"${f}" left in the ${lang} layout of ${rel}`).toBe(false);
    }
    if (lang === 'zh') expect(code).not.toMatch(/[:,](?!\d)/);
    else expect(code).not.toMatch(/[：，、≥≤≠×÷]/);
  });
});

describe('golden layouts of hand-written files', () => {
  for (const name of ['messy', 'comments']) {
    const path = join(ROOT, 'test/cases/fmt', `${name}.pol`);
    const source = readFileSync(path, 'utf8');
    it.each(LANGS)(`${name}.pol (%s)`, (lang) => {
      expectGolden(join(ROOT, 'test/cases/fmt', `${name}.${lang}.txt`), fmt(source, lang));
    });
  }
});

describe('where comments go', () => {
  const messy = readFileSync(join(ROOT, 'test/cases/fmt/messy.pol'), 'utf8');
  const comments = readFileSync(join(ROOT, 'test/cases/fmt/comments.pol'), 'utf8');
  const lines = (s: string) => s.split('\n');
  /** The formatted line holding `comment`, and the line after it. */
  const at = (out: string, comment: string) => {
    const ls = lines(out);
    const i = ls.findIndex((l) => l.includes(comment));
    expect(i, `comment ${comment} is in the output`).toBeGreaterThanOrEqual(0);
    return { line: ls[i]!, next: ls[i + 1] ?? '' };
  };

  it.each(LANGS)('a comment at the end of a line stays on that item (%s)', (lang) => {
    const out = fmt(messy, lang);
    expect(at(out, '# 政策块开头的注释').line).toMatch(/^(政策|policy) fmt-demo .*\{ +#/);
    expect(at(out, '# 依据行尾注释').line).toMatch(/^ {2}(依据|basis)/);
    expect(at(out, '# 行尾注释：商务局').line).toMatch(/商务局 "某市商务局"/);
    expect(at(out, '# 分档开头的注释').line).toMatch(/(分档|tiers) 交易额 \{ +#/);
    expect(at(out, '# 第二档行尾').line).toMatch(/^ {4}\(5亿元/);
    expect(at(out, '# 条款 2 的开头').line).toMatch(/^ {2}(条款|clause) 2 \{ +#/);
    expect(at(out, '# 初审').line).toMatch(/^ {2}(步骤|step) 初审/);
  });

  it.each(LANGS)('a comment on its own line leads the item after it, or closes its block (%s)', (lang) => {
    const out = fmt(messy, lang);
    expect(at(out, '# 发布单位之前的注释').next).toMatch(/^ {2}(发布|issuer)/);
    expect(at(out, '# 第一档之前').next).toMatch(/^ {4}\[1亿元/);
    expect(at(out, '# 分档末尾的注释').next).toBe('  }');
    expect(at(out, '// 条款 1 末尾').next).toBe('  }');
    expect(lines(out).filter(Boolean).at(-1)).toBe('# 文件末尾的注释');
  });

  it('a comment inside an item is kept with that item, even when the item is joined onto one line', () => {
    const out = fmt(comments, 'zh');
    expect(at(out, '# 依据内部的整行注释').next).toMatch(/^ {2}# 依据第一项行尾/);
    expect(at(out, '# 依据第一项行尾').next).toMatch(/^ {2}依据：/);
    expect(at(out, '# 依据第二项行尾').line).toMatch(/^ {2}依据：/);
    expect(at(out, '# 名单中间').next).toMatch(/^ {2}牵头：甲局，乙局$/);
    expect(at(out, '# 上限之后').line).toMatch(/^ {4}金额：/);
    expect(at(out, '# 措施标题与左括号之间').next).toMatch(/^ {2}原文/);
    expect(at(out, '# 规则块之后').line).toMatch(/^ {2}\}/);
    expect(at(out, '# 分档收尾').line).toMatch(/^ {4}\}/);
    expect(at(out, '# 适用之后').line).toMatch(/^ {2}适用：a，b/);
  });

  it('an empty line after a comment that leads an item is kept; other empty lines are the layout’s', () => {
    const out = fmt(comments, 'zh');
    expect(out).toMatch(/# 与政策之间隔一空行的注释\n\n政策/);
    expect(out).not.toMatch(/\n\n\n/);
  });

  it('trailing comments of neighbouring lines line up', () => {
    const out = fmt(comments, 'zh');
    const column = (l: string) => displayWidth(l.slice(0, l.indexOf('#')));
    expect(column(at(out, '# 适用之后').line)).toBe(column(at(out, '# 步骤一').line));
    expect(at(out, '# 步骤一').line).toMatch(/s1 {3,}#/);
  });
});

describe('canonical spellings, and the synonyms a drafter chose kept unless --normalize', () => {
  const policy = (body: string) => `输入 甲：金额 "甲"\n输入 乙：比例 "乙"\n${body}\n`;
  // input, pol fmt (synonyms kept), pol fmt --normalize, pol fmt --lang en
  const cases: [string, string, string, string][] = [
    ['计算 x = 甲 × 50%', '计算 x = 甲 × 50%', '计算 x = 甲 × 50%', 'let x = 甲 * 50%'],
    ['计算 x = 甲 * 50% / 2', '计算 x = 甲 × 50% ÷ 2', '计算 x = 甲 × 50% ÷ 2', 'let x = 甲 * 50% / 2'],
    ['计算 x = 甲 >= 1万元', '计算 x = 甲 ≥ 1万元', '计算 x = 甲 ≥ 1万元', 'let x = 甲 >= 1万元'],
    ['计算 x = 甲 ≠ 1万元', '计算 x = 甲 ≠ 1万元', '计算 x = 甲 ≠ 1万元', 'let x = 甲 != 1万元'],
    ['计算 x = 甲 不少于 1万元', '计算 x = 甲 不少于 1万元', '计算 x = 甲 不低于 1万元', 'let x = 甲 at-least 1万元'],
    ['计算 x = 甲 少于 1万元', '计算 x = 甲 少于 1万元', '计算 x = 甲 低于 1万元', 'let x = 甲 below 1万元'],
    ['计算 x = 甲 高于 1万元', '计算 x = 甲 高于 1万元', '计算 x = 甲 超过 1万元', 'let x = 甲 above 1万元'],
    ['计算 x = 甲 最高 1万元', '计算 x = 甲 最高 1万元', '计算 x = 甲 不超过 1万元', 'let x = 甲 max 1万元'],
    ['计算 x = 乙 ＞＝ 50％', '计算 x = 乙 ≥ 50％', '计算 x = 乙 ≥ 50％', 'let x = 乙 >= 50％'],
    ['计算 x = 非 甲 > 0元 且 乙 < 1%', '计算 x = 非 甲 > 0元 且 乙 < 1%', '计算 x = 非 甲 > 0元 且 乙 < 1%', 'let x = not 甲 > 0元 and 乙 < 1%'],
  ];
  it.each(cases)('%s', (input, zh, normalized, en) => {
    expect(fmt(policy(input), 'zh')).toBe(policy(zh));
    expect(fmt(policy(input), 'zh', 'input.pol', true)).toBe(policy(normalized));
    expect(fmt(policy(input), 'en').split('\n').at(-2)).toBe(en);
  });

  it('keeps 最高 and 每企业每年 in caps; --normalize writes 不超过 and 每年', () => {
    const src = '措施 1 "一" {\n  牵头：甲\n  扶持 a "a" {\n    对象：企业\n    金额：甲 × 50%，最高 100万元 每企业每年\n  }\n}\n';
    expect(fmt(src, 'zh')).toContain('金额：甲 × 50%，最高 100万元 每企业每年');
    expect(fmt(src, 'zh', 'input.pol', true)).toContain('金额：甲 × 50%，不超过 100万元 每年');
    expect(fmt(src, 'en')).toContain('amount: 甲 * 50%, max 100万元 per-year');
  });

  it('strings are ASCII-quoted with " and \\ escaped; “” strings lose nothing', () => {
    const src = '名单 甲 “含\\反斜杠与"引号"的“名单”\n名单 乙 "已\\"转义\\"与\\\\"\n';
    const out = fmt(src, 'zh');
    expect(out).toBe('名单 甲 "含\\\\反斜杠与\\"引号\\"的“名单"\n名单 乙 "已\\"转义\\"与\\\\"\n');
    const a = parsed(src).decls;
    const b = parsed(out).decls;
    expect(b.map((d) => (d.kind === 'list' ? d.title.value : ''))).toEqual(a.map((d) => (d.kind === 'list' ? d.title.value : '')));
  });

  it('control and private-use characters in strings and comments are text, not layout', () => {
    const src = '名单 甲 "a\u0001b\ue000c"  # x\u0001y\ue000\n名单 乙 "乙"  # 乙\n';
    // (the two comments line up: \u0001 and \ue000 count one column each)
    expect(fmt(src, 'zh')).toBe('名单 甲 "a\u0001b\ue000c"  # x\u0001y\ue000\n名单 乙 "乙"     # 乙\n');
  });

  it('a string that spans lines keeps its line breaks, and a comment after it stays after it', () => {
    const src = '措施 1 "m" {\n原文："第一行\n# 不是注释\n第三行"  # 原文之后\n}\n';
    const out = fmt(src, 'en');
    expect(out).toBe('measure 1 "m" {\n  text: "第一行\n# 不是注释\n第三行"  # 原文之后\n}\n');
    expect(parsed(out).comments.map((c) => c.text)).toEqual(['# 原文之后']);
  });

  it('literals are printed as written', () => {
    const src = '计算 x = 1.5万元 + 3000元/平方米 × 2平方米 + 75万美元 × 0 + 10％ × 0元\n';
    expect(fmt(src, 'zh')).toBe('计算 x = 1.5万元 + 3000元/平方米 × 2平方米 + 75万美元 × 0 + 10％ × 0元\n');
    expect(fmt(src, 'en')).toBe('let x = 1.5万元 + 3000元/平方米 * 2平方米 + 75万美元 * 0 + 10％ * 0元\n');
  });
});
