/**
 * pol's library API: named exports only. The CLI is a thin shell over these.
 * Each stage adds its exports here (compile, evaluate, renderDocument, exportGraph …).
 */
export { compile, type CompileResult, type CompileOptions } from './pipeline.ts';
export { parse, type ParseResult } from './syntax/parse.ts';
export type { PolFile } from './syntax/ast.ts';
export { GraphSchema, GRAPH_FORMAT, type Graph, type Benefit, type GraphNode } from './ir/schema.ts';
export { drawGraph, type DrawFormat } from './ir/draw.ts';
export { type Diagnostic, messageOf, toJson as diagnosticToJson, hasErrors } from './diagnostics/diagnostic.ts';
export { renderDiagnostic } from './diagnostics/frame.ts';
export { catalog, type Code as DiagnosticCode, type Lang } from './diagnostics/catalog.ts';
export { VERSION } from './version.ts';
