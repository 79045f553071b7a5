/**
 * Opening the embedded store with errors people can act on, and the ledger as `pol eval --db` reads it.
 */
import { existsSync } from 'node:fs';
import type { GrantRecord } from '../eval/index.ts';
import { WorkflowError } from './define.ts';
import { StoreUnusable, type WorkflowStore } from './records.ts';
import { grantsOf } from './service.ts';
import { SCHEMA_VERSION, type SqliteStoreOptions } from './store.ts';

/** The database `pol wf` uses when --db is not given. */
export const DEFAULT_DB = 'out/pol.db';

/** A StoreUnusable as a WorkflowError (POL5107 not pol's, POL5108 too new, POL5116 corrupt); anything else unchanged. */
export function storeError(e: unknown): unknown {
  if (!(e instanceof StoreUnusable)) return e;
  if (e.why === 'tooNew') return new WorkflowError('POL5108', [e.location, e.version ?? '?', SCHEMA_VERSION], 'input');
  if (e.why === 'corrupt') return new WorkflowError('POL5116', [e.location, e.detail], 'input');
  return new WorkflowError('POL5107', [e.location, e.detail], 'input');
}

/** Open (creating on first use) the SQLite store at `path`; unusable files become WorkflowError. */
export async function openStore(path: string = DEFAULT_DB, options: SqliteStoreOptions = {}): Promise<WorkflowStore> {
  try {
    const { openSqliteStore } = await import('./store.ts');
    return await openSqliteStore(path, options);
  } catch (e) {
    throw storeError(e);
  }
}

/**
 * What the workflow's ledger says was granted to an applicant, as the evaluator's `ledger` option takes it:
 * one record per application whose grant stands (reversed grants drop out), dated by the application's date.
 * A database file that does not exist yet has an empty ledger. Throws WorkflowError for a file that is
 * not pol's or is corrupt (`e.text()` is the message, exit status 1).
 */
export async function ledgerFor(dbPath: string, applicantId: string): Promise<GrantRecord[]> {
  if (!existsSync(dbPath)) return [];
  const store = await openStore(dbPath);
  try {
    return grantsOf(await store.ledger(applicantId));
  } catch (e) {
    throw storeError(e);
  } finally {
    store.close();
  }
}
