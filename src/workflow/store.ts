/**
 * The SQLite store: the only module that speaks SQL. One database file (WAL mode), a schema versioned by
 * `PRAGMA user_version` with numbered migrations, pol's mark in `PRAGMA application_id`, and every write in
 * one `BEGIN IMMEDIATE` transaction. The audit log, the ledger and the documents are append-only: triggers
 * refuse UPDATE and DELETE on them.
 *
 * better-sqlite3 is loaded on first use (`openSqliteStore`), never when the CLI starts.
 */
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import type { Graph } from '../ir/schema.ts';
import type { IdentityStore, NewUser, Role, UserRecord } from '../store/identity.ts';
import {
  NotFound,
  StoreConflict,
  StoreUnusable,
  type ApplicationRecord,
  type AuditEntry,
  type LedgerEntry,
  type ListFilter,
  type NewApplication,
  type NewDocument,
  type StoredDocument,
  type TransitionCommit,
  type WorkflowStore,
} from './records.ts';

/** "POL1" as a 32-bit integer, written in the database header (PRAGMA application_id). */
export const POL_APPLICATION_ID = 0x504f4c31;

const appendOnly = (table: string) => `
CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table} BEGIN SELECT RAISE(ABORT, '${table} is append-only (pol)'); END;
CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table} BEGIN SELECT RAISE(ABORT, '${table} is append-only (pol)'); END;`;

/** Migrations, in order: MIGRATIONS[i] takes the schema from version i to i + 1. Never edit a released one. */
export const MIGRATIONS: readonly string[] = [
  // 1: policies, applications, the audit log and the ledger
  `
CREATE TABLE policies (
  sha256 TEXT PRIMARY KEY,
  policy_id TEXT NOT NULL,
  title TEXT NOT NULL,
  graph TEXT NOT NULL,
  saved_at TEXT NOT NULL
) STRICT;
CREATE TABLE applications (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  policy_sha TEXT NOT NULL REFERENCES policies(sha256),
  policy_id TEXT NOT NULL,
  benefit TEXT NOT NULL,
  workflow TEXT NOT NULL,
  applicant_id TEXT NOT NULL,
  applicant_name TEXT,
  applicant_kind TEXT,
  district TEXT,
  project TEXT,
  date TEXT NOT NULL,
  issued TEXT,
  application TEXT NOT NULL,
  state TEXT NOT NULL,
  since TEXT NOT NULL,
  publicity_from TEXT,
  publicity_until TEXT,
  ceiling_fen INTEGER NOT NULL,
  granted_fen INTEGER,
  version INTEGER NOT NULL,
  filed_on TEXT NOT NULL
) STRICT;
CREATE INDEX applications_state ON applications(state);
CREATE INDEX applications_applicant ON applications(applicant_id);
CREATE TABLE audit (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  application_id TEXT NOT NULL REFERENCES applications(id),
  on_date TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  by_person TEXT NOT NULL,
  unit TEXT NOT NULL,
  action TEXT NOT NULL,
  from_state TEXT,
  to_state TEXT NOT NULL,
  amount_fen INTEGER,
  note TEXT
) STRICT;
CREATE INDEX audit_application ON audit(application_id, seq);
${appendOnly('audit')}
CREATE TABLE ledger (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  application_id TEXT NOT NULL REFERENCES applications(id),
  applicant_id TEXT NOT NULL,
  benefit TEXT NOT NULL,
  date TEXT NOT NULL,
  amount_fen INTEGER NOT NULL,
  project TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('grant', 'reversal')),
  on_date TEXT NOT NULL
) STRICT;
CREATE INDEX ledger_applicant ON ledger(applicant_id, seq);
${appendOnly('ledger')}
`,
  // 2: documents issued at steps, kept with the application
  `
CREATE TABLE documents (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  application_id TEXT NOT NULL REFERENCES applications(id),
  kind TEXT NOT NULL,
  action TEXT NOT NULL,
  file_name TEXT NOT NULL,
  media_type TEXT NOT NULL,
  bytes BLOB NOT NULL,
  on_date TEXT NOT NULL
) STRICT;
CREATE INDEX documents_application ON documents(application_id, seq);
${appendOnly('documents')}
`,
  // 3: users of \`pol serve\` and their login tokens (only the tokens' sha256)
  `
CREATE TABLE users (
  name TEXT PRIMARY KEY,
  unit TEXT,
  role TEXT NOT NULL,
  applicant_id TEXT,
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
) STRICT;
CREATE TABLE tokens (
  hash TEXT PRIMARY KEY,
  user_name TEXT NOT NULL REFERENCES users(name),
  expires_at TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX tokens_user ON tokens(user_name);
`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

const SQLITE_HEADER = 'SQLite format 3\0';

interface AppRow {
  seq: number;
  id: string;
  policy_sha: string;
  policy_id: string;
  benefit: string;
  workflow: string;
  applicant_id: string;
  applicant_name: string | null;
  applicant_kind: string | null;
  district: string | null;
  project: string | null;
  date: string;
  issued: string | null;
  application: string;
  state: string;
  since: string;
  publicity_from: string | null;
  publicity_until: string | null;
  ceiling_fen: number;
  granted_fen: number | null;
  version: number;
  filed_on: string;
}

function toRecord(r: AppRow): ApplicationRecord {
  return {
    id: r.id,
    policyId: r.policy_id,
    policySha: r.policy_sha,
    benefit: r.benefit,
    workflow: r.workflow,
    applicant: {
      id: r.applicant_id,
      ...(r.applicant_name !== null ? { name: r.applicant_name } : {}),
      ...(r.applicant_kind !== null ? { kind: r.applicant_kind } : {}),
      ...(r.district !== null ? { district: r.district } : {}),
    },
    ...(r.project !== null ? { project: r.project } : {}),
    date: r.date,
    issued: r.issued,
    application: JSON.parse(r.application) as unknown,
    state: r.state,
    since: r.since,
    publicity: r.publicity_from !== null && r.publicity_until !== null ? { from: r.publicity_from, until: r.publicity_until } : null,
    ceilingFen: r.ceiling_fen,
    grantedFen: r.granted_fen,
    version: r.version,
    filedOn: r.filed_on,
  };
}

interface UserRow {
  name: string;
  unit: string | null;
  role: string;
  applicant_id: string | null;
  password_hash: string;
  disabled: number | boolean;
  created_at: string;
}

/** A users row (SQLite or PostgreSQL) as a record. */
export function toUser(r: UserRow): UserRecord {
  return { name: r.name, unit: r.unit, role: r.role as Role, applicantId: r.applicant_id, passwordHash: r.password_hash, disabled: !!r.disabled, createdAt: r.created_at };
}

function isSqliteError(e: unknown): e is Error & { code: string } {
  return e instanceof Error && typeof (e as { code?: unknown }).code === 'string' && (e as unknown as { code: string }).code.startsWith('SQLITE_');
}

/** Whether a file (that exists and is not empty) starts with SQLite's header. */
function looksLikeSqlite(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(16);
    const n = readSync(fd, buf, 0, 16, 0);
    return n === 16 && buf.toString('latin1') === SQLITE_HEADER;
  } finally {
    closeSync(fd);
  }
}

export interface SqliteStoreOptions {
  /** PRAGMA synchronous: FULL (default: a committed transition survives a power cut) or NORMAL. */
  synchronous?: 'FULL' | 'NORMAL';
  /** How long a writer waits for another's transaction, in ms (default 10 000). */
  busyTimeoutMs?: number;
  readonly?: boolean;
}

/**
 * Open (creating on first use, with its folder) a pol database file. Throws StoreUnusable when the file
 * is not SQLite, is another program's database, is corrupt, or has a newer schema than this program.
 */
export async function openSqliteStore(path: string, options: SqliteStoreOptions = {}): Promise<SqliteStore> {
  const { default: Database } = await import('better-sqlite3');
  const exists = existsSync(path) && statSync(path).size > 0;
  if (exists && statSync(path).isDirectory()) throw new StoreUnusable('notPol', path, '这是一个目录');
  if (exists && !looksLikeSqlite(path)) throw new StoreUnusable('notPol', path, '文件不是 SQLite 数据库（文件头不符）');
  if (!exists && options.readonly) throw new StoreUnusable('notPol', path, '文件不存在');
  if (!exists) mkdirSync(dirname(path), { recursive: true });
  let db: BetterSqlite3.Database | undefined;
  try {
    db = new Database(path, { readonly: options.readonly ?? false, timeout: options.busyTimeoutMs ?? 10_000 });
    return new SqliteStore(db, path, options);
  } catch (e) {
    db?.close();
    throw mapError(e, path);
  }
}

function mapError(e: unknown, path: string): unknown {
  if (isSqliteError(e)) {
    if (e.code === 'SQLITE_NOTADB') return new StoreUnusable('notPol', path, `文件不是 SQLite 数据库（${e.message}）`);
    if (e.code.startsWith('SQLITE_CORRUPT')) return new StoreUnusable('corrupt', path, e.message);
  }
  return e;
}

export class SqliteStore implements WorkflowStore, IdentityStore {
  private readonly stmts: ReturnType<SqliteStore['prepare']>;
  /** Parsed rule graphs by sha256 (a stored policy never changes). */
  private readonly graphs = new Map<string, Graph>();
  private readonly fileTx: (app: NewApplication, mark: number) => ApplicationRecord;
  private readonly commitTx: (c: TransitionCommit) => ApplicationRecord;

  constructor(
    private readonly db: BetterSqlite3.Database,
    readonly location: string,
    options: SqliteStoreOptions,
  ) {
    this.checkIdentity();
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
      this.migrate();
    }
    db.pragma('foreign_keys = ON');
    this.stmts = this.prepare();
    this.fileTx = this.db.transaction((app: NewApplication, mark: number) => this.fileInTx(app, mark)).immediate;
    this.commitTx = this.db.transaction((c: TransitionCommit) => this.commitInTx(c)).immediate;
  }

  /** pol's database, an empty one, or refuse. */
  private checkIdentity(): void {
    const appId = this.db.pragma('application_id', { simple: true }) as number;
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (appId === POL_APPLICATION_ID) {
      if (version > SCHEMA_VERSION) throw new StoreUnusable('tooNew', this.location, `schema ${version}`, version);
      return;
    }
    const tables = this.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
    if (appId !== 0 || tables.length > 0) {
      const shown = tables.slice(0, 5).join('、') + (tables.length > 5 ? ' …' : '');
      throw new StoreUnusable('notPol', this.location, `这是另一程序的 SQLite 数据库（application_id ${appId}${tables.length ? `，含表 ${shown}` : ''}）`);
    }
  }

  private migrate(): void {
    const run = this.db.transaction(() => {
      // Re-read inside the write lock: another process may have migrated meanwhile.
      const appId = this.db.pragma('application_id', { simple: true }) as number;
      let version = this.db.pragma('user_version', { simple: true }) as number;
      if (appId === 0) this.db.pragma(`application_id = ${POL_APPLICATION_ID}`);
      if (version > SCHEMA_VERSION) throw new StoreUnusable('tooNew', this.location, `schema ${version}`, version);
      for (; version < SCHEMA_VERSION; version++) {
        this.db.exec(MIGRATIONS[version]!);
        this.db.pragma(`user_version = ${version + 1}`);
      }
    });
    if ((this.db.pragma('user_version', { simple: true }) as number) < SCHEMA_VERSION) run.immediate();
  }

  private prepare() {
    const db = this.db;
    return {
      savePolicy: db.prepare('INSERT OR IGNORE INTO policies (sha256, policy_id, title, graph, saved_at) VALUES (?, ?, ?, ?, ?)'),
      policy: db.prepare('SELECT graph FROM policies WHERE sha256 = ?').pluck(),
      ledgerMark: db.prepare('SELECT coalesce(max(seq), 0) FROM ledger WHERE applicant_id = ?').pluck(),
      ledger: db.prepare('SELECT * FROM ledger WHERE applicant_id = ? ORDER BY seq'),
      nextSeq: db.prepare('SELECT coalesce(max(seq), 0) + 1 FROM applications').pluck(),
      insertApp: db.prepare(`INSERT INTO applications (seq, id, policy_sha, policy_id, benefit, workflow, applicant_id, applicant_name,
        applicant_kind, district, project, date, issued, application, state, since, publicity_from, publicity_until, ceiling_fen,
        granted_fen, version, filed_on) VALUES (@seq, @id, @policy_sha, @policy_id, @benefit, @workflow, @applicant_id,
        @applicant_name, @applicant_kind, @district, @project, @date, @issued, @application, @state, @since, NULL, NULL,
        @ceiling_fen, NULL, 1, @filed_on)`),
      get: db.prepare('SELECT * FROM applications WHERE id = ?'),
      update: db.prepare(`UPDATE applications SET state = @state, since = @since, publicity_from = @publicity_from,
        publicity_until = @publicity_until, granted_fen = @granted_fen, version = version + 1 WHERE id = @id AND version = @version`),
      insertAudit: db.prepare(`INSERT INTO audit (application_id, on_date, recorded_at, by_person, unit, action, from_state, to_state,
        amount_fen, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      audit: db.prepare('SELECT * FROM audit WHERE application_id = ? ORDER BY seq'),
      insertLedger: db.prepare(`INSERT INTO ledger (application_id, applicant_id, benefit, date, amount_fen, project, kind, on_date)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
      insertDoc: db.prepare(`INSERT INTO documents (application_id, kind, action, file_name, media_type, bytes, on_date)
        VALUES (?, ?, ?, ?, ?, ?, ?)`),
      documents: db.prepare('SELECT * FROM documents WHERE application_id = ? ORDER BY seq'),
      addUser: db.prepare(`INSERT INTO users (name, unit, role, applicant_id, password_hash, disabled, created_at)
        VALUES (?, ?, ?, ?, ?, 0, ?) ON CONFLICT (name) DO NOTHING`),
      user: db.prepare('SELECT * FROM users WHERE name = ?'),
      users: db.prepare('SELECT * FROM users ORDER BY created_at, name'),
      setPassword: db.prepare('UPDATE users SET password_hash = ? WHERE name = ?'),
      disableUser: db.prepare('UPDATE users SET disabled = 1 WHERE name = ?'),
      dropTokensOf: db.prepare('DELETE FROM tokens WHERE user_name = ?'),
      addToken: db.prepare('INSERT INTO tokens (hash, user_name, expires_at, created_at) VALUES (?, ?, ?, ?)'),
      tokenUser: db.prepare('SELECT u.* FROM tokens t JOIN users u ON u.name = t.user_name WHERE t.hash = ? AND t.expires_at > ? AND u.disabled = 0'),
      dropToken: db.prepare('DELETE FROM tokens WHERE hash = ? OR expires_at <= ?'),
    };
  }

  private guard<T>(f: () => T): Promise<T> {
    try {
      return Promise.resolve(f());
    } catch (e) {
      return Promise.reject(mapError(e, this.location));
    }
  }

  savePolicy(graph: Graph): Promise<void> {
    return this.guard(() => {
      this.stmts.savePolicy.run(graph.source.sha256, graph.policy.id, graph.policy.title, JSON.stringify(graph), new Date().toISOString());
    });
  }

  policy(sha256: string): Promise<Graph | undefined> {
    return this.guard(() => {
      const cached = this.graphs.get(sha256);
      if (cached) return cached;
      const json = this.stmts.policy.get(sha256) as string | undefined;
      if (json === undefined) return undefined;
      const graph = JSON.parse(json) as Graph;
      this.graphs.set(sha256, graph);
      return graph;
    });
  }

  ledgerMark(applicantId: string): Promise<number> {
    return this.guard(() => this.stmts.ledgerMark.get(applicantId) as number);
  }

  ledger(applicantId: string): Promise<LedgerEntry[]> {
    return this.guard(() =>
      (this.stmts.ledger.all(applicantId) as Record<string, unknown>[]).map((r) => ({
        seq: r.seq as number,
        applicationId: r.application_id as string,
        applicantId: r.applicant_id as string,
        benefit: r.benefit as string,
        date: r.date as string,
        amountFen: r.amount_fen as number,
        ...(r.project !== null ? { project: r.project as string } : {}),
        kind: r.kind as 'grant' | 'reversal',
        on: r.on_date as string,
      })),
    );
  }

  private insertDocuments(id: string, docs: readonly NewDocument[] | undefined, on: string): void {
    for (const d of docs ?? []) this.stmts.insertDoc.run(id, d.kind, d.action, d.fileName, d.mediaType, Buffer.from(d.bytes), on);
  }

  private fileInTx(app: NewApplication, mark: number): ApplicationRecord {
    if ((this.stmts.ledgerMark.get(app.applicant.id) as number) !== mark) throw new StoreConflict('ledger');
    const seq = this.stmts.nextSeq.get() as number;
    const id = `${app.date.slice(0, 4)}-${String(seq).padStart(6, '0')}`;
    this.stmts.insertApp.run({
      seq,
      id,
      policy_sha: app.policySha,
      policy_id: app.policyId,
      benefit: app.benefit,
      workflow: app.workflow,
      applicant_id: app.applicant.id,
      applicant_name: app.applicant.name ?? null,
      applicant_kind: app.applicant.kind ?? null,
      district: app.applicant.district ?? null,
      project: app.project ?? null,
      date: app.date,
      issued: app.issued,
      application: JSON.stringify(app.application),
      state: app.state,
      since: app.on,
      ceiling_fen: app.ceilingFen,
      filed_on: app.on,
    });
    const a = app.audit;
    this.stmts.insertAudit.run(id, app.on, new Date().toISOString(), a.by, a.unit, a.action, null, app.state, a.amountFen, a.note);
    this.insertDocuments(id, app.documents, app.on);
    return toRecord(this.stmts.get.get(id) as AppRow);
  }

  file(app: NewApplication, expectLedgerMark: number): Promise<ApplicationRecord> {
    return this.guard(() => this.fileTx(app, expectLedgerMark));
  }

  private commitInTx(c: TransitionCommit): ApplicationRecord {
    const row = this.stmts.get.get(c.id) as AppRow | undefined;
    if (!row) throw new NotFound(c.id);
    if (row.version !== c.expectVersion || row.state !== c.audit.from) throw new StoreConflict('state', toRecord(row));
    if (c.expectLedgerMark !== undefined && (this.stmts.ledgerMark.get(row.applicant_id) as number) !== c.expectLedgerMark) {
      throw new StoreConflict('ledger', toRecord(row));
    }
    const n = c.next;
    const changed = this.stmts.update.run({
      id: c.id,
      version: c.expectVersion,
      state: n.state,
      since: n.since,
      publicity_from: n.publicity?.from ?? null,
      publicity_until: n.publicity?.until ?? null,
      granted_fen: n.grantedFen,
    });
    if (changed.changes !== 1) throw new StoreConflict('state', toRecord(row));
    const a = c.audit;
    this.stmts.insertAudit.run(c.id, a.on, new Date().toISOString(), a.by, a.unit, a.action, a.from, a.to, a.amountFen, a.note);
    if (c.ledger) {
      this.stmts.insertLedger.run(c.id, row.applicant_id, row.benefit, row.date, c.ledger.amountFen, row.project, c.ledger.kind, a.on);
    }
    this.insertDocuments(c.id, c.documents, a.on);
    return toRecord(this.stmts.get.get(c.id) as AppRow);
  }

  commit(change: TransitionCommit): Promise<ApplicationRecord> {
    return this.guard(() => this.commitTx(change));
  }

  get(id: string): Promise<ApplicationRecord | undefined> {
    return this.guard(() => {
      const row = this.stmts.get.get(id) as AppRow | undefined;
      return row ? toRecord(row) : undefined;
    });
  }

  list(filter: ListFilter = {}): Promise<ApplicationRecord[]> {
    return this.guard(() => {
      const where: string[] = [];
      const args: string[] = [];
      if (filter.state !== undefined) {
        where.push('state = ?');
        args.push(filter.state);
      }
      if (filter.benefit !== undefined) {
        where.push('benefit = ?');
        args.push(filter.benefit);
      }
      const sql = `SELECT * FROM applications${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY seq`;
      return (this.db.prepare(sql).all(...args) as AppRow[]).map(toRecord);
    });
  }

  audit(id: string): Promise<AuditEntry[]> {
    return this.guard(() =>
      (this.stmts.audit.all(id) as Record<string, unknown>[]).map((r) => ({
        seq: r.seq as number,
        applicationId: r.application_id as string,
        on: r.on_date as string,
        recordedAt: r.recorded_at as string,
        by: r.by_person as string,
        unit: r.unit as string,
        action: r.action as string,
        from: r.from_state as string | null,
        to: r.to_state as string,
        amountFen: r.amount_fen as number | null,
        note: r.note as string | null,
      })),
    );
  }

  documents(id: string): Promise<StoredDocument[]> {
    return this.guard(() =>
      (this.stmts.documents.all(id) as Record<string, unknown>[]).map((r) => ({
        seq: r.seq as number,
        applicationId: r.application_id as string,
        kind: r.kind as string,
        action: r.action as string,
        fileName: r.file_name as string,
        mediaType: r.media_type as string,
        bytes: new Uint8Array(r.bytes as Buffer),
        on: r.on_date as string,
      })),
    );
  }

  addUser(u: NewUser): Promise<boolean> {
    return this.guard(() => this.stmts.addUser.run(u.name, u.unit, u.role, u.applicantId, u.passwordHash, new Date().toISOString()).changes === 1);
  }

  user(name: string): Promise<UserRecord | undefined> {
    return this.guard(() => {
      const r = this.stmts.user.get(name) as UserRow | undefined;
      return r ? toUser(r) : undefined;
    });
  }

  users(): Promise<UserRecord[]> {
    return this.guard(() => (this.stmts.users.all() as UserRow[]).map(toUser));
  }

  /** Change a user and end its sessions, in one transaction. */
  private endSessions(name: string, change: () => number): boolean {
    return this.db.transaction(() => {
      if (change() !== 1) return false;
      this.stmts.dropTokensOf.run(name);
      return true;
    }).immediate();
  }

  setPassword(name: string, passwordHash: string): Promise<boolean> {
    return this.guard(() => this.endSessions(name, () => this.stmts.setPassword.run(passwordHash, name).changes));
  }

  disableUser(name: string): Promise<boolean> {
    return this.guard(() => this.endSessions(name, () => this.stmts.disableUser.run(name).changes));
  }

  addToken(tokenHash: string, user: string, expiresAt: string): Promise<void> {
    return this.guard(() => {
      this.stmts.addToken.run(tokenHash, user, expiresAt, new Date().toISOString());
    });
  }

  tokenUser(tokenHash: string, now: string): Promise<UserRecord | undefined> {
    return this.guard(() => {
      const r = this.stmts.tokenUser.get(tokenHash, now) as UserRow | undefined;
      return r ? toUser(r) : undefined;
    });
  }

  dropToken(tokenHash: string): Promise<void> {
    return this.guard(() => {
      this.stmts.dropToken.run(tokenHash, new Date().toISOString());
    });
  }

  /** Checkpoint the WAL into the main file and close (the -wal and -shm files go away). */
  close(): void {
    if (this.db.open) this.db.close();
  }
}
