/**
 * The editor's incremental parser gives exactly what a whole parse gives — diagnostics, AST and graph —
 * for the seed, the English demo and a large synthetic policy, through a series of random edits (typing,
 * deleting, breaking and mending names, lines moved), and parses again only the declarations an edit touched.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/pipeline.ts';
import { IncrementalParser, topLevelPieces } from '../../src/service/incremental.ts';
import { ROOT } from '../support/cli.ts';
import { expectEqual } from '../support/equal.ts';
import { rng } from '../support/rng.ts';
// @ts-expect-error a plain .mjs of the benches, without types
import { syntheticPolicy } from '../../bench/lsp-synthetic.mjs';

const files = ['dsl/guangzhou-cbec.pol', 'dsl/expo-support-en.pol'].map((f) => readFileSync(resolve(ROOT, f), 'utf8'));

function same(text: string, parser: IncrementalParser): void {
  const whole = compile(text, 'p.pol');
  const inc = compile(text, 'p.pol', { parse: parser.parse });
  expectEqual(inc.diagnostics, whole.diagnostics);
  expectEqual(inc.ast, whole.ast);
  expectEqual(inc.graph, whole.graph);
}

describe('incremental parsing for the editor', () => {
  it('cuts a policy into its top-level declarations, never inside braces, strings or comments', () => {
    const seed = files[0]!;
    const pieces = topLevelPieces(seed);
    expect(pieces.map((p) => p.text).join('')).toBe(seed);
    expect(pieces.filter((p) => /^措施 \d+ /.test(p.text))).toHaveLength(17);
    for (const p of pieces) expect(seed.split('\n')[p.line - 1]).toBe(p.text.split('\n')[0]);
  });

  for (const [i, text] of files.entries()) {
    it(`equals a whole parse through 60 random edits of dsl file ${i + 1}`, () => {
      const random = rng(1000 + i);
      const parser = new IncrementalParser();
      let current = text;
      same(current, parser);
      const edits = [
        (t: string, at: number) => t.slice(0, at) + t.slice(at + 1), // delete a character
        (t: string, at: number) => t.slice(0, at) + 'x' + t.slice(at), // type one
        (t: string, at: number) => t.slice(0, at) + '\n' + t.slice(at), // break a line
        (t: string) => t, // nothing
      ];
      for (let n = 0; n < 60; n++) {
        const at = Math.floor(random() * current.length);
        const next = edits[Math.floor(random() * edits.length)]!(current, at);
        same(next, parser);
        // most edits are undone, as a drafter fixes a typo
        current = random() < 0.7 ? current : next;
      }
    });
  }

  it('parses again only the touched declaration of a 300-measure policy', () => {
    const big: string = syntheticPolicy(300);
    const parser = new IncrementalParser();
    same(big, parser);
    const edited = big.replace('支持第150项工作', '支持第150项工作改');
    same(edited, parser);
    expect(parser.lastParsed).toBe(1);
  });
});
