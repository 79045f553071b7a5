/** What `pol eval`, `pol explain` and batches share: the issuance date, reading one application, evaluating it. */
import type { Application, EvalOutput, GrantRecord } from '../../eval/types.ts';
import type { Graph } from '../../ir/schema.ts';
import { isCalendarDate } from '../../syntax/literals.ts';
import { EXIT, readJsonFile, UserError, userError, writeStderr } from '../io.ts';

/** `--issued`, checked. */
export function issuedOption(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  if (!isCalendarDate(v)) throw userError('POL3050', ['--issued', v]);
  return v;
}

/** Stop with exit 1 when the policy runs from an issuance date it does not have and --issued is missing. */
export async function requireValidity(graph: Graph, issued: string | undefined): Promise<void> {
  const { validityWindow } = await import('../../eval/evaluate.ts');
  const { error } = validityWindow(graph, issued);
  if (error) throw new UserError(error, EXIT.input, 'POL4002');
}

/** Read, parse and validate an application file: the application, or exit 1 naming every bad field. */
export async function readApplication(graph: Graph, path: string): Promise<Application> {
  const raw = readJsonFile(path);
  // zod (for the errors' wording) loads only when the compiled check refuses the data
  const { validateApplicationLazily } = await import('../../eval/validate.ts');
  const v = await validateApplicationLazily(graph, raw);
  if (!v.ok) {
    throw new UserError(`申报数据 ${path} 有 ${v.errors.length} 处错误：\n${v.errors.map((e) => `  ${e.path}: ${e.message}`).join('\n')}`, EXIT.input, 'POL4001', v.errors);
  }
  for (const w of v.warnings) writeStderr(`pol: 注意：${w.path}: ${w.message}`);
  return v.application;
}

/** Evaluate, turning a missing issuance date into exit 1. */
export async function evaluateOrExit(graph: Graph, app: Application, issued: string | undefined, ledger?: GrantRecord[]): Promise<EvalOutput> {
  await requireValidity(graph, issued);
  const { evaluate } = await import('../../eval/evaluate.ts');
  const out = evaluate(graph, app, { ...(issued ? { issued } : {}), ...(ledger ? { ledger } : {}) });
  const err = out.diagnostics.find((d) => d.severity === 'error');
  if (err) throw new UserError(err.message, EXIT.input);
  return out;
}

/** The grants the workflow's ledger (`--db`) holds for an applicant; a bad database file stops with exit 1. */
export async function ledgerOf(db: string, policyId: string, applicantId: string): Promise<GrantRecord[]> {
  const { ledgerFor } = await import('../../workflow/open.ts');
  const { WorkflowError } = await import('../../workflow/define.ts');
  try {
    return await ledgerFor(db, policyId, applicantId);
  } catch (e) {
    if (e instanceof WorkflowError) throw new UserError(e.text(), EXIT.input);
    throw e;
  }
}
