/**
 * Golden cases per feature: test/cases/<feature>/good/*.pol compile without errors and their graph dump
 * is compared with <name>.graph.txt; test/cases/<feature>/bad/*.pol fail `pol check` with exit 2 and their
 * report is compared with <name>.check.txt. Rewrite with `UPDATE_GOLDEN=1 npm test`, review in the diff.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/pipeline.ts';
import { validateGraph } from '../../src/ir/validate.ts';
import { printGraph } from '../../src/ir/print.ts';
import { GraphSchema } from '../../src/ir/schema.ts';
import { renderDiagnostic } from '../../src/diagnostics/frame.ts';
import { expectGolden } from '../support/golden.ts';
import { ROOT, runCli } from '../support/cli.ts';

const CASES = join(ROOT, 'test/cases');

function cases(kind: 'good' | 'bad'): { feature: string; file: string; rel: string }[] {
  const out: { feature: string; file: string; rel: string }[] = [];
  for (const feature of readdirSync(CASES)) {
    let files: string[] = [];
    try {
      files = readdirSync(join(CASES, feature, kind)).filter((f) => f.endsWith('.pol'));
    } catch {
      continue;
    }
    for (const f of files) {
      const file = join(CASES, feature, kind, f);
      out.push({ feature, file, rel: relative(ROOT, file) });
    }
  }
  return out;
}

describe('good cases compile, and their graphs match the golden dumps', () => {
  it.each(cases('good'))('$rel', ({ file, rel }) => {
    const source = readFileSync(file, 'utf8');
    const r = compile(source, rel, { validate: validateGraph });
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => renderDiagnostic(d, source))).toEqual([]);
    expect(r.graph).toBeDefined();
    expect(GraphSchema.safeParse(r.graph).success).toBe(true);
    const warnings = r.diagnostics.map((d) => renderDiagnostic(d, source)).join('\n');
    expectGolden(file.replace(/\.pol$/, '.graph.txt'), (warnings ? warnings + '\n' : '') + printGraph(r.graph!));
  });
});

describe('bad cases fail `pol check` with exit 2, and the report matches the golden', () => {
  it.each(cases('bad'))('$rel', ({ file, rel }) => {
    const r = runCli(['check', rel]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(/内部错误|internal error|at .*\.js:\d+/);
    expect(r.stderr).toMatch(/error POL\d{4}/);
    expectGolden(file.replace(/\.pol$/, '.check.txt'), r.stderr);
  });
});
