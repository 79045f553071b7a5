/**
 * The SQLite schema, versioned by `PRAGMA user_version`: MIGRATIONS[i] takes a database from version i to
 * i + 1, in one transaction. Never edit a released migration; add one.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { chainHash, encodeAudit, encodeLedger, fingerprintOf } from '../chain.ts';
import { GENESIS } from '../types.ts';

/** "POL1" as a 32-bit integer, written in the database header (PRAGMA application_id). */
export const POL_APPLICATION_ID = 0x504f4c31;

const appendOnly = (table: string) => `
CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table} BEGIN SELECT RAISE(ABORT, '${table} is append-only (pol)'); END;
CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table} BEGIN SELECT RAISE(ABORT, '${table} is append-only (pol)'); END;`;

const dropAppendOnly = (table: string) => `DROP TRIGGER IF EXISTS ${table}_no_update; DROP TRIGGER IF EXISTS ${table}_no_delete;`;

/**
 * An application row changes only with a new audit row for it: its version one more, equal to the number of
 * its audit rows, its state that row's `to`; what was filed never changes; rows are never deleted.
 */
const applicationGuards = `
CREATE TRIGGER applications_audited BEFORE UPDATE ON applications
WHEN NEW.version IS NOT OLD.version + 1
  OR NEW.version IS NOT (SELECT count(*) FROM audit WHERE application_id = NEW.id)
  OR NEW.state IS NOT (SELECT to_state FROM audit WHERE application_id = NEW.id ORDER BY seq DESC LIMIT 1)
  OR NEW.id IS NOT OLD.id OR NEW.seq IS NOT OLD.seq OR NEW.policy_sha IS NOT OLD.policy_sha OR NEW.policy_id IS NOT OLD.policy_id
  OR NEW.benefit IS NOT OLD.benefit OR NEW.applicant_id IS NOT OLD.applicant_id OR NEW.project IS NOT OLD.project
  OR NEW.date IS NOT OLD.date OR NEW.application IS NOT OLD.application OR NEW.fingerprint IS NOT OLD.fingerprint
  OR NEW.ceiling_fen IS NOT OLD.ceiling_fen OR NEW.filed_on IS NOT OLD.filed_on
BEGIN SELECT RAISE(ABORT, 'applications change only through audited transitions (pol)'); END;
CREATE TRIGGER applications_no_delete BEFORE DELETE ON applications BEGIN SELECT RAISE(ABORT, 'applications are never deleted (pol)'); END;
CREATE TRIGGER ledger_audited BEFORE INSERT ON ledger
WHEN NOT EXISTS (SELECT 1 FROM audit WHERE seq = NEW.audit_seq AND application_id = NEW.application_id AND action IN ('approve', 'object'))
BEGIN SELECT RAISE(ABORT, 'a ledger row needs its audit row (pol)'); END;`;

type Migration = string | ((db: BetterSqlite3.Database) => void);

/** Version 3: hash chains, fingerprints, deadlines, ledger by (policy, benefit) and approval date, lazy documents. */
function integrity(db: BetterSqlite3.Database): void {
  db.exec(`
${dropAppendOnly('audit')}
${dropAppendOnly('ledger')}
ALTER TABLE applications ADD COLUMN fingerprint TEXT NOT NULL DEFAULT '';
ALTER TABLE applications ADD COLUMN due TEXT;
ALTER TABLE audit ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN hash TEXT NOT NULL DEFAULT '';
ALTER TABLE ledger ADD COLUMN policy_id TEXT NOT NULL DEFAULT '';
ALTER TABLE ledger ADD COLUMN audit_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ledger ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE ledger ADD COLUMN hash TEXT NOT NULL DEFAULT '';
UPDATE ledger SET policy_id = (SELECT policy_id FROM applications a WHERE a.id = ledger.application_id), date = on_date;
UPDATE ledger SET audit_seq = coalesce((SELECT max(seq) FROM audit WHERE audit.application_id = ledger.application_id
  AND audit.on_date = ledger.on_date AND audit.action IN ('approve', 'object')), 0);
CREATE TABLE document_requests (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  application_id TEXT NOT NULL REFERENCES applications(id),
  kind TEXT NOT NULL,
  action TEXT NOT NULL,
  unit TEXT NOT NULL,
  reasons TEXT NOT NULL,
  amount_fen INTEGER,
  on_date TEXT NOT NULL
) STRICT;
CREATE INDEX document_requests_application ON document_requests(application_id, seq);
${appendOnly('document_requests')}
ALTER TABLE documents ADD COLUMN request_seq INTEGER NOT NULL DEFAULT 0;
CREATE INDEX documents_request ON documents(request_seq);
CREATE INDEX applications_key ON applications(policy_id, benefit, applicant_id, project);
CREATE INDEX applications_due ON applications(due);
CREATE INDEX applications_benefit ON applications(benefit);
CREATE INDEX ledger_policy ON ledger(policy_id, applicant_id, seq);
`);
  const setFp = db.prepare('UPDATE applications SET fingerprint = ? WHERE seq = ?');
  for (const r of db.prepare('SELECT seq, application FROM applications').all() as { seq: number; application: string }[]) {
    setFp.run(fingerprintOf(JSON.parse(r.application)), r.seq);
  }
  let prev = GENESIS;
  const setAudit = db.prepare('UPDATE audit SET prev_hash = ?, hash = ? WHERE seq = ?');
  for (const r of db.prepare('SELECT * FROM audit ORDER BY seq').all() as AuditRow[]) {
    const hash = chainHash(prev, encodeAudit(auditOf({ ...r, prev_hash: prev, hash: '' })));
    setAudit.run(prev, hash, r.seq);
    prev = hash;
  }
  prev = GENESIS;
  const setLedger = db.prepare('UPDATE ledger SET prev_hash = ?, hash = ? WHERE seq = ?');
  for (const r of db.prepare('SELECT * FROM ledger ORDER BY seq').all() as LedgerRow[]) {
    const hash = chainHash(prev, encodeLedger(ledgerOf({ ...r, prev_hash: prev, hash: '' })));
    setLedger.run(prev, hash, r.seq);
    prev = hash;
  }
  db.exec(`${appendOnly('audit')}\n${appendOnly('ledger')}\n${applicationGuards}`);
}

/** Migrations, in order. */
export const MIGRATIONS: readonly Migration[] = [
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
  // 3: integrity (DESIGN §7)
  integrity,
  // 4: users of \`pol serve\` and their login tokens (only the tokens' sha256)
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
  // 5: 发文字号 of the workflow's documents: a never-reused sequence per (policy, kind, year)
  `
CREATE TABLE document_numbers (
  request_seq INTEGER PRIMARY KEY REFERENCES document_requests(seq),
  policy_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  year INTEGER NOT NULL,
  n INTEGER NOT NULL CHECK (n > 0),
  doc_number TEXT NOT NULL,
  UNIQUE (policy_id, kind, year, n)
) STRICT;
${appendOnly('document_numbers')}
`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export interface AppRow {
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
  fingerprint: string;
  state: string;
  since: string;
  publicity_from: string | null;
  publicity_until: string | null;
  due: string | null;
  ceiling_fen: number;
  granted_fen: number | null;
  version: number;
  filed_on: string;
}

export interface AuditRow {
  seq: number;
  application_id: string;
  on_date: string;
  recorded_at: string;
  by_person: string;
  unit: string;
  action: string;
  from_state: string | null;
  to_state: string;
  amount_fen: number | null;
  note: string | null;
  prev_hash: string;
  hash: string;
}

export interface LedgerRow {
  seq: number;
  application_id: string;
  policy_id: string;
  applicant_id: string;
  benefit: string;
  date: string;
  amount_fen: number;
  project: string | null;
  kind: 'grant' | 'reversal';
  on_date: string;
  audit_seq: number;
  prev_hash: string;
  hash: string;
}

export function auditOf(r: AuditRow) {
  return {
    seq: r.seq,
    applicationId: r.application_id,
    on: r.on_date,
    recordedAt: r.recorded_at,
    by: r.by_person,
    unit: r.unit,
    action: r.action,
    from: r.from_state,
    to: r.to_state,
    amountFen: r.amount_fen,
    note: r.note,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

export function ledgerOf(r: LedgerRow) {
  return {
    seq: r.seq,
    applicationId: r.application_id,
    policyId: r.policy_id,
    applicantId: r.applicant_id,
    benefit: r.benefit,
    date: r.date,
    amountFen: r.amount_fen,
    ...(r.project !== null ? { project: r.project } : {}),
    kind: r.kind,
    auditSeq: r.audit_seq,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

export interface RequestRow {
  seq: number;
  application_id: string;
  kind: string;
  action: string;
  unit: string;
  reasons: string;
  amount_fen: number | null;
  on_date: string;
  doc_number: string | null;
}

/** A document_requests row joined with its number (SQLite or PostgreSQL). */
export function requestOf(r: RequestRow) {
  return {
    seq: r.seq,
    applicationId: r.application_id,
    kind: r.kind,
    action: r.action,
    unit: r.unit,
    reasons: JSON.parse(r.reasons) as string[],
    amountFen: r.amount_fen,
    on: r.on_date,
    docNumber: r.doc_number ?? null,
  };
}
