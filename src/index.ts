/**
 * pol's library API: named exports only. The CLI is a thin shell over these.
 * Each stage adds its exports here (compile, evaluate, renderDocument, exportGraph …).
 */
export { compile, type CompileResult, type CompileOptions } from './pipeline.ts';
export { parse, type ParseResult } from './syntax/parse.ts';
export type { PolFile } from './syntax/ast.ts';
export { GraphSchema, GRAPH_FORMAT, type Graph, type Benefit, type GraphNode } from './ir/schema.ts';
export { drawGraph, type DrawFormat } from './ir/draw.ts';
/**
 * Rules in words, printed from the graph: `printExpr(graph, nodeId, 'zh' | 'en' | 'pol')` gives Chinese
 * policy prose (推广费用的50%), English, or .pol text that compiles back to the same node; `printCap`
 * words a ceiling (每家企业每年最高100万元), `printAmount` a whole amount in the policy's order (base, caps,
 * 取整至). `equalGraphs(a, b)` tells whether two graphs state the same
 * rules (layout, keyword language, synonyms and source positions aside).
 */
export { printExpr, printCap, printAmount, printRoundAfter, printConditions, Prose, type ProseLang } from './ir/prose.ts';
export { equalGraphs } from './ir/equal.ts';
export { type Diagnostic, messageOf, toJson as diagnosticToJson, hasErrors } from './diagnostics/diagnostic.ts';
export { renderDiagnostic } from './diagnostics/frame.ts';
export { catalog, type Code as DiagnosticCode, type Lang } from './diagnostics/catalog.ts';
export { VERSION } from './version.ts';
/** The formatter (`pol fmt`): a parsed .pol in canonical layout with zh or en keywords, comments kept, compiled graph unchanged. */
export { format, type FormatOptions } from './syntax/format.ts';
/**
 * Evaluation (DESIGN §4–§5): `evaluate(graph, app, {issued, ledger})` decides every benefit that states
 * an amount (eligibility, ceiling in fen, Chinese reasons, trace); `validateApplication(graph, raw)` checks
 * raw data against `applicationSchema(graph)`, the zod schema derived from the policy's inputs.
 */
export {
  evaluate,
  validateApplication,
  applicationSchema,
  validityWindow,
  explainTree,
  summaryText,
  type Application,
  type EvalOutput,
  type EvalResult,
  type EvalOptions,
  type GrantRecord,
  type TraceEntry,
  type InputError,
  type Validated,
} from './eval/index.ts';
/**
 * Approval workflows (DESIGN §7): `buildMachine(graph, workflowId)` turns a `.pol` workflow into a state
 * machine; `openStore(path)` opens the embedded SQLite store (created on first use); `prepareFiling` +
 * `fileApplication` file an application after evaluating it; `act` takes one step (WorkflowError when
 * refused, nothing changed); `ledgerFor(dbPath, applicantId)` gives the grants the evaluator's `ledger`
 * option takes (what `pol eval --db` reads); `drawWorkflow` pictures the machine as Mermaid or DOT.
 */
export {
  buildMachine,
  transition,
  allowedActions,
  machineForBenefit,
  WorkflowError,
  openStore,
  prepareFiling,
  fileApplication,
  act,
  showApplication,
  listApplications,
  ledgerFor,
  grantsOf,
  drawWorkflow,
  addWorkdays,
  publicityWindow,
  type Action,
  type Machine,
  type Snapshot,
  type WorkflowStore,
  type ApplicationRecord,
  type AuditEntry,
  type LedgerEntry,
  type ActRequest,
  type ActOutcome,
  type ApplicationView,
  type DocumentIssuer,
} from './workflow/index.ts';
/**
 * Official documents (DESIGN §6): `renderDocument(kind, graph, data, format, opts)` makes a 申报表 (form),
 * 申报通知 (call), 受理通知书 (acceptance), 不予支持通知书 (rejection), 公示 (publicity), 奖励证书/资金扶持确认书
 * (certificate) or the policy itself as a 规范性文件 notice (policy), as PDF and/or DOCX bytes; `data` is one
 * raw application (an array for publicity; none for call, policy and a blank form). It throws
 * `DocumentError` (POL6xxx codes) when the document must be refused — invalid data, a certificate above
 * the evaluated ceiling, a character the font lacks. `buildModel` stops at the document model;
 * `rmbCapitals(fen)` writes an amount in RMB capitals (人民币壹佰万元整).
 */
export {
  renderDocument,
  buildModel,
  DocumentError,
  DOC_KINDS,
  rmbCapitals,
  yuanFigures,
  parseYuan,
  chineseDate,
  type DocKind,
  type DocFormat,
  type DocOptions,
  type DocModel,
  type Block as DocBlock,
  type RenderedDocument,
  type DocumentProblem,
} from './documents/index.ts';
/**
 * Exports for other systems (DESIGN §8). `exportGraph(graph, format, {issued})` gives, for
 * `format` = `'graph'` the rule graph (pol-graph/1: policy id, source sha256, compiler version),
 * `'graph-schema'` its JSON Schema (generated from `GraphSchema`), `'app-schema'` the JSON Schema of the
 * policy's applications (Chinese descriptions and units from the .pol), `'jsonlogic'` portable JSON Logic
 * per benefit (`{format: 'pol-jsonlogic/2', policy, data, benefits: {ID: {eligible, ceilingFen}}}`, whose
 * data is the application with dates as day numbers: `jsonLogicData(graph, app)`), `'python'` and `'java'`
 * one dependency-free source file (`toCode`), `'cases'` conformance cases with `pol eval`'s decisions
 * (`toCases`, `expectedDecision`). It returns `{value}` or `{diagnostics}` (POL7001 a construct JSON Logic
 * cannot express, POL7002 a draft without `issued`, POL7005 a node kind a format does not support yet),
 * never a partial export.
 */
export {
  exportGraph,
  EXPORT_FORMATS,
  graphJsonSchema,
  applicationJsonSchema,
  toJsonLogic,
  jsonLogicData,
  toCode,
  javaClassName,
  toCases,
  expectedDecision,
  CASES_FORMAT,
  type CodeLanguage,
  type CasesExport,
  type Case,
  type ExpectedDecision,
  JSONLOGIC_FORMAT,
  type ExportFormat,
  type ExportOptions,
  type ExportResult,
  type ExportValue,
  type JsonLogicExport,
  type JsonLogicRule,
  type JsonSchema,
} from './export/index.ts';
/**
 * Policy diff (`pol diff`): `diffGraphs(old, new)` lists what changed between two compiled versions of a
 * policy — measures added, removed or retitled, amounts, rates and caps (old → new), lead and cooperating
 * units, validity, status and issuance — each with a Chinese sentence; `same` is true when both compile
 * to the same rules (source positions, file hash and compiler version aside). `renderDiff` writes it as text.
 */
export { diffGraphs, renderDiff, type PolicyDiff, type Change as PolicyChange, type ChangeArea } from './diff/index.ts';
/**
 * The language service behind `pol lsp` and editors: `analyze(text, file)` gives `pol check`'s diagnostics,
 * the AST and a symbol index; the features (hover, completion, definition, references, rename, outline,
 * semantic tokens, quick fixes, formatting) are plain functions over that analysis and character offsets.
 */
export { analyze, type Analysis } from './service/analysis.ts';
export {
  hover,
  complete,
  definition,
  references,
  rename,
  prepareRename,
  documentSymbols,
  semanticTokens,
  codeActions,
  formatEdits,
  type TextEdit,
  type CompletionItem,
  type OutlineSymbol,
  type SemanticToken,
  type CodeAction,
} from './service/features.ts';
