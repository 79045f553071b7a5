/**
 * Properties checked on generated input:
 * - random expressions with random parentheses, in every position an expression can take (definition,
 *   conditions, amount base, cap, band value), format to text that parses to the same tree, is stable, and
 *   keeps a drafter's parentheses exactly where the tree needs them;
 * - the seed policy damaged at random: whenever the damage still parses, formatting keeps the AST and
 *   every comment, and is idempotent in both languages (the mutation test of the language, for `fmt`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/syntax/parse.ts';
import { hasErrors } from '../../src/diagnostics/diagnostic.ts';
import { ROOT } from '../support/cli.ts';
import { format } from '../../src/syntax/format.ts';
import { commentsOf, expectSameTree, fmt, parsed } from './support.ts';

interface Gen {
  s: string;
  /** a primary: a name, a literal, a call, tiers, 若…, or parenthesised */
  prim: boolean;
}

const prim = (s: string): Gen => ({ s, prim: true });
const op = (s: string): Gen => ({ s, prim: false });
const paren = (g: Gen): Gen => prim(`(${g.s})`);
/** Wrap with parentheses when asked, or when the grammar needs a primary. */
const maybe = (g: Gen, wrap: boolean): Gen => (wrap ? paren(g) : g);
const primary = (g: Gen): Gen => (g.prim ? g : paren(g));

const atom = fc.constantFrom(
  ...['甲', '乙', '丙', 'rev-a', '1万元', '50%', '3场', '2', '6个月', '2025-01-01', '入选(名)', '首次入选(名)', 'member(名)', '距今(丁)'].map(prim),
);

const { e: expr } = fc.letrec<{ e: Gen }>((tie) => ({
  e: fc.oneof(
    { maxDepth: 4, depthIdentifier: 'expr' },
    atom,
    atom,
    fc
      .tuple(tie('e'), fc.constantFrom('+', '-', '−', '×', '÷', '*', '/', '＋'), tie('e'), fc.boolean(), fc.boolean())
      .map(([a, o, b, pa, pb]) => op(`${maybe(a, pa).s} ${o} ${maybe(b, pb).s}`)),
    fc
      .tuple(tie('e'), fc.constantFrom('≥', '≤', '>', '<', '=', '≠', '>=', '!=', '不低于', '不少于', '低于', '超过', '高于', '不超过', '最高', 'at-least'), tie('e'), fc.boolean(), fc.boolean())
      .map(([a, o, b, pa, pb]) => op(`${maybe(a, pa).s} ${o} ${maybe(b, pb).s}`)),
    fc
      .tuple(fc.array(tie('e'), { minLength: 2, maxLength: 3 }), fc.constantFrom('且', '或', 'and', 'or'), fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }))
      .map(([xs, o, ps]) => op(xs.map((x, i) => maybe(x, ps[i]!).s).join(` ${o} `))),
    fc.tuple(tie('e'), fc.boolean()).map(([a, p]) => op(`非 ${maybe(a, p).s}`)),
    fc.tuple(tie('e'), tie('e'), tie('e')).map(([c, a, b]) => prim(`若 ${c.s} 则 ${a.s} 否则 ${b.s}`)),
    fc.tuple(tie('e'), tie('e'), tie('e')).map(([v, s, g]) => op(`${primary(v).s} 每满 ${primary(s).s} 给予 ${primary(g).s}`)),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => prim(`增长率(${a.s}，${b.s})`)),
    fc.tuple(tie('e'), tie('e'), tie('e')).map(([v, a, b]) => prim(`分档 ${primary(v).s} { [1，2)：${paren(a).s}，(2，∞]：${paren(b).s} }`)),
    tie('e').map(paren),
  ),
}));

/** Expressions in every place the grammar takes one. */
function policyWith(a: Gen, b: Gen): string {
  return [
    `计算 x = ${a.s}`,
    '措施 1 "m" {',
    '  奖励 b "b" {',
    `    条件：${a.s}，${b.s}`,
    `    金额：${a.s}，不超过 ${paren(b).s} 每年，不超过 ${primary(a).s}`,
    `    输入 y：金额`,
    '  }',
    `  计算 z = 分档 ${primary(b).s} { [1，∞)：${paren(a).s} }`,
    '}',
    '',
  ].join('\n');
}

/** The tree of a text that parses without errors, else undefined. */
const parsedOrNot = (s: string) => {
  const r = parse(s, 'gen.pol');
  return r.ast && !hasErrors(r.diagnostics) ? r.ast : undefined;
};

describe('random expressions', () => {
  it('format to the same tree, stably, in both languages', () => {
    let accepted = 0;
    fc.assert(
      fc.property(expr, expr, (a, b) => {
        const src = policyWith(a, b);
        const tree = parsedOrNot(src);
        fc.pre(tree !== undefined);
        accepted++;
        // each text parsed once (a parse is most of a run): its tree is formatted in each language, compared and
        // printed again
        for (const lang of ['zh', 'en'] as const) {
          const out = format(tree!, src, { lang });
          const again = parsedOrNot(out);
          expect(again !== undefined, `formatted text (${lang}) does not parse:\n${out}\nfrom:\n${src}`).toBe(true);
          expectSameTree(again, tree);
          expect(format(again!, out, { lang }), lang).toBe(out);
        }
      }),
      { numRuns: 200, seed: Number(process.env.POL_FMT_SEED ?? 20250301) },
    );
    expect(accepted).toBeGreaterThan(60);
  });

  const cases: [string, string][] = [
    ['(甲 - 乙) - 丙', '甲 - 乙 - 丙'],
    ['甲 - (乙 - 丙)', '甲 - (乙 - 丙)'],
    ['甲 + (乙 × 丙)', '甲 + 乙 × 丙'],
    ['(甲 + 乙) × 丙', '(甲 + 乙) × 丙'],
    ['甲 ÷ (乙 × 丙)', '甲 ÷ (乙 × 丙)'],
    ['(甲 或 乙) 或 丙', '(甲 或 乙) 或 丙'], // n-ary 或: the parentheses make a different tree
    ['甲 或 (乙 且 丙)', '甲 或 乙 且 丙'],
    ['(甲 或 乙) 且 丙', '(甲 或 乙) 且 丙'],
    ['非 (甲 且 乙)', '非 (甲 且 乙)'],
    ['(非 甲) 且 乙', '非 甲 且 乙'],
    ['(甲 ≥ 1元) 且 (乙 < 2元)', '甲 ≥ 1元 且 乙 < 2元'],
    ['(甲 ≥ 1元) = (乙 ≥ 1元)', '(甲 ≥ 1元) = (乙 ≥ 1元)'],
    ['((甲))', '甲'],
    ['(若 甲 则 1元 否则 2元) + 3元', '(若 甲 则 1元 否则 2元) + 3元'],
    ['若 (若 甲 则 乙 否则 丙) 则 1元 否则 2元', '若 (若 甲 则 乙 否则 丙) 则 1元 否则 2元'],
    ['若 甲 则 (1元 + 2元) 否则 (3元)', '若 甲 则 1元 + 2元 否则 3元'],
    ['3元 + (若 甲 则 1元 否则 2元)', '3元 + (若 甲 则 1元 否则 2元)'],
    ['(甲 每满 1万元 给予 1元) × 2', '(甲 每满 1万元 给予 1元) × 2'],
    ['(甲 + 乙) 每满 1万元 给予 1元', '(甲 + 乙) 每满 1万元 给予 1元'],
    ['入选((名))', '入选(名)'],
    ['增长率((甲 + 乙)，(丙))', '增长率(甲 + 乙，丙)'],
  ];
  it.each(cases)('%s → %s', (input, output) => {
    expect(fmt(`计算 x = ${input}\n`, 'zh')).toBe(`计算 x = ${output}\n`);
  });

  it('adds the parentheses a tree without them needs (an AST built or edited by a program)', () => {
    const unparenthesised = (src: string) => {
      const ast = parsed(src);
      const strip = (x: unknown): unknown => {
        if (Array.isArray(x)) return x.map(strip);
        if (x && typeof x === 'object') {
          const o = x as Record<string, unknown>;
          if (o.kind === 'paren') return strip(o.expr);
          for (const k of Object.keys(o)) o[k] = strip(o[k]);
        }
        return x;
      };
      return format(strip(ast) as typeof ast, src, { lang: 'zh' });
    };
    expect(unparenthesised('计算 x = 3元 + (若 甲 则 1元 否则 2元) ≥ 4元\n')).toBe('计算 x = 3元 + (若 甲 则 1元 否则 2元) ≥ 4元\n');
    expect(unparenthesised('计算 x = 甲 - (乙 - 丙)\n')).toBe('计算 x = 甲 - (乙 - 丙)\n');
    expect(unparenthesised('计算 x = (甲 或 乙) 或 (非 (丙 且 丁))\n')).toBe('计算 x = (甲 或 乙) 或 非 (丙 且 丁)\n');
    expect(unparenthesised('计算 x = (甲 + 乙) 每满 1万元 给予 1元\n')).toBe('计算 x = (甲 + 乙) 每满 1万元 给予 1元\n');
  });
});

describe('the seed policy damaged at random', () => {
  const seed = readFileSync(join(ROOT, 'dsl/guangzhou-cbec.pol'), 'utf8');
  const PIECES = ['#', '# 注释', '\n', ' ', '//x', '，', '　', '\n\n', '（', '）', '“', '”'];
  it('formats whatever still parses, keeping the AST and every comment', () => {
    let parsedRuns = 0;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: seed.length }), fc.constantFrom(...PIECES), fc.boolean()), { minLength: 1, maxLength: 4 }),
        (edits) => {
          let s = seed;
          for (const [at, piece, del] of edits) s = del ? s.slice(0, at) + s.slice(at + 1) : s.slice(0, at) + piece + s.slice(at);
          const tree = parsedOrNot(s);
          if (!tree) return;
          parsedRuns++;
          // the damaged text and each layout parsed once: trees, comments and the second formatting from them
          for (const lang of ['zh', 'en'] as const) {
            const out = format(tree, s, { lang });
            const again = parsed(out, 'gen.pol');
            expectSameTree(again, tree);
            expect(commentsOf(again)).toEqual(commentsOf(tree));
            expect(format(again, out, { lang })).toBe(out);
          }
        },
      ),
      { numRuns: 150, seed: Number(process.env.POL_FMT_SEED ?? 17) },
    );
    expect(parsedRuns).toBeGreaterThan(20);
  });
});
