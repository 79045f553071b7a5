/**
 * JSON Schemas (draft 2020-12) generated from the zod schemas, never written by hand:
 *
 * - `graphJsonSchema()`: the pol-graph/1 format, from `GraphSchema` (src/ir/schema.ts);
 * - `applicationJsonSchema(graph)`: the application input of one policy (DESIGN §5), from
 *   `applicationSchema(graph)` (src/eval/schema.ts), with the policy's Chinese descriptions and units,
 *   so that a form builder in another system can be driven from it.
 *
 * What zod checks in code rather than in its schema (a calendar date, yuan with at most two
 * decimals, an exchange rate needed once a foreign-currency fact is given) is added here as
 * `pattern`, `multipleOf`/`maximum` and `if`/`then`, so that the JSON Schema accepts exactly the
 * applications `pol eval` accepts (see docs/export.md for the one caveat on `multipleOf`).
 */
import { z } from 'zod';
import { compiled } from '../eval/compile.ts';
import { applicationSchema } from '../eval/schema.ts';
import { GraphSchema, GRAPH_FORMAT, type Graph } from '../ir/schema.ts';
import { CURRENCY_WORDS } from '../values/money.ts';
import type { ValueType } from '../ir/schema.ts';

export type JsonSchema = Record<string, unknown>;

/**
 * YYYY-MM-DD that is a day of the calendar (2024-02-29 yes, 2023-02-29 no), as
 * `isCalendarDate` (src/syntax/literals.ts) decides: years 0000–9999, leap years by the Gregorian rule.
 */
export const CALENDAR_DATE_PATTERN =
  '^(?:\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|02-(?:0[1-9]|1\\d|2[0-8]))' +
  '|(?:\\d{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)$';

/** The largest yuan amount whose fen are a safe integer (what `yuanToFen` accepts). */
export const MAX_YUAN = 90071992547409.91;

/** The JSON Schema of the rule graph format pol-graph/1. */
export function graphJsonSchema(): JsonSchema {
  const s = z.toJSONSchema(GraphSchema, { io: 'input' }) as JsonSchema;
  return {
    $schema: s.$schema,
    $id: 'https://pol.invalid/schema/pol-graph-1.json',
    title: `规则图 ${GRAPH_FORMAT}`,
    description: 'pol 编译 .pol 政策文件得到的规则图：政策、单位、名单、措施与条款、扶持项目、流程，以及可执行的节点（输入、计算项、表达式）和它们之间的边。由 zod 模式 GraphSchema 生成。',
    ...withoutKey(s, '$schema'),
  };
}

/** The JSON Schema of an application to `graph`'s policy (DESIGN §5). */
export function applicationJsonSchema(graph: Graph): JsonSchema {
  const s = z.toJSONSchema(applicationSchema(graph), { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const props = s.properties as Record<string, JsonSchema>;
  const date = (field: JsonSchema) => Object.assign(field, { pattern: CALENDAR_DATE_PATTERN });

  date(props.date!);
  date(((props.history!.items as JsonSchema).properties as Record<string, JsonSchema>).date!);
  const facts = (props.facts!.properties ?? {}) as Record<string, JsonSchema>;
  const typed = (f: JsonSchema | undefined, t: ValueType): void => {
    if (!f) return;
    if (t.kind === 'date') date(f);
    if (t.kind === 'money') Object.assign(f, { multipleOf: 0.01, maximum: MAX_YUAN });
    // an item list (清单): each field of its items as the fact it would be
    if (t.kind === 'items') for (const x of t.fields) typed(((f.items as JsonSchema | undefined)?.properties as Record<string, JsonSchema> | undefined)?.[x.name], x.type);
  };
  for (const i of graph.inputs) typed(facts[i.name], i.type);

  // a comparison across currencies needs the rate of each foreign currency it reads, once one of its facts is given
  const rules: JsonSchema[] = [];
  for (const need of compiled(graph).currencyNeeds) {
    if (need.currencies.length === 0) continue;
    // (each subschema names its type, which strict validators such as Ajv ask for)
    const then: JsonSchema = {
      type: 'object',
      required: ['exchangeRates'],
      properties: { exchangeRates: { type: 'object', properties: Object.fromEntries(need.currencies.map((c) => [c, {}])), required: need.currencies } },
    };
    const words = need.currencies.map((c) => `${CURRENCY_WORDS[c] ?? c}（${c}）`).join('、');
    if (need.inputs.length === 0) rules.push({ description: `须提供${words}对人民币的汇率`, ...then });
    else {
      rules.push({
        description: `填写了 ${need.inputs.join('、')} 时，须提供${words}对人民币的汇率`,
        if: { type: 'object', required: ['facts'], properties: { facts: { type: 'object', anyOf: need.inputs.map((i) => ({ type: 'object', properties: { [i]: {} }, required: [i] })) } } },
        then,
      });
    }
  }
  const p = graph.policy;
  return {
    $schema: s.$schema,
    $id: `https://pol.invalid/schema/${encodeURIComponent(p.id)}/application.json`,
    title: `${p.title}：申报数据`,
    description:
      `向政策 ${p.id}（${p.title}）申报的数据（DESIGN §5）。金额以元计、最多两位小数；日期为 YYYY-MM-DD；` +
      `已获扶持（history）与其他资金（otherFunding）的金额以分计。由规则图生成（${graph.source.file}，sha256 ${graph.source.sha256.slice(0, 12)}…）。`,
    ...withoutKey(s, '$schema'),
    ...(rules.length > 0 ? { allOf: rules } : {}),
  };
}

function withoutKey(o: JsonSchema, key: string): JsonSchema {
  const { [key]: _, ...rest } = o;
  return rest;
}
