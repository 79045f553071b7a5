/**
 * The JSON Logic cross-check of one dsl policy: for every benefit, 10,000 generated applications
 * aimed at it, evaluated by json-logic-js with the exported rules and by `evaluate`, must agree on
 * eligibility and ceiling, every one. (One file per policy, so that vitest runs them side by side.)
 */
import { describe, expect, it } from 'vitest';
import { compileFile, crossCheck, exported } from './support.ts';

export const PER_BENEFIT = 10_000;

export function crossCheckPolicy(file: string, seed: number): void {
  describe(`JSON Logic agrees with evaluate on ${file}`, () => {
    const graph = compileFile(file);
    const rules = exported(graph);
    const benefits = graph.benefits.filter((b) => b.hasAmount);

    it('exports a rule pair for every benefit that states an amount', () => {
      expect(Object.keys(rules.benefits)).toEqual(benefits.map((b) => b.id));
    });

    for (const [i, b] of benefits.entries()) {
      it(`${b.id}: ${PER_BENEFIT} applications, eligibility and ceiling identical`, () => {
        const r = crossCheck(graph, rules, b.id, PER_BENEFIT, seed + i);
        if (r.differing > 0) console.error(JSON.stringify(r.disagreements, null, 1));
        expect(r.differing).toBe(0);
        // the generator reaches both answers often enough for the agreement to mean something
        expect(r.eligible).toBeGreaterThan(PER_BENEFIT / 50);
        expect(r.eligible).toBeLessThan(PER_BENEFIT);
        console.log(`${file} ${b.id}: ${r.checked} applications, ${r.eligible} eligible, all agree`);
      }, 300_000);
    }
  });
}
