/**
 * Errors the API answers with: `{"error":{"code","message"}}`, the message in Chinese from the catalog,
 * never a stack trace. Workflow refusals map to HTTP statuses here, in one table.
 */
import { formatMessage, type Code, type MessageArg } from '../diagnostics/catalog.ts';
import type { WorkflowError } from '../workflow/define.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: Code,
    readonly args: MessageArg[] = [],
    readonly details: string[] = [],
  ) {
    super(formatMessage(code, args));
  }

  body(): { error: { code: string; message: string } } {
    return { error: { code: this.code, message: [this.message, ...this.details].map((m) => m.replace(/[。；]$/, '')).join('；') } };
  }
}

/** HTTP status of a workflow refusal: 409 for lost races and amounts above what the ceiling or cap allows. */
const STATUS: Partial<Record<Code, number>> = {
  POL5103: 409, // changed by another action meanwhile
  POL5104: 409, // amount above the ceiling / cap at this moment
  POL5115: 409, // no longer qualifies (the cap was used up meanwhile)
  POL5106: 404,
  POL5111: 422, // a note is required
  POL5117: 422,
  POL5118: 422,
};

export function fromWorkflowError(e: WorkflowError): ApiError {
  const status = STATUS[e.code] ?? (e.exit === 'refused' ? 403 : 422);
  return new ApiError(status, e.code, e.args, e.details);
}

/** The statuses of bad requests, in one place. */
export const badRequest = (what: string) => new ApiError(422, 'POL8003', [what]);
export const notFound = (id: string) => new ApiError(404, 'POL5106', [id]);
