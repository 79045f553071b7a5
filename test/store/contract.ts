/**
 * The store contract (src/store/types.ts), run against every store: SQLite (sqlite.test.ts) and a real
 * PostgreSQL (postgres.test.ts). Each test gets a fresh, empty store from `open`; `raw` runs SQL on it
 * directly, as someone with the database's password would, to show the guards hold in the database itself.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/pipeline.ts';
import { chainHash, encodeAudit, encodeLedger, GENESIS, StoreConflict, type Store } from '../../src/store/index.ts';
import { withUsccCheck } from '../../src/values/uscc.ts';
import { act, fileApplication, prepareFiling } from '../../src/workflow/service.ts';
import { verifyStore } from '../../src/workflow/verify.ts';

const SEED = 'dsl/guangzhou-cbec.pol';
const graph = compile(readFileSync(SEED, 'utf8'), SEED).graph!;
export const APPLICANT = withUsccCheck('91440106MA59CT000');

export function brand(project = 'P-1', fee = 1_200_000, id = APPLICANT) {
  return { date: '2025-03-03', applicant: { id, name: '广州天河某公司', kind: 'enterprise', district: '天河区' }, project, facts: { 推广费用: fee }, lists: { 品牌出海企业: { member: true } } };
}

export interface StoreUnderTest {
  open(): Promise<Store>;
  /** Run one SQL statement on the store's database, bypassing the store. */
  raw(store: Store, sql: string): Promise<void>;
}

const today = '2025-04-01';
const acting = (by: string) => ({ today, now: today, by });

async function fileOne(store: Store, project = 'P-1', fee = 1_200_000) {
  const f = await prepareFiling(store, graph, '品牌推广扶持', '2024-01-01');
  const r = await fileApplication(store, f, brand(project, fee), acting('企业'));
  if (!r.ok) throw r.error;
  return r.record;
}

export function storeContract(name: string, t: StoreUnderTest): void {
  describe(`store contract: ${name}`, () => {
    it('files once per key: identical → the same application, different → the open one, nothing written', async () => {
      const store = await t.open();
      try {
        const a = await fileOne(store);
        expect(a).toMatchObject({ version: 1, state: '初审', ceilingFen: 60_000_000, applicant: { id: APPLICANT } });
        const f = await prepareFiling(store, graph, '品牌推广扶持', '2024-01-01');
        const again = await fileApplication(store, f, brand(), acting('企业'));
        expect(again).toMatchObject({ ok: true, existing: true, record: { id: a.id } });
        const other = await fileApplication(store, f, brand('P-1', 900_000), acting('企业'));
        expect(other.ok).toBe(false);
        expect((await store.list()).map((r) => r.id)).toEqual([a.id]);
        expect(await store.list({ applicantId: APPLICANT, project: 'P-1', limit: 5 })).toHaveLength(1);
        expect(await store.list({ state: '审核' })).toEqual([]);
      } finally {
        await store.close();
      }
    });

    it('commits by compare-and-set: of two commits on one version exactly one lands', async () => {
      const store = await t.open();
      try {
        const a = await fileOne(store);
        const change = (by: string) => ({
          id: a.id,
          expectVersion: 1,
          next: { state: '审核', since: today, publicity: null, grantedFen: null, due: null },
          audit: { on: today, by, unit: '天河区政府', action: 'accept', from: '初审', to: '审核', amountFen: null, note: null },
        });
        const results = await Promise.allSettled([store.commit(change('甲')), store.commit(change('乙'))]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        expect(lost.reason).toBeInstanceOf(StoreConflict);
        expect((await store.get(a.id))!.version).toBe(2);
        expect(await store.audit(a.id)).toHaveLength(2);
        await expect(store.commit({ ...change('丙'), expectVersion: 2, audit: { ...change('丙').audit, from: '审核', to: '公示', action: 'approve' }, expectLedgerMark: 99 })).rejects.toMatchObject({ what: 'ledger' });
      } finally {
        await store.close();
      }
    });

    it('chains audit and ledger rows by hash, and verifies; the cap holds under concurrent approvals', async () => {
      const store = await t.open();
      try {
        const ids = [];
        for (const p of ['P-1', 'P-2', 'P-3']) ids.push((await fileOne(store, p)).id);
        for (const id of ids) await act(store, id, { as: '天河区政府', action: 'accept' }, acting('初审员'));
        // three approvals of 60万 each against one 100万 yearly cap, at once
        const tries = await Promise.allSettled(ids.map((id) => act(store, id, { as: '市商务局', action: 'approve', amountFen: 60_000_000 }, acting('审核员'))));
        expect(tries.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const ledger = await store.ledger(graph.policy.id, APPLICANT);
        expect(ledger.reduce((s, e) => s + e.amountFen, 0)).toBe(60_000_000);
        const audit = await store.scanAudit(0, 100);
        let prev = GENESIS;
        for (const e of audit) {
          expect(e.prevHash).toBe(prev);
          expect(e.hash).toBe(chainHash(prev, encodeAudit(e)));
          prev = e.hash;
        }
        prev = GENESIS;
        for (const e of await store.scanLedger(0, 100)) {
          expect(e.hash).toBe(chainHash(prev, encodeLedger(e)));
          prev = e.hash;
        }
        expect((await verifyStore(store)).ok).toBe(true);
      } finally {
        await store.close();
      }
    });

    it('refuses rewriting history in the database itself (triggers)', async () => {
      const store = await t.open();
      try {
        const a = await fileOne(store);
        await act(store, a.id, { as: '天河区政府', action: 'accept' }, acting('初审员'));
        await act(store, a.id, { as: '市商务局', action: 'approve', amountFen: 10_000 }, acting('审核员'));
        for (const sql of [
          `UPDATE audit SET by_person = 'x'`,
          `DELETE FROM audit`,
          `UPDATE ledger SET amount_fen = 1`,
          `DELETE FROM ledger`,
          `UPDATE applications SET state = '拨付' WHERE id = '${a.id}'`,
          `UPDATE applications SET granted_fen = 1, version = version + 1 WHERE id = '${a.id}'`,
          `DELETE FROM applications`,
        ]) {
          await expect(t.raw(store, sql), sql).rejects.toThrow(/pol/);
        }
        expect((await verifyStore(store)).ok).toBe(true);
      } finally {
        await store.close();
      }
    });

    it('keeps users and hashed tokens: expiry, logout, disable and a new password end sessions', async () => {
      const store = await t.open();
      try {
        const u = { name: '商务甲', unit: '市商务局', role: 'clerk' as const, applicantId: null, passwordHash: 'scrypt$x' };
        expect(await store.addUser(u)).toBe(true);
        expect(await store.addUser(u)).toBe(false);
        expect(await store.addUser({ name: '企业', unit: null, role: 'applicant', applicantId: APPLICANT, passwordHash: 'scrypt$y' })).toBe(true);
        expect((await store.users()).map((x) => [x.name, x.role, x.disabled])).toEqual([
          ['商务甲', 'clerk', false],
          ['企业', 'applicant', false],
        ]);
        const now = new Date().toISOString();
        const later = new Date(Date.now() + 3600_000).toISOString();
        await store.addToken('h1', '商务甲', later);
        await store.addToken('h0', '商务甲', now);
        expect((await store.tokenUser('h1', now))?.name).toBe('商务甲');
        expect(await store.tokenUser('h0', now)).toBeUndefined(); // expired
        await store.dropToken('h1');
        expect(await store.tokenUser('h1', now)).toBeUndefined();
        await store.addToken('h2', '商务甲', later);
        expect(await store.setPassword('商务甲', 'scrypt$z')).toBe(true);
        expect(await store.tokenUser('h2', now)).toBeUndefined();
        expect((await store.user('商务甲'))?.passwordHash).toBe('scrypt$z');
        await store.addToken('h3', '企业', later);
        expect(await store.disableUser('企业')).toBe(true);
        expect(await store.tokenUser('h3', now)).toBeUndefined();
        expect((await store.user('企业'))?.disabled).toBe(true);
        expect(await store.disableUser('nobody')).toBe(false);
      } finally {
        await store.close();
      }
    });
  });
}
