/**
 * Approval workflows (DESIGN §7): the `.pol` workflow as a state machine, applications in a store
 * (SQLite by default), the ledger of grants, the audit log, working-day deadlines and step documents.
 */
export { buildMachine, transition, allowedActions, deadline, stateLabel, ACTIONS, ACTION_ZH, RETURNED, REJECTED, DISBURSED, CLOSED } from './machine.ts';
export type { Action, Machine, StateDef, TransitionDef, Snapshot, Outcome, Refusal, DocumentKind } from './machine.ts';
export { resolveActors, roleUnits, APPLICANT_ROLE, type ActorSpec, type ApplicantRef } from './actors.ts';
export { machineForBenefit, machineOf, WorkflowError } from './define.ts';
export { act, fileApplication, prepareFiling, grantsOf, viewOf, showApplication, listApplications, canonicalApplication } from './service.ts';
export type { Acting, ActRequest, ActOptions, ActOutcome, ApplicationView, Filing, FilingOutcome, ListFilter } from './service.ts';
export { openStore, ledgerFor, storeError, DEFAULT_DB } from './open.ts';
export { StoreConflict, StoreUnusable, NotFound } from '../store/types.ts';
export type { Store, Store as WorkflowStore, ApplicationRecord, AuditEntry, LedgerEntry, StoredDocument, TransitionCommit, NewApplication, ListQuery } from '../store/types.ts';
export { noDocuments, renderDocuments, type DocumentIssuer, type StepDocumentRequest, type IssuedDocuments } from './documents.ts';
export { verifyStore, type VerifyReport } from './verify.ts';
export { drawWorkflow, type WorkflowDrawFormat } from './draw.ts';
export { addWorkdays, workdaysBetween, isWorkday, periodEnd, publicityWindow, lateness, calendarCoverage, type CalendarDate, type Limit } from './calendar.ts';
