// The SQLite store: one file in WAL mode, versioned schema with migrations, append-only audit log,
// ledger and documents (triggers), and compare-and-set commits.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/pipeline.ts';
import { MIGRATIONS, openSqliteStore, POL_APPLICATION_ID, SCHEMA_VERSION } from '../../src/workflow/store.ts';
import { StoreConflict, StoreUnusable, type NewApplication } from '../../src/workflow/records.ts';
import { ROOT } from '../support/cli.ts';
import { tmp } from './helpers.ts';

const graph = compile(readFileSync(join(ROOT, 'dsl/guangzhou-cbec.pol'), 'utf8'), 'dsl/guangzhou-cbec.pol').graph!;

const newApp = (applicantId = 'A-1'): NewApplication => ({
  policySha: graph.source.sha256,
  policyId: graph.policy.id,
  benefit: '品牌推广扶持',
  workflow: '标准申报',
  applicant: { id: applicantId, name: '某公司', kind: 'enterprise', district: '天河区' },
  project: 'P-1',
  date: '2025-03-03',
  issued: '2024-01-01',
  application: { any: 'thing' },
  state: '初审',
  ceilingFen: 100,
  on: '2025-03-03',
  audit: { by: '测试员', unit: '申报人', action: 'apply', amountFen: 100, note: null },
});

describe('SqliteStore', () => {
  it('creates a WAL database marked as pol’s, at the latest schema version', async () => {
    const path = join(tmp(), 'a', 'b', 'new.db');
    const store = await openSqliteStore(path);
    store.close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('application_id', { simple: true })).toBe(POL_APPLICATION_ID);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all()).toEqual([
      'applications',
      'audit',
      'documents',
      'ledger',
      'policies',
    ]);
    db.close();
  });

  it('migrates a version-1 database forward, keeping its data', async () => {
    const path = join(tmp(), 'v1.db');
    const db = new Database(path);
    db.pragma(`application_id = ${POL_APPLICATION_ID}`);
    db.exec(MIGRATIONS[0]!);
    db.pragma('user_version = 1');
    db.prepare("INSERT INTO policies VALUES ('sha', 'p', 't', '{}', 'now')").run();
    db.close();
    const store = await openSqliteStore(path);
    expect(await store.documents('none')).toEqual([]);
    store.close();
    const after = new Database(path, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(after.prepare('SELECT policy_id FROM policies').pluck().all()).toEqual(['p']);
    after.close();
  });

  it('keeps the audit log, the ledger and the documents append-only (triggers refuse UPDATE and DELETE)', async () => {
    const path = join(tmp(), 'ao.db');
    const store = await openSqliteStore(path);
    await store.savePolicy(graph);
    const rec = await store.file(newApp(), 0);
    await store.commit({
      id: rec.id,
      expectVersion: 1,
      next: { state: '审核', since: '2025-03-04', publicity: null, grantedFen: 100 },
      audit: { on: '2025-03-04', by: 'x', unit: '天河区政府', action: 'approve', from: '初审', to: '审核', amountFen: 100, note: null },
      ledger: { amountFen: 100, kind: 'grant' },
      documents: [{ kind: '奖励证书', action: 'approve', fileName: 'c.pdf', mediaType: 'application/pdf', bytes: new Uint8Array([37, 80, 68, 70]) }],
    });
    store.close();
    const db = new Database(path);
    for (const table of ['audit', 'ledger', 'documents']) {
      expect(() => db.prepare(`UPDATE ${table} SET seq = seq`).run()).toThrow(`${table} is append-only`);
      expect(() => db.prepare(`DELETE FROM ${table}`).run()).toThrow(`${table} is append-only`);
      expect(db.prepare(`SELECT count(*) FROM ${table}`).pluck().get()).toBeGreaterThan(0);
    }
    db.close();
    const again = await openSqliteStore(path);
    expect((await again.documents(rec.id))[0]).toMatchObject({ kind: '奖励证书', fileName: 'c.pdf', bytes: new Uint8Array([37, 80, 68, 70]) });
    again.close();
  });

  it('refuses a commit whose version or ledger mark is stale, writing nothing', async () => {
    const path = join(tmp(), 'cas.db');
    const store = await openSqliteStore(path);
    await store.savePolicy(graph);
    const rec = await store.file(newApp(), 0);
    const change = {
      id: rec.id,
      expectVersion: 1,
      next: { state: '审核', since: '2025-03-04', publicity: null, grantedFen: null },
      audit: { on: '2025-03-04', by: 'x', unit: 'u', action: 'accept', from: '初审', to: '审核', amountFen: null, note: null },
    };
    expect((await store.commit(change)).version).toBe(2);
    await expect(store.commit(change)).rejects.toBeInstanceOf(StoreConflict);
    await expect(store.commit({ ...change, expectVersion: 2, audit: { ...change.audit, from: '审核' }, expectLedgerMark: 7 })).rejects.toMatchObject({ what: 'ledger' });
    await expect(store.file(newApp(), 3)).rejects.toMatchObject({ what: 'ledger' });
    expect(await store.audit(rec.id)).toHaveLength(2);
    expect(await store.list()).toHaveLength(1);
    store.close();
  });

  it('names what is wrong with a file it cannot use', async () => {
    const dir = tmp();
    await expect(openSqliteStore(dir)).rejects.toBeInstanceOf(StoreUnusable);
    const other = join(dir, 'other.db');
    const db = new Database(other);
    db.pragma('application_id = 42');
    db.close();
    await expect(openSqliteStore(other)).rejects.toMatchObject({ why: 'notPol' });
  });
});
