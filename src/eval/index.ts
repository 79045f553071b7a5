/**
 * Evaluation of applications against a compiled policy (DESIGN §4–§5): `evaluate` decides every benefit
 * that states an amount, with Chinese reasons and a trace; `validateApplication` checks raw data
 * against the zod schema derived from the graph.
 */
export { evaluate, validityWindow, type ValidityWindow } from './evaluate.ts';
export { applicationSchema, validateApplication, formatPath, type Validated } from './schema.ts';
export { explainTree, summaryText } from './tree.ts';
export { formatMoney, fenToYuan, yuanToFen } from '../values/money.ts';
export type {
  Application,
  EvalDiagnostic,
  EvalOptions,
  EvalOutput,
  EvalResult,
  GrantRecord,
  InputError,
  ListStatus,
  OtherFunding,
  TraceEntry,
} from './types.ts';
