// The store contract (src/store/types.ts), run against every store: SQLite (sqlite.test.ts) and a real
// PostgreSQL (postgres.test.ts). `open()` gives a fresh, empty store each time; `raw`, where given, runs SQL
// on the store's database directly, as someone with its password would, to show the guards hold in the
// database itself.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { compile } from '../../src/pipeline.ts';
import { chainHash, encodeAudit, encodeLedger } from '../../src/store/chain.ts';
import { act, fileApplication, prepareFiling } from '../../src/workflow/service.ts';
import { verifyStore } from '../../src/workflow/verify.ts';
import { GENESIS, StoreConflict, type NewApplication, type Store, type TransitionCommit } from '../../src/store/types.ts';
import { withUsccCheck } from '../../src/values/uscc.ts';
import { ROOT } from '../support/cli.ts';

export const graph = compile(readFileSync(join(ROOT, 'dsl/guangzhou-cbec.pol'), 'utf8'), 'dsl/guangzhou-cbec.pol').graph!;
export const A1 = withUsccCheck('91440101MA59CT001');

export const newApp = (over: Partial<NewApplication> = {}): NewApplication => ({
  policySha: graph.source.sha256,
  policyId: graph.policy.id,
  benefit: '品牌推广扶持',
  workflow: '标准申报',
  applicant: { id: A1, name: '某公司', kind: 'enterprise', district: '天河区' },
  project: 'P-1',
  date: '2025-03-03',
  issued: '2024-01-01',
  application: { any: 'thing' },
  fingerprint: 'f1',
  state: '初审',
  due: '2025-03-17',
  ceilingFen: 100,
  on: '2025-03-03',
  audit: { by: '测试员', unit: '申报人', action: 'apply', amountFen: 100, note: null },
  ...over,
});

export const approve = (id: string, version = 1, from = '初审'): TransitionCommit => ({
  id,
  expectVersion: version,
  next: { state: '公示', since: '2025-03-04', publicity: null, grantedFen: 100, due: null },
  audit: { on: '2025-03-04', by: '审核员', unit: '市商务局', action: 'approve', from, to: '公示', amountFen: 100, note: null },
  ledger: { amountFen: 100, kind: 'grant' },
  documents: [{ kind: '奖励证书', action: 'approve', unit: '市商务局', reasons: ['依据第三条'], amountFen: 100 }],
});

export function brand(project = 'P-1', fee = 1_200_000, id = A1) {
  return { date: '2025-03-03', applicant: { id, name: '广州天河某公司', kind: 'enterprise', district: '天河区' }, project, facts: { 推广费用: fee }, lists: { 品牌出海企业: { member: true } } };
}

const today = '2025-04-01';
export const acting = (by: string) => ({ today, now: today, by });

export async function fileOne(store: Store, project = 'P-1', fee = 1_200_000) {
  const f = await prepareFiling(store, graph, '品牌推广扶持', '2024-01-01');
  const r = await fileApplication(store, f, brand(project, fee), acting('企业'));
  if (!r.ok) throw r.error;
  return r.record;
}

export function storeContract(open: () => Promise<Store>, raw?: (store: Store, sql: string) => Promise<void>): void {
  it('files once per (policy, benefit, applicant, project): the identical one is returned, another open one is named', async () => {
    const store = await open();
    await store.savePolicy(graph);
    const first = await store.file(newApp(), 0);
    expect(first.outcome).toBe('created');
    expect(first.record).toMatchObject({ version: 1, state: '初审', fingerprint: 'f1', due: '2025-03-17', filedOn: '2025-03-03' });
    expect(await store.file(newApp(), 0)).toMatchObject({ outcome: 'identical', record: { id: first.record.id } });
    expect(await store.file(newApp({ fingerprint: 'f2' }), 0)).toMatchObject({ outcome: 'open', record: { id: first.record.id } });
    expect((await store.file(newApp({ fingerprint: 'f3', project: 'P-2' }), 0)).outcome).toBe('created');
    expect(await store.list()).toHaveLength(2);
    await store.close();
  });

  it('refuses a commit whose version or ledger mark is stale, writing nothing', async () => {
    const store = await open();
    await store.savePolicy(graph);
    const { record } = await store.file(newApp(), 0);
    const change: TransitionCommit = {
      id: record.id,
      expectVersion: 1,
      next: { state: '审核', since: '2025-03-04', publicity: null, grantedFen: null, due: null },
      audit: { on: '2025-03-04', by: 'x', unit: 'u', action: 'accept', from: '初审', to: '审核', amountFen: null, note: null },
    };
    expect((await store.commit(change)).version).toBe(2);
    await expect(store.commit(change)).rejects.toBeInstanceOf(StoreConflict);
    await expect(store.commit({ ...change, expectVersion: 2, audit: { ...change.audit, from: '审核' }, expectLedgerMark: 7 })).rejects.toMatchObject({ what: 'ledger' });
    await expect(store.file(newApp({ project: 'P-9', fingerprint: 'x' }), 3)).rejects.toMatchObject({ what: 'ledger' });
    expect(await store.audit(record.id)).toHaveLength(2);
    expect(await store.list()).toHaveLength(1);
    await store.close();
  });

  it('chains audit and ledger rows: each hash covers the previous hash and the row', async () => {
    const store = await open();
    await store.savePolicy(graph);
    const { record } = await store.file(newApp(), 0);
    await store.commit(approve(record.id));
    const audit = await store.scanAudit(0, 100);
    expect(audit.map((e) => e.action)).toEqual(['apply', 'approve']);
    expect(audit[0]!.prevHash).toBe(GENESIS);
    expect(audit[1]!.prevHash).toBe(audit[0]!.hash);
    for (const e of audit) expect(chainHash(e.prevHash, encodeAudit(e))).toBe(e.hash);
    const ledger = await store.scanLedger(0, 100);
    expect(ledger).toMatchObject([{ policyId: graph.policy.id, benefit: '品牌推广扶持', date: '2025-03-04', amountFen: 100, auditSeq: audit[1]!.seq, prevHash: GENESIS }]);
    expect(chainHash(ledger[0]!.prevHash, encodeLedger(ledger[0]!))).toBe(ledger[0]!.hash);
    expect(await store.ledger(graph.policy.id, A1)).toHaveLength(1);
    expect(await store.ledger('other-policy', A1)).toEqual([]);
    expect(await store.grantedBenefits(graph.policy.id)).toEqual(['品牌推广扶持']);
    await store.close();
  });

  it('records document requests with the step and keeps the first rendering of each', async () => {
    const store = await open();
    await store.savePolicy(graph);
    const { record } = await store.file(newApp(), 0);
    await store.commit(approve(record.id));
    const [req] = await store.documentRequests(record.id);
    expect(req).toMatchObject({ kind: '奖励证书', unit: '市商务局', reasons: ['依据第三条'], amountFen: 100, on: '2025-03-04' });
    const file = { kind: '奖励证书', action: 'approve', fileName: 'c.pdf', mediaType: 'application/pdf', bytes: new Uint8Array([37, 80, 68, 70]) };
    await store.saveDocuments(req!.seq, [file]);
    await store.saveDocuments(req!.seq, [{ ...file, fileName: 'again.pdf' }]);
    expect((await store.documents(record.id)).map((d) => [d.fileName, d.requestSeq])).toEqual([['c.pdf', req!.seq]]);
    await store.close();
  });

  it('numbers documents in the step’s transaction: 1, 2, 3 per (policy, kind, year); a rolled-back step takes none', async () => {
    const store = await open();
    try {
      await store.savePolicy(graph);
      const numbering = (kind: string, year: number) => ({ policyId: graph.policy.id, kind, year, prefix: `穗商务${kind === '公示' ? '公' : '受'}` });
      const doc = (kind: string, year = 2025) => ({ kind, action: 'accept', unit: '天河区政府', reasons: [], amountFen: null, numbering: numbering(kind, year) });
      const accept = (id: string, documents: TransitionCommit['documents']): TransitionCommit => ({
        id,
        expectVersion: 1,
        next: { state: '审核', since: '2025-03-04', publicity: null, grantedFen: null, due: null },
        audit: { on: '2025-03-04', by: '初审员', unit: '天河区政府', action: 'accept', from: '初审', to: '审核', amountFen: null, note: null },
        documents,
      });
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await store.file(newApp({ project: `P-${i}`, fingerprint: `f${i}` }), 0)).record.id);
      await store.commit(accept(ids[0]!, [doc('受理通知书')]));
      // the second request fails (no kind) after the first took its number: the whole step rolls back
      await expect(store.commit(accept(ids[1]!, [doc('受理通知书'), { ...doc('受理通知书'), kind: null as unknown as string }]))).rejects.toBeDefined();
      expect(await store.documentRequests(ids[1]!)).toEqual([]);
      expect((await store.get(ids[1]!))!.version).toBe(1);
      await store.commit(accept(ids[1]!, [doc('受理通知书'), doc('公示')]));
      await store.commit(accept(ids[2]!, [doc('受理通知书', 2026)]));
      await store.commit(accept(ids[3]!, [doc('受理通知书')]));
      const numbers = async (id: string) => (await store.documentRequests(id)).map((r) => r.docNumber);
      const read = [];
      for (const id of ids.slice(0, 4)) read.push(await numbers(id)); // one after another: one connection
      expect(read).toEqual([['穗商务受〔2025〕1号'], ['穗商务受〔2025〕2号', '穗商务公〔2025〕1号'], ['穗商务受〔2026〕1号'], ['穗商务受〔2025〕3号']]);
      // a request recorded without a number (a database from before numbering) gets the next one, once
      await store.commit(accept(ids[4]!, [{ ...doc('受理通知书'), numbering: undefined }]));
      const [old] = await store.documentRequests(ids[4]!);
      expect(old!.docNumber).toBeNull();
      expect(await store.numberDocument(old!.seq, numbering('受理通知书', 2025))).toBe('穗商务受〔2025〕4号');
      expect(await store.numberDocument(old!.seq, numbering('受理通知书', 2025))).toBe('穗商务受〔2025〕4号');
      expect(await numbers(ids[4]!)).toEqual(['穗商务受〔2025〕4号']);
    } finally {
      await store.close();
    }
  });

  it('gives concurrent steps distinct numbers', async () => {
    const store = await open();
    try {
      const ids = [];
      for (const p of ['P-1', 'P-2', 'P-3', 'P-4']) ids.push((await fileOne(store, p)).id);
      await Promise.all(ids.map((id) => act(store, id, { as: '天河区政府', action: 'accept' }, acting('初审员'))));
      const numbers = [];
      for (const id of ids) numbers.push((await store.documentRequests(id))[0]!.docNumber); // read one after another: the steps were the concurrent part
      numbers.sort();
      expect(numbers).toEqual(['市商务局受〔2025〕1号', '市商务局受〔2025〕2号', '市商务局受〔2025〕3号', '市商务局受〔2025〕4号']);
    } finally {
      await store.close();
    }
  });

  it('pages, sorts and filters applications in the store', async () => {
    const store = await open();
    await store.savePolicy(graph);
    for (let i = 0; i < 5; i++) await store.file(newApp({ project: `P-${i}`, fingerprint: `f${i}`, due: i % 2 ? '2025-03-01' : '2025-04-01' }), 0);
    const all = await store.list();
    expect(all.map((r) => r.project)).toEqual(['P-0', 'P-1', 'P-2', 'P-3', 'P-4']);
    expect((await store.list({ limit: 2 })).map((r) => r.project)).toEqual(['P-0', 'P-1']);
    expect((await store.list({ after: all[1]!.id, limit: 2 })).map((r) => r.project)).toEqual(['P-2', 'P-3']);
    expect((await store.list({ overdueOn: '2025-03-10' })).map((r) => r.project)).toEqual(['P-1', 'P-3']);
    expect(await store.list({ benefit: '仓储租金补助' })).toEqual([]);
    expect(await store.list({ applicantId: A1, project: 'P-4', fingerprint: 'f4' })).toHaveLength(1);
    await store.close();
  });

  it('through the workflow service: files once per key, the identical application again is the same one', async () => {
    const store = await open();
    try {
      const a = await fileOne(store);
      expect(a).toMatchObject({ version: 1, state: '初审', ceilingFen: 60_000_000, applicant: { id: A1 } });
      const f = await prepareFiling(store, graph, '品牌推广扶持', '2024-01-01');
      const again = await fileApplication(store, f, brand(), acting('企业'));
      expect(again).toMatchObject({ ok: true, existing: true, record: { id: a.id } });
      const other = await fileApplication(store, f, brand('P-1', 900_000), acting('企业'));
      expect(other.ok).toBe(false);
      expect((await store.list()).map((r) => r.id)).toEqual([a.id]);
      expect(await store.list({ applicantId: A1, project: 'P-1', limit: 5 })).toHaveLength(1);
      expect(await store.list({ state: '审核' })).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('commits by compare-and-set: of two commits on one version exactly one lands', async () => {
    const store = await open();
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
    const store = await open();
    try {
      const ids = [];
      for (const p of ['P-1', 'P-2', 'P-3']) ids.push((await fileOne(store, p)).id);
      for (const id of ids) await act(store, id, { as: '天河区政府', action: 'accept' }, acting('初审员'));
      // three approvals of 60万 each against one 100万 yearly cap, at once
      const tries = await Promise.allSettled(ids.map((id) => act(store, id, { as: '市商务局', action: 'approve', amountFen: 60_000_000 }, acting('审核员'))));
      expect(tries.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const ledger = await store.ledger(graph.policy.id, A1);
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

  it.skipIf(!raw)('refuses rewriting history in the database itself (triggers)', async () => {
    const store = await open();
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
        `UPDATE document_numbers SET n = 9`,
        `DELETE FROM document_numbers`,
      ]) {
        await expect(raw!(store, sql), sql).rejects.toThrow(/pol/);
      }
      expect((await verifyStore(store)).ok).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('keeps users and hashed tokens: expiry, logout, disable and a new password end sessions', async () => {
    const store = await open();
    try {
      const u = { name: '商务甲', unit: '市商务局', role: 'clerk' as const, applicantId: null, passwordHash: 'scrypt$x' };
      expect(await store.addUser(u)).toBe(true);
      expect(await store.addUser(u)).toBe(false);
      expect(await store.addUser({ name: '企业', unit: null, role: 'applicant', applicantId: A1, passwordHash: 'scrypt$y' })).toBe(true);
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
}
