/**
 * The workflow as the CLI, the server and the library use it: file an application (evaluated first), act on
 * it (the machine decides, the store commits), and read where applications stand. Everything here works
 * through the Store interface (src/store/); the integrity rules of DESIGN §7 live here, above any store:
 *
 * - one applicant, one identity: applicant ids canonical (NFKC, no spaces, upper case), a 统一社会信用代码's
 *   check character verified (POL5126);
 * - the system's dates: the business date never after today (POL5120) nor before the application's last step
 *   (POL5112); an application's own date never after its filing date (POL5121);
 * - one application per (policy, benefit, applicant, project): the identical one filed again is returned
 *   (POL5133), a different one refused while the first is open (POL5124);
 * - four eyes by person (POL5122, POL5123); disbursement only after publicity (the machine's guards);
 * - no reset by version: grants are read by (policy id, benefit id); a benefit with grants that the policy
 *   no longer has must be continued by a successor (接续), else nothing is done (POL5125).
 */
import * as fs from 'node:fs';
import { formatMessage } from '../diagnostics/catalog.ts';
import { machineForBenefit, machineOf, WorkflowError } from './define.ts';
import type { Application, EvalResult, GrantRecord, InputError } from '../eval/index.ts';
import type { Graph } from '../ir/schema.ts';
import { findUnit, isApplicant, resolveActors, roleText, APPLICANT_ROLE } from './actors.ts';
import { calendarCoverage, dayNumber, isCovered, lateness, type CalendarDate, type Limit } from './calendar.ts';
import { ACTION_ZH, allowedActions, deadline, isFinal, stateLabel, transition, transitionsFrom, type Action, type Machine, type Snapshot, type TransitionDef } from './machine.ts';
import { numberingOf } from './documents.ts';
import { formatMoney } from '../values/money.ts';
import { fingerprintOf } from '../store/chain.ts';
import { NotFound, StoreConflict, type ApplicationRecord, type DocumentRequest, type LedgerEntry, type Store } from '../store/types.ts';
import { canonicalApplicantId, usccProblem } from '../values/uscc.ts';

/** The business date and the person acting. */
export interface Acting {
  /** The business date (--at, else today). */
  today: CalendarDate;
  /** 经办人 (the person), written to the audit log; four eyes compare it. */
  by: string;
  /** The system's today (POL_NOW, else today in Asia/Shanghai): no business date may be after it. Default: today. */
  now?: CalendarDate;
}

function checkToday(acting: Acting): void {
  if (acting.now !== undefined && dayNumber(acting.today) > dayNumber(acting.now)) throw new WorkflowError('POL5120', [acting.today, acting.now], 'refused');
}

/** Benefits whose grants count toward another benefit's in this version of the policy (接续：旧 → 新). */
function successorsOf(graph: Graph): Map<string, string> {
  return new Map((graph.policy.successors ?? []).map((x) => [x.from, x.to]));
}

/** The ledger as grants the evaluator reads: one per application whose grant stands (net of reversals), renamed benefits under their successor's id. */
export function grantsOf(entries: readonly LedgerEntry[], exceptApplication?: string, successors: ReadonlyMap<string, string> = new Map()): GrantRecord[] {
  const net = new Map<string, { e: LedgerEntry; fen: number }>();
  for (const e of entries) {
    if (e.applicationId === exceptApplication) continue;
    const cur = net.get(e.applicationId);
    if (cur) cur.fen += e.amountFen;
    else net.set(e.applicationId, { e, fen: e.amountFen });
  }
  const out: GrantRecord[] = [];
  for (const { e, fen } of net.values()) {
    let benefit = e.benefit;
    for (let hops = 0; successors.has(benefit) && hops < 100; hops++) benefit = successors.get(benefit)!;
    if (fen > 0) out.push({ benefit, date: e.date, grantedFen: fen, applicantId: e.applicantId, ...(e.project !== undefined ? { project: e.project } : {}) });
  }
  return out;
}

/** Refuse a version of a policy that dropped or renamed a benefit with grants without naming its successor. */
async function checkSuccessors(store: Store, graph: Graph): Promise<void> {
  const have = new Set(graph.benefits.map((b) => b.id));
  const succ = successorsOf(graph);
  const orphans = (await store.grantedBenefits(graph.policy.id)).filter((b) => !have.has(b) && !succ.has(b));
  if (orphans.length > 0) throw new WorkflowError('POL5125', [graph.policy.id, orphans.join('、')], 'refused');
}

/** The applicant's grants under this policy, as the evaluator reads them. */
export async function grantsFor(store: Store, graph: Graph, applicantId: string, exceptApplication?: string): Promise<GrantRecord[]> {
  return grantsOf(await store.ledger(graph.policy.id, applicantId), exceptApplication, successorsOf(graph));
}

function issuedOf(graph: Graph, issued: string | undefined): string | undefined {
  return issued ?? graph.policy.issued ?? undefined;
}

/** The evaluator, loaded when a step needs it (filing, approval): other steps start faster without it. */
const evaluator = () => import('../eval/evaluate.ts');

/**
 * Evaluate one benefit for an application against the applicant's ledger. `on` is the day of the act (filing or
 * approval): annual caps count the grants of its year, the year the ledger dates a grant by (DESIGN §7).
 */
async function evaluateBenefit(graph: Graph, app: Application, benefitId: string, issued: string | null, grants: GrantRecord[], on: string): Promise<EvalResult> {
  const { evaluate } = await evaluator();
  const out = evaluate(graph, app, { ...(issued ? { issued } : {}), ledger: grants, capDate: on });
  const bad = out.diagnostics.filter((d) => d.severity === 'error');
  if (bad.length > 0) throw new WorkflowError('POL5105', [benefitId], 'input', bad.map((d) => d.message));
  const r = out.results.find((x) => x.benefit === benefitId);
  if (!r) throw new WorkflowError('POL5105', [benefitId], 'input', ['该扶持项目没有写明金额，不能按本流程申报']);
  return r;
}

/** Kinds of applicant identified by a 统一社会信用代码 (an applicant of another kind keeps its id, canonical). */
const ORGANISATION_KINDS = new Set(['enterprise', 'park_operator']);

/**
 * The application with its applicant id in canonical form, or the reason it cannot be filed: an
 * organisation's id must be a valid 统一社会信用代码.
 */
export function canonicalApplication(raw: unknown): { ok: true; value: unknown } | { ok: false; error: WorkflowError } {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { ok: true, value: raw };
  const o = raw as Record<string, unknown>;
  const a = o.applicant;
  if (a === null || typeof a !== 'object' || Array.isArray(a) || typeof (a as Record<string, unknown>).id !== 'string') return { ok: true, value: raw };
  const ap = a as Record<string, unknown>;
  const id = canonicalApplicantId(ap.id as string);
  const kind = typeof ap.kind === 'string' ? ap.kind : undefined;
  if (kind === undefined || ORGANISATION_KINDS.has(kind)) {
    const why = usccProblem(id);
    if (why !== undefined) return { ok: false, error: new WorkflowError('POL5126', [ap.id as string, why], 'input', ['字段：applicant.id']) };
  }
  return { ok: true, value: { ...o, applicant: { ...ap, id } } };
}

export type FilingOutcome =
  | { ok: true; record: ApplicationRecord; result?: EvalResult; existing: boolean }
  | { ok: false; errors?: InputError[]; error: WorkflowError };

/** Everything filing needs that does not depend on one application. */
export interface Filing {
  graph: Graph;
  benefit: string;
  machine: Machine;
  issued: string | null;
}

/** Check that a benefit can be applied for, and save the policy the applications will be judged by. */
export async function prepareFiling(store: Store, graph: Graph, benefitId: string, issued?: string): Promise<Filing> {
  const machine = machineForBenefit(graph, benefitId);
  const iss = issuedOf(graph, issued);
  await checkSuccessors(store, graph);
  await store.savePolicy(graph);
  return { graph, benefit: benefitId, machine, issued: iss ?? null };
}

/** The deadline of the state an application is in, as the store keeps it (for overdue lists in SQL). */
function dueOf(machine: Machine, snap: Snapshot): CalendarDate | null {
  return deadline(machine, snap)?.due ?? null;
}

/**
 * File one application: identity made canonical and checked, dated no later than the filing date,
 * validated, evaluated against the applicant's ledger, and stored (with its first audit line) when
 * eligible. The identical application filed before is returned (`existing`); ineligible or invalid ones
 * are not stored.
 */
export async function fileApplication(store: Store, f: Filing, input: unknown, acting: Acting): Promise<FilingOutcome> {
  try {
    checkToday(acting);
  } catch (e) {
    return { ok: false, error: e as WorkflowError };
  }
  const canon = canonicalApplication(input);
  if (!canon.ok) return { ok: false, error: canon.error };
  const raw = canon.value;
  // zod (for the errors' wording) loads only when the compiled check refuses the data
  const v = await (await import('../eval/validate.ts')).validateApplicationLazily(f.graph, raw);
  if (!v.ok) {
    return { ok: false, errors: v.errors, error: new WorkflowError('POL5105', [f.benefit], 'input', v.errors.map((e) => `${e.path}：${e.message}`)) };
  }
  const app = v.application;
  const fingerprint = fingerprintOf(raw);
  const key = { policyId: f.graph.policy.id, benefit: f.benefit, applicantId: app.applicant.id, project: app.project ?? null };
  const [same] = await store.list({ ...key, fingerprint, limit: 1 });
  if (same) return { ok: true, record: same, existing: true };
  if (dayNumber(app.date) > dayNumber(acting.today)) return { ok: false, error: new WorkflowError('POL5121', [app.date, acting.today], 'input', ['字段：date']) };
  for (let attempt = 0; ; attempt++) {
    const mark = await store.ledgerMark(app.applicant.id);
    const grants = await grantsFor(store, f.graph, app.applicant.id);
    let result: EvalResult;
    try {
      result = await evaluateBenefit(f.graph, app, f.benefit, f.issued, grants, acting.today);
    } catch (e) {
      if (e instanceof WorkflowError) return { ok: false, error: e };
      throw e;
    }
    if (!result.eligible) return { ok: false, error: new WorkflowError('POL5105', [f.benefit], 'input', result.reasons) };
    const firstStep = f.machine.transitions.find((t) => t.from === f.machine.initial)!;
    const actors = resolveActors(f.graph, f.benefit, firstStep.actor, app.applicant);
    if (firstStep.actor.kind !== 'applicant' && actors.length === 0) {
      return { ok: false, error: new WorkflowError('POL5105', [f.benefit], 'input', [`步骤“${firstStep.step}”没有可办理的单位（申报人所在区：${app.applicant.district ?? '未填写'}）`]) };
    }
    try {
      const filed = await store.file(
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
          fingerprint,
          state: f.machine.initial,
          due: dueOf(f.machine, { state: f.machine.initial, since: acting.today }),
          ceilingFen: result.ceilingFen,
          on: acting.today,
          audit: { by: acting.by, unit: APPLICANT_ROLE, action: 'apply', amountFen: result.ceilingFen, note: null },
        },
        mark,
      );
      if (filed.outcome === 'identical') return { ok: true, record: filed.record, existing: true };
      if (filed.outcome === 'open') {
        const r = filed.record;
        return {
          ok: false,
          error: new WorkflowError('POL5124', [r.applicant.id, r.benefit, r.project ?? '—', r.id, stateLabel(machineOf((await store.policy(r.policySha)) ?? f.graph, r.workflow), r.state)], 'input'),
        };
      }
      return { ok: true, record: filed.record, result, existing: false };
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
  /** Called after deciding and before committing (tests use it to line up two processes). */
  beforeCommit?: () => void;
}

export interface ActOutcome {
  before: ApplicationRecord;
  record: ApplicationRecord;
  transition: TransitionDef;
  unit: string;
  /** The documents this step issues, recorded with it and rendered on first request (renderDocuments). */
  documents: DocumentRequest[];
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

async function load(store: Store, id: string): Promise<{ rec: ApplicationRecord; graph: Graph; machine: Machine }> {
  const rec = await store.get(id);
  if (!rec) throw new WorkflowError('POL5106', [id], 'input');
  const graph = await store.policy(rec.policySha);
  if (!graph) throw new Error(`policy ${rec.policySha} of application ${id} is missing from the store`);
  return { rec, graph, machine: machineOf(graph, rec.workflow) };
}

/** Four eyes (四眼原则): whoever accepted may not approve; whoever approved may not disburse. */
async function checkFourEyes(store: Store, rec: ApplicationRecord, action: Action, by: string): Promise<void> {
  if (action !== 'approve' && action !== 'disburse') return;
  const log = await store.audit(rec.id);
  if (action === 'approve') {
    if (log.some((e) => e.action === 'accept' && e.by === by)) throw new WorkflowError('POL5122', [by], 'refused');
    return;
  }
  const approval = log.filter((e) => e.action === 'approve').at(-1);
  if (approval && approval.by === by) throw new WorkflowError('POL5123', [by], 'refused');
}

/**
 * Take one action on an application. Refusals (wrong unit, action not allowed now, a date in the future or
 * before the last step, four eyes, amount above the ceiling, someone else acted first) throw WorkflowError
 * and change nothing. The step's documents are recorded, not rendered (see renderDocuments).
 */
export async function act(store: Store, id: string, req: ActRequest, opts: ActOptions): Promise<ActOutcome> {
  checkToday(opts);
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
    await checkSuccessors(store, graph);
    await checkFourEyes(store, rec, req.action, opts.by);

    let grantedFen: number | undefined;
    let ceilingFen: number | undefined;
    let mark: number | undefined;
    let reasons: string[] = [];
    if (t.effect === 'grant') {
      mark = await store.ledgerMark(rec.applicant.id);
      const grants = await grantsFor(store, graph, rec.applicant.id, rec.id);
      const result = await evaluateBenefit(graph, rec.application as Application, rec.benefit, rec.issued, grants, opts.today);
      reasons = result.reasons;
      if (!result.eligible) throw new WorkflowError('POL5115', [rec.benefit], 'refused', result.reasons);
      ceilingFen = result.ceilingFen;
      grantedFen = req.amountFen ?? ceilingFen;
      if (grantedFen > ceilingFen) {
        throw new WorkflowError('POL5104', [formatMoney(grantedFen), formatMoney(ceilingFen)], 'refused', result.reasons);
      }
    }
    const out = transition(machine, snapshotOf(rec), req.action, opts.today, {
      ...(grantedFen !== undefined ? { grantedFen } : {}),
      ...(req.note !== undefined ? { note: req.note } : {}),
    });
    if (!out.ok) throw new WorkflowError(out.refusal.code, out.refusal.args, 'refused');
    const next = out.next;
    const documents: DocumentRequest[] = [t.document, t.certificateAfterPeriod ? ('奖励证书' as const) : undefined]
      .filter((k) => k !== undefined)
      .map((kind) => ({
        kind,
        action: req.action,
        unit,
        reasons: req.note ? [req.note, ...reasons] : reasons,
        amountFen: grantedFen ?? rec.grantedFen ?? null,
        // its 发文字号, allocated in the step's own transaction
        numbering: numberingOf(graph, rec.benefit, kind, unit, opts.today),
      }));
    opts.beforeCommit?.();
    const ledger =
      t.effect === 'grant' ? { amountFen: grantedFen!, kind: 'grant' as const } : t.effect === 'voidGrant' && rec.grantedFen ? { amountFen: -rec.grantedFen, kind: 'reversal' as const } : undefined;
    try {
      const record = await store.commit({
        id,
        expectVersion: rec.version,
        ...(mark !== undefined ? { expectLedgerMark: mark } : {}),
        next: { state: next.state, since: next.since, publicity: next.publicity ?? null, grantedFen: next.grantedFen ?? null, due: dueOf(machine, next) },
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
      return { before: rec, record, transition: t, unit, documents, ...(ceilingFen !== undefined ? { ceilingFen } : {}) };
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
export async function showApplication(store: Store, id: string, today: CalendarDate): Promise<{ view: ApplicationView; graph: Graph; machine: Machine }> {
  const { rec, graph, machine } = await load(store, id);
  return { view: viewOf(graph, machine, rec, today), graph, machine };
}

/** What `listApplications` selects: a page, filtered in the store. */
export interface ListFilter {
  state?: string;
  benefit?: string;
  policyId?: string;
  applicantId?: string;
  /** Only those past their step's deadline today. */
  overdue?: boolean;
  /** The id after which the page starts (the last id of the previous page). */
  after?: string;
  limit?: number;
}

/** Views of one page of applications (filtered and paged by the store; policies loaded once each). */
export async function listApplications(store: Store, today: CalendarDate, filter: ListFilter = {}): Promise<ApplicationView[]> {
  const graphs = new Map<string, Graph>();
  const views: ApplicationView[] = [];
  const { overdue, applicantId, ...rest } = filter;
  const query = { ...rest, ...(applicantId !== undefined ? { applicantId: canonicalApplicantId(applicantId) } : {}), ...(overdue ? { overdueOn: today } : {}) };
  for (const rec of await store.list(query)) {
    let graph = graphs.get(rec.policySha);
    if (!graph) {
      graph = await store.policy(rec.policySha);
      if (!graph) continue;
      graphs.set(rec.policySha, graph);
    }
    views.push(viewOf(graph, machineOf(graph, rec.workflow), rec, today));
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
