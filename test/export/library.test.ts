/**
 * The library API from the package entry ('pol' → dist/src/index.js through package.json "exports"),
 * and the example that uses it. Both read the built package: `npm run build` (or `npm ci`) first.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/cli.ts';

describe('library API (package entry)', () => {
  it('names compile, evaluate, renderDocument and exportGraph among its exports', async () => {
    const pol = (await import(join(ROOT, 'dist/src/index.js'))) as Record<string, unknown>;
    for (const name of ['compile', 'evaluate', 'renderDocument', 'exportGraph', 'diffGraphs', 'graphJsonSchema', 'applicationJsonSchema', 'validateApplication']) {
      expect(typeof pol[name], name).toBe('function');
    }
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; exports: Record<string, { default: string; types: string }> };
    expect(pkg.name).toBe('pol');
    expect(pkg.exports['.']).toEqual({ types: './dist/src/index.d.ts', default: './dist/src/index.js' });
    const dts = readFileSync(join(ROOT, 'dist/src/index.d.ts'), 'utf8');
    expect(dts).toMatch(/exportGraph/);
  });

  it('exportGraph returns values, or diagnostics for a draft without an issuance date', async () => {
    const { compile, exportGraph } = (await import(join(ROOT, 'dist/src/index.js'))) as typeof import('../../src/index.ts');
    const { graph } = compile(readFileSync(join(ROOT, 'dsl/guangzhou-cbec.pol'), 'utf8'), 'dsl/guangzhou-cbec.pol');
    expect(exportGraph(graph!, 'jsonlogic').diagnostics.map((d) => d.code)).toEqual(['POL7002']);
    const r = exportGraph(graph!, 'jsonlogic', { issued: '2024-01-01' });
    expect(r.value!.format).toBe('pol-jsonlogic/2');
    expect(Object.keys(r.value!.benefits)).toEqual(['麒麟企业奖励', '鲲鹏园区奖励', '品牌推广扶持', '仓储租金补助']);
    expect(exportGraph(graph!, 'app-schema').value!.title).toContain('申报数据');
  });

  it('examples/library-usage.mjs imports from "pol" and agrees with itself', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'examples/library-usage.mjs')], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('评估：品牌推广扶持 符合，上限 40000000 分');
    expect(r.stdout).toContain('JSON Logic（json-logic-js）：品牌推广扶持 eligible=true ceilingFen=40000000');
    expect(r.stdout).toContain('一致');
  });
});
