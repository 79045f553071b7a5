/**
 * The PostgreSQL store (`--db postgres://…`): the same interface and behaviour as the SQLite store, for
 * several `pol serve` processes (on several machines) sharing one workflow. Every write is one transaction
 * that first takes one advisory lock (pg_advisory_xact_lock), so writers are serialised exactly as SQLite's
 * BEGIN IMMEDIATE serialises them: the hash chains never fork, and the compare-and-set checks (version,
 * ledger mark, one open application per key) cannot race across processes. Reads take no lock.
 *
 * The `pg` driver is loaded on first use (`openPostgresStore`), never when the CLI starts.
 */
import type { Pool, PoolClient, PoolConfig } from 'pg';
import type { Graph } from '../../ir/schema.ts';
import { chainHash, encodeAudit, encodeLedger } from '../chain.ts';
import { userOf, type NewUser, type UserRecord, type UserRow } from '../identity.ts';
import { auditOf, ledgerOf, requestOf, type AppRow, type AuditRow, type LedgerRow, type RequestRow } from '../sqlite/schema.ts';
import { toRecord } from '../sqlite/index.ts';
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
import { MIGRATIONS, SCHEMA_VERSION } from './schema.ts';

/** The advisory lock every write holds: "POL1". */
const WRITE_LOCK = 0x504f4c31;

/** The URL without its password, for messages. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]*)(:[^@/]*)?@/, (_, user: string) => `//${user}@`);
}

function pgCode(e: unknown): string | undefined {
  const c = (e as { code?: unknown } | null)?.code;
  return typeof c === 'string' ? c : undefined;
}

/** A driver error as StoreUnusable (with why); our own errors unchanged. */
function mapPgError(e: unknown, where: string): unknown {
  if (e instanceof StoreUnusable || e instanceof StoreConflict || e instanceof NotFound) return e;
  const code = pgCode(e);
  const msg = (e as Error)?.message ?? String(e);
  if (code === '3D000') return new StoreUnusable('missing', where, `数据库不存在（${msg}）`);
  if (code === '53100') return new StoreUnusable('full', where, msg);
  if (code === '25006') return new StoreUnusable('readonly', where, msg);
  if (code === '28P01' || code === '28000') return new StoreUnusable('io', where, `登录被拒绝（${msg}）`);
  if (code === '55P03' || code === '57014') return new StoreUnusable('locked', where, msg);
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT' || code === 'ECONNRESET' || code?.startsWith('08')) {
    return new StoreUnusable('io', where, `无法连接（${msg}）`);
  }
  return e;
}

/** Integers come back as numbers (fen fit in a double's 53 bits; the service never stores more). */
async function poolFor(url: string, extra: PoolConfig = {}): Promise<Pool> {
  const pg = (await import('pg')).default;
  const types = {
    getTypeParser: (oid: number, format?: string) => (oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')),
  };
  return new pg.Pool({ connectionString: url, max: 10, types, ...extra } as PoolConfig);
}

/** Create the database named in the URL (connecting to the server's `postgres` database). */
async function createDatabase(url: string): Promise<void> {
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.replace(/^\//, ''));
  u.pathname = '/postgres';
  const pool = await poolFor(u.toString(), { max: 1 });
  try {
    await pool.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } catch (e) {
    if (pgCode(e) !== '42P04') throw e; // created meanwhile by another process
  } finally {
    await pool.end();
  }
}

/** Open the store at a postgres:// URL; with `create`, create the database when it does not exist. */
export async function openPostgresStore(url: string, options: OpenOptions = {}): Promise<PostgresStore> {
  const where = redact(url);
  let pool = await poolFor(url, { connectionTimeoutMillis: options.busyTimeoutMs ?? 10_000 });
  try {
    try {
      await pool.query('SELECT 1');
    } catch (e) {
      if (pgCode(e) !== '3D000' || !options.create) throw e;
      await pool.end();
      await createDatabase(url);
      pool = await poolFor(url, { connectionTimeoutMillis: options.busyTimeoutMs ?? 10_000 });
    }
    const store = new PostgresStore(pool, where);
    await store.prepare(options);
    return store;
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw mapPgError(e, where);
  }
}

export class PostgresStore implements Store {
  private readonly graphs = new Map<string, Graph>();

  constructor(
    private readonly pool: Pool,
    readonly location: string,
  ) {}

  /** pol's database (migrated to this version), an empty one (migrated), or refuse. */
  async prepare(options: OpenOptions): Promise<void> {
    const meta = await this.pool.query<{ n: string }>("SELECT count(*)::text AS n FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'pol_meta'");
    const hasMeta = meta.rows[0]!.n !== '0';
    if (!hasMeta) {
      const others = await this.pool.query<{ table_name: string }>('SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name LIMIT 6');
      if (others.rows.length > 0) throw new StoreUnusable('notPol', this.location, `这是另一程序的数据库（含表 ${others.rows.map((r) => r.table_name).join('、')}）`);
    }
    const version = hasMeta ? Number((await this.pool.query<{ value: string }>("SELECT value FROM pol_meta WHERE key = 'schema'")).rows[0]?.value ?? 0) : 0;
    if (version > SCHEMA_VERSION) throw new StoreUnusable('tooNew', this.location, `schema ${version}`, { found: version, supported: SCHEMA_VERSION });
    if (version === SCHEMA_VERSION) return;
    if (options.readonly) throw new StoreUnusable('readonly', this.location, '数据库需要升级结构，但以只读方式打开');
    await this.write(async (c) => {
      // re-read under the lock: another process may have migrated meanwhile
      await c.query("CREATE TABLE IF NOT EXISTS pol_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
      let v = Number((await c.query<{ value: string }>("SELECT value FROM pol_meta WHERE key = 'schema'")).rows[0]?.value ?? 0);
      for (; v < SCHEMA_VERSION; v++) await c.query(MIGRATIONS[v]!);
      await c.query("INSERT INTO pol_meta (key, value) VALUES ('schema', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value", [String(v)]);
    });
  }

  /** One write transaction, serialised with every other writer of this database by the advisory lock. */
  private async write<T>(f: (c: PoolClient) => Promise<T>): Promise<T> {
    let c: PoolClient | undefined;
    try {
      c = await this.pool.connect();
      await c.query('BEGIN');
      await c.query('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK]);
      const out = await f(c);
      await c.query('COMMIT');
      return out;
    } catch (e) {
      await c?.query('ROLLBACK').catch(() => undefined);
      throw mapPgError(e, this.location);
    } finally {
      c?.release();
    }
  }

  private async read<T extends object>(sql: string, args: unknown[] = []): Promise<T[]> {
    try {
      return (await this.pool.query<T>(sql, args)).rows;
    } catch (e) {
      throw mapPgError(e, this.location);
    }
  }

  async savePolicy(graph: Graph): Promise<void> {
    await this.write((c) =>
      c.query('INSERT INTO policies (sha256, policy_id, title, graph, saved_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (sha256) DO NOTHING', [
        graph.source.sha256,
        graph.policy.id,
        graph.policy.title,
        JSON.stringify(graph),
        new Date().toISOString(),
      ]),
    );
  }

  async policy(sha256: string): Promise<Graph | undefined> {
    const cached = this.graphs.get(sha256);
    if (cached) return cached;
    const [row] = await this.read<{ graph: string }>('SELECT graph FROM policies WHERE sha256 = $1', [sha256]);
    if (!row) return undefined;
    const graph = JSON.parse(row.graph) as Graph;
    this.graphs.set(sha256, graph);
    return graph;
  }

  private static async mark(c: PoolClient | Pool, applicantId: string): Promise<number> {
    return Number((await c.query<{ m: string }>('SELECT coalesce(max(seq), 0) AS m FROM ledger WHERE applicant_id = $1', [applicantId])).rows[0]!.m);
  }

  async ledgerMark(applicantId: string): Promise<number> {
    try {
      return await PostgresStore.mark(this.pool, applicantId);
    } catch (e) {
      throw mapPgError(e, this.location);
    }
  }

  async ledger(policyId: string, applicantId: string): Promise<LedgerEntry[]> {
    return (await this.read<LedgerRow>('SELECT * FROM ledger WHERE policy_id = $1 AND applicant_id = $2 ORDER BY seq', [policyId, applicantId])).map(ledgerOf);
  }

  async grantedBenefits(policyId: string): Promise<string[]> {
    return (await this.read<{ benefit: string }>('SELECT DISTINCT benefit FROM ledger WHERE policy_id = $1 ORDER BY benefit', [policyId])).map((r) => r.benefit);
  }

  private async appendAudit(c: PoolClient, applicationId: string, a: NewAudit): Promise<number> {
    const last = (await c.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1')).rows[0];
    const prevHash = last?.hash ?? GENESIS;
    const fields = { seq: (last?.seq ?? 0) + 1, applicationId, recordedAt: new Date().toISOString(), ...a };
    await c.query(
      `INSERT INTO audit (seq, application_id, on_date, recorded_at, by_person, unit, action, from_state, to_state, amount_fen, note, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [fields.seq, applicationId, a.on, fields.recordedAt, a.by, a.unit, a.action, a.from, a.to, a.amountFen, a.note, prevHash, chainHash(prevHash, encodeAudit(fields))],
    );
    return fields.seq;
  }

  private async appendLedger(c: PoolClient, row: AppRow, auditSeq: number, on: string, l: NonNullable<TransitionCommit['ledger']>): Promise<void> {
    const last = (await c.query<{ seq: number; hash: string }>('SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1')).rows[0];
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
    await c.query(
      `INSERT INTO ledger (seq, application_id, policy_id, applicant_id, benefit, date, amount_fen, project, kind, on_date, audit_seq, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [fields.seq, row.id, row.policy_id, row.applicant_id, row.benefit, on, l.amountFen, row.project, l.kind, on, auditSeq, prevHash, chainHash(prevHash, encodeLedger(fields))],
    );
  }

  private static async requestDocuments(c: PoolClient, id: string, docs: readonly DocumentRequest[] | undefined, on: string): Promise<void> {
    for (const d of docs ?? []) {
      const inserted = await c.query<{ seq: number }>(
        'INSERT INTO document_requests (application_id, kind, action, unit, reasons, amount_fen, on_date) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING seq',
        [id, d.kind, d.action, d.unit, JSON.stringify(d.reasons), d.amountFen, on],
      );
      if (d.numbering) await PostgresStore.allocateNumber(c, inserted.rows[0]!.seq, d.numbering);
    }
  }

  /** The next number of the request's sequence (under the write lock: writers are serialised). */
  private static async allocateNumber(c: PoolClient, requestSeq: number, k: DocumentNumbering): Promise<string> {
    const n = Number(
      (await c.query<{ n: string }>('SELECT (coalesce(max(n), 0) + 1)::text AS n FROM document_numbers WHERE policy_id = $1 AND kind = $2 AND year = $3', [k.policyId, k.kind, k.year])).rows[0]!.n,
    );
    const text = formatDocNumber(k, n);
    await c.query('INSERT INTO document_numbers (request_seq, policy_id, kind, year, n, doc_number) VALUES ($1, $2, $3, $4, $5, $6)', [requestSeq, k.policyId, k.kind, k.year, n, text]);
    return text;
  }

  numberDocument(requestSeq: number, numbering: DocumentNumbering): Promise<string> {
    return this.write(async (c) => {
      const have = (await c.query<{ doc_number: string }>('SELECT doc_number FROM document_numbers WHERE request_seq = $1', [requestSeq])).rows[0];
      if (have) return have.doc_number;
      if ((await c.query('SELECT 1 FROM document_requests WHERE seq = $1', [requestSeq])).rowCount === 0) throw new Error(`no document request ${requestSeq}`);
      return PostgresStore.allocateNumber(c, requestSeq, numbering);
    });
  }

  private static async row(c: PoolClient | Pool, id: string): Promise<AppRow | undefined> {
    return (await c.query<AppRow>('SELECT * FROM applications WHERE id = $1', [id])).rows[0];
  }

  file(app: NewApplication, expectLedgerMark: number): Promise<FileResult> {
    return this.write(async (c) => {
      const project = app.project ?? null;
      const key = [app.policyId, app.benefit, app.applicant.id, project];
      const same = (
        await c.query<AppRow>('SELECT * FROM applications WHERE policy_id = $1 AND benefit = $2 AND applicant_id = $3 AND project IS NOT DISTINCT FROM $4 AND fingerprint = $5 ORDER BY seq DESC LIMIT 1', [
          ...key,
          app.fingerprint,
        ])
      ).rows[0];
      if (same) return { outcome: 'identical', record: toRecord(same) };
      const open = (
        await c.query<AppRow>(
          'SELECT * FROM applications WHERE policy_id = $1 AND benefit = $2 AND applicant_id = $3 AND project IS NOT DISTINCT FROM $4 AND NOT (state = ANY($5)) ORDER BY seq DESC LIMIT 1',
          [...key, CLOSED_STATES],
        )
      ).rows[0];
      if (open) return { outcome: 'open', record: toRecord(open) };
      if ((await PostgresStore.mark(c, app.applicant.id)) !== expectLedgerMark) throw new StoreConflict('ledger');
      const seq = Number((await c.query<{ s: number }>('SELECT coalesce(max(seq), 0) + 1 AS s FROM applications')).rows[0]!.s);
      const id = `${app.on.slice(0, 4)}-${String(seq).padStart(6, '0')}`;
      await c.query(
        `INSERT INTO applications (seq, id, policy_sha, policy_id, benefit, workflow, applicant_id, applicant_name, applicant_kind, district, project,
          date, issued, application, fingerprint, state, since, publicity_from, publicity_until, due, ceiling_fen, granted_fen, version, filed_on)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, NULL, NULL, $18, $19, NULL, 1, $17)`,
        [
          seq,
          id,
          app.policySha,
          app.policyId,
          app.benefit,
          app.workflow,
          app.applicant.id,
          app.applicant.name ?? null,
          app.applicant.kind ?? null,
          app.applicant.district ?? null,
          project,
          app.date,
          app.issued,
          JSON.stringify(app.application),
          app.fingerprint,
          app.state,
          app.on,
          app.due,
          app.ceilingFen,
        ],
      );
      await this.appendAudit(c, id, { ...app.audit, on: app.on, from: null, to: app.state });
      await PostgresStore.requestDocuments(c, id, app.documents, app.on);
      return { outcome: 'created', record: toRecord((await PostgresStore.row(c, id))!) };
    });
  }

  commit(ch: TransitionCommit): Promise<ApplicationRecord> {
    return this.write(async (c) => {
      const row = await PostgresStore.row(c, ch.id);
      if (!row) throw new NotFound(ch.id);
      if (row.version !== ch.expectVersion || row.state !== ch.audit.from) throw new StoreConflict('state', toRecord(row));
      if (ch.expectLedgerMark !== undefined && (await PostgresStore.mark(c, row.applicant_id)) !== ch.expectLedgerMark) throw new StoreConflict('ledger', toRecord(row));
      const auditSeq = await this.appendAudit(c, ch.id, ch.audit);
      const n = ch.next;
      const changed = await c.query(
        `UPDATE applications SET state = $1, since = $2, publicity_from = $3, publicity_until = $4, due = $5, granted_fen = $6, version = version + 1
         WHERE id = $7 AND version = $8`,
        [n.state, n.since, n.publicity?.from ?? null, n.publicity?.until ?? null, n.due, n.grantedFen, ch.id, ch.expectVersion],
      );
      if (changed.rowCount !== 1) throw new StoreConflict('state', toRecord(row));
      if (ch.ledger) await this.appendLedger(c, row, auditSeq, ch.audit.on, ch.ledger);
      await PostgresStore.requestDocuments(c, ch.id, ch.documents, ch.audit.on);
      return toRecord((await PostgresStore.row(c, ch.id))!);
    });
  }

  async get(id: string): Promise<ApplicationRecord | undefined> {
    const [r] = await this.read<AppRow>('SELECT * FROM applications WHERE id = $1', [id]);
    return r ? toRecord(r) : undefined;
  }

  async list(q: ListQuery = {}): Promise<ApplicationRecord[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    const add = (cond: (p: string) => string, v: unknown) => {
      args.push(v);
      where.push(cond(`$${args.length}`));
    };
    if (q.state !== undefined) add((p) => `state = ${p}`, q.state);
    if (q.benefit !== undefined) add((p) => `benefit = ${p}`, q.benefit);
    if (q.policyId !== undefined) add((p) => `policy_id = ${p}`, q.policyId);
    if (q.applicantId !== undefined) add((p) => `applicant_id = ${p}`, q.applicantId);
    if (q.fingerprint !== undefined) add((p) => `fingerprint = ${p}`, q.fingerprint);
    if (q.project !== undefined) add((p) => `project IS NOT DISTINCT FROM ${p}`, q.project);
    if (q.overdueOn !== undefined) add((p) => `due < ${p}`, q.overdueOn);
    if (q.after !== undefined) add((p) => `seq > coalesce((SELECT seq FROM applications WHERE id = ${p}), 0)`, q.after);
    let sql = `SELECT * FROM applications${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY seq`;
    if (q.limit !== undefined) {
      args.push(q.limit);
      sql += ` LIMIT $${args.length}`;
    }
    return (await this.read<AppRow>(sql, args)).map(toRecord);
  }

  async audit(id: string): Promise<AuditEntry[]> {
    return (await this.read<AuditRow>('SELECT * FROM audit WHERE application_id = $1 ORDER BY seq', [id])).map(auditOf);
  }

  async documentRequests(id: string): Promise<StoredDocumentRequest[]> {
    return (
      await this.read<RequestRow>(
        'SELECT r.*, n.doc_number FROM document_requests r LEFT JOIN document_numbers n ON n.request_seq = r.seq WHERE r.application_id = $1 ORDER BY r.seq',
        [id],
      )
    ).map(requestOf);
  }

  async documents(id: string): Promise<StoredDocument[]> {
    return (await this.read<Record<string, unknown>>('SELECT * FROM documents WHERE application_id = $1 ORDER BY seq', [id])).map((r) => ({
      seq: r.seq as number,
      applicationId: r.application_id as string,
      requestSeq: r.request_seq as number,
      kind: r.kind as string,
      action: r.action as string,
      fileName: r.file_name as string,
      mediaType: r.media_type as string,
      bytes: new Uint8Array(r.bytes as Buffer),
      on: r.on_date as string,
    }));
  }

  async saveDocuments(requestSeq: number, docs: readonly NewDocument[]): Promise<void> {
    await this.write(async (c) => {
      const req = (await c.query<{ application_id: string; on_date: string }>('SELECT application_id, on_date FROM document_requests WHERE seq = $1', [requestSeq])).rows[0];
      const done = Number((await c.query<{ n: string }>('SELECT count(*) AS n FROM documents WHERE request_seq = $1', [requestSeq])).rows[0]!.n);
      if (!req || done > 0) return;
      for (const d of docs) {
        await c.query('INSERT INTO documents (application_id, request_seq, kind, action, file_name, media_type, bytes, on_date) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
          req.application_id,
          requestSeq,
          d.kind,
          d.action,
          d.fileName,
          d.mediaType,
          Buffer.from(d.bytes),
          req.on_date,
        ]);
      }
    });
  }

  async scanAudit(afterSeq: number, limit: number): Promise<AuditEntry[]> {
    return (await this.read<AuditRow>('SELECT * FROM audit WHERE seq > $1 ORDER BY seq LIMIT $2', [afterSeq, limit])).map(auditOf);
  }

  async scanLedger(afterSeq: number, limit: number): Promise<LedgerEntry[]> {
    return (await this.read<LedgerRow>('SELECT * FROM ledger WHERE seq > $1 ORDER BY seq LIMIT $2', [afterSeq, limit])).map(ledgerOf);
  }

  async addUser(u: NewUser): Promise<boolean> {
    const r = await this.write((c) =>
      c.query('INSERT INTO users (name, unit, role, applicant_id, password_hash, disabled, created_at) VALUES ($1, $2, $3, $4, $5, false, $6) ON CONFLICT (name) DO NOTHING', [
        u.name,
        u.unit,
        u.role,
        u.applicantId,
        u.passwordHash,
        new Date().toISOString(),
      ]),
    );
    return r.rowCount === 1;
  }

  async user(name: string): Promise<UserRecord | undefined> {
    const [r] = await this.read<UserRow>('SELECT * FROM users WHERE name = $1', [name]);
    return r ? userOf(r) : undefined;
  }

  /** In the order they were added (created_at, then name for users added in the same instant). */
  async users(): Promise<UserRecord[]> {
    return (await this.read<UserRow>('SELECT * FROM users ORDER BY created_at, name')).map(userOf);
  }

  private endSessions(name: string, sql: string, args: unknown[]): Promise<boolean> {
    return this.write(async (c) => {
      if ((await c.query(sql, args)).rowCount !== 1) return false;
      await c.query('DELETE FROM tokens WHERE user_name = $1', [name]);
      return true;
    });
  }

  setPassword(name: string, passwordHash: string): Promise<boolean> {
    return this.endSessions(name, 'UPDATE users SET password_hash = $1 WHERE name = $2', [passwordHash, name]);
  }

  disableUser(name: string): Promise<boolean> {
    return this.endSessions(name, 'UPDATE users SET disabled = true WHERE name = $1', [name]);
  }

  async addToken(tokenHash: string, user: string, expiresAt: string): Promise<void> {
    // tokens are not part of the chains: no need to wait for the write lock
    await this.read('INSERT INTO tokens (hash, user_name, expires_at, created_at) VALUES ($1, $2, $3, $4)', [tokenHash, user, expiresAt, new Date().toISOString()]);
  }

  async tokenUser(tokenHash: string, now: string): Promise<UserRecord | undefined> {
    const [r] = await this.read<UserRow>('SELECT u.* FROM tokens t JOIN users u ON u.name = t.user_name WHERE t.hash = $1 AND t.expires_at > $2 AND NOT u.disabled', [tokenHash, now]);
    return r ? userOf(r) : undefined;
  }

  async dropToken(tokenHash: string): Promise<void> {
    await this.read('DELETE FROM tokens WHERE hash = $1 OR expires_at <= $2', [tokenHash, new Date().toISOString()]);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
