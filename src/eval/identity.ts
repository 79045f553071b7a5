/**
 * `pol eval` stores nothing, so a wrong 统一社会信用代码 is a warning there (POL5127); the workflow refuses it.
 */
import { formatMessage } from '../diagnostics/catalog.ts';
import { canonicalApplicantId, usccProblem } from '../values/uscc.ts';
import type { Application, EvalDiagnostic } from './types.ts';

const ORGANISATION_KINDS = new Set(['enterprise', 'park_operator']);

/** Warn when an organisation's applicant.id is not a valid 统一社会信用代码 (after NFKC, spaces removed, upper case). */
export function applicantIdWarning(app: Application, diagnostics: EvalDiagnostic[]): void {
  const id = app.applicant?.id;
  if (typeof id !== 'string' || (app.applicant.kind !== undefined && !ORGANISATION_KINDS.has(app.applicant.kind))) return;
  const why = usccProblem(canonicalApplicantId(id));
  if (why !== undefined) diagnostics.push({ code: 'POL5127', severity: 'warning', message: formatMessage('POL5127', [id, why]), path: 'applicant.id' });
}
