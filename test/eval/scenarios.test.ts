/**
 * Every scenario file beside a policy in dsl/ (`<name>.scenarios.yaml`) runs as tests: one test per
 * scenario, failing with the scenario runner's own report (expected vs actual, with the reasons).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/pipeline.ts';
import { parseScenarios, runScenario, runScenarioFile, reportText } from '../../src/eval/scenarios.ts';
import { ROOT } from '../support/cli.ts';

const DSL = join(ROOT, 'dsl');
const files = readdirSync(DSL).filter((f) => f.endsWith('.scenarios.yaml'));

function policyOf(file: string) {
  const pol = join(DSL, file.replace(/\.scenarios\.yaml$/, '.pol'));
  const { graph, diagnostics } = compile(readFileSync(pol, 'utf8'), pol);
  if (!graph) throw new Error(`${pol} does not compile: ${diagnostics.map((d) => d.code).join(', ')}`);
  return graph;
}

it('the seed has a scenario file', () => {
  expect(files).toContain('guangzhou-cbec.scenarios.yaml');
});

for (const file of files) {
  describe(`dsl/${file}`, () => {
    const graph = policyOf(file);
    const text = readFileSync(join(DSL, file), 'utf8');
    const parsed = parseScenarios(text, graph);

    it('is a valid scenario file beside its policy', () => {
      expect(existsSync(join(DSL, file.replace(/\.scenarios\.yaml$/, '.pol')))).toBe(true);
      expect(parsed.errors).toEqual([]);
      expect(parsed.scenarios.length).toBeGreaterThan(10);
    });

    it('exercises every benefit that states an amount', () => {
      const named = new Set(parsed.scenarios.flatMap((s) => Object.keys(s.expect)));
      for (const b of graph.benefits.filter((x) => x.hasAmount)) expect(named, b.id).toContain(b.id);
    });

    for (const s of parsed.scenarios) {
      it(s.name, () => {
        const o = runScenario(graph, s);
        expect(o.failures, o.failures.join('\n')).toEqual([]);
      });
    }
  });
}

describe('scenario files beside golden cases (#12: the policy’s own 汇率, 取整至 after the caps)', () => {
  it.each(['test/cases/reach/good/policy-figures.scenarios.yaml'])('%s passes', (rel) => {
    const pol = join(ROOT, rel.replace(/\.scenarios\.yaml$/, '.pol'));
    const graph = compile(readFileSync(pol, 'utf8'), pol).graph!;
    const r = runScenarioFile(graph, rel, readFileSync(join(ROOT, rel), 'utf8'));
    expect(r.errors).toEqual([]);
    expect(r.failed, reportText(r)).toBe(0);
    expect(r.passed).toBeGreaterThanOrEqual(7);
  });
});

describe('the scenario runner reports failures', () => {
  const graph = policyOf('guangzhou-cbec.scenarios.yaml');
  const wrong = `
issued: 2024-01-01
scenarios:
  - name: 错误的期望
    application:
      date: 2025-03-01
      applicant: { id: A, kind: enterprise }
      facts: { 推广费用: 2000000 }
      lists: { 品牌出海企业: { member: true } }
    expect:
      品牌推广扶持: 999999.99
      仓储租金补助: { eligible: false }
      麒麟企业奖励: { eligible: false, reasons: [并不存在的理由] }
  - name: 未知的扶持项目
    application: { date: 2025-03-01, applicant: { id: A, kind: enterprise } }
    expect: { 不存在的扶持: 1 }
`;
  it('names the scenario, the benefit, expected and actual', () => {
    const r = runScenarioFile(graph, 'x.scenarios.yaml', wrong);
    expect(r.failed).toBe(1);
    expect(r.errors.join()).toContain('不存在的扶持');
    const text = reportText(r);
    expect(text).toContain('✗ 错误的期望');
    expect(text).toContain('品牌推广扶持：期望 符合、上限 999999.99元，实际 符合、上限 100万元');
    expect(text).toContain('理由中应含“并不存在的理由”');
    expect(text).not.toContain('仓储租金补助：期望');
  });
  it('rejects a file that is not YAML or has no scenarios', () => {
    expect(parseScenarios('a: [', graph).errors[0]).toContain('YAML');
    expect(parseScenarios('a: 1', graph).errors[0]).toContain('scenarios');
  });
});
