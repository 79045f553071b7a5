/**
 * The types of values in a policy's rules (金额, 数量, 比例, 日期, 期限, 文本/选项 …): what the checker
 * infers and the rule graph records. The IR's zod schema (src/ir/schema.ts) is checked against this type.
 */
export type ValueType =
  | ScalarValueType
  /** 清单(…): a list of items, each with these fields (an input only; read through 合计 / 笔数) */
  | { kind: 'items'; fields: { name: string; type: ScalarValueType }[] };

/** The types a single value (and a field of an item) has. */
export type ScalarValueType =
  | { kind: 'money'; currency: string; perUnit?: string }
  | { kind: 'count'; unit?: string }
  | { kind: 'percent' }
  | { kind: 'number' }
  | { kind: 'bool' }
  | { kind: 'date' }
  | { kind: 'duration' }
  /** text; with `options` for a choice input (选项(国家级，省级，市级)), whose value is one of them */
  | { kind: 'text'; options?: string[] }
  | { kind: 'since' };
