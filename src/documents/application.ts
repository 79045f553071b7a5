/**
 * Application data for documents: the DESIGN §5 application (checked by the evaluator's schema) plus
 * the few fields only documents read — `benefit` (which benefit the document is about), `grantedFen`
 * (the amount granted, for certificates and publicity), `note` (备注) and `reasons` (extra grounds of
 * a rejection). Bad data is refused with every bad field named (POL6017).
 */
import { validateApplication, type Application, type EvalDiagnostic } from '../eval/index.ts';
import type { Graph } from '../ir/schema.ts';
import { DocumentError } from './errors.ts';

export interface DocExtras {
  benefit?: string;
  grantedFen?: number;
  note?: string;
  reasons?: string[];
}

export interface DocApplication {
  app: Application;
  extras: DocExtras;
  warnings: EvalDiagnostic[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Read the document fields of raw data (own properties only). */
export function readExtras(raw: unknown): { extras: DocExtras; errors: { path: string; message: string }[] } {
  const extras: DocExtras = {};
  const errors: { path: string; message: string }[] = [];
  if (!isRecord(raw)) return { extras, errors };
  const own = (k: string): unknown => (Object.prototype.hasOwnProperty.call(raw, k) ? raw[k] : undefined);
  const benefit = own('benefit');
  if (benefit !== undefined) {
    if (typeof benefit === 'string' && benefit.trim() !== '') extras.benefit = benefit.trim();
    else errors.push({ path: 'benefit', message: '应为扶持项目标识（文本）' });
  }
  const granted = own('grantedFen');
  if (granted !== undefined) {
    if (typeof granted === 'number' && Number.isSafeInteger(granted) && granted >= 0) extras.grantedFen = granted;
    else errors.push({ path: 'grantedFen', message: '应为以分为单位的非负整数' });
  }
  const note = own('note');
  if (note !== undefined) {
    if (typeof note === 'string') extras.note = note;
    else errors.push({ path: 'note', message: '应为文本' });
  }
  const reasons = own('reasons');
  if (reasons !== undefined) {
    if (typeof reasons === 'string') extras.reasons = [reasons];
    else if (Array.isArray(reasons) && reasons.every((r) => typeof r === 'string')) extras.reasons = reasons as string[];
    else errors.push({ path: 'reasons', message: '应为文本或文本数组' });
  }
  return { extras, errors };
}

/** Validate raw application data for a document; DocumentError (POL6017 per bad field) when it is not valid. */
export function readApplication(graph: Graph, raw: unknown): DocApplication {
  const { extras, errors } = readExtras(raw);
  const v = validateApplication(graph, raw);
  const all = [...(v.ok ? [] : v.errors), ...errors];
  if (all.length > 0 || !v.ok) {
    throw new DocumentError(all.map((e) => ({ code: 'POL6017' as const, args: [e.path, e.message] })));
  }
  return { app: v.application, extras, warnings: v.warnings };
}

/** The same for data that may be absent (a form without --input). */
export function readOptionalApplication(graph: Graph, raw: unknown): DocApplication | undefined {
  return raw === undefined ? undefined : readApplication(graph, raw);
}
