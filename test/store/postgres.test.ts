/** The store contract against a real PostgreSQL 15 started for these tests (skipped, saying why, without one). */
import pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { openPostgresStore } from '../../src/store/postgres/index.ts';
import { storeContract } from './contract.ts';
import { postgresUnavailable, startPostgres, type PostgresServer } from './postgres-server.ts';

const why = postgresUnavailable();
if (why) {
  console.warn(`pol tests: ${why}`);
  describe.skip('store contract: PostgreSQL', () => it('needs PostgreSQL', () => undefined));
} else {
  let server: PostgresServer;
  let n = 0;
  const urls = new Map<string, string>();
  beforeAll(async () => {
    server = await startPostgres();
  }, 90_000);
  afterAll(() => server?.stop());
  describe('PostgresStore: the store contract', () =>
    storeContract(
      async () => {
        const url = server.url(`contract_${++n}`);
        const store = await openPostgresStore(url, { create: true });
        urls.set(store.location, url);
        return store;
      },
      async (store, sql) => {
        const c = new pg.Client({ connectionString: urls.get(store.location) });
        await c.connect();
        try {
          await c.query(sql);
        } finally {
          await c.end();
        }
      },
    ));
}
