/**
 * What the workflow keeps, and the store interface that keeps it. The SQLite store (store.ts) is the
 * embedded default; a PostgreSQL store for several offices sharing one workflow would implement the same
 * interface (every method is async for that reason, and every write is a compare-and-set in one
 * transaction: the application's version, and the applicant's ledger mark where amounts matter).
 */
import type { Graph } from '../ir/schema.ts';
import type { CalendarDate } from './calendar.ts';

export interface ApplicantInfo {
  id: string;
  name?: string;
  kind?: string;
  district?: string;
}

/** One application going through a workflow (申请). */
export interface ApplicationRecord {
  /** 2025-000001: the application date's year and a sequence number. */
  id: string;
  policyId: string;
  /** sha256 of the .pol source: the stored rule graph the application is judged by. */
  policySha: string;
  benefit: string;
  workflow: string;
  applicant: ApplicantInfo;
  project?: string;
  /** 申报日期 (the application's `date`). */
  date: CalendarDate;
  /** Issuance date the evaluation used (--issued, or the policy's). */
  issued: string | null;
  /** The application as filed (DESIGN §5 input). */
  application: unknown;
  state: string;
  /** The day the application entered its state. */
  since: CalendarDate;
  publicity: { from: CalendarDate; until: CalendarDate } | null;
  /** The ceiling when it was filed (fen). */
  ceilingFen: number;
  /** What the approval step granted (fen), while it stands. */
  grantedFen: number | null;
  /** Bumped by every transition: the compare-and-set token. */
  version: number;
  filedOn: CalendarDate;
}

/** One line of the audit log (审计日志): append-only. */
export interface AuditEntry {
  seq: number;
  applicationId: string;
  /** The business date of the action (--at / POL_NOW / today in Asia/Shanghai). */
  on: CalendarDate;
  /** Wall-clock time it was written (ISO 8601, UTC). */
  recordedAt: string;
  /** The person (经办人, --by). */
  by: string;
  /** The unit acted as (or 申报人). */
  unit: string;
  action: string;
  from: string | null;
  to: string;
  amountFen: number | null;
  note: string | null;
}

/** One ledger line (台账): a grant, or the reversal of one when an objection is upheld. */
export interface LedgerEntry {
  seq: number;
  applicationId: string;
  applicantId: string;
  benefit: string;
  /** The application's date: grants count toward the cap of that calendar year. */
  date: CalendarDate;
  /** Positive for a grant, negative for its reversal. */
  amountFen: number;
  project?: string;
  kind: 'grant' | 'reversal';
  on: CalendarDate;
}

/** A document issued at a step, kept with the application. */
export interface StoredDocument {
  seq: number;
  applicationId: string;
  kind: string;
  /** The action that issued it. */
  action: string;
  fileName: string;
  mediaType: string;
  bytes: Uint8Array;
  on: CalendarDate;
}

export type NewDocument = Omit<StoredDocument, 'seq' | 'applicationId' | 'on'>;
export type NewAudit = Omit<AuditEntry, 'seq' | 'applicationId' | 'recordedAt'>;

export interface NewApplication {
  policySha: string;
  policyId: string;
  benefit: string;
  workflow: string;
  applicant: ApplicantInfo;
  project?: string;
  date: CalendarDate;
  issued: string | null;
  application: unknown;
  state: string;
  ceilingFen: number;
  on: CalendarDate;
  audit: Omit<NewAudit, 'from' | 'to' | 'on'>;
  documents?: NewDocument[];
}

/** One transition, written whole or not at all. */
export interface TransitionCommit {
  id: string;
  /** The version read before deciding: if it changed, the commit is refused (StoreConflict 'state'). */
  expectVersion: number;
  /** The applicant's ledger mark read before checking the ceiling: if it moved, refused (StoreConflict 'ledger'). */
  expectLedgerMark?: number;
  next: Pick<ApplicationRecord, 'state' | 'since' | 'publicity' | 'grantedFen'>;
  audit: NewAudit;
  /** A grant to enter in the ledger (positive) or reverse (negative). */
  ledger?: { amountFen: number; kind: 'grant' | 'reversal' };
  documents?: NewDocument[];
}

export interface ListFilter {
  state?: string;
  benefit?: string;
}

/** The store behind the workflow. */
export interface WorkflowStore {
  /** Where it is (a file path, a server). */
  readonly location: string;
  /** Keep the rule graph an application is judged by (keyed by its source's sha256; idempotent). */
  savePolicy(graph: Graph): Promise<void>;
  policy(sha256: string): Promise<Graph | undefined>;
  /** A number that changes whenever the applicant's ledger does. */
  ledgerMark(applicantId: string): Promise<number>;
  ledger(applicantId: string): Promise<LedgerEntry[]>;
  /** File an application with its first audit line; refused if the ledger mark moved. */
  file(app: NewApplication, expectLedgerMark: number): Promise<ApplicationRecord>;
  commit(change: TransitionCommit): Promise<ApplicationRecord>;
  get(id: string): Promise<ApplicationRecord | undefined>;
  list(filter?: ListFilter): Promise<ApplicationRecord[]>;
  audit(id: string): Promise<AuditEntry[]>;
  documents(id: string): Promise<StoredDocument[]>;
  close(): void;
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

/** The store cannot be used: not pol's, corrupt, or newer than this program. */
export class StoreUnusable extends Error {
  constructor(
    readonly why: 'notPol' | 'corrupt' | 'tooNew',
    readonly location: string,
    readonly detail: string,
    readonly version?: number,
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
