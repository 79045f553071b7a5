/**
 * Stores of the approval workflow: the interface and its contract (types.ts), the hash chains (chain.ts),
 * and `openStore`, which picks the store from the location: a file path is the embedded SQLite store;
 * `postgres://…` is the PostgreSQL store. The drivers load on first use, never when the CLI starts.
 */
import type { OpenOptions, Store } from './types.ts';

export * from './types.ts';
export { chainHash, encodeAudit, encodeLedger, fingerprintOf, canonicalJson } from './chain.ts';

/** Whether a location names a PostgreSQL server rather than a file. */
export function isServerLocation(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/**
 * Open the store at `location`. Throws StoreUnusable (why: missing, notPol, corrupt, tooNew, readonly, full,
 * locked, io) when it cannot be used; creates the database only with `create: true`.
 */
export async function openStore(location: string, options: OpenOptions = {}): Promise<Store> {
  if (isServerLocation(location)) {
    const { openPostgresStore } = await import('./postgres/index.ts');
    return openPostgresStore(location, options);
  }
  const { openSqliteStore } = await import('./sqlite/index.ts');
  return openSqliteStore(location, options);
}
