/**
 * The application JSON Schema (`pol export --format app-schema`) accepts exactly what `pol eval`
 * accepts: generated good applications and mutations of them (bad dates, kinds, amounts with three
 * decimals, negative counts, malformed lists, histories and rates …) get the same verdict from Ajv
 * (a standard JSON Schema validator, draft 2020-12) and from validateApplication, both ways.
 *
 * "At most two decimals" is `multipleOf: 0.01`, which validators test in floating point: Ajv with
 * `multipleOfPrecision: 3` gets every amount written with up to three decimals right up to 10^10 yuan,
 * but cannot tell floating-point noise (0.1 + 0.2 = 0.30000000000000004) from 0.3, which pol eval
 * rejects; such values are not generated here (docs/export.md says so).
 */
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import type { ValueType } from '../../src/ir/schema.ts';
import { validateApplication } from '../../src/eval/index.ts';
import { applicationJsonSchema, MAX_YUAN } from '../../src/export/index.ts';
import { applications, Gen, rng } from './generate.ts';
import { compileFile, DSL, ISSUED } from './support.ts';

/**
 * Ajv as an integrator would set it up; multipleOfPrecision because 1.13 / 0.01 is 112.99999999999999 in
 * floating point. One instance holds every policy's schema (each has its own $id), as a service taking
 * applications to several policies would.
 */
let ajv: InstanceType<typeof Ajv2020.default> | undefined;
function ajvFor(schema: object) {
  ajv ??= new Ajv2020.default({ allErrors: true, strict: true, multipleOfPrecision: 3 });
  return ajv.compile(schema);
}

type App = Record<string, unknown>;
const clone = (x: unknown) => JSON.parse(JSON.stringify(x)) as App;

/**
 * One mutation of a valid application: most break it, a few (an extra field, a missing optional one) do not.
 * The good application stays as it was (it is validated after): each mutation below replaces or deletes a
 * field of the copy `a`, or deletes a field of its own copy of `applicant`; a list of items is cloned first.
 */
function mutate(app: App, g: Gen, graph: ReturnType<typeof compileFile>): unknown {
  const a: App = { ...app, applicant: { ...(app.applicant as App) } };
  const facts = (a.facts ?? {}) as App;
  const input = graph.inputs.length ? g.pick(graph.inputs) : undefined;
  const badDate = () => g.pick(['2025-02-30', '2025-13-01', '2025/03/01', '20250301', '2025-3-1', '', 20250301, null, '1900-02-29', '2023-02-29', '2024-02-29', '2000-02-29', '0000-02-29', '2025-04-31', ' 2025-03-01']);
  const cases: (() => unknown)[] = [
    () => ((a.date = badDate()), a),
    () => (delete a.date, a),
    () => ((a.applicant = { ...(a.applicant as App), kind: g.pick(['gov', '', 1, null, 'Enterprise']) }), a),
    () => ((a.applicant = { ...(a.applicant as App), id: g.pick(['', 5, null]) }), a),
    () => (delete (a.applicant as App).id, a),
    () => (delete a.applicant, a),
    () => ((a.applicant = g.pick(['A1', [], null])), a),
    () => ((a.project = g.pick([1, null, true])), a),
    () => ((a.facts = g.pick([null, [], 'x', 3])), a),
    () => {
      if (!input) return a;
      const t = input.type.kind;
      const v =
        t === 'money'
          ? g.pick([-1, -0.01, 1.005, 0.001, 1234.567, 0.125, 7.0001, '100', true, null, MAX_YUAN, MAX_YUAN + 0.01, 1e21, 12.3, 99999999.99, 0])
          : t === 'count'
            ? g.pick([-1, -0.5, '3', null, true, 0, 2.5])
            : t === 'bool'
              ? g.pick(['yes', 1, null, 'true', false])
              : t === 'date'
                ? badDate()
                : t === 'items'
                  ? mutateItems(facts[input.name], input.type, g, badDate)
                  : g.pick([1, null, true, 'x']);
      a.facts = { ...facts, [input.name]: v };
      return a;
    },
    () => ((a.facts = { ...facts, 未声明的事实: g.pick([1, 'x', null]) }), a),
    () => {
      const l = graph.lists.length ? g.pick(graph.lists).id : 'x';
      a.lists = { ...((a.lists ?? {}) as App), [l]: g.pick([{ member: 'yes' }, { firstTime: true }, true, null, { member: true, firstTime: 1 }, { member: false }, { member: true, extra: 1 }]) };
      return a;
    },
    () => ((a.lists = g.pick([[], null, 'x'])), a),
    () => {
      const h = { benefit: g.pick(['品牌推广扶持', 'x', 1]), date: g.pick(['2025-01-01', '2025-02-30', 5]), grantedFen: g.pick([100, 1.5, -1, '100', 9007199254740992, 0]) };
      a.history = g.pick([[h], 'x', [null], [{ benefit: 'x', date: '2025-01-01' }]]);
      return a;
    },
    () => {
      const f = { level: g.pick(['national', 'city', 1]), project: g.pick(['P-1', 2]), ...(g.chance(0.5) ? { amountFen: g.pick([1, -1, 0.5]) } : {}) };
      a.otherFunding = g.pick([[f], {}, [{ level: 'national' }]]);
      return a;
    },
    () => ((a.exchangeRates = g.pick([{ USD: 0 }, { USD: -1 }, { USD: '7.1' }, { USD: 7.1 }, {}, [], { EUR: 7.8 }])), a),
    () => (delete a.exchangeRates, a),
    () => ((a.extra = 1), a),
    () => g.pick([[], 'x', null, 1]),
  ];
  return g.pick(cases)();
}

/** A list of items (清单) made bad, or not: an item not an object, a field missing or of the wrong kind, an extra key (dropped). */
function mutateItems(list: unknown, t: ValueType, g: Gen, badDate: () => unknown): unknown {
  if (t.kind !== 'items') return list;
  const items = (Array.isArray(list) && list.length > 0 ? clone(list) : [{}]) as unknown as App[];
  const k = g.int(0, items.length - 1);
  const f = g.pick(t.fields);
  const bad = (): unknown =>
    f.type.kind === 'money' ? g.pick([-1, 1.005, '100', null]) : f.type.kind === 'date' ? badDate() : f.type.kind === 'text' ? g.pick([5, null, true, ...((f.type as { options?: string[] }).options ? ['x'] : [])]) : g.pick([null, 'x', -1]);
  const cases: (() => unknown)[] = [
    () => g.pick([{}, 'x', 1, null, [items]]),
    () => ((items[k] = g.pick([null, 'x', [], 1]) as unknown as App), items),
    () => (delete items[k]![f.name], items),
    () => ((items[k]![f.name] = bad()), items),
    () => ((items[k]!.备注 = 'extra'), items),
  ];
  return g.pick(cases)();
}

describe('application JSON Schema', () => {
  for (const file of [...DSL, 'test/cases/reach/good/items.pol']) {
    const graph = compileFile(file);
    const schema = applicationJsonSchema(graph);
    const validate = ajvFor(schema);

    it(`${file}: carries the policy's Chinese descriptions and units`, () => {
      const facts = (schema.properties as Record<string, { properties: Record<string, { description: string }> }>).facts!.properties;
      for (const i of graph.inputs) {
        expect(facts[i.name]!.description).toContain(i.description ?? i.name);
        if (i.type.kind === 'money') expect(facts[i.name]!.description).toMatch(/单位：(元|美元|港元|欧元|日元|英镑)/);
        if (i.type.kind === 'count' && i.type.unit) expect(facts[i.name]!.description).toContain(i.type.unit);
      }
      expect(schema.title).toContain(graph.policy.title);
    });

    it(`${file}: Ajv and pol eval agree on 4,000 good and 4,000 mutated applications`, () => {
      const next = applications(graph, 77, { issued: graph.policy.issued ? undefined : ISSUED });
      const g = new Gen(rng(78));
      const tally = { good: 0, acceptedMutants: 0, rejectedMutants: 0 };
      const disagree: unknown[] = [];
      for (let i = 0; i < 4000; i++) {
        const good = next();
        const bad = mutate(good, g, graph);
        for (const [x, isGood] of [[good, true], [bad, false]] as const) {
          const byPol = validateApplication(graph, x).ok;
          const byAjv = validate(x);
          if (byPol !== byAjv) disagree.push({ app: x, pol: byPol, ajv: byAjv, errors: validate.errors });
          if (isGood) tally.good += byPol ? 1 : 0;
          else if (byPol) tally.acceptedMutants++;
          else tally.rejectedMutants++;
        }
      }
      expect(disagree.slice(0, 3)).toEqual([]);
      expect(tally.good).toBe(4000);
      // (a policy of three facts and no lists, like 十堰's, draws more mutations that stay valid: 0, 12.3 …)
      expect(tally.rejectedMutants).toBeGreaterThan(2800);
      expect(tally.acceptedMutants).toBeGreaterThan(0);
    });
  }
});
