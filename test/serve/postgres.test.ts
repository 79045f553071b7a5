/**
 * The service on PostgreSQL: the HTTP contract suite in-process, and two real `pol serve` processes sharing
 * one database — a token from one works on the other, and concurrent approvals on both keep the yearly cap.
 * On the run's PostgreSQL (test/support/postgres.ts); skipped, saying why, where PostgreSQL 15 is not installed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/store/postgres/index.ts';
import { verifyStore } from '../../src/workflow/verify.ts';
import { postgresUnavailable, type PostgresServer, usePostgres } from '../support/postgres.ts';
import { serveContract } from './contract.ts';
import { brandApp, TIANHE_ID } from './helpers.ts';
import { addUser, http, login, startServe } from './process.ts';
import { runCli } from '../support/cli.ts';

const why = postgresUnavailable();
if (why) {
  console.warn(`pol tests: ${why}`);
  describe.skip('pol serve on PostgreSQL', () => it('needs PostgreSQL', () => undefined));
} else {
  let server: PostgresServer;
  let n = 0;
  beforeAll(async () => {
    server = await usePostgres();
  }, 90_000);
  afterAll(async () => server?.close());

  serveContract('PostgreSQL', async () => openPostgresStore(await server.fresh(`serve_${++n}`)));

  describe('two pol serve processes on one PostgreSQL database', () => {
    it('share tokens, and keep the cap under concurrent approvals from both', async () => {
      const db = server.url('shared');
      addUser(db, '天河企业', '--role', 'applicant', '--applicant-id', TIANHE_ID);
      addUser(db, '天河初审', '--unit', '天河区政府');
      addUser(db, '商务甲', '--unit', '市商务局');
      const [a, b] = await Promise.all([startServe(db, ['--no-documents', '--quiet']), startServe(db, ['--no-documents', '--quiet'])]);
      try {
        const applicant = await login(a.url, '天河企业');
        const clerk = await login(b.url, '天河初审');
        const lead = await login(a.url, '商务甲');
        expect((await http(b.url, 'GET', '/api/v1/me', undefined, applicant)).json.name).toBe('天河企业');
        const ids: string[] = [];
        for (const p of ['P-1', 'P-2', 'P-3', 'P-4']) {
          const r = await http(p < 'P-3' ? a.url : b.url, 'POST', '/api/v1/applications', { policy: 'gz-cbec-2023', benefit: '品牌推广扶持', application: brandApp(TIANHE_ID, 1_200_000, p) }, applicant);
          expect(r.status).toBe(201);
          ids.push(r.json.id);
        }
        for (const id of ids) expect((await http(b.url, 'POST', `/api/v1/applications/${id}/actions`, { action: 'accept' }, clerk)).status).toBe(200);
        // 4 × 40万 against a 100万 yearly cap, half through each process, all at once: exactly two land
        const results = await Promise.all(ids.map((id, i) => http(i % 2 ? a.url : b.url, 'POST', `/api/v1/applications/${id}/actions`, { action: 'approve', amount: 400000 }, lead)));
        expect(results.map((r) => r.status).sort()).toEqual([200, 200, 409, 409]);
        const store = await openPostgresStore(db);
        try {
          const ledger = await store.ledger('gz-cbec-2023', TIANHE_ID);
          expect(ledger.reduce((s, e) => s + e.amountFen, 0)).toBe(80_000_000);
          expect((await verifyStore(store)).ok).toBe(true);
        } finally {
          await store.close();
        }
        expect(runCli(['wf', 'verify', '--db', db]).status).toBe(0);
        // logout on one process ends the token on the other
        await http(a.url, 'POST', '/api/v1/logout', undefined, clerk);
        expect((await http(b.url, 'GET', '/api/v1/me', undefined, clerk)).status).toBe(401);
      } finally {
        await Promise.all([a.stop(), b.stop()]);
      }
    }, 120_000);
  });
}
