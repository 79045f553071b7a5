/**
 * Exports of a compiled policy for other systems (DESIGN §8), all read from the rule graph:
 * the graph itself (pol-graph/1), its JSON Schema, the JSON Schema of the policy's applications,
 * JSON Logic per benefit, Python and Java source, and conformance cases.
 */
import { formatMessage } from '../diagnostics/catalog.ts';
import { diag, type Diagnostic } from '../diagnostics/diagnostic.ts';
import type { Graph } from '../ir/schema.ts';
import { applicationJsonSchema, graphJsonSchema, type JsonSchema } from './to-json-schema.ts';
import { toJsonLogic, type JsonLogicExport } from './to-jsonlogic.ts';
import { toCode } from './to-code.ts';
import { toCases, type CasesExport } from './cases.ts';

export { applicationJsonSchema, graphJsonSchema, CALENDAR_DATE_PATTERN, MAX_YUAN, type JsonSchema } from './to-json-schema.ts';
export { toJsonLogic, jsonLogicData, JSONLOGIC_FORMAT, type JsonLogicExport, type JsonLogicOptions, type JsonLogicRule } from './to-jsonlogic.ts';

export { toCode, javaClassName, type CodeLanguage } from './to-code.ts';
export { toCases, expectedDecision, CASES_FORMAT, type CasesExport, type Case, type ExpectedDecision } from './cases.ts';

export const EXPORT_FORMATS = ['graph', 'graph-schema', 'app-schema', 'jsonlogic', 'python', 'java', 'cases'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** What each format gives. */
export interface ExportValue {
  graph: Graph;
  'graph-schema': JsonSchema;
  'app-schema': JsonSchema;
  jsonlogic: JsonLogicExport;
  /** One Python 3.9+ module, dependency-free. */
  python: string;
  /** One Java 17 source file (class named by `javaClassName(policy id)`). */
  java: string;
  cases: CasesExport;
}

export interface ExportOptions {
  /** Issuance date YYYY-MM-DD: needed for the JSON Logic of a draft whose validity runs from its issuance. */
  issued?: string;
  /** Cases: how many random applications besides the boundary ones (default 100). */
  count?: number;
  /** Cases: the seed of the random ones (default 1). */
  seed?: number;
}

/** The export, or the diagnostics (POL7xxx, with the source span) that prevent it. */
export interface ExportResult<T> {
  value?: T;
  diagnostics: Diagnostic[];
}

export function isExportFormat(f: string): f is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(f);
}

/** Export a compiled policy in one of the formats; JSON-ready values, never a partial export. */
export function exportGraph<F extends ExportFormat>(graph: Graph, format: F, options: ExportOptions = {}): ExportResult<ExportValue[F]> {
  switch (format) {
    case 'graph':
      return { value: graph as ExportValue[F], diagnostics: [] };
    case 'graph-schema':
      return { value: graphJsonSchema() as ExportValue[F], diagnostics: [] };
    case 'app-schema':
      return { value: applicationJsonSchema(graph) as ExportValue[F], diagnostics: [] };
    case 'jsonlogic':
      return toJsonLogic(graph, options) as ExportResult<ExportValue[F]>;
    case 'python':
    case 'java':
      return toCode(graph, format, options) as ExportResult<ExportValue[F]>;
    case 'cases':
      return toCases(graph, options) as ExportResult<ExportValue[F]>;
    default:
      return { diagnostics: [diag('POL7004', graph.source.file, graph.policy.span, String(format))] };
  }
}

/** The message of POL7004 for a format name given on the command line. */
export function unknownFormatMessage(format: string): string {
  return formatMessage('POL7004', [format]);
}
