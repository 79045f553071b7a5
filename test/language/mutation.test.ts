/**
 * Damage dsl/guangzhou-cbec.pol at random, many times: the compiler never throws, every diagnostic has
 * a span inside the file and a catalogued code, and the CLI never crashes. The seed of the random
 * generator is printed on failure (set POL_MUTATION_SEED to replay).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/pipeline.ts';
import { validateGraph } from '../../src/ir/validate.ts';
import { catalog } from '../../src/diagnostics/catalog.ts';
import { messageOf } from '../../src/diagnostics/diagnostic.ts';
import { ROOT, runCli } from '../support/cli.ts';
import { rng } from '../support/rng.ts';

const SEED_SOURCE = readFileSync(join(ROOT, 'dsl/guangzhou-cbec.pol'), 'utf8');
const RUNS = 400;

const FRAGMENTS = ['{', '}', '（', '）', '"', '“', '：', '，', '×', '%', '万元', '不超过', '措施', '条款', '牵头', '每年', '若', '分档', '[', ')', '∞', '每满', '入选(', '2024-02-30', '0.001元', '\n', '#', '计算 甲 = 甲', '扶持 x "x" {', '@', '\u0000', '𠀀', '１２'];

function mutate(src: string, rand: () => number): string {
  let s = src;
  const edits = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(rand() * s.length);
    const kind = Math.floor(rand() * 5);
    if (kind === 0) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(rand() * 40));
    else if (kind === 1) s = s.slice(0, at) + FRAGMENTS[Math.floor(rand() * FRAGMENTS.length)] + s.slice(at);
    else if (kind === 2) {
      const end = s.indexOf('\n', at);
      s = s.slice(0, at) + s.slice(at, end < 0 ? s.length : end + 1).repeat(2) + (end < 0 ? '' : s.slice(end + 1));
    } else if (kind === 3) s = s.slice(0, at) + String.fromCharCode(Math.floor(rand() * 0x9fff)) + s.slice(at + 1);
    else s = s.slice(at) + s.slice(0, at);
  }
  return s;
}

const seed = Number(process.env.POL_MUTATION_SEED ?? Date.now() % 1_000_000);

describe(`mutation (seed ${seed})`, () => {
  it(`compiles ${RUNS} damaged copies of the seed without throwing, every diagnostic in bounds`, () => {
    const rand = rng(seed);
    let withErrors = 0;
    for (let i = 0; i < RUNS; i++) {
      const src = mutate(SEED_SOURCE, rand);
      const lines = src.split('\n').length;
      let r: ReturnType<typeof compile>;
      try {
        r = compile(src, 'm.pol');
      } catch (e) {
        throw new Error(`compile threw on mutant ${i} (POL_MUTATION_SEED=${seed}): ${(e as Error).stack}`);
      }
      if (r.diagnostics.some((d) => d.severity === 'error')) withErrors++;
      else {
        // the graph of a mutant without errors is a valid pol-graph/1: validated here, once (compile's own
        // `validate` would turn a failure into a POL3002 error, which this loop would count, not fail on)
        const v = validateGraph(r.graph);
        expect(v.ok ? [] : v.problems, `mutant ${i} (POL_MUTATION_SEED=${seed})`).toEqual([]);
      }
      // checked in plain code (eight expects per diagnostic added up over thousands of diagnostics), the
      // first one out of bounds shown whole
      for (const d of r.diagnostics) {
        const s = d.span;
        const ok = catalog[d.code] !== undefined && messageOf(d).length > 0 && s.line >= 1 && s.line <= lines && s.col >= 1 && s.endLine >= s.line && s.offset <= src.length && s.endOffset >= s.offset;
        if (!ok) expect({ mutant: i, POL_MUTATION_SEED: seed, code: d.code, message: messageOf(d), span: s, lines, length: src.length }).toBe('a catalog diagnostic with a message and a span within the text');
      }
    }
    expect(withErrors).toBeGreaterThan(RUNS / 2);
  });

  it('never makes the CLI crash', () => {
    const rand = rng(seed + 1);
    const dir = mkdtempSync(join(tmpdir(), 'pol-mut-'));
    for (let i = 0; i < 8; i++) {
      const file = join(dir, `m${i}.pol`);
      writeFileSync(file, mutate(SEED_SOURCE, rand));
      for (const args of [['check', file], ['compile', file], ['graph', file]]) {
        const r = runCli(args);
        expect([0, 2], `${args.join(' ')} (POL_MUTATION_SEED=${seed}): ${r.stderr}`).toContain(r.status);
        expect(r.stderr).not.toContain('内部错误');
        expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
      }
    }
  }, 180_000);
});
