/** The store contract against the SQLite store. */
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/store/sqlite/index.ts';
import { storeContract } from './contract.ts';

storeContract('SQLite', {
  open: () => openSqliteStore(join(mkdtempSync(join(tmpdir(), 'pol-store-')), 'pol.db'), { create: true }),
  async raw(store, sql) {
    const db = new Database(store.location);
    try {
      db.exec(sql);
    } finally {
      db.close();
    }
  },
});
