/**
 * The JSON Logic cross-check of one dsl policy: 10,000 generated applications (aimed at each benefit
 * in turn), evaluated by `evaluate` and by the exported rules of every benefit on two independent
 * engines (json-logic-js and json-logic-engine), must agree on eligibility and ceiling, every one.
 * (One file per policy, so that vitest runs them side by side.)
 */
import { describe, expect, it } from 'vitest';
import { compileFile, crossCheck, exported } from './support.ts';

export const PER_POLICY = 10_000;

export function crossCheckPolicy(file: string, seed: number): void {
  describe(`JSON Logic agrees with evaluate on ${file}`, () => {
    const graph = compileFile(file);
    const rules = exported(graph);
    const benefits = graph.benefits.filter((b) => b.hasAmount);

    it('exports a rule pair for every benefit that states an amount', () => {
      expect(Object.keys(rules.benefits)).toEqual(benefits.map((b) => b.id));
      // eligibility is "the ceiling is above 0", the ceiling rule itself inside (so each engine computes a benefit's ceiling once per application: crossCheck shares it)
      for (const r of Object.values(rules.benefits)) expect(r.eligible).toEqual({ '>': [r.ceilingFen, 0] });
    });

    it(`${PER_POLICY} applications, every benefit, two engines: eligibility and ceiling identical`, () => {
      const r = crossCheck(graph, rules, PER_POLICY, seed);
      if (r.differing > 0) console.error(JSON.stringify(r.disagreements, null, 1));
      expect(r.differing).toBe(0);
      // the generator reaches both answers for every benefit often enough for the agreement to mean something
      for (const b of benefits) {
        expect(r.eligible[b.id], b.id).toBeGreaterThan(PER_POLICY / 300);
        expect(r.eligible[b.id], b.id).toBeLessThan(PER_POLICY);
      }
      console.log(`${file}: ${r.checked} applications × ${benefits.length} benefits, eligible ${JSON.stringify(r.eligible)}, all agree on both engines`);
    }, 600_000);
  });
}
