// The SQLite store: the store contract, then what only SQLite shows: one WAL file marked as pol's,
// migrations (the chain added to existing databases), triggers that keep the audit log, ledger and
// documents append-only and applications changing only with an audit row, and files it cannot use.
import { chmodSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, openSqliteStore, POL_APPLICATION_ID, SCHEMA_VERSION } from '../../src/store/sqlite/index.ts';
import { StoreUnusable } from '../../src/store/types.ts';
import { verifyStore } from '../../src/workflow/verify.ts';
import { tmp } from '../workflow/helpers.ts';
import { A1, approve, graph, newApp, storeContract } from './contract.ts';

const fresh = () => openSqliteStore(join(tmp('pol-store-'), 'wf.db'), { create: true });

describe('SqliteStore: the store contract', () => storeContract(fresh));

describe('SqliteStore', () => {
  it('creates a WAL database marked as pol’s, at the latest schema version, only when asked to', async () => {
    const path = join(tmp(), 'a', 'b', 'new.db');
    await expect(openSqliteStore(path)).rejects.toMatchObject({ why: 'missing' });
    expect(existsSync(join(path, '..'))).toBe(false);
    await (await openSqliteStore(path, { create: true })).close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('application_id', { simple: true })).toBe(POL_APPLICATION_ID);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('migrates a version-2 database forward, adding the hash chains to its rows', async () => {
    const path = join(tmp(), 'v2.db');
    const db = new Database(path);
    db.pragma(`application_id = ${POL_APPLICATION_ID}`);
    db.exec(MIGRATIONS[0] as string);
    db.exec(MIGRATIONS[1] as string);
    db.pragma('user_version = 2');
    db.prepare("INSERT INTO policies VALUES ('sha', 'p', 't', '{}', 'now')").run();
    db.prepare(`INSERT INTO applications VALUES (1, '2025-000001', 'sha', 'p', 'b', 'w', ?, NULL, NULL, NULL, NULL, '2025-03-01', NULL, '{}',
      '公示', '2025-03-05', NULL, NULL, 100, 100, 2, '2025-03-01')`).run(A1);
    db.prepare("INSERT INTO audit (application_id, on_date, recorded_at, by_person, unit, action, from_state, to_state, amount_fen) VALUES ('2025-000001', '2025-03-01', 't', 'a', '申报人', 'apply', NULL, '审核', 100)").run();
    db.prepare("INSERT INTO audit (application_id, on_date, recorded_at, by_person, unit, action, from_state, to_state, amount_fen) VALUES ('2025-000001', '2025-03-05', 't', 'b', 'u', 'approve', '审核', '公示', 100)").run();
    db.prepare("INSERT INTO ledger (application_id, applicant_id, benefit, date, amount_fen, kind, on_date) VALUES ('2025-000001', ?, 'b', '2025-03-01', 100, 'grant', '2025-03-05')").run(A1);
    db.close();
    const store = await openSqliteStore(path);
    expect(await store.ledger('p', A1)).toMatchObject([{ date: '2025-03-05', policyId: 'p', auditSeq: 2 }]);
    const report = await verifyStore(store);
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ ok: true, applications: 1, auditRows: 2, ledgerRows: 1 });
    await store.close();
  });

  it('migrates a version-4 database: its requests recorded before numbering get the next number when first rendered, and it keeps working', async () => {
    const path = join(tmp(), 'v4.db');
    const store = await openSqliteStore(path, { create: true });
    await store.savePolicy(graph);
    const { record } = await store.file(newApp(), 0);
    await store.commit({ ...approve(record.id), documents: [{ kind: '受理通知书', action: 'accept', unit: '天河区政府', reasons: [], amountFen: null }] });
    await store.close();
    // as the previous version left it: no table of numbers, schema version 4
    const db = new Database(path);
    db.exec('DROP TABLE document_numbers');
    db.pragma('user_version = 4');
    db.close();
    const again = await openSqliteStore(path);
    try {
      const [req] = await again.documentRequests(record.id);
      expect(req).toMatchObject({ kind: '受理通知书', docNumber: null });
      const numbering = { policyId: graph.policy.id, kind: '受理通知书', year: 2025, prefix: '穗商务受' };
      expect(await again.numberDocument(req!.seq, numbering)).toBe('穗商务受〔2025〕1号');
      const second = await again.file(newApp({ project: 'P-2', fingerprint: 'f2' }), await again.ledgerMark(A1));
      await again.commit({ ...approve(second.record.id), documents: [{ kind: '受理通知书', action: 'accept', unit: '天河区政府', reasons: [], amountFen: null, numbering }] });
      expect((await again.documentRequests(second.record.id))[0]!.docNumber).toBe('穗商务受〔2025〕2号');
      expect((await verifyStore(again)).ok).toBe(true);
    } finally {
      await again.close();
    }
    const check = new Database(path, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    check.close();
  });

  it('keeps audit, ledger and documents append-only and applications changing only with an audit row', async () => {
    const path = join(tmp(), 'ao.db');
    const store = await openSqliteStore(path, { create: true });
    await store.savePolicy(graph);
    const { record } = await store.file(newApp(), 0);
    await store.commit(approve(record.id));
    const [req] = await store.documentRequests(record.id);
    await store.saveDocuments(req!.seq, [{ kind: 'k', action: 'approve', fileName: 'c.pdf', mediaType: 'application/pdf', bytes: new Uint8Array([1]) }]);
    await store.close();
    const db = new Database(path);
    for (const table of ['audit', 'ledger', 'documents', 'document_requests']) {
      expect(() => db.prepare(`UPDATE ${table} SET seq = seq`).run()).toThrow(`${table} is append-only`);
      expect(() => db.prepare(`DELETE FROM ${table}`).run()).toThrow(`${table} is append-only`);
    }
    expect(() => db.prepare("UPDATE applications SET state = '拨付', version = version + 1").run()).toThrow('only through audited transitions');
    expect(() => db.prepare('UPDATE applications SET granted_fen = 999').run()).toThrow('only through audited transitions');
    expect(() => db.prepare('DELETE FROM applications').run()).toThrow('never deleted');
    expect(() => db.prepare(`INSERT INTO ledger (application_id, policy_id, applicant_id, benefit, date, amount_fen, kind, on_date, audit_seq)
      VALUES (?, 'p', ?, 'b', '2025-01-01', -100, 'reversal', '2025-01-01', 1)`).run(record.id, A1)).toThrow('needs its audit row');
    db.close();
  });

  it('names what is wrong with a file it cannot use, and opens a read-only file for reading only', async () => {
    const dir = tmp();
    await expect(openSqliteStore(dir)).rejects.toBeInstanceOf(StoreUnusable);
    const other = join(dir, 'other.db');
    const db = new Database(other);
    db.pragma('application_id = 42');
    db.close();
    await expect(openSqliteStore(other)).rejects.toMatchObject({ why: 'notPol' });
    const ro = join(dir, 'ro.db');
    const s = await openSqliteStore(ro, { create: true });
    await s.savePolicy(graph);
    await s.close();
    chmodSync(ro, 0o444);
    const r = await openSqliteStore(ro, { readonly: true });
    expect(await r.list()).toEqual([]);
    await expect(r.file(newApp(), 0)).rejects.toMatchObject({ why: 'readonly' });
    await r.close();
  });

  it('reports a database locked past the busy timeout as locked, writing nothing', async () => {
    const path = join(tmp(), 'lock.db');
    const s = await openSqliteStore(path, { create: true, busyTimeoutMs: 50 });
    await s.savePolicy(graph);
    const holder = new Database(path);
    holder.exec('BEGIN IMMEDIATE');
    await expect(s.file(newApp(), 0)).rejects.toMatchObject({ why: 'locked' });
    holder.exec('ROLLBACK');
    holder.close();
    expect(await s.list()).toEqual([]);
    await s.close();
  });
});
