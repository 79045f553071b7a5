/**
 * The workflow as the CLI and library use it: file an application (evaluated first), act on it (the
 * machine decides, the store commits), and read where applications stand. Everything here works through
 * the WorkflowStore interface; the rule graph an application is judged by is kept in the store with it.
 */
import * as fs from 'node:fs';
import { formatMessage } from '../diagnostics/catalog.ts';
import { machineForBenefit, machineOf, WorkflowError } from './define.ts';
import { evaluate, validateApplication, type Application, type EvalResult, type GrantRecord, type InputError } from '../eval/index.ts';
import type { Graph } from '../ir/schema.ts';
import { findUnit, isApplicant, resolveActors, roleText, APPLICANT_ROLE } from './actors.ts';
import { calendarCoverage, dayNumber, isCovered, lateness, type CalendarDate, type Limit } from './calendar.ts';
import { defaultDocuments, type DocumentIssuer } from './documents.ts';
import { ACTION_ZH, allowedActions, deadline, isFinal, stateLabel, transition, transitionsFrom, type Action, type Machine, type Snapshot, type TransitionDef } from './machine.ts';
import { yuanText } from './money.ts';
import { NotFound, StoreConflict, type ApplicationRecord, type LedgerEntry, type NewDocument, type WorkflowStore } from './records.ts';

/** The business date and the person acting. */
export interface Acting {
  today: CalendarDate;
  /** 经办人 (the person), written to the audit log. */
  by: string;
}

/** The ledger as grants the evaluator reads: one per application whose grant stands (net of reversals). */
export function grantsOf(entries: readonly LedgerEntry[], exceptApplication?: string): GrantRecord[] {
  const net = new Map<string, { e: LedgerEntry; fen: number }>();
  for (const e of entries) {
    if (e.applicationId === exceptApplication) continue;
    const cur = net.get(e.applicationId);
    if (cur) cur.fen += e.amountFen;
    else net.set(e.applicationId, { e, fen: e.amountFen });
  }
  const out: GrantRecord[] = [];
  for (const { e, fen } of net.values()) {
    if (fen > 0) out.push({ benefit: e.benefit, date: e.date, grantedFen: fen, applicantId: e.applicantId, ...(e.project !== undefined ? { project: e.project } : {}) });
  }
  return out;
}

function issuedOf(graph: Graph, issued: string | undefined): string | undefined {
  return issued ?? graph.policy.issued ?? undefined;
}

/** Evaluate one benefit for an application against the applicant's ledger. */
function evaluateBenefit(graph: Graph, app: Application, benefitId: string, issued: string | null, grants: GrantRecord[]): EvalResult {
  const out = evaluate(graph, app, { ...(issued ? { issued } : {}), ledger: grants });
  const bad = out.diagnostics.filter((d) => d.severity === 'error');
  if (bad.length > 0) throw new WorkflowError('POL5105', [benefitId], 'input', bad.map((d) => d.message));
  const r = out.results.find((x) => x.benefit === benefitId);
  if (!r) throw new WorkflowError('POL5105', [benefitId], 'input', ['该扶持项目没有写明金额，不能按本流程申报']);
  return r;
}

export type FilingOutcome =
  | { ok: true; record: ApplicationRecord; result: EvalResult }
  | { ok: false; errors?: InputError[]; error: WorkflowError };

/** Everything filing needs that does not depend on one application. */
export interface Filing {
  graph: Graph;
  benefit: string;
  machine: Machine;
  issued: string | null;
}

/** Check that a benefit can be applied for, and save the policy the applications will be judged by. */
export async function prepareFiling(store: WorkflowStore, graph: Graph, benefitId: string, issued?: string): Promise<Filing> {
  const machine = machineForBenefit(graph, benefitId);
  const iss = issuedOf(graph, issued);
  await store.savePolicy(graph);
  return { graph, benefit: benefitId, machine, issued: iss ?? null };
}

/**
 * File one application: validated, evaluated against the applicant's ledger, and stored (with its
 * first audit line) when eligible. Ineligible or invalid applications are not stored.
 */
export async function fileApplication(store: WorkflowStore, f: Filing, raw: unknown, acting: Acting): Promise<FilingOutcome> {
  const v = validateApplication(f.graph, raw);
  if (!v.ok) {
    return { ok: false, errors: v.errors, error: new WorkflowError('POL5105', [f.benefit], 'input', v.errors.map((e) => `${e.path}：${e.message}`)) };
  }
  const app = v.application;
  for (let attempt = 0; ; attempt++) {
    const mark = await store.ledgerMark(app.applicant.id);
    const grants = grantsOf(await store.ledger(app.applicant.id));
    let result: EvalResult;
    try {
      result = evaluateBenefit(f.graph, app, f.benefit, f.issued, grants);
    } catch (e) {
      if (e instanceof WorkflowError) return { ok: false, error: e };
      throw e;
    }
    if (!result.eligible) return { ok: false, error: new WorkflowError('POL5105', [f.benefit], 'input', result.reasons) };
    const actors = resolveActors(f.graph, f.benefit, f.machine.transitions.find((t) => t.from === f.machine.initial)!.actor, app.applicant);
    const firstStep = f.machine.transitions.find((t) => t.from === f.machine.initial)!;
    if (firstStep.actor.kind !== 'applicant' && actors.length === 0) {
      return { ok: false, error: new WorkflowError('POL5105', [f.benefit], 'input', [`步骤“${firstStep.step}”没有可办理的单位（申报人所在区：${app.applicant.district ?? '未填写'}）`]) };
    }
    try {
      const record = await store.file(
        {
          policySha: f.graph.source.sha256,
          policyId: f.graph.policy.id,
          benefit: f.benefit,
          workflow: f.machine.workflow,
          applicant: app.applicant,
          ...(app.project !== undefined ? { project: app.project } : {}),
          date: app.date,
          issued: f.issued,
          application: raw,
          state: f.machine.initial,
          ceilingFen: result.ceilingFen,
          on: acting.today,
          audit: { by: acting.by, unit: APPLICANT_ROLE, action: 'apply', amountFen: result.ceilingFen, note: null },
        },
        mark,
      );
      return { ok: true, record, result };
    } catch (e) {
      // Someone's grant to the same applicant landed meanwhile: evaluate again.
      if (e instanceof StoreConflict && e.what === 'ledger' && attempt < 5) continue;
      throw e;
    }
  }
}

export interface ActRequest {
  /** --as: a unit id or full name, or 申报人 / the applicant's id or name. */
  as: string;
  action: Action;
  amountFen?: number;
  note?: string;
}

export interface ActOptions extends Acting {
  documents?: DocumentIssuer;
  /** Called after deciding and before committing (tests use it to line up two processes). */
  beforeCommit?: () => void;
}

export interface ActOutcome {
  before: ApplicationRecord;
  record: ApplicationRecord;
  transition: TransitionDef;
  unit: string;
  documents: NewDocument[];
  /** Documents that could not be made (the step went ahead). */
  documentWarnings: string[];
  /** The ceiling at the moment of approval (approve only). */
  ceilingFen?: number;
}

export function snapshotOf(r: ApplicationRecord): Snapshot {
  return { state: r.state, since: r.since, publicity: r.publicity, grantedFen: r.grantedFen };
}

/** Who may act at a transition, for this application. */
export function actorsOf(graph: Graph, rec: ApplicationRecord, t: Pick<TransitionDef, 'actor'>): string[] {
  return t.actor.kind === 'applicant' ? [APPLICANT_ROLE] : resolveActors(graph, rec.benefit, t.actor, rec.applicant);
}

function checkActor(graph: Graph, rec: ApplicationRecord, t: TransitionDef, as: string): string {
  const allowed = actorsOf(graph, rec, t);
  const who = allowed.join('、') || `（无：${roleText(t.actor)}中没有适用于本申请的单位）`;
  if (t.actor.kind === 'applicant') {
    if (isApplicant(as, rec.applicant)) return APPLICANT_ROLE;
    throw new WorkflowError('POL5102', [as, t.step, who], 'refused');
  }
  const u = findUnit(graph, as);
  if (!u) throw new WorkflowError(isApplicant(as, rec.applicant) ? 'POL5102' : 'POL5114', [as, t.step, who], 'refused');
  if (u.members) throw new WorkflowError('POL5113', [u.id, who], 'refused');
  if (!allowed.includes(u.id)) throw new WorkflowError('POL5102', [u.id, t.step, who], 'refused');
  return u.id;
}

async function load(store: WorkflowStore, id: string): Promise<{ rec: ApplicationRecord; graph: Graph; machine: Machine }> {
  const rec = await store.get(id);
  if (!rec) throw new WorkflowError('POL5106', [id], 'input');
  const graph = await store.policy(rec.policySha);
  if (!graph) throw new Error(`policy ${rec.policySha} of application ${id} is missing from the store`);
  return { rec, graph, machine: machineOf(graph, rec.workflow) };
}

/**
 * Take one action on an application. Refusals (wrong unit, action not allowed now, amount above the
 * ceiling, someone else acted first) throw WorkflowError and change nothing.
 */
export async function act(store: WorkflowStore, id: string, req: ActRequest, opts: ActOptions): Promise<ActOutcome> {
  for (let attempt = 0; ; attempt++) {
    const { rec, graph, machine } = await load(store, id);
    const t = transitionsFrom(machine, rec.state).find((x) => x.action === req.action);
    if (!t) {
      const out = transition(machine, snapshotOf(rec), req.action, opts.today);
      const r = out.ok ? { code: 'POL5101' as const, args: [rec.state, req.action, '—'] } : out.refusal;
      throw new WorkflowError(r.code, r.args, 'refused');
    }
    const unit = checkActor(graph, rec, t, req.as);
    if (req.amountFen !== undefined && req.action !== 'approve') throw new WorkflowError('POL5118', [], 'input');

    let grantedFen: number | undefined;
    let ceilingFen: number | undefined;
    let mark: number | undefined;
    let reasons: string[] = [];
    if (t.effect === 'grant') {
      mark = await store.ledgerMark(rec.applicant.id);
      const grants = grantsOf(await store.ledger(rec.applicant.id), rec.id);
      const result = evaluateBenefit(graph, rec.application as Application, rec.benefit, rec.issued, grants);
      reasons = result.reasons;
      if (!result.eligible) throw new WorkflowError('POL5115', [rec.benefit], 'refused', result.reasons);
      ceilingFen = result.ceilingFen;
      grantedFen = req.amountFen ?? ceilingFen;
      if (grantedFen > ceilingFen) {
        throw new WorkflowError('POL5104', [yuanText(grantedFen), yuanText(ceilingFen)], 'refused', result.reasons);
      }
    }
    const out = transition(machine, snapshotOf(rec), req.action, opts.today, {
      ...(grantedFen !== undefined ? { grantedFen } : {}),
      ...(req.note !== undefined ? { note: req.note } : {}),
    });
    if (!out.ok) throw new WorkflowError(out.refusal.code, out.refusal.args, 'refused');
    const next = out.next;
    const after: ApplicationRecord = { ...rec, ...next, publicity: next.publicity ?? null, grantedFen: next.grantedFen ?? null, version: rec.version + 1 };
    const documents: NewDocument[] = [];
    const documentWarnings: string[] = [];
    if (t.document) {
      const issuer = opts.documents ?? defaultDocuments;
      const why = req.note ? [req.note, ...reasons] : reasons;
      const amount = grantedFen ?? rec.grantedFen ?? undefined;
      const issued = await issuer({ kind: t.document, action: req.action, graph, application: after, unit, reasons: why, today: opts.today, ...(amount !== undefined ? { amountFen: amount } : {}) });
      documents.push(...issued.documents);
      documentWarnings.push(...issued.warnings);
    }
    opts.beforeCommit?.();
    const ledger =
      t.effect === 'grant' ? { amountFen: grantedFen!, kind: 'grant' as const } : t.effect === 'voidGrant' && rec.grantedFen ? { amountFen: -rec.grantedFen, kind: 'reversal' as const } : undefined;
    try {
      const record = await store.commit({
        id,
        expectVersion: rec.version,
        ...(mark !== undefined ? { expectLedgerMark: mark } : {}),
        next: { state: next.state, since: next.since, publicity: next.publicity ?? null, grantedFen: next.grantedFen ?? null },
        audit: {
          on: opts.today,
          by: opts.by,
          unit,
          action: req.action,
          from: rec.state,
          to: next.state,
          amountFen: grantedFen ?? (ledger ? ledger.amountFen : null),
          note: req.note?.trim() || null,
        },
        ...(ledger ? { ledger } : {}),
        documents,
      });
      return { before: rec, record, transition: t, unit, documents, documentWarnings, ...(ceilingFen !== undefined ? { ceilingFen } : {}) };
    } catch (e) {
      if (e instanceof StoreConflict && e.what === 'ledger' && attempt < 5) continue;
      if (e instanceof StoreConflict) {
        const now = e.current ?? (await store.get(id));
        throw new WorkflowError('POL5103', [id, stateLabel(machine, rec.state), now ? stateLabel(machine, now.state) : '（已不存在）'], 'refused');
      }
      if (e instanceof NotFound) throw new WorkflowError('POL5106', [id], 'input');
      throw e;
    }
  }
}

/** Where an application stands, for people (show, list). */
export interface ApplicationView {
  record: ApplicationRecord;
  stateLabel: string;
  /** The step it waits at and who may act there. */
  step?: string;
  actors: string[];
  deadline?: { due: CalendarDate; limit: Limit; late?: { amount: number; unit: 'workday' | 'day' } };
  /** Actions that may be taken today, with who takes them. */
  allowed: { action: Action; label: string; actors: string[] }[];
  final: boolean;
  warnings: string[];
}

export function viewOf(graph: Graph, machine: Machine, rec: ApplicationRecord, today: CalendarDate): ApplicationView {
  const snap = snapshotOf(rec);
  const def = machine.states.find((s) => s.id === rec.state);
  const out = transitionsFrom(machine, rec.state);
  const warnings: string[] = [];
  const allowed = allowedActions(machine, snap, today).map((t) => ({ action: t.action, label: ACTION_ZH[t.action], actors: actorsOf(graph, rec, t) }));
  const mainT = out.find((t) => t.step === def?.step) ?? out[0];
  const d = deadline(machine, snap);
  let dl: ApplicationView['deadline'];
  if (d) {
    dl = { due: d.due, limit: d.limit };
    if (dayNumber(today) > dayNumber(d.due)) dl.late = lateness(d.due, today, d.limit.unit);
    if (d.limit.unit === 'workday' && !isCovered(d.due)) {
      const c = calendarCoverage();
      warnings.push(formatMessage('POL5201', [d.due.slice(0, 4), c.firstYear, c.lastYear]));
    }
  }
  return {
    record: rec,
    stateLabel: stateLabel(machine, rec.state),
    ...(def?.step ? { step: def.step } : {}),
    actors: mainT ? actorsOf(graph, rec, mainT) : [],
    ...(dl ? { deadline: dl } : {}),
    allowed,
    final: isFinal(machine, rec.state),
    warnings,
  };
}

/** Load one application with its view. */
export async function showApplication(store: WorkflowStore, id: string, today: CalendarDate): Promise<{ view: ApplicationView; graph: Graph; machine: Machine }> {
  const { rec, graph, machine } = await load(store, id);
  return { view: viewOf(graph, machine, rec, today), graph, machine };
}

/** Views of many applications (policies loaded once each). */
export async function listApplications(store: WorkflowStore, today: CalendarDate, filter: { state?: string; overdue?: boolean } = {}): Promise<ApplicationView[]> {
  const graphs = new Map<string, Graph>();
  const views: ApplicationView[] = [];
  for (const rec of await store.list(filter.state !== undefined ? { state: filter.state } : {})) {
    let graph = graphs.get(rec.policySha);
    if (!graph) {
      graph = await store.policy(rec.policySha);
      if (!graph) continue;
      graphs.set(rec.policySha, graph);
    }
    const v = viewOf(graph, machineOf(graph, rec.workflow), rec, today);
    if (filter.overdue && !v.deadline?.late) continue;
    views.push(v);
  }
  return views;
}

/**
 * Test hook: with POL_TEST_BARRIER=DIR:N in the environment, wait (at most 20 s) until N processes have
 * reached this point, so that two real processes commit at the same moment. Does nothing otherwise.
 */
export function testBarrier(spec: string | undefined): (() => void) | undefined {
  if (!spec) return undefined;
  const i = spec.lastIndexOf(':');
  const dir = spec.slice(0, i);
  const n = Number(spec.slice(i + 1));
  return () => {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(`${dir}/${process.pid}`, '');
    const wait = new Int32Array(new SharedArrayBuffer(4));
    for (let waited = 0; waited < 20_000 && fs.readdirSync(dir).length < n; waited += 5) Atomics.wait(wait, 0, 0, 5);
  };
}
