/**
 * The graph export and its JSON Schema, and `pol eval --graph`: an exported graph, read back and
 * validated, evaluates exactly as the .pol it came from.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { validateGraph } from '../../src/ir/validate.ts';
import { GraphSchema } from '../../src/ir/schema.ts';
import { validateApplication } from '../../src/eval/index.ts';
import { exportGraph, graphJsonSchema } from '../../src/export/index.ts';
import { ROOT, runCli } from '../support/cli.ts';
import { applications } from './generate.ts';
import { compileFile, DSL, ISSUED } from './support.ts';

const dir = mkdtempSync(join(tmpdir(), 'pol-export-'));

describe('graph JSON Schema', () => {
  const schema = graphJsonSchema();
  // (Ajv's pass that tidies its generated code is left out: the same checks, and it costs half of this large schema's compile)
  const ajv = new Ajv2020.default({ allErrors: true, strict: false, code: { optimize: false } });
  const validate = ajv.compile(schema);

  it('is the one zod generates from GraphSchema, with a title', () => {
    const { $schema, ...generated } = z.toJSONSchema(GraphSchema, { io: 'input' }) as Record<string, unknown>;
    expect(schema).toMatchObject(generated);
    expect(schema.$schema).toBe($schema);
    expect((schema.properties as Record<string, { const?: string }>).format!.const).toBe('pol-graph/1');
  });

  for (const file of [...DSL, 'test/cases/reach/good/items.pol']) {
    it(`${file}: the exported graph satisfies it, and carries policy id, source hash and compiler version`, () => {
      const graph = compileFile(file);
      const r = exportGraph(graph, 'graph');
      expect(r.diagnostics).toEqual([]);
      const json = JSON.parse(JSON.stringify(r.value)) as typeof graph;
      expect(validate(json)).toBe(true);
      expect(validateGraph(json).ok).toBe(true);
      expect(json.format).toBe('pol-graph/1');
      expect(json.policy.id).toBe(graph.policy.id);
      expect(json.source.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(json.compiler).toEqual({ name: 'pol', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    });
  }

  it('rejects what validateGraph rejects', () => {
    const graph = JSON.parse(JSON.stringify(compileFile(DSL[0]!))) as Record<string, unknown>;
    const broken = [
      { ...graph, format: 'pol-graph/2' },
      { ...graph, policy: { ...(graph.policy as object), status: 'final' } },
      { ...graph, nodes: [{ id: 'x', kind: 'expr' }] },
      (({ order: _, ...rest }) => rest)(graph),
    ];
    for (const g of broken) {
      expect(validateGraph(g).ok).toBe(false);
      expect(validate(g)).toBe(false);
    }
  });
});

describe('pol export (CLI)', () => {
  it('writes every format as JSON', () => {
    for (const format of ['graph', 'graph-schema', 'app-schema', 'jsonlogic']) {
      const out = join(dir, `seed.${format}.json`);
      const r = runCli(['export', 'dsl/guangzhou-cbec.pol', '--format', format, '--issued', ISSUED, '-o', out]);
      expect(r.status, r.stderr).toBe(0);
      const v = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
      if (format === 'jsonlogic') expect(v).toMatchObject({ format: 'pol-jsonlogic/2', policy: 'gz-cbec-2023', issued: ISSUED, validity: { from: '2024-01-01', to: '2026-12-31' } });
      if (format === 'graph') expect(v.format).toBe('pol-graph/1');
    }
    const schema = runCli(['export', '--format', 'graph-schema']);
    expect(schema.status).toBe(0);
    expect(JSON.parse(schema.stdout)).toMatchObject({ title: '规则图 pol-graph/1' });
  });

  it('refuses the JSON Logic of a draft without --issued, naming the validity clause', () => {
    const r = runCli(['export', 'dsl/guangzhou-cbec.pol', '--format', 'jsonlogic']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('POL7002');
    expect(r.stderr).toContain('--issued');
    expect(r.stderr).toMatch(/guangzhou-cbec\.pol:\d+:\d+/);
  });

  it('refuses a construct JSON Logic cannot express, naming it and its line, and writes nothing', () => {
    const pol = join(dir, 'workdays.pol');
    writeFileSync(
      pol,
      `policy t "测试政策" {\n  status: official\n  issued: 2024-01-01\n  valid: 2024-01-01 to 2030-12-31\n}\nunit u "某局"\nkind enterprise "企业" = enterprise\n` +
        `measure 1 "措施一" {\n  text: "措施一的原文。"\n  lead: u\n  award b "测试奖励" {\n    for: enterprise\n    input filed: date "立项日期"\n    when: since(filed) <= 10工作日\n    amount: max 1万元\n  }\n}\n`,
    );
    const out = join(dir, 'workdays.jsonlogic.json');
    const r = runCli(['export', pol, '--format', 'jsonlogic', '-o', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('POL7001');
    expect(r.stderr).toContain('工作日');
    expect(r.stderr).toMatch(/workdays\.pol:14:\d+/);
    expect(() => readFileSync(out)).toThrow();
  });

  it('rejects an unknown format and a bad --issued with exit 1', () => {
    expect(runCli(['export', 'dsl/guangzhou-cbec.pol', '--format', 'xml']).status).toBe(1);
    expect(runCli(['export', 'dsl/guangzhou-cbec.pol', '--format', 'jsonlogic', '--issued', '2024-02-30']).status).toBe(1);
  });

  it('exports from an exported graph as from the .pol', () => {
    const graph = join(dir, 'expo.graph.json');
    expect(runCli(['export', 'dsl/expo-support-en.pol', '-f', 'graph', '-o', graph]).status).toBe(0);
    const a = runCli(['export', graph, '-f', 'jsonlogic']);
    const b = runCli(['export', 'dsl/expo-support-en.pol', '-f', 'jsonlogic']);
    expect(a.status).toBe(0);
    expect(a.stdout).toBe(b.stdout);
  });
});

describe('pol eval --graph', () => {
  const samples = readdirSync(join(ROOT, 'examples/applications'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => join(ROOT, 'examples/applications', f));

  for (const file of DSL) {
    it(`${file}: the exported graph gives results identical to the .pol`, () => {
      const graph = compileFile(file);
      const graphFile = join(dir, `${graph.policy.id}.graph.json`);
      expect(runCli(['export', file, '-f', 'graph', '-o', graphFile]).status).toBe(0);
      // the sample applications that are applications to this policy, and a few generated ones
      const next = applications(graph, 5, { issued: graph.policy.issued ? undefined : ISSUED });
      const generated = Array.from({ length: 6 }, (_, i) => {
        const p = join(dir, `${graph.policy.id}.app${i}.json`);
        writeFileSync(p, JSON.stringify(next()));
        return p;
      });
      const inputs = [...samples.filter((s) => validateApplication(graph, JSON.parse(readFileSync(s, 'utf8'))).ok), ...generated];
      expect(inputs.length).toBeGreaterThanOrEqual(6);
      const issued = graph.policy.issued ? [] : ['--issued', ISSUED];
      // one application as its own --input, and all of them as one batch with the reasons (one evaluation each)
      const batch = join(dir, `${graph.policy.id}.apps.jsonl`);
      writeFileSync(batch, inputs.map((i) => JSON.stringify(JSON.parse(readFileSync(i, 'utf8')))).join('\n') + '\n');
      for (const how of [['--input', inputs[0]!], ['--batch', batch, '--explain']]) {
        const fromPol = runCli(['eval', file, ...how, ...issued, '--json']);
        const fromGraph = runCli(['eval', '--graph', graphFile, ...how, ...issued, '--json']);
        expect(fromPol.status, fromPol.stderr).toBe(0);
        expect(fromGraph.status, fromGraph.stderr).toBe(0);
        expect(fromGraph.stdout).toBe(fromPol.stdout);
        if (how[0] === '--batch') expect(fromPol.stdout.trim().split('\n')).toHaveLength(inputs.length);
      }
      // pol explain takes an exported graph in place of the .pol, with the same tree
      const benefit = graph.benefits.find((b) => b.hasAmount)!.id;
      const explain = (policy: string) => runCli(['explain', policy, '--input', inputs[0]!, '--benefit', benefit, ...issued]);
      const [polTree, graphTree] = [explain(file), explain(graphFile)];
      expect(graphTree.status, graphTree.stderr).toBe(0);
      expect(graphTree.stdout).toBe(polTree.stdout);
    }, 180_000);
  }

  it('stops with exit 2 and names the problems of a bad graph file', () => {
    const bad = join(dir, 'bad.graph.json');
    const good = JSON.parse(readFileSync(join(dir, 'gz-cbec-2023.graph.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(bad, JSON.stringify({ ...good, benefits: 'none' }));
    const r = runCli(['eval', '--graph', bad, '--input', samples[0]!, '--issued', ISSUED]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('不是有效的 pol-graph/1');
    expect(r.stderr).toContain('benefits');
    expect(r.stdout).toBe('');
    writeFileSync(bad, '{ not json');
    const s = runCli(['eval', '--graph', bad, '--input', samples[0]!]);
    expect(s.status).toBe(2);
    expect(s.stderr).toContain('不是有效的 JSON');
    expect(runCli(['eval', '--graph', bad, 'dsl/guangzhou-cbec.pol', '--input', samples[0]!]).status).toBe(1);
  });
});
