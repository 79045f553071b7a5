/**
 * The rule graph, format pol-graph/1: the one data type that evaluation, workflow, documents and
 * exports read. Validated by this zod schema, which also emits its JSON Schema (`pol export --format graph-schema`).
 *
 * Nodes are flat and carry a source span and the measure they belong to. Executable nodes
 * (input, define, expr) form a DAG through `args`; `edges` list every dependency with the span that
 * caused it (for drawing and for cycle reports), and `order` lists executable nodes dependencies-first.
 *
 * The graph keeps source spans (for diagnostics and the editor) but not the source text of rules:
 * whatever shows a rule to a person prints it from the nodes (src/ir/prose.ts), so a policy written
 * with English keywords reads the same, and two graphs compare by meaning (src/ir/equal.ts).
 */
import { z } from 'zod';
import type { ValueType } from '../values/value-type.ts';

import { GRAPH_FORMAT } from './format.ts';

export { GRAPH_FORMAT };

export const SpanSchema = z.object({
  line: z.number().int(),
  col: z.number().int(),
  endLine: z.number().int(),
  endCol: z.number().int(),
  offset: z.number().int(),
  endOffset: z.number().int(),
});

export const DurationUnitSchema = z.enum(['year', 'month', 'day', 'workday']);

export const LiteralSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('money'),
    fen: z.number().int(),
    currency: z.string(),
    perUnit: z.string().optional(),
    /** The multiple the policy states the amount in (100万元: 万), so documents print it the same way. */
    scale: z.enum(['万', '亿']).optional(),
  }),
  z.object({ type: z.literal('percent'), num: z.number().int(), den: z.number().int().positive() }),
  z.object({ type: z.literal('count'), value: z.number(), unit: z.string() }),
  z.object({ type: z.literal('number'), value: z.number() }),
  z.object({ type: z.literal('duration'), amount: z.number().int(), unit: DurationUnitSchema }),
  z.object({ type: z.literal('date'), value: z.string() }),
  /** an option of a choice input (国家级) */
  z.object({ type: z.literal('text'), value: z.string() }),
]);

const scalarTypes = [
  z.object({ kind: z.literal('money'), currency: z.string(), perUnit: z.string().optional() }),
  z.object({ kind: z.literal('count'), unit: z.string().optional() }),
  z.object({ kind: z.literal('percent') }),
  z.object({ kind: z.literal('number') }),
  z.object({ kind: z.literal('bool') }),
  z.object({ kind: z.literal('date') }),
  z.object({ kind: z.literal('duration') }),
  /** text; with `options` for a choice input (选项(国家级，省级，市级)), whose value is one of them */
  z.object({ kind: z.literal('text'), options: z.array(z.string()).optional() }),
  z.object({ kind: z.literal('since') }),
] as const;

export const ScalarValueTypeSchema = z.discriminatedUnion('kind', [...scalarTypes]);

export const ValueTypeSchema = z.discriminatedUnion('kind', [
  ...scalarTypes,
  /** 清单(…): a list of items with typed fields (an input; read through sumItems / countItems) */
  z.object({ kind: z.literal('items'), fields: z.array(z.object({ name: z.string(), type: ScalarValueTypeSchema })) }),
]);

const base = {
  id: z.string(),
  span: SpanSchema,
  /** The measure number ("3") the node belongs to, when it belongs to one. */
  measure: z.string().optional(),
};

export const BandSchema = z.object({
  lower: LiteralSchema.nullable(),
  upper: LiteralSchema.nullable(),
  lowerInclusive: z.boolean(),
  upperInclusive: z.boolean(),
  span: SpanSchema,
});

export const ExprOpSchema = z.enum([
  'literal',
  'add',
  'sub',
  'mul',
  'div',
  'cmp',
  'and',
  'or',
  'not',
  'if',
  'member',
  'firstEntry',
  'since',
  'growth',
  'tiers',
  'steps',
  /** a value picked by the option of a choice input: args [value, entry₁ value, …], keys the options */
  'lookup',
  /** round down to a multiple of args[1] (取整(x, 1万元)) */
  'roundDown',
  /** a date plus / minus a duration: [date, duration] */
  'datePlus',
  'dateMinus',
  /** whole years / months from args[0] to args[1] (整年数, 整月数) */
  'yearsBetween',
  'monthsBetween',
  /** the application's date (申报日期) */
  'appDate',
  /** the number of past grants of `benefit` to the applicant (已获次数), from history or the ledger */
  'timesGranted',
  /** whether `benefit` was granted to the applicant in the calendar year before the application's (上年度已获) */
  'grantedLastYear',
  /** a field of the current item (`items` the list input, `field` the field), inside sumItems / countItems */
  'itemField',
  /** the sum of args[1] over the items of args[0] (the list input) that meet args[2…] (合计) */
  'sumItems',
  /** the number of items of args[0] that meet args[1…] (笔数) */
  'countItems',
  /** whether args[0] (a text) names the applicant: its id (统一社会信用代码) or its name (付款方 = 申报人) */
  'isApplicant',
]);

export const CmpSchema = z.enum(['>=', '<=', '>', '<', '=', '!=']);

export const ExprNodeSchema = z.object({
  ...base,
  kind: z.literal('expr'),
  op: ExprOpSchema,
  type: ValueTypeSchema,
  /** Operand node ids, in order: for `tiers`, [value, band₁ value, band₂ value, …]; for `steps`, [value, step, each]. */
  args: z.array(z.string()),
  value: LiteralSchema.optional(),
  cmp: CmpSchema.optional(),
  list: z.string().optional(),
  /** For timesGranted / grantedLastYear: the benefit id whose grants are read. */
  benefit: z.string().optional(),
  bands: z.array(BandSchema).optional(),
  /** For `lookup`: the option each entry value stands for, in order. */
  keys: z.array(z.string()).optional(),
  /** For itemField, sumItems, countItems: the item list input; for itemField, the field. */
  items: z.string().optional(),
  field: z.string().optional(),
});

export const InputNodeSchema = z.object({
  ...base,
  kind: z.literal('input'),
  name: z.string(),
  type: ValueTypeSchema,
  description: z.string().optional(),
});

export const DefineNodeSchema = z.object({
  ...base,
  kind: z.literal('define'),
  name: z.string(),
  type: ValueTypeSchema,
  args: z.array(z.string()).length(1),
});

export const StructNodeSchema = z.object({
  ...base,
  kind: z.enum(['policy', 'measure', 'clause', 'unit', 'group', 'list', 'benefit', 'workflow', 'step', 'rule']),
  label: z.string(),
});

export const NodeSchema = z.discriminatedUnion('kind', [
  ExprNodeSchema,
  InputNodeSchema,
  DefineNodeSchema,
  StructNodeSchema,
]);

export const EdgeSchema = z.object({
  from: z.string(),
  to: z.string(),
  kind: z.enum(['arg', 'lead', 'cooperate', 'member', 'in', 'reads', 'condition', 'amount', 'cap', 'workflow', 'rule']),
  span: SpanSchema,
});

export const UnitSchema = z.object({
  id: z.string(),
  fullName: z.string(),
  district: z.string().optional(),
  /** Present for a unit group (单位组): the units it stands for. */
  members: z.array(z.string()).optional(),
  span: SpanSchema,
});

export const ClauseSchema = z.object({
  id: z.string(),
  number: z.number().int(),
  text: z.string().optional(),
  /** How the source names the lead: 牵头 or 负责. */
  leadWord: z.enum(['牵头', '负责']),
  lead: z.array(z.string()),
  cooperate: z.array(z.string()),
  span: SpanSchema,
});

export const MeasureSchema = z.object({
  number: z.string(),
  title: z.string(),
  text: z.string(),
  clauses: z.array(ClauseSchema),
  span: SpanSchema,
});

export const CapSchema = z.object({
  node: z.string(),
  /** once: per application; perYear: per applicant and calendar year (from history/ledger); total: per applicant over the validity. */
  scope: z.enum(['once', 'perYear', 'total']),
  span: SpanSchema,
});

/** A condition of a benefit. Its wording is printed from the node (src/ir/prose.ts), never quoted from the source. */
export const ConditionSchema = z.object({ node: z.string(), span: SpanSchema });

export const BenefitSchema = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.enum(['award', 'support', 'subsidy']),
  measure: z.string(),
  clause: z.string(),
  /** applicant.kind codes, e.g. enterprise, park_operator */
  applicants: z.array(z.string()),
  text: z.string().optional(),
  /** For a benefit without a stated amount (按相关政策给予支持): the policy it refers to. */
  reference: z.string().optional(),
  oneTime: z.boolean(),
  conditions: z.array(ConditionSchema),
  /** The amount before ceilings (rate × base, tiers, …); absent for a fixed ceiling (最高 200万元) or a reference. */
  base: z.string().optional(),
  caps: z.array(CapSchema),
  /** Whether the benefit states an amount at all (only those are evaluated). */
  hasAmount: z.boolean(),
  /** Input names the benefit reads, directly or through definitions. */
  inputs: z.array(z.string()),
  /** List names it reads. */
  lists: z.array(z.string()),
  workflow: z.string().optional(),
  span: SpanSchema,
});

export const StepSchema = z.object({
  id: z.string(),
  actor: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('applicant') }),
    z.object({ kind: z.literal('lead') }),
    z.object({ kind: z.literal('cooperate') }),
    z.object({ kind: z.literal('unit'), unit: z.string() }),
  ]),
  limit: z.object({ amount: z.number().int(), unit: DurationUnitSchema }).optional(),
  publicity: z.object({ amount: z.number().int(), unit: DurationUnitSchema }).optional(),
  returnTo: z.string().optional(),
  span: SpanSchema,
});

export const WorkflowSchema = z.object({
  id: z.string(),
  title: z.string().optional(),
  benefits: z.array(z.string()),
  steps: z.array(StepSchema),
  span: SpanSchema,
});

export const ValiditySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fromIssuance'), amount: z.number().int(), unit: DurationUnitSchema, span: SpanSchema }),
  z.object({ kind: z.literal('range'), from: z.string(), to: z.string(), span: SpanSchema }),
]);

export const GraphSchema = z.object({
  format: z.literal(GRAPH_FORMAT),
  compiler: z.object({ name: z.literal('pol'), version: z.string() }),
  source: z.object({ file: z.string(), sha256: z.string() }),
  policy: z.object({
    id: z.string(),
    title: z.string(),
    /** 征求意见稿, 正式, 试行, 暂行, 废止 */
    status: z.enum(['draft', 'official', 'trial', 'interim', 'repealed']),
    /** 废止 from this day on (YYYY-MM-DD): applications dated on or after it are not eligible. */
    repealedOn: z.string().optional(),
    /** A lead unit stated once for the whole policy (clauses without their own lead take it). */
    lead: z.array(z.string()).optional(),
    issuer: z.string().optional(),
    docNumber: z.string().optional(),
    basis: z.array(z.string()),
    /** Issuance date YYYY-MM-DD; null for a draft that has none yet. */
    issued: z.string().nullable(),
    validity: ValiditySchema.nullable(),
    preamble: z.string().optional(),
    closing: z.string().optional(),
    /** 接续：a benefit of an earlier version (dropped or renamed) and the benefit whose caps its grants count toward. */
    successors: z.array(z.object({ from: z.string(), to: z.string(), span: SpanSchema })).optional(),
    span: SpanSchema,
  }),
  kinds: z.array(z.object({ id: z.string(), code: z.string(), title: z.string(), span: SpanSchema })),
  units: z.array(UnitSchema),
  lists: z.array(z.object({ id: z.string(), title: z.string(), span: SpanSchema })),
  inputs: z.array(
    z.object({ name: z.string(), type: ValueTypeSchema, description: z.string().optional(), measure: z.string().optional(), span: SpanSchema }),
  ),
  measures: z.array(MeasureSchema),
  benefits: z.array(BenefitSchema),
  rules: z.object({
    noDoubleFunding: z
      .object({ levels: z.array(z.enum(['national', 'provincial', 'municipal'])), measure: z.string().optional(), span: SpanSchema })
      .optional(),
    highestOnly: z.object({ measure: z.string().optional(), span: SpanSchema }).optional(),
    /** 补足差额 (就高不重复): funds of these levels for the same project are deducted from the ceiling, never below 0. */
    topUp: z
      .object({ levels: z.array(z.enum(['national', 'provincial', 'municipal'])), measure: z.string().optional(), span: SpanSchema })
      .optional(),
  }),
  workflows: z.array(WorkflowSchema),
  nodes: z.array(NodeSchema),
  edges: z.array(EdgeSchema),
  /** Executable node ids (input, define, expr), every node after the nodes it reads. */
  order: z.array(z.string()),
});

export type Graph = z.infer<typeof GraphSchema>;
export type GraphNode = z.infer<typeof NodeSchema>;
export type ExprNode = z.infer<typeof ExprNodeSchema>;
export type InputNode = z.infer<typeof InputNodeSchema>;
export type DefineNode = z.infer<typeof DefineNodeSchema>;
export type Edge = z.infer<typeof EdgeSchema>;
export type Benefit = z.infer<typeof BenefitSchema>;
export type Measure = z.infer<typeof MeasureSchema>;
export type Clause = z.infer<typeof ClauseSchema>;
export type { ValueType } from '../values/value-type.ts';
// the schema and the type of src/values say the same thing
const _sameValueType: z.ZodType<ValueType, ValueType> = ValueTypeSchema;
void _sameValueType;
export type GraphLiteral = z.infer<typeof LiteralSchema>;
export type Workflow = z.infer<typeof WorkflowSchema>;
export type WorkflowStep = z.infer<typeof StepSchema>;
export type UnitEntry = z.infer<typeof UnitSchema>;
