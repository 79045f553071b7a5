/**
 * The store interface of the approval workflow: what is kept, and the contract every store (SQLite, the
 * embedded default; PostgreSQL for several offices) fulfils. All SQL lives in the stores (src/store/sqlite/,
 * src/store/postgres/); the integrity rules of DESIGN §7 (canonical applicant ids, dates, four eyes,
 * successors of renamed benefits …) live in the service layer above (src/workflow/service.ts), so that a new
 * store only has to provide:
 *
 * - transactions: every write method is one transaction, all or nothing;
 * - compare-and-set: `commit` is refused (StoreConflict 'state') when the application's version moved, and
 *   (StoreConflict 'ledger') when the applicant's ledger mark moved since it was read;
 * - at most one open application per {@link ApplicationKey} (`file` returns the existing one instead);
 * - the hash chains: each audit and ledger row carries `hash = chainHash(prevHash, encodeAudit|encodeLedger(row))`
 *   (src/store/chain.ts), `prevHash` being the previous row's hash in `seq` order ({@link GENESIS} for the first);
 * - guards in the database itself where it has them (SQLite and PostgreSQL triggers): audit, ledger and
 *   documents are append-only, and an application row changes only together with a new audit row for it
 *   (its `state` equal to that row's `to`, its `version` one more);
 * - errors as {@link StoreUnusable} (with `why`) for files/servers that cannot be used, never raw driver errors.
 *
 * Every method is async so that a networked store fits the same interface.
 */
import type { CalendarDate } from '../calendar/dates.ts';
import type { Graph } from '../ir/schema.ts';
import type { IdentityStore } from './identity.ts';

/** The hash before the first row of a chain (64 zeros). */
export const GENESIS = '0'.repeat(64);

/** States in which an application is no longer open (another may be filed for the same key). */
export const CLOSED_STATES: readonly string[] = ['rejected', 'disbursed', 'closed'];

export interface ApplicantInfo {
  /** Canonical id: for an enterprise its 统一社会信用代码 (NFKC, no spaces, upper case). */
  id: string;
  name?: string;
  kind?: string;
  district?: string;
}

/** What identifies "the same application": at most one open application per key. */
export interface ApplicationKey {
  policyId: string;
  benefit: string;
  /** Canonical applicant id. */
  applicantId: string;
  /** The project, or null when the application names none. */
  project: string | null;
}

/** One application going through a workflow (申请). */
export interface ApplicationRecord {
  /** 2025-000001: the filing year and a sequence number. */
  id: string;
  policyId: string;
  /** sha256 of the .pol source: the stored rule graph the application is judged by. */
  policySha: string;
  benefit: string;
  workflow: string;
  applicant: ApplicantInfo;
  project?: string;
  /** 申报日期 (the application's `date`; never after `filedOn`). */
  date: CalendarDate;
  /** Issuance date the evaluation used (--issued, or the policy's). */
  issued: string | null;
  /** The application as filed (DESIGN §5 input, applicant id canonical). */
  application: unknown;
  /** sha256 of the canonical application: the identical application filed again has the same one. */
  fingerprint: string;
  state: string;
  /** The day the application entered its state. */
  since: CalendarDate;
  publicity: { from: CalendarDate; until: CalendarDate } | null;
  /** The deadline of the step it waits at (null when the step has none): `overdueOn` filters on it. */
  due: CalendarDate | null;
  /** The ceiling when it was filed (fen). */
  ceilingFen: number;
  /** What the approval step granted (fen), while it stands. */
  grantedFen: number | null;
  /** Bumped by every transition (1 when filed): the compare-and-set token; equals the number of audit rows. */
  version: number;
  filedOn: CalendarDate;
}

/** One line of the audit log (审计日志): append-only, hash-chained over the whole log. */
export interface AuditEntry {
  seq: number;
  applicationId: string;
  /** The business date of the action (--at / POL_NOW / today in Asia/Shanghai). */
  on: CalendarDate;
  /** Wall-clock time it was written (ISO 8601, UTC). */
  recordedAt: string;
  /** The person (经办人). */
  by: string;
  /** The unit acted as (or 申报人). */
  unit: string;
  /** apply, accept, approve … */
  action: string;
  from: string | null;
  to: string;
  amountFen: number | null;
  note: string | null;
  /** The previous row's hash (GENESIS for the first row). */
  prevHash: string;
  /** chainHash(prevHash, encodeAudit(this row)). */
  hash: string;
}

/** One ledger line (台账): a grant, or the reversal of one when an objection is upheld. Hash-chained. */
export interface LedgerEntry {
  seq: number;
  applicationId: string;
  /** Grants count against (policy id, benefit id), across versions of the policy. */
  policyId: string;
  applicantId: string;
  benefit: string;
  /** The approval date (the audit row's `on`): annual caps count grants in this date's year. */
  date: CalendarDate;
  /** Positive for a grant, negative for its reversal. */
  amountFen: number;
  project?: string;
  kind: 'grant' | 'reversal';
  /** The audit row that made this entry. */
  auditSeq: number;
  prevHash: string;
  hash: string;
}

/**
 * How a document is numbered (发文字号): the next N of its own never-reused sequence per (policy id, kind, year),
 * allocated in the transaction that records the request, printed as `${prefix}〔${year}〕${N}号`.
 */
export interface DocumentNumbering {
  policyId: string;
  /** The document's kind as printed (受理通知书, 不予支持通知书, 公示, 奖励证书, 资金扶持确认书). */
  kind: string;
  /** The calendar year of the step's date. */
  year: number;
  /** 机关代字 and the kind's mark, e.g. 穗商务受. */
  prefix: string;
}

/** The printed 发文字号 of the Nth document of a sequence: 穗商务受〔2026〕3号. */
export function formatDocNumber(n: DocumentNumbering, seq: number): string {
  return `${n.prefix}〔${n.year}〕${seq}号`;
}

/** A document a step issues, recorded with the transition and rendered on first request (see wf docs). */
export interface DocumentRequest {
  /** 受理通知书, 不予支持通知书, 公示, 奖励证书. */
  kind: string;
  /** The action that issued it. */
  action: string;
  /** The unit that acted (the document's issuing unit). */
  unit: string;
  /** Why (a rejection's note and the evaluation's reasons). */
  reasons: string[];
  /** The amount granted or proposed (fen). */
  amountFen: number | null;
  /** Number it in the same transaction (every workflow document carries a 发文字号). */
  numbering?: DocumentNumbering;
}

export interface StoredDocumentRequest extends Omit<DocumentRequest, 'numbering'> {
  seq: number;
  applicationId: string;
  on: CalendarDate;
  /** Its 发文字号 (null for a request recorded before documents were numbered, until `numberDocument`). */
  docNumber: string | null;
}

/** A rendered document, kept with the application. */
export interface StoredDocument {
  seq: number;
  applicationId: string;
  /** The request it renders. */
  requestSeq: number;
  kind: string;
  action: string;
  fileName: string;
  mediaType: string;
  bytes: Uint8Array;
  on: CalendarDate;
}

export type NewDocument = Pick<StoredDocument, 'kind' | 'action' | 'fileName' | 'mediaType' | 'bytes'>;
export type NewAudit = Pick<AuditEntry, 'on' | 'by' | 'unit' | 'action' | 'from' | 'to' | 'amountFen' | 'note'>;

/** An application to file: what the record holds when filed, and its first audit row. */
export interface NewApplication
  extends Pick<ApplicationRecord, 'policySha' | 'policyId' | 'benefit' | 'workflow' | 'applicant' | 'project' | 'date' | 'issued' | 'application' | 'fingerprint' | 'state' | 'due' | 'ceilingFen'> {
  /** The filing date (becomes filedOn and since; the id's year). */
  on: CalendarDate;
  audit: Pick<NewAudit, 'by' | 'unit' | 'action' | 'amountFen' | 'note'>;
  documents?: DocumentRequest[];
}

/**
 * What `file` did: `created` a new application; found the `identical` one (same key and fingerprint, in any
 * state: nothing written); or found another `open` application for the same key (nothing written).
 */
export interface FileResult {
  outcome: 'created' | 'identical' | 'open';
  record: ApplicationRecord;
}

/** One transition, written whole or not at all. */
export interface TransitionCommit {
  id: string;
  /** The version read before deciding: if it changed, the commit is refused (StoreConflict 'state'). */
  expectVersion: number;
  /** The applicant's ledger mark read before checking the ceiling: if it moved, refused (StoreConflict 'ledger'). */
  expectLedgerMark?: number;
  next: Pick<ApplicationRecord, 'state' | 'since' | 'publicity' | 'grantedFen' | 'due'>;
  audit: NewAudit;
  /** A grant to enter in the ledger (positive) or reverse (negative), dated audit.on. */
  ledger?: { amountFen: number; kind: 'grant' | 'reversal' };
  documents?: DocumentRequest[];
}

/** A page of applications, in filing order (seq). Every filter is applied by the store (SQL). */
export interface ListQuery {
  state?: string;
  benefit?: string;
  policyId?: string;
  applicantId?: string;
  /** Only this project (null: those naming none). */
  project?: string | null;
  /** Only those with this fingerprint (the identical application). */
  fingerprint?: string;
  /** Only those whose `due` is before this date (overdue on it). */
  overdueOn?: CalendarDate;
  /** Only those filed after this application id (the cursor of the previous page). */
  after?: string;
  /** At most this many (default: all). */
  limit?: number;
}

/** How to open a store. */
export interface OpenOptions {
  /** Create the database when it does not exist (only wf apply, wf init, users add). Default false. */
  create?: boolean;
  readonly?: boolean;
  /** How long a writer waits for another's transaction, in ms (default 10 000). */
  busyTimeoutMs?: number;
}

/** The store behind the workflow, and the users and login tokens of `pol serve` (identity.ts). */
export interface Store extends IdentityStore {
  /** Where it is (a file path, a server URL without password). */
  readonly location: string;
  /** Keep the rule graph an application is judged by (keyed by its source's sha256; idempotent). */
  savePolicy(graph: Graph): Promise<void>;
  policy(sha256: string): Promise<Graph | undefined>;
  /** A number that changes whenever the applicant's ledger (any policy) does. */
  ledgerMark(applicantId: string): Promise<number>;
  /** The applicant's ledger entries under one policy id (all versions), in seq order. */
  ledger(policyId: string, applicantId: string): Promise<LedgerEntry[]>;
  /** The benefit ids of a policy that have ledger entries (any applicant). */
  grantedBenefits(policyId: string): Promise<string[]>;
  /**
   * File an application with its first audit row (and document requests), unless the identical application
   * or another open one with the same key exists ({@link FileResult}). Refused with StoreConflict 'ledger'
   * when the applicant's ledger mark is no longer `expectLedgerMark`.
   */
  file(app: NewApplication, expectLedgerMark: number): Promise<FileResult>;
  /** One transition: the application row, its audit row, a ledger row, document requests. */
  commit(change: TransitionCommit): Promise<ApplicationRecord>;
  get(id: string): Promise<ApplicationRecord | undefined>;
  list(query?: ListQuery): Promise<ApplicationRecord[]>;
  audit(id: string): Promise<AuditEntry[]>;
  documentRequests(id: string): Promise<StoredDocumentRequest[]>;
  documents(id: string): Promise<StoredDocument[]>;
  /**
   * The 发文字号 of a request, allocated now (one transaction) if it has none: for requests recorded before
   * documents were numbered. A request that has one keeps it.
   */
  numberDocument(requestSeq: number, numbering: DocumentNumbering): Promise<string>;
  /** Keep the rendered files of a request (idempotent: a request already rendered keeps its first files). */
  saveDocuments(requestSeq: number, docs: readonly NewDocument[]): Promise<void>;
  /** The whole audit log in seq order, a page at a time (for verification). */
  scanAudit(afterSeq: number, limit: number): Promise<AuditEntry[]>;
  /** The whole ledger in seq order, a page at a time (for verification). */
  scanLedger(afterSeq: number, limit: number): Promise<LedgerEntry[]>;
  close(): Promise<void>;
}

/** A compare-and-set that lost: someone else changed the application (or the applicant's ledger) first. */
export class StoreConflict extends Error {
  constructor(
    readonly what: 'state' | 'ledger',
    readonly current?: ApplicationRecord,
  ) {
    super(what === 'state' ? 'the application changed' : "the applicant's ledger changed");
  }
}

/**
 * The store cannot be used, or cannot take this write: not pol's, corrupt, newer than this program,
 * missing (and not to be created), read-only, full disk, locked past the busy timeout, another I/O error.
 */
export class StoreUnusable extends Error {
  constructor(
    readonly why: 'notPol' | 'corrupt' | 'tooNew' | 'missing' | 'readonly' | 'full' | 'locked' | 'io',
    readonly location: string,
    readonly detail: string,
    /** tooNew: the database's schema version and the newest this program knows. */
    readonly version?: { found: number; supported: number },
  ) {
    super(`${location}: ${detail}`);
  }
}

/** An application id that does not exist. */
export class NotFound extends Error {
  constructor(readonly id: string) {
    super(`no application ${id}`);
  }
}
