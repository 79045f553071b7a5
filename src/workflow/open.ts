/**
 * Opening the workflow's store with errors people can act on, and the ledger as `pol eval --db` reads it.
 */
import type { GrantRecord } from '../eval/index.ts';
import { openStore as openAnyStore, StoreUnusable, type OpenOptions, type Store } from '../store/index.ts';
import { WorkflowError } from './define.ts';
import { grantsOf } from './service.ts';
import { canonicalApplicantId } from '../values/uscc.ts';

/** The database `pol wf` uses when --db is not given. */
export const DEFAULT_DB = 'out/pol.db';

/** The busy timeout in ms: POL_BUSY_TIMEOUT_MS (tests), else 10 s. */
export function busyTimeoutMs(): number {
  const v = Number(process.env.POL_BUSY_TIMEOUT_MS);
  return Number.isSafeInteger(v) && v >= 0 ? v : 10_000;
}

/** A StoreUnusable as a WorkflowError with its catalog code (exit status 1); anything else unchanged. */
export function storeError(e: unknown): unknown {
  if (!(e instanceof StoreUnusable)) return e;
  switch (e.why) {
    case 'tooNew':
      return new WorkflowError('POL5108', [e.location, e.version?.found ?? '?', e.version?.supported ?? '?'], 'input');
    case 'corrupt':
      return new WorkflowError('POL5116', [e.location, e.detail], 'input');
    case 'missing':
      return new WorkflowError('POL5128', [e.location], 'input');
    case 'readonly':
      return new WorkflowError('POL5129', [e.location], 'input', [e.detail]);
    case 'full':
      return new WorkflowError('POL5130', [e.location], 'input');
    case 'locked':
      return new WorkflowError('POL5131', [e.location, Math.round(busyTimeoutMs() / 100) / 10], 'input');
    case 'io':
      return new WorkflowError('POL5132', [e.location, e.detail], 'input');
    default:
      return new WorkflowError('POL5107', [e.location, e.detail], 'input');
  }
}

/** Open the store at `location` (a file, or a postgres:// URL); unusable stores become WorkflowError. */
export async function openStore(location: string = DEFAULT_DB, options: OpenOptions = {}): Promise<Store> {
  try {
    return await openAnyStore(location, { busyTimeoutMs: busyTimeoutMs(), ...options });
  } catch (e) {
    throw storeError(e);
  }
}

/**
 * What the workflow's ledger says was granted to an applicant under a policy, as the evaluator's `ledger`
 * option takes it: one record per application whose grant stands (reversed grants drop out), dated by the
 * approval date. A database that does not exist is an error (POL5128): a read never creates one.
 */
export async function ledgerFor(dbPath: string, policyId: string, applicantId: string): Promise<GrantRecord[]> {
  const store = await openStore(dbPath);
  try {
    return grantsOf(await store.ledger(policyId, canonicalApplicantId(applicantId)));
  } catch (e) {
    throw storeError(e);
  } finally {
    await store.close();
  }
}
