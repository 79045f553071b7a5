/**
 * The PostgreSQL schema: the same tables and columns as SQLite's (src/store/sqlite/schema.ts, at its latest
 * version), with the same guards as triggers: audit, ledger, document requests and documents append-only
 * (no UPDATE, DELETE or TRUNCATE); an application row changes only together with a new audit row for it;
 * a ledger row needs its audit row. Versioned in the table pol_meta; MIGRATIONS[i] takes version i to i + 1.
 */

const appendOnly = (table: string) => `
CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION pol_append_only();
CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION pol_append_only();`;

export const MIGRATIONS: readonly string[] = [
  `
CREATE FUNCTION pol_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION '% is append-only (pol)', TG_TABLE_NAME; END $$;

CREATE TABLE policies (
  sha256 TEXT PRIMARY KEY,
  policy_id TEXT NOT NULL,
  title TEXT NOT NULL,
  graph TEXT NOT NULL,
  saved_at TEXT NOT NULL
);
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
  fingerprint TEXT NOT NULL,
  state TEXT NOT NULL,
  since TEXT NOT NULL,
  publicity_from TEXT,
  publicity_until TEXT,
  due TEXT,
  ceiling_fen BIGINT NOT NULL,
  granted_fen BIGINT,
  version INTEGER NOT NULL,
  filed_on TEXT NOT NULL
);
CREATE INDEX applications_state ON applications(state);
CREATE INDEX applications_key ON applications(policy_id, benefit, applicant_id, project);
CREATE INDEX applications_due ON applications(due);
CREATE INDEX applications_benefit ON applications(benefit);
CREATE TABLE audit (
  seq INTEGER PRIMARY KEY,
  application_id TEXT NOT NULL REFERENCES applications(id),
  on_date TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  by_person TEXT NOT NULL,
  unit TEXT NOT NULL,
  action TEXT NOT NULL,
  from_state TEXT,
  to_state TEXT NOT NULL,
  amount_fen BIGINT,
  note TEXT,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_application ON audit(application_id, seq);
CREATE TABLE ledger (
  seq INTEGER PRIMARY KEY,
  application_id TEXT NOT NULL REFERENCES applications(id),
  policy_id TEXT NOT NULL,
  applicant_id TEXT NOT NULL,
  benefit TEXT NOT NULL,
  date TEXT NOT NULL,
  amount_fen BIGINT NOT NULL,
  project TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('grant', 'reversal')),
  on_date TEXT NOT NULL,
  audit_seq INTEGER NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX ledger_applicant ON ledger(applicant_id, seq);
CREATE INDEX ledger_policy ON ledger(policy_id, applicant_id, seq);
CREATE TABLE document_requests (
  seq SERIAL PRIMARY KEY,
  application_id TEXT NOT NULL REFERENCES applications(id),
  kind TEXT NOT NULL,
  action TEXT NOT NULL,
  unit TEXT NOT NULL,
  reasons TEXT NOT NULL,
  amount_fen BIGINT,
  on_date TEXT NOT NULL
);
CREATE INDEX document_requests_application ON document_requests(application_id, seq);
CREATE TABLE documents (
  seq SERIAL PRIMARY KEY,
  application_id TEXT NOT NULL REFERENCES applications(id),
  request_seq INTEGER NOT NULL,
  kind TEXT NOT NULL,
  action TEXT NOT NULL,
  file_name TEXT NOT NULL,
  media_type TEXT NOT NULL,
  bytes BYTEA NOT NULL,
  on_date TEXT NOT NULL
);
CREATE INDEX documents_application ON documents(application_id, seq);
CREATE INDEX documents_request ON documents(request_seq);
${appendOnly('audit')}
${appendOnly('ledger')}
${appendOnly('document_requests')}
${appendOnly('documents')}

CREATE FUNCTION pol_applications_audited() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN RAISE EXCEPTION 'applications are never deleted (pol)'; END IF;
  IF NEW.version IS DISTINCT FROM OLD.version + 1
    OR NEW.version IS DISTINCT FROM (SELECT count(*) FROM audit WHERE application_id = NEW.id)
    OR NEW.state IS DISTINCT FROM (SELECT to_state FROM audit WHERE application_id = NEW.id ORDER BY seq DESC LIMIT 1)
    OR NEW.id IS DISTINCT FROM OLD.id OR NEW.seq IS DISTINCT FROM OLD.seq OR NEW.policy_sha IS DISTINCT FROM OLD.policy_sha
    OR NEW.policy_id IS DISTINCT FROM OLD.policy_id OR NEW.benefit IS DISTINCT FROM OLD.benefit
    OR NEW.applicant_id IS DISTINCT FROM OLD.applicant_id OR NEW.project IS DISTINCT FROM OLD.project
    OR NEW.date IS DISTINCT FROM OLD.date OR NEW.application IS DISTINCT FROM OLD.application
    OR NEW.fingerprint IS DISTINCT FROM OLD.fingerprint OR NEW.ceiling_fen IS DISTINCT FROM OLD.ceiling_fen
    OR NEW.filed_on IS DISTINCT FROM OLD.filed_on THEN
    RAISE EXCEPTION 'applications change only through audited transitions (pol)';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER applications_audited BEFORE UPDATE OR DELETE ON applications FOR EACH ROW EXECUTE FUNCTION pol_applications_audited();
CREATE TRIGGER applications_no_truncate BEFORE TRUNCATE ON applications FOR EACH STATEMENT EXECUTE FUNCTION pol_append_only();

CREATE FUNCTION pol_ledger_audited() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM audit WHERE seq = NEW.audit_seq AND application_id = NEW.application_id AND action IN ('approve', 'object')) THEN
    RAISE EXCEPTION 'a ledger row needs its audit row (pol)';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER ledger_audited BEFORE INSERT ON ledger FOR EACH ROW EXECUTE FUNCTION pol_ledger_audited();

CREATE TABLE users (
  name TEXT PRIMARY KEY,
  unit TEXT,
  role TEXT NOT NULL,
  applicant_id TEXT,
  password_hash TEXT NOT NULL,
  disabled BOOLEAN NOT NULL DEFAULT false,
  created_at TEXT NOT NULL
);
CREATE TABLE tokens (
  hash TEXT PRIMARY KEY,
  user_name TEXT NOT NULL REFERENCES users(name),
  expires_at TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX tokens_user ON tokens(user_name);
`,
  // 2: 发文字号 of the workflow's documents: a never-reused sequence per (policy, kind, year)
  `
CREATE TABLE document_numbers (
  request_seq INTEGER PRIMARY KEY REFERENCES document_requests(seq),
  policy_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  year INTEGER NOT NULL,
  n INTEGER NOT NULL CHECK (n > 0),
  doc_number TEXT NOT NULL,
  UNIQUE (policy_id, kind, year, n)
);
${appendOnly('document_numbers')}
`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;
