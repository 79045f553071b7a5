/**
 * `pol eval` stores nothing, so a wrong 统一社会信用代码 is a warning there (POL5127); the workflow refuses it.
 */
import { formatMessage } from '../diagnostics/catalog.ts';
import { canonicalApplicantId, usccProblem } from '../values/uscc.ts';
import type { Application, EvalDiagnostic } from './types.ts';

/**
 * The warning when an organisation's applicant.id is not a valid 统一社会信用代码 (after NFKC, spaces removed,
 * upper case); undefined for a valid code, or a person.
 */
export function applicantIdWarning(app: Application): EvalDiagnostic | undefined {
  const a = app.applicant;
  const id = a?.id;
  if (typeof id !== 'string') return undefined;
  const kind = a.kind;
  if (kind !== undefined && kind !== 'enterprise' && kind !== 'park_operator') return undefined;
  const why = usccProblem(canonicalApplicantId(id));
  return why === undefined ? undefined : { code: 'POL5127', severity: 'warning', message: formatMessage('POL5127', [id, why]), path: 'applicant.id' };
}
