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
  return why === undefined ? undefined : { code: 'POL5127', severity: 'warning', message: message(id, why), path: 'applicant.id' };
}

/** POL5127's text before and after the id, per reason: a few reasons (wrong lengths, mostly) cover a whole batch. */
const around = new Map<string, [string, string]>();

/** formatMessage('POL5127', [id, why]), joined from the parts around the id. */
function message(id: string, why: string): string {
  let parts = around.get(why);
  if (!parts) {
    if (around.size >= 256) around.clear();
    const text = formatMessage('POL5127', ['\u0000', why]);
    const at = text.indexOf('\u0000'); // {0} comes first in the text
    around.set(why, (parts = [text.slice(0, at), text.slice(at + 1)]));
  }
  return parts[0] + id + parts[1];
}
