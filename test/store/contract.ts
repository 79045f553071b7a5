// The store contract (src/store/types.ts), run against every store: SQLite here (sqlite.test.ts), PostgreSQL
// by the server's tests. `open()` gives a fresh, empty store each time.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { compile } from '../../src/pipeline.ts';
import { chainHash, encodeAudit, encodeLedger } from '../../src/store/chain.ts';
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

export function storeContract(open: () => Promise<Store>): void {
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
}
