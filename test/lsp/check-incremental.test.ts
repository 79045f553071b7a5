/**
 * The editor's diagnostics after each edit are exactly `pol check`'s (codes, ranges, messages, order): the
 * language service (incremental parsing, checking and no lowering unless it could report) against a fresh
 * whole compile, through random edits of the dsl/ policies, a policy with a cycle of definitions and a
 * synthetic one — typing, deleting, breaking lines, renaming a name at one of its uses, copying a declaration.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/pipeline.ts';
import { analyze } from '../../src/service/analysis.ts';
import { IncrementalParser, topLevelPieces } from '../../src/service/incremental.ts';
import { ROOT } from '../support/cli.ts';
import { rng } from '../support/rng.ts';
// @ts-expect-error a plain .mjs of the benches, without types
import { syntheticPolicy } from '../../bench/lsp-synthetic.mjs';

const read = (f: string) => readFileSync(resolve(ROOT, f), 'utf8');

type Edit = (t: string, at: number, random: () => number) => string;
const edits: Edit[] = [
  (t, at) => t.slice(0, at) + t.slice(at + 1), // delete a character
  (t, at) => `${t.slice(0, at)}x${t.slice(at)}`, // type one
  (t, at) => `${t.slice(0, at)}\n${t.slice(at)}`, // break a line
  (t, at) => {
    // drop the first character of the name at `at` (a use no longer resolves, or a declaration goes)
    const m = /[\p{Script=Han}\w-]+/u.exec(t.slice(at));
    return m ? t.slice(0, at + m.index) + t.slice(at + m.index + 1) : t;
  },
  (t, _at, random) => {
    // copy a whole top-level declaration after itself (duplicate names, the same text twice)
    const pieces = topLevelPieces(t);
    const p = pieces[Math.floor(random() * pieces.length)]!;
    return t.slice(0, p.offset + p.text.length) + p.text + t.slice(p.offset + p.text.length);
  },
];

function differential(text: string, seed: number, rounds: number): void {
  const random = rng(seed);
  const parser = new IncrementalParser();
  let current = text;
  let checked = 0;
  for (let n = 0; n <= rounds; n++) {
    const next = n === 0 ? current : edits[Math.floor(random() * edits.length)]!(current, Math.floor(random() * current.length), random);
    const fresh = compile(next, 'p.pol').diagnostics;
    expect(analyze(next, 'p.pol', parser).diagnostics, `edit ${n}`).toEqual(fresh);
    checked += fresh.length;
    // most edits are undone, as a drafter fixes a typo
    current = random() < 0.6 ? current : next;
  }
  expect(checked).toBeGreaterThan(0);
}

describe("the editor's diagnostics are pol check's", () => {
  for (const [i, f] of ['dsl/guangzhou-cbec.pol', 'dsl/expo-support-en.pol', 'dsl/shiyan-foreign-trade.pol'].entries()) {
    it(`through 40 random edits of ${f}`, () => differential(read(f), 2000 + i, 40));
  }

  it('through random edits of a policy whose definitions form a cycle (the lowering reports it)', () => {
    const cycle = read('test/cases/graph/bad/cycle.pol');
    expect(analyze(cycle, 'p.pol').diagnostics.map((d) => d.code)).toContain('POL3001');
    differential(cycle, 2010, 20);
  });

  it('through random edits of a 120-measure policy (checked piece by piece)', () => {
    differential(syntheticPolicy(120), 2020, 20);
  });

  it('lowering reports nothing but a cycle of definitions, which lowerMayReport foresees', () => {
    // analyze skips the lowering unless lowerMayReport(checked) says it could report: a diagnostic added to
    // src/ir/lower.ts must be foreseen there too, and added here
    const codes = [...read('src/ir/lower.ts').matchAll(/diag\('(POL\d+)'/g)].map((m) => m[1]);
    expect(codes).toEqual(['POL3001']);
  });
});
