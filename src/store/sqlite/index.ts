/**
 * The SQLite store (the embedded default): one database file in WAL mode, pol's mark in
 * `PRAGMA application_id`, the schema of schema.ts, and every write in one `BEGIN IMMEDIATE` transaction
 * (writers are serialised, so the checks inside a transaction cannot race). Audit, ledger, document requests
 * and documents are append-only by trigger, applications change only with an audit row (schema.ts).
 *
 * better-sqlite3 is loaded on first use (`openSqliteStore`), never when the CLI starts.
 */
import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync, readSync, statfsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import type { Graph } from '../../ir/schema.ts';
import { chainHash, encodeAudit, encodeLedger } from '../chain.ts';
import { userOf, type NewUser, type UserRecord, type UserRow } from '../identity.ts';
import {
  CLOSED_STATES,
  GENESIS,
  NotFound,
  StoreConflict,
  StoreUnusable,
  type ApplicationRecord,
  formatDocNumber,
  type AuditEntry,
  type DocumentNumbering,
  type DocumentRequest,
  type FileResult,
  type LedgerEntry,
  type ListQuery,
  type NewApplication,
  type NewAudit,
  type NewDocument,
  type OpenOptions,
  type Store,
  type StoredDocument,
  type StoredDocumentRequest,
  type TransitionCommit,
} from '../types.ts';
import { auditOf, ledgerOf, MIGRATIONS, POL_APPLICATION_ID, requestOf, SCHEMA_VERSION, type AppRow, type AuditRow, type LedgerRow, type RequestRow } from './schema.ts';

export { MIGRATIONS, POL_APPLICATION_ID, SCHEMA_VERSION } from './schema.ts';

const SQLITE_HEADER = 'SQLite format 3\0';

/** An applications row (SQLite or PostgreSQL, same columns) as a record. */
export function toRecord(r: AppRow): ApplicationRecord {
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
    fingerprint: r.fingerprint,
    state: r.state,
    since: r.since,
    publicity: r.publicity_from !== null && r.publicity_until !== null ? { from: r.publicity_from, until: r.publicity_until } : null,
    due: r.due,
    ceilingFen: r.ceiling_fen,
    grantedFen: r.granted_fen,
    version: r.version,
    filedOn: r.filed_on,
  };
}

function sqliteCode(e: unknown): string | undefined {
  const code = e instanceof Error ? (e as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** A driver or file-system error as StoreUnusable (with why); anything else unchanged. */
export function mapSqliteError(e: unknown, path: string): unknown {
  if (e instanceof StoreUnusable || e instanceof StoreConflict || e instanceof NotFound) return e;
  const code = sqliteCode(e);
  if (!code) return e;
  const msg = (e as Error).message;
  if (code === 'SQLITE_NOTADB') return new StoreUnusable('notPol', path, `文件不是 SQLite 数据库（${msg}）`);
  if (code.startsWith('SQLITE_CORRUPT')) return new StoreUnusable('corrupt', path, msg);
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || /disk is full|no space/i.test(msg)) return new StoreUnusable('full', path, msg);
  if (code.startsWith('SQLITE_READONLY') || code === 'EACCES' || code === 'EROFS' || code === 'EPERM') return new StoreUnusable('readonly', path, msg);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return new StoreUnusable('locked', path, msg);
  // A full disk often surfaces as an I/O error (WAL index or journal growth): ask the file system.
  if ((code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN')) && diskFull(path)) return new StoreUnusable('full', path, `${msg}（${code}）`);
  if (code.startsWith('SQLITE_CANTOPEN')) return new StoreUnusable('io', path, `无法打开（${msg}）`);
  if (code.startsWith('SQLITE_IOERR')) return new StoreUnusable('io', path, `${msg}（${code}）`);
  return e;
}

/** Whether the file system holding `path` has less room than a few database pages. */
function diskFull(path: string): boolean {
  try {
    const s = statfsSync(dirname(path));
    return s.bavail * s.bsize < 256 * 1024;
  } catch {
    return false;
  }
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

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    accessSync(dirname(path), constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

export interface SqliteOpenOptions extends OpenOptions {
  /** PRAGMA synchronous: FULL (default: a committed transition survives a power cut) or NORMAL. */
  synchronous?: 'FULL' | 'NORMAL';
}

/**
 * Open a pol database file; with `create`, create it (and its folder) when missing. A file that cannot be
 * written is opened read-only (writes then fail with why 'readonly'). Throws StoreUnusable.
 */
export async function openSqliteStore(path: string, options: SqliteOpenOptions = {}): Promise<SqliteStore> {
  const { default: Database } = await import('better-sqlite3');
  if (existsSync(path) && statSync(path).isDirectory()) throw new StoreUnusable('notPol', path, '这是一个目录');
  const exists = existsSync(path) && statSync(path).size > 0;
  if (!existsSync(path) && !options.create) throw new StoreUnusable('missing', path, '文件不存在');
  if (exists && !looksLikeSqlite(path)) throw new StoreUnusable('notPol', path, '文件不是 SQLite 数据库（文件头不符）');
  let db: BetterSqlite3.Database | undefined;
  try {
    if (!existsSync(path)) mkdirSync(dirname(path), { recursive: true });
    const readonly = options.readonly === true || (exists && !writable(path));
    db = new Database(path, { readonly, fileMustExist: !options.create, timeout: options.busyTimeoutMs ?? 10_000 });
    return new SqliteStore(db, path, { ...options, readonly });
  } catch (e) {
    db?.close();
    // A WAL database on a read-only file system cannot be opened at all (its index file cannot be made).
    if (sqliteCode(e)?.startsWith('SQLITE_CANTOPEN') && exists && !writable(path)) throw new StoreUnusable('readonly', path, '文件或其所在目录只读，无法打开');
    throw mapSqliteError(e, path);
  }
}

export class SqliteStore implements Store {
  private readonly stmts: ReturnType<SqliteStore['prepare']>;
  /** `list`'s statements, one per shape of query (which filters it has): prepared once each, not per call. */
  private readonly lists = new Map<string, BetterSqlite3.Statement>();
  /** Parsed rule graphs by sha256 (a stored policy never changes). */
  private readonly graphs = new Map<string, Graph>();
  private readonly fileTx: (app: NewApplication, mark: number) => FileResult;
  private readonly commitTx: (c: TransitionCommit) => ApplicationRecord;
  private readonly saveDocsTx: (requestSeq: number, docs: readonly NewDocument[]) => void;
  private readonly numberTx: (requestSeq: number, numbering: DocumentNumbering) => string;

  constructor(
    private readonly db: BetterSqlite3.Database,
    readonly location: string,
    options: SqliteOpenOptions,
  ) {
    this.checkIdentity();
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
      this.migrate();
    } else if ((db.pragma('user_version', { simple: true }) as number) < SCHEMA_VERSION) {
      throw new StoreUnusable('readonly', location, '数据库需要升级结构，但文件只读');
    }
    db.pragma('foreign_keys = ON');
    this.stmts = this.prepare();
    this.fileTx = this.db.transaction((app: NewApplication, mark: number) => this.fileInTx(app, mark)).immediate;
    this.commitTx = this.db.transaction((c: TransitionCommit) => this.commitInTx(c)).immediate;
    this.saveDocsTx = this.db.transaction((requestSeq: number, docs: readonly NewDocument[]) => this.saveDocsInTx(requestSeq, docs)).immediate;
    this.numberTx = this.db.transaction((requestSeq: number, numbering: DocumentNumbering) => this.numberInTx(requestSeq, numbering)).immediate;
  }

  /** pol's database, an empty one, or refuse. */
  private checkIdentity(): void {
    const appId = this.db.pragma('application_id', { simple: true }) as number;
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (appId === POL_APPLICATION_ID) {
      if (version > SCHEMA_VERSION) throw new StoreUnusable('tooNew', this.location, `schema ${version}`, { found: version, supported: SCHEMA_VERSION });
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
      if (version > SCHEMA_VERSION) throw new StoreUnusable('tooNew', this.location, `schema ${version}`, { found: version, supported: SCHEMA_VERSION });
      for (; version < SCHEMA_VERSION; version++) {
        const m = MIGRATIONS[version]!;
        if (typeof m === 'string') this.db.exec(m);
        else m(this.db);
        this.db.pragma(`user_version = ${version + 1}`);
      }
    });
    if ((this.db.pragma('user_version', { simple: true }) as number) < SCHEMA_VERSION) run.immediate();
  }

  private prepare() {
    const db = this.db;
    const notClosed = `state NOT IN (${CLOSED_STATES.map((s) => `'${s}'`).join(', ')})`;
    return {
      savePolicy: db.prepare('INSERT OR IGNORE INTO policies (sha256, policy_id, title, graph, saved_at) VALUES (?, ?, ?, ?, ?)'),
      policy: db.prepare('SELECT graph FROM policies WHERE sha256 = ?').pluck(),
      ledgerMark: db.prepare('SELECT coalesce(max(seq), 0) FROM ledger WHERE applicant_id = ?').pluck(),
      ledger: db.prepare('SELECT * FROM ledger WHERE policy_id = ? AND applicant_id = ? ORDER BY seq'),
      grantedBenefits: db.prepare('SELECT DISTINCT benefit FROM ledger WHERE policy_id = ? ORDER BY benefit').pluck(),
      nextSeq: db.prepare('SELECT coalesce(max(seq), 0) + 1 FROM applications').pluck(),
      identical: db.prepare('SELECT * FROM applications WHERE policy_id = ? AND benefit = ? AND applicant_id = ? AND project IS ? AND fingerprint = ? ORDER BY seq DESC LIMIT 1'),
      open: db.prepare(`SELECT * FROM applications WHERE policy_id = ? AND benefit = ? AND applicant_id = ? AND project IS ? AND ${notClosed} ORDER BY seq DESC LIMIT 1`),
      insertApp: db.prepare(`INSERT INTO applications (seq, id, policy_sha, policy_id, benefit, workflow, applicant_id, applicant_name,
        applicant_kind, district, project, date, issued, application, fingerprint, state, since, publicity_from, publicity_until, due,
        ceiling_fen, granted_fen, version, filed_on) VALUES (@seq, @id, @policy_sha, @policy_id, @benefit, @workflow, @applicant_id,
        @applicant_name, @applicant_kind, @district, @project, @date, @issued, @application, @fingerprint, @state, @since, NULL, NULL,
        @due, @ceiling_fen, NULL, 1, @filed_on)`),
      get: db.prepare('SELECT * FROM applications WHERE id = ?'),
      update: db.prepare(`UPDATE applications SET state = @state, since = @since, publicity_from = @publicity_from,
        publicity_until = @publicity_until, due = @due, granted_fen = @granted_fen, version = version + 1 WHERE id = @id AND version = @version`),
      lastAudit: db.prepare('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1'),
      insertAudit: db.prepare(`INSERT INTO audit (seq, application_id, on_date, recorded_at, by_person, unit, action, from_state, to_state,
        amount_fen, note, prev_hash, hash) VALUES (@seq, @application_id, @on_date, @recorded_at, @by_person, @unit, @action, @from_state,
        @to_state, @amount_fen, @note, @prev_hash, @hash)`),
      audit: db.prepare('SELECT * FROM audit WHERE application_id = ? ORDER BY seq'),
      lastLedger: db.prepare('SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1'),
      insertLedger: db.prepare(`INSERT INTO ledger (seq, application_id, policy_id, applicant_id, benefit, date, amount_fen, project, kind,
        on_date, audit_seq, prev_hash, hash) VALUES (@seq, @application_id, @policy_id, @applicant_id, @benefit, @date, @amount_fen,
        @project, @kind, @on_date, @audit_seq, @prev_hash, @hash)`),
      insertRequest: db.prepare(`INSERT INTO document_requests (application_id, kind, action, unit, reasons, amount_fen, on_date)
        VALUES (?, ?, ?, ?, ?, ?, ?)`),
      requests: db.prepare(`SELECT r.*, n.doc_number FROM document_requests r LEFT JOIN document_numbers n ON n.request_seq = r.seq
        WHERE r.application_id = ? ORDER BY r.seq`),
      docNumber: db.prepare('SELECT doc_number FROM document_numbers WHERE request_seq = ?').pluck(),
      nextNumber: db.prepare('SELECT coalesce(max(n), 0) + 1 FROM document_numbers WHERE policy_id = ? AND kind = ? AND year = ?').pluck(),
      insertNumber: db.prepare('INSERT INTO document_numbers (request_seq, policy_id, kind, year, n, doc_number) VALUES (?, ?, ?, ?, ?, ?)'),
      request: db.prepare('SELECT * FROM document_requests WHERE seq = ?'),
      rendered: db.prepare('SELECT count(*) FROM documents WHERE request_seq = ?').pluck(),
      insertDoc: db.prepare(`INSERT INTO documents (application_id, request_seq, kind, action, file_name, media_type, bytes, on_date)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
      documents: db.prepare('SELECT * FROM documents WHERE application_id = ? ORDER BY seq'),
      scanAudit: db.prepare('SELECT * FROM audit WHERE seq > ? ORDER BY seq LIMIT ?'),
      scanLedger: db.prepare('SELECT * FROM ledger WHERE seq > ? ORDER BY seq LIMIT ?'),
      addUser: db.prepare(`INSERT INTO users (name, unit, role, applicant_id, password_hash, disabled, created_at)
        VALUES (?, ?, ?, ?, ?, 0, ?) ON CONFLICT (name) DO NOTHING`),
      user: db.prepare('SELECT * FROM users WHERE name = ?'),
      users: db.prepare('SELECT * FROM users ORDER BY created_at, rowid'),
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
      return Promise.reject(mapSqliteError(e, this.location));
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

  ledger(policyId: string, applicantId: string): Promise<LedgerEntry[]> {
    return this.guard(() => (this.stmts.ledger.all(policyId, applicantId) as LedgerRow[]).map(ledgerOf));
  }

  grantedBenefits(policyId: string): Promise<string[]> {
    return this.guard(() => this.stmts.grantedBenefits.all(policyId) as string[]);
  }

  /** Append an audit row to the chain; returns its seq. */
  private appendAudit(applicationId: string, a: NewAudit): number {
    const last = this.stmts.lastAudit.get() as { seq: number; hash: string } | undefined;
    const prevHash = last?.hash ?? GENESIS;
    const fields = { seq: (last?.seq ?? 0) + 1, applicationId, recordedAt: new Date().toISOString(), ...a };
    const hash = chainHash(prevHash, encodeAudit(fields));
    this.stmts.insertAudit.run({
      seq: fields.seq,
      application_id: applicationId,
      on_date: a.on,
      recorded_at: fields.recordedAt,
      by_person: a.by,
      unit: a.unit,
      action: a.action,
      from_state: a.from,
      to_state: a.to,
      amount_fen: a.amountFen,
      note: a.note,
      prev_hash: prevHash,
      hash,
    });
    return fields.seq;
  }

  private appendLedger(row: AppRow, auditSeq: number, on: string, l: NonNullable<TransitionCommit['ledger']>): void {
    const last = this.stmts.lastLedger.get() as { seq: number; hash: string } | undefined;
    const prevHash = last?.hash ?? GENESIS;
    const fields = {
      seq: (last?.seq ?? 0) + 1,
      applicationId: row.id,
      policyId: row.policy_id,
      applicantId: row.applicant_id,
      benefit: row.benefit,
      date: on,
      amountFen: l.amountFen,
      ...(row.project !== null ? { project: row.project } : {}),
      kind: l.kind,
      auditSeq,
    };
    this.stmts.insertLedger.run({
      seq: fields.seq,
      application_id: row.id,
      policy_id: row.policy_id,
      applicant_id: row.applicant_id,
      benefit: row.benefit,
      date: on,
      amount_fen: l.amountFen,
      project: row.project,
      kind: l.kind,
      on_date: on,
      audit_seq: auditSeq,
      prev_hash: prevHash,
      hash: chainHash(prevHash, encodeLedger(fields)),
    });
  }

  private requestDocuments(id: string, docs: readonly DocumentRequest[] | undefined, on: string): void {
    for (const d of docs ?? []) {
      const seq = Number(this.stmts.insertRequest.run(id, d.kind, d.action, d.unit, JSON.stringify(d.reasons), d.amountFen, on).lastInsertRowid);
      if (d.numbering) this.allocateNumber(seq, d.numbering);
    }
  }

  /** The next number of the request's sequence (inside the write transaction: writers are serialised). */
  private allocateNumber(requestSeq: number, k: DocumentNumbering): string {
    const n = this.stmts.nextNumber.get(k.policyId, k.kind, k.year) as number;
    const text = formatDocNumber(k, n);
    this.stmts.insertNumber.run(requestSeq, k.policyId, k.kind, k.year, n, text);
    return text;
  }

  private numberInTx(requestSeq: number, k: DocumentNumbering): string {
    const have = this.stmts.docNumber.get(requestSeq) as string | undefined;
    if (have !== undefined) return have;
    if (this.stmts.request.get(requestSeq) === undefined) throw new Error(`no document request ${requestSeq}`);
    return this.allocateNumber(requestSeq, k);
  }

  numberDocument(requestSeq: number, numbering: DocumentNumbering): Promise<string> {
    return this.guard(() => this.numberTx(requestSeq, numbering));
  }

  private fileInTx(app: NewApplication, mark: number): FileResult {
    const project = app.project ?? null;
    const same = this.stmts.identical.get(app.policyId, app.benefit, app.applicant.id, project, app.fingerprint) as AppRow | undefined;
    if (same) return { outcome: 'identical', record: toRecord(same) };
    const open = this.stmts.open.get(app.policyId, app.benefit, app.applicant.id, project) as AppRow | undefined;
    if (open) return { outcome: 'open', record: toRecord(open) };
    if ((this.stmts.ledgerMark.get(app.applicant.id) as number) !== mark) throw new StoreConflict('ledger');
    const seq = this.stmts.nextSeq.get() as number;
    const id = `${app.on.slice(0, 4)}-${String(seq).padStart(6, '0')}`;
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
      project,
      date: app.date,
      issued: app.issued,
      application: JSON.stringify(app.application),
      fingerprint: app.fingerprint,
      state: app.state,
      since: app.on,
      due: app.due,
      ceiling_fen: app.ceilingFen,
      filed_on: app.on,
    });
    this.appendAudit(id, { ...app.audit, on: app.on, from: null, to: app.state });
    this.requestDocuments(id, app.documents, app.on);
    return { outcome: 'created', record: toRecord(this.stmts.get.get(id) as AppRow) };
  }

  file(app: NewApplication, expectLedgerMark: number): Promise<FileResult> {
    return this.guard(() => this.fileTx(app, expectLedgerMark));
  }

  private commitInTx(c: TransitionCommit): ApplicationRecord {
    const row = this.stmts.get.get(c.id) as AppRow | undefined;
    if (!row) throw new NotFound(c.id);
    if (row.version !== c.expectVersion || row.state !== c.audit.from) throw new StoreConflict('state', toRecord(row));
    if (c.expectLedgerMark !== undefined && (this.stmts.ledgerMark.get(row.applicant_id) as number) !== c.expectLedgerMark) {
      throw new StoreConflict('ledger', toRecord(row));
    }
    // The audit row first: the applications trigger checks the row against it.
    const auditSeq = this.appendAudit(c.id, c.audit);
    const n = c.next;
    const changed = this.stmts.update.run({
      id: c.id,
      version: c.expectVersion,
      state: n.state,
      since: n.since,
      publicity_from: n.publicity?.from ?? null,
      publicity_until: n.publicity?.until ?? null,
      due: n.due,
      granted_fen: n.grantedFen,
    });
    if (changed.changes !== 1) throw new StoreConflict('state', toRecord(row));
    if (c.ledger) this.appendLedger(row, auditSeq, c.audit.on, c.ledger);
    this.requestDocuments(c.id, c.documents, c.audit.on);
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

  list(q: ListQuery = {}): Promise<ApplicationRecord[]> {
    return this.guard(() => {
      const where: string[] = [];
      const args: (string | number)[] = [];
      const eq = (col: string, v: string | undefined) => {
        if (v === undefined) return;
        where.push(`${col} = ?`);
        args.push(v);
      };
      eq('state', q.state);
      eq('benefit', q.benefit);
      eq('policy_id', q.policyId);
      eq('applicant_id', q.applicantId);
      eq('fingerprint', q.fingerprint);
      if (q.project !== undefined) {
        where.push('project IS ?');
        args.push(q.project as string);
      }
      if (q.overdueOn !== undefined) {
        where.push('due < ?');
        args.push(q.overdueOn);
      }
      if (q.after !== undefined) {
        where.push('seq > coalesce((SELECT seq FROM applications WHERE id = ?), 0)');
        args.push(q.after);
      }
      let sql = `SELECT * FROM applications${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY seq`;
      if (q.limit !== undefined) {
        sql += ' LIMIT ?';
        args.push(q.limit);
      }
      let stmt = this.lists.get(sql);
      if (!stmt) this.lists.set(sql, (stmt = this.db.prepare(sql)));
      return (stmt.all(...args) as AppRow[]).map(toRecord);
    });
  }

  audit(id: string): Promise<AuditEntry[]> {
    return this.guard(() => (this.stmts.audit.all(id) as AuditRow[]).map(auditOf));
  }

  documentRequests(id: string): Promise<StoredDocumentRequest[]> {
    return this.guard(() => (this.stmts.requests.all(id) as RequestRow[]).map(requestOf));
  }

  documents(id: string): Promise<StoredDocument[]> {
    return this.guard(() =>
      (this.stmts.documents.all(id) as Record<string, unknown>[]).map((r) => ({
        seq: r.seq as number,
        applicationId: r.application_id as string,
        requestSeq: r.request_seq as number,
        kind: r.kind as string,
        action: r.action as string,
        fileName: r.file_name as string,
        mediaType: r.media_type as string,
        bytes: new Uint8Array(r.bytes as Buffer),
        on: r.on_date as string,
      })),
    );
  }

  private saveDocsInTx(requestSeq: number, docs: readonly NewDocument[]): void {
    const req = this.stmts.request.get(requestSeq) as { application_id: string; on_date: string } | undefined;
    if (!req || (this.stmts.rendered.get(requestSeq) as number) > 0) return;
    for (const d of docs) this.stmts.insertDoc.run(req.application_id, requestSeq, d.kind, d.action, d.fileName, d.mediaType, Buffer.from(d.bytes), req.on_date);
  }

  saveDocuments(requestSeq: number, docs: readonly NewDocument[]): Promise<void> {
    return this.guard(() => this.saveDocsTx(requestSeq, docs));
  }

  scanAudit(afterSeq: number, limit: number): Promise<AuditEntry[]> {
    return this.guard(() => (this.stmts.scanAudit.all(afterSeq, limit) as AuditRow[]).map(auditOf));
  }

  scanLedger(afterSeq: number, limit: number): Promise<LedgerEntry[]> {
    return this.guard(() => (this.stmts.scanLedger.all(afterSeq, limit) as LedgerRow[]).map(ledgerOf));
  }

  addUser(u: NewUser): Promise<boolean> {
    return this.guard(() => this.stmts.addUser.run(u.name, u.unit, u.role, u.applicantId, u.passwordHash, new Date().toISOString()).changes === 1);
  }

  user(name: string): Promise<UserRecord | undefined> {
    return this.guard(() => {
      const r = this.stmts.user.get(name) as UserRow | undefined;
      return r ? userOf(r) : undefined;
    });
  }

  users(): Promise<UserRecord[]> {
    return this.guard(() => (this.stmts.users.all() as UserRow[]).map(userOf));
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
      return r ? userOf(r) : undefined;
    });
  }

  dropToken(tokenHash: string): Promise<void> {
    return this.guard(() => {
      this.stmts.dropToken.run(tokenHash, new Date().toISOString());
    });
  }

  /** Checkpoint the WAL into the main file and close (the -wal and -shm files go away). */
  close(): Promise<void> {
    if (this.db.open) this.db.close();
    return Promise.resolve();
  }
}
