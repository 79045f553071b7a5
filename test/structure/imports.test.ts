/**
 * The import graph keeps the README's promise "each stage reads only the stages before it": every import in
 * src/ and grammar/ (static or `import()`) goes from a folder to one on a lower floor, never up, never sideways
 * between back ends, and no file imports itself round in a circle.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/cli.ts';

/**
 * The floors, lowest first. A module may import from its own room and from any lower floor. Rooms on one
 * floor are siblings and do not import each other (workflow, documents and export all read the IR and the
 * evaluator's output, as Catala's back ends read only its last form).
 */
const FLOORS: string[][] = [
  ['src/text.ts', 'src/paths.ts'],
  ['grammar', 'src/values', 'src/calendar', 'src/version.ts'],
  ['src/diagnostics'],
  ['src/syntax'],
  ['src/check'],
  ['src/ir'],
  ['src/pipeline.ts', 'src/io', 'src/eval'],
  ['src/scenarios', 'src/store', 'src/diff', 'src/export'],
  ['src/workflow', 'src/documents'],
  ['src/service', 'src/step-documents.ts'],
  ['src/serve', 'src/lsp'],
  ['src/desk'],
  ['src/cli', 'src/index.ts'],
];

/**
 * Known edges that break the floors today, each with why it is still there. The test fails on any edge not
 * listed here, and on a listed one that has gone (so the list only shrinks).
 */
const KNOWN: Record<string, string> = {
};

/** Known circles of files, each with why it is still there; same rule as KNOWN. */
const KNOWN_CIRCLES: Record<string, string> = {
};

function roomOf(file: string): string | undefined {
  const rel = relative(ROOT, file).replaceAll('\\', '/');
  let best: string | undefined;
  for (const floor of FLOORS) for (const room of floor) if ((rel === room || rel.startsWith(`${room}/`)) && (!best || room.length > best.length)) best = room;
  return best;
}

function floorOf(room: string): number {
  return FLOORS.findIndex((f) => f.includes(room));
}

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(p));
    else if (/\.ts$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

function edges(): { from: string; to: string }[] {
  const out: { from: string; to: string }[] = [];
  for (const file of [...sources(resolve(ROOT, 'src')), ...sources(resolve(ROOT, 'grammar'))]) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2]!;
      out.push({ from: file, to: resolve(dirname(file), spec) });
    }
  }
  return out;
}

describe('import graph', () => {
  const all = edges();
  const rel = (p: string) => relative(ROOT, p).replaceAll('\\', '/');

  it('puts every source file in a room of a floor', () => {
    const homeless = [...new Set(all.flatMap((e) => [e.from, e.to]).filter((f) => f.startsWith(resolve(ROOT, 'src')) && !roomOf(f)).map(rel))];
    expect(homeless).toEqual([]);
  });

  it('imports only from the same room or a lower floor', () => {
    const bad = new Set<string>();
    for (const e of all) {
      const a = roomOf(e.from);
      const b = roomOf(e.to);
      if (!a || !b || a === b) continue;
      if (floorOf(b) < floorOf(a)) continue;
      bad.add(`${rel(e.from)} -> ${rel(e.to)}`);
    }
    const unexpected = [...bad].filter((x) => !(x in KNOWN)).sort();
    const gone = Object.keys(KNOWN).filter((x) => !bad.has(x));
    expect(unexpected, 'imports that go up or sideways between stages').toEqual([]);
    expect(gone, 'known exceptions that no longer occur: delete them from KNOWN').toEqual([]);
  });

  it('has no circle of imports between files', () => {
    const next = new Map<string, string[]>();
    for (const e of all) next.set(e.from, [...(next.get(e.from) ?? []), e.to.replace(/\.js$/, '.ts')]);
    const circles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const path: string[] = [];
    const visit = (f: string) => {
      state.set(f, 'open');
      path.push(f);
      for (const g of next.get(f) ?? []) {
        if (state.get(g) === 'open') circles.push(path.slice(path.indexOf(g)).concat(g).map(rel).join(' -> '));
        else if (!state.has(g)) visit(g);
      }
      path.pop();
      state.set(f, 'done');
    };
    for (const f of next.keys()) if (!state.has(f)) visit(f);
    expect(circles.filter((c) => !(c in KNOWN_CIRCLES)), 'new circles of imports').toEqual([]);
    expect(Object.keys(KNOWN_CIRCLES).filter((c) => !circles.includes(c)), 'known circles that are gone: delete them').toEqual([]);
  });
});
