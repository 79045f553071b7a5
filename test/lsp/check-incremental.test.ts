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
import { IncrementalChecker } from '../../src/service/check-incremental.ts';
import { IncrementalParser, topLevelPieces } from '../../src/service/incremental.ts';
import { ROOT } from '../support/cli.ts';
import { expectEqual } from '../support/equal.ts';
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

/** Edits `text` at random and compares each version's analysis with a fresh compile; returns how many were checked one measure only. */
function differential(text: string, seed: number, rounds: number): number {
  const random = rng(seed);
  // piecewise however small the file
  const parser = new IncrementalParser(1);
  const checker = new IncrementalChecker(parser);
  let current = text;
  let seen = 0;
  let incremental = 0;
  // a fresh compile is a function of the text: each version is compiled once (most edits are undone)
  const compiled = new Map<string, ReturnType<typeof compile>['diagnostics']>();
  const same = (version: string, what: string) => {
    const fresh = compiled.get(version) ?? compile(version, 'p.pol').diagnostics;
    compiled.set(version, fresh);
    expectEqual(analyze(version, 'p.pol', parser, checker).diagnostics, fresh, what);
    seen += fresh.length;
    if (checker.lastIncremental) incremental++;
  };
  same(current, 'the text as it is');
  for (let n = 1; n <= rounds; n++) {
    const next = edits[Math.floor(random() * edits.length)]!(current, Math.floor(random() * current.length), random);
    same(next, `edit ${n}`);
    // most edits are undone, as a drafter fixes a typo
    if (random() < 0.6) same(current, `edit ${n} undone`);
    else current = next;
  }
  expect(seen).toBeGreaterThan(0);
  return incremental;
}

describe("the editor's diagnostics are pol check's", () => {
  for (const [i, f] of ['dsl/guangzhou-cbec.pol', 'dsl/expo-support-en.pol', 'dsl/shiyan-foreign-trade.pol'].entries()) {
    it(`through 30 random edits of ${f}`, () => {
      expect(differential(read(f), 2000 + i, 30)).toBeGreaterThan(5);
    });
  }

  it('through random edits of a policy whose definitions form a cycle (the lowering reports it)', () => {
    const cycle = read('test/cases/graph/bad/cycle.pol');
    expect(analyze(cycle, 'p.pol').diagnostics.map((d) => d.code)).toContain('POL3001');
    differential(cycle, 2010, 20);
  });

  it('through random edits of a 120-measure policy, most checked one measure only', () => {
    expect(differential(syntheticPolicy(120), 2020, 30)).toBeGreaterThan(10);
  });

  it('through random edits of a policy whose measures read the input of the measure before', () => {
    let prev = '';
    // measure 1 reads measure 2's input, every other measure the input of the one before
    const crossed = (syntheticPolicy(40) as string).replace(/金额：(费用[a-z]+) × 50%/g, (_all, input: string) => {
      const out = `金额：${prev || '费用c'} × 50%`;
      prev = input;
      return out;
    });
    expect(crossed).toContain('金额：费用b × 50%');
    expect(differential(crossed, 2031, 40)).toBeGreaterThan(5);
    // measure 2 stops reading measure 1's input and reads it again: measure 1's warning comes and goes
    const at = crossed.indexOf('金额：费用b') + '金额：'.length;
    const broken = crossed.slice(0, at) + crossed.slice(at + 1);
    const parser = new IncrementalParser();
    const checker = new IncrementalChecker(parser);
    for (const t of [crossed, broken, crossed]) expect(analyze(t, 'p.pol', parser, checker).diagnostics).toEqual(compile(t, 'p.pol').diagnostics);
    expect(analyze(broken, 'p.pol', parser, checker).diagnostics.map((d) => [d.code, d.args[0]])).toContainEqual(['POL2104', '费用b']);
  });

  it("checks again only the measure whose name use an edit broke and mended", () => {
    const text: string = syntheticPolicy(60);
    const use = text.indexOf('× 50%', text.indexOf('措施 30 ')) - '费用ad '.length;
    const broken = text.slice(0, use) + text.slice(use + 1);
    const parser = new IncrementalParser();
    const checker = new IncrementalChecker(parser);
    for (const t of [text, broken, text, broken]) {
      expect(analyze(t, 'p.pol', parser, checker).diagnostics).toEqual(compile(t, 'p.pol').diagnostics);
    }
    expect(checker.lastIncremental).toBe(true);
    expect(analyze(broken, 'p.pol', parser, checker).diagnostics.map((d) => d.code)).toEqual(['POL2104', 'POL2003']);
  });

  it('lowering reports nothing but a cycle of definitions, which lowerMayReport foresees', () => {
    // analyze skips the lowering unless lowerMayReport(checked) says it could report: a diagnostic added to
    // src/ir/lower.ts must be foreseen there too, and added here
    const codes = [...read('src/ir/lower.ts').matchAll(/diag\('(POL\d+)'/g)].map((m) => m[1]);
    expect(codes).toEqual(['POL3001']);
  });
});
