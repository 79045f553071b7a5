#!/usr/bin/env node
// pol as a library, from its package entry ('pol' resolves to this checkout through package.json
// "exports"; build it first with `npm run build`). Compiles the seed policy, evaluates the sample
// application, exports the rules as JSON Logic and evaluates one of them with json-logic-js.
//
//   node examples/library-usage.mjs
import { readFileSync } from 'node:fs';
import jsonLogic from 'json-logic-js';
import { compile, evaluate, exportGraph, hasErrors, jsonLogicData, messageOf, validateApplication } from 'pol';

const file = 'dsl/guangzhou-cbec.pol';
const issued = '2024-01-01'; // the seed is a draft (征求意见稿) with no issuance date yet

// 1. compile: .pol text → rule graph (pol-graph/1), with diagnostics as values
const { graph, diagnostics } = compile(readFileSync(new URL(`../${file}`, import.meta.url), 'utf8'), file);
if (!graph || hasErrors(diagnostics)) {
  for (const d of diagnostics) console.error(`${d.file}:${d.span.line}:${d.span.col} ${d.code} ${messageOf(d)}`);
  process.exit(2);
}
console.log(`编译：${graph.policy.title}（${graph.policy.id}），${graph.benefits.filter((b) => b.hasAmount).length} 个有金额的扶持项目`);

// 2. evaluate: one application (DESIGN §5), validated first
const raw = JSON.parse(readFileSync(new URL('./applications/brand-promotion.json', import.meta.url), 'utf8'));
const checked = validateApplication(graph, raw);
if (!checked.ok) {
  for (const e of checked.errors) console.error(`${e.path}: ${e.message}`);
  process.exit(1);
}
const decision = evaluate(graph, checked.application, { issued });
for (const r of decision.results) console.log(`评估：${r.benefit} ${r.eligible ? '符合' : '不符合'}，上限 ${r.ceilingFen} 分`);

// 3. export JSON Logic, and 4. evaluate it with json-logic-js on the same data, dates as day numbers
const { value: rules, diagnostics: problems } = exportGraph(graph, 'jsonlogic', { issued });
if (!rules) {
  for (const d of problems) console.error(`${d.code} ${messageOf(d)}`);
  process.exit(2);
}
const benefit = '品牌推广扶持';
const data = jsonLogicData(graph, raw);
const eligible = jsonLogic.apply(rules.benefits[benefit].eligible, data);
const ceilingFen = jsonLogic.apply(rules.benefits[benefit].ceilingFen, data);
console.log(`JSON Logic（json-logic-js）：${benefit} eligible=${eligible} ceilingFen=${ceilingFen}`);

const expected = decision.results.find((r) => r.benefit === benefit);
const same = eligible === expected.eligible && ceilingFen === expected.ceilingFen;
console.log(same ? '一致：JSON Logic 与 evaluate 的结果相同' : '不一致！');
process.exit(same ? 0 : 1);
