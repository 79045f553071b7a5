/** The store contract against the run's real PostgreSQL 15 (test/support/postgres.ts; skipped, saying why, without one). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/store/postgres/index.ts';
import { act } from '../../src/workflow/service.ts';
import { acting, fileOne, storeContract } from './contract.ts';
import { postgresUnavailable, type PostgresServer, usePostgres } from '../support/postgres.ts';

const why = postgresUnavailable();
if (why) {
  console.warn(`pol tests: ${why}`);
  describe.skip('store contract: PostgreSQL', () => it('needs PostgreSQL', () => undefined));
} else {
  let server: PostgresServer;
  let n = 0;
  const urls = new Map<string, string>();
  beforeAll(async () => {
    server = await usePostgres();
  }, 90_000);
  afterAll(async () => server?.close());
  describe('PostgresStore: the store contract', () =>
    storeContract(
      async () => {
        const url = await server.fresh(`contract_${++n}`);
        const store = await openPostgresStore(url);
        urls.set(store.location, url);
        return store;
      },
      (store, sql) => server.query(urls.get(store.location)!, sql),
    ));

  it('migrates a version-1 database (before document numbers): it opens, and its steps are numbered', async () => {
    const url = server.url('version_1');
    const first = await openPostgresStore(url, { create: true });
    const a = (await fileOne(first, 'P-1')).id;
    await first.close();
    await server.query(url, "DROP TABLE document_numbers; UPDATE pol_meta SET value = '1' WHERE key = 'schema'");
    const store = await openPostgresStore(url);
    try {
      await act(store, a, { as: '天河区政府', action: 'accept' }, acting('初审员'));
      expect((await store.documentRequests(a)).map((r) => r.docNumber)).toEqual(['市商务局受〔2025〕1号']);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('two offices (two stores, two connection pools) accepting at once never get the same 发文字号', async () => {
    const url = server.url('two_offices');
    const [a, b] = [await openPostgresStore(url, { create: true }), await openPostgresStore(url)];
    try {
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) ids.push((await fileOne(a, `P-${i}`)).id);
      await Promise.all(ids.map((id, i) => act(i % 2 ? b : a, id, { as: '天河区政府', action: 'accept' }, acting(`初审员${i % 2}`))));
      const numbers = [];
      for (const id of ids) numbers.push((await a.documentRequests(id))[0]!.docNumber); // read one after another
      expect(numbers.sort()).toEqual([1, 2, 3, 4, 5, 6].map((n) => `市商务局受〔2025〕${n}号`));
    } finally {
      await a.close();
      await b.close();
    }
  }, 60_000);
}
