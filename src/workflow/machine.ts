/**
 * The approval workflow (流程) of a policy as a state machine, and its transitions as a pure function.
 *
 * States: one per step after the applicant's filing (the application waits at that step), plus
 * `returned` (退回补正: waiting for the applicant), `rejected` (不予支持), `disbursed` (已拨付) and
 * `closed` (已办结, for a workflow that ends without a disbursement step). From the steps:
 *
 * - the first step is the applicant's (申报人): `apply` files the application, which then waits at step 2;
 * - review steps before the approval step pass on with `accept` (the first one issues 受理通知书);
 * - the approval step (审批步骤) is the last unit step before the publicity step (or before the final step):
 *   `approve` records the granted amount (ledger; and the 奖励证书 when the workflow has no publicity step);
 * - a step may `return` to an earlier step (退回 …): to the applicant's step it means `returned`, from which
 *   the applicant `resubmit`s to step 2; review steps up to the approval step may `reject` (不予支持通知书);
 * - the publicity step (公示期 N) is passed with `publish`, which opens the period (公示 document); the next
 *   step's action (`disburse`) waits until the period is over, and during it an `object`ion upheld sends the
 *   application back to the approval step and voids its grant; that next step issues the 奖励证书, so no
 *   certificate exists before the 公示 of its amount has ended without an upheld objection (a publicity step
 *   that is the last step records it with the 公示, held until the period is over: `certificateAfterPeriod`);
 * - the final step, when it is a unit step after the approval step, completes with `disburse`.
 *
 * Nothing here reads a database, a clock or the applicant: the caller passes `today` and the amount.
 */
import type { Code, MessageArg } from '../diagnostics/catalog.ts';
import { diag, type Diagnostic } from '../diagnostics/diagnostic.ts';
import type { Graph, Workflow, WorkflowStep } from '../ir/schema.ts';
import type { ActorSpec } from './actors.ts';
import { dayNumber, periodEnd, publicityWindow, type CalendarDate, type Limit } from './calendar.ts';

export { ACTIONS, ACTION_ZH, type Action } from './actions.ts';
import { ACTION_ZH, type Action } from './actions.ts';

export const RETURNED = 'returned';
export const REJECTED = 'rejected';
export const DISBURSED = 'disbursed';
export const CLOSED = 'closed';

/** Documents a transition issues (produced by the documents stage). */
export type DocumentKind = '受理通知书' | '不予支持通知书' | '公示' | '奖励证书';

export interface StateDef {
  id: string;
  /** 初审, 退回补正（待申报人重新提交）, 不予支持 … */
  label: string;
  /** The step the application waits at (its actor acts); absent for terminal states. */
  step?: string;
  /** The step's time limit, counted from the day the application entered the state. */
  limit?: Limit;
}

export interface TransitionDef {
  action: Action;
  from: string;
  to: string;
  /** Whose action it is: the actor of this step. */
  step: string;
  actor: ActorSpec;
  document?: DocumentKind;
  /** return, reject and object must say why (--note). */
  needsNote?: boolean;
  effect?: 'grant' | 'voidGrant' | 'openPublicity';
  /** afterPublicity: only once the publicity period is over; duringPublicity: only while it runs. */
  guard?: 'afterPublicity' | 'duringPublicity';
  /**
   * A publicity step that ends the workflow: the 奖励证书 is recorded with the 公示 and released only once the
   * period is over with the grant standing (an upheld objection voids it), since no later step exists.
   */
  certificateAfterPeriod?: true;
}

export interface Machine {
  workflow: string;
  title?: string;
  /** The applicant's filing step (申报). */
  filingStep: string;
  /** Where a filed application waits first. */
  initial: string;
  approvalStep: string;
  publicityStep?: string;
  publicity?: Limit;
  states: StateDef[];
  transitions: TransitionDef[];
}

/** Where an application stands, as far as the machine is concerned. */
export interface Snapshot {
  state: string;
  /** The day the application entered `state` (its deadline counts from it, or from the end of publicity). */
  since: CalendarDate;
  /** The publicity period once published: first and last day. */
  publicity?: { from: CalendarDate; until: CalendarDate } | null;
  grantedFen?: number | null;
}

export interface Refusal {
  code: Code;
  args: MessageArg[];
}

export type Outcome = { ok: true; transition: TransitionDef; next: Snapshot } | { ok: false; refusal: Refusal };

const terminalLabel: Record<string, string> = {
  [RETURNED]: '退回补正（待申报人重新提交）',
  [REJECTED]: '不予支持',
  [DISBURSED]: '已拨付',
  [CLOSED]: '已办结',
};

/** The state's label in Chinese (the step name for a step state). */
export function stateLabel(m: Machine, id: string): string {
  return m.states.find((s) => s.id === id)?.label ?? terminalLabel[id] ?? id;
}

/**
 * Build the state machine of a workflow. Returns diagnostics (POL50xx, with the step's span) when the
 * steps do not make a workflow this machine can run.
 */
export function buildMachine(graph: Graph, workflowId: string): { machine?: Machine; diagnostics: Diagnostic[] } {
  const wf = graph.workflows.find((w) => w.id === workflowId);
  const file = graph.source.file;
  if (!wf) return { diagnostics: [diag('POL5006', file, graph.policy.span, workflowId)] };
  const ds: Diagnostic[] = [];
  const steps = wf.steps;
  const index = new Map(steps.map((s, i) => [s.id, i]));
  if (steps.length < 2 || steps[0]!.actor.kind !== 'applicant') {
    ds.push(diag('POL5001', file, (steps[0] ?? wf).span, wf.id));
    return { diagnostics: ds };
  }
  for (const s of steps) {
    if (s.returnTo !== undefined && !((index.get(s.returnTo) ?? Infinity) < index.get(s.id)!)) ds.push(diag('POL5002', file, s.span, s.id, s.returnTo));
  }
  const publicitySteps = steps.filter((s) => s.publicity);
  if (publicitySteps.length > 1) ds.push(diag('POL5005', file, publicitySteps[1]!.span, wf.id));
  const pub = publicitySteps[0];
  const pubIdx = pub ? index.get(pub.id)! : -1;
  const isReview = (s: WorkflowStep, i: number) => i > 0 && s.actor.kind !== 'applicant' && !s.publicity;
  const reviews = steps.map((s, i) => [s, i] as const).filter(([s, i]) => isReview(s, i));
  let approval: readonly [WorkflowStep, number] | undefined;
  if (pub) {
    approval = reviews.filter(([, i]) => i < pubIdx).at(-1);
    if (!approval) ds.push(diag('POL5004', file, pub.span, pub.id));
  } else if (reviews.length === 0) {
    ds.push(diag('POL5003', file, wf.span, wf.id));
  } else {
    const last = steps.length - 1;
    approval = reviews.length > 1 && reviews.at(-1)![1] === last ? reviews.at(-2) : reviews.at(-1);
  }
  if (ds.length > 0 || !approval) return { diagnostics: ds };
  return { machine: assemble(wf, approval[0], pub), diagnostics: [] };
}

function assemble(wf: Workflow, approval: WorkflowStep, pub: WorkflowStep | undefined): Machine {
  const steps = wf.steps;
  const filing = steps[0]!;
  const approvalIdx = steps.indexOf(approval);
  const pubIdx = pub ? steps.indexOf(pub) : -1;
  const last = steps.length - 1;
  // A publicity step written without 由 is the approval step's unit's to publish.
  const actorOf = (s: WorkflowStep): ActorSpec => (s === pub && s.actor.kind === 'applicant' ? approval.actor : s.actor);
  const stateOf = (i: number): string => (i > last ? (steps[last] === approval || steps[last] === pub ? CLOSED : DISBURSED) : steps[i]!.id);
  const states: StateDef[] = [];
  const transitions: TransitionDef[] = [];
  let firstReview = true;
  let returned = false;
  let rejected = false;

  steps.forEach((s, i) => {
    if (i === 0) return;
    states.push({ id: s.id, label: s.id, step: s.id, ...(s.limit ? { limit: { amount: s.limit.amount, unit: s.limit.unit } } : {}) });
    const actor = actorOf(s);
    const t = (action: Action, to: string, extra: Partial<TransitionDef> = {}) => transitions.push({ action, from: s.id, to, step: s.id, actor, ...extra });
    const afterPub = pub !== undefined && i === pubIdx + 1;
    // The certificate: at approval without publicity; else at the first step after the period (or held with the 公示).
    const afterPeriod = { guard: 'afterPublicity', document: '奖励证书' } as const;
    if (s === approval) {
      t('approve', stateOf(i + 1), { effect: 'grant', ...(pub ? {} : { document: '奖励证书' }) });
    } else if (s === pub) {
      t('publish', stateOf(i + 1), { effect: 'openPublicity', document: '公示', ...(i === last ? { certificateAfterPeriod: true } : {}) });
    } else if (s.actor.kind === 'applicant') {
      t('resubmit', stateOf(i + 1));
    } else if (i === last && i > approvalIdx) {
      t('disburse', DISBURSED, afterPub ? afterPeriod : {});
    } else {
      t('accept', stateOf(i + 1), firstReview && i < approvalIdx ? { document: '受理通知书' } : afterPub ? afterPeriod : {});
    }
    if (s.actor.kind !== 'applicant' && i < approvalIdx && firstReview) firstReview = false;
    if (s.returnTo !== undefined) {
      const to = s.returnTo === filing.id ? RETURNED : s.returnTo;
      if (to === RETURNED) returned = true;
      t('return', to, { needsNote: true });
    }
    if (s.actor.kind !== 'applicant' && !s.publicity && i <= approvalIdx) {
      rejected = true;
      t('reject', REJECTED, { needsNote: true, document: '不予支持通知书' });
    }
    if (afterPub) transitions.push({ action: 'object', from: s.id, to: approval.id, step: pub.id, actor: actorOf(pub), needsNote: true, effect: 'voidGrant', guard: 'duringPublicity' });
  });
  if (pub && pubIdx === last) {
    // The period runs after the workflow closed: an objection still reopens the approval step.
    transitions.push({ action: 'object', from: CLOSED, to: approval.id, step: pub.id, actor: actorOf(pub), needsNote: true, effect: 'voidGrant', guard: 'duringPublicity' });
  }
  if (returned) {
    states.push({ id: RETURNED, label: terminalLabel[RETURNED]!, step: filing.id, ...(filing.limit ? { limit: { amount: filing.limit.amount, unit: filing.limit.unit } } : {}) });
    transitions.push({ action: 'resubmit', from: RETURNED, to: stateOf(1), step: filing.id, actor: filing.actor });
  }
  if (rejected) states.push({ id: REJECTED, label: terminalLabel[REJECTED]! });
  const ends = new Set(transitions.map((t) => t.to));
  if (ends.has(DISBURSED)) states.push({ id: DISBURSED, label: terminalLabel[DISBURSED]! });
  if (ends.has(CLOSED)) states.push({ id: CLOSED, label: terminalLabel[CLOSED]! });
  return {
    workflow: wf.id,
    ...(wf.title ? { title: wf.title } : {}),
    filingStep: filing.id,
    initial: stateOf(1),
    approvalStep: approval.id,
    ...(pub ? { publicityStep: pub.id, publicity: { amount: pub.publicity!.amount, unit: pub.publicity!.unit } } : {}),
    states,
    transitions,
  };
}

/** The transitions out of a state, whatever the date. */
export function transitionsFrom(m: Machine, state: string): TransitionDef[] {
  return m.transitions.filter((t) => t.from === state);
}

/** Whether a state has no way out (rejected, disbursed, closed once its publicity is over). */
export function isFinal(m: Machine, state: string): boolean {
  return !m.transitions.some((t) => t.from === state && t.guard !== 'duringPublicity');
}

function guardRefusal(t: TransitionDef, s: Snapshot, today: CalendarDate): Refusal | undefined {
  if (!t.guard) return undefined;
  const until = s.publicity?.until;
  if (t.guard === 'afterPublicity' && until !== undefined && dayNumber(today) <= dayNumber(until)) {
    return { code: 'POL5109', args: [until, ACTION_ZH[t.action]] };
  }
  if (t.guard === 'duringPublicity' && (until === undefined || dayNumber(today) > dayNumber(until))) {
    return { code: 'POL5110', args: [until ?? '—'] };
  }
  return undefined;
}

/** The actions that may be taken now (guards checked against `today`). */
export function allowedActions(m: Machine, s: Snapshot, today: CalendarDate): TransitionDef[] {
  return transitionsFrom(m, s.state).filter((t) => !guardRefusal(t, s, today));
}

/**
 * Take one action. `grantedFen` is the amount an `approve` records (checked against the ceiling by the
 * caller). Refusals are values carrying a catalog code; the snapshot given is never changed.
 */
export function transition(m: Machine, s: Snapshot, action: Action, today: CalendarDate, opts: { grantedFen?: number; note?: string } = {}): Outcome {
  const out = transitionsFrom(m, s.state);
  const t = out.find((x) => x.action === action);
  if (!t) {
    const can = out.map((x) => `${x.action}（${ACTION_ZH[x.action]}）`).join('、') || '无（已办结）';
    return { ok: false, refusal: { code: 'POL5101', args: [stateLabel(m, s.state), `${action}（${ACTION_ZH[action] ?? action}）`, can] } };
  }
  const g = guardRefusal(t, s, today);
  if (g) return { ok: false, refusal: g };
  if (dayNumber(today) < dayNumber(s.since)) return { ok: false, refusal: { code: 'POL5112', args: [today, s.since] } };
  if (t.needsNote && !opts.note?.trim()) return { ok: false, refusal: { code: 'POL5111', args: [`${action}（${ACTION_ZH[action]}）`] } };
  const next: Snapshot = { state: t.to, since: today, publicity: s.publicity ?? null, grantedFen: s.grantedFen ?? null };
  switch (t.effect) {
    case 'grant':
      if (opts.grantedFen === undefined || !Number.isSafeInteger(opts.grantedFen) || opts.grantedFen <= 0) {
        return { ok: false, refusal: { code: 'POL5117', args: [] } };
      }
      next.grantedFen = opts.grantedFen;
      next.publicity = null;
      break;
    case 'voidGrant':
      next.grantedFen = null;
      next.publicity = null;
      break;
    case 'openPublicity': {
      next.publicity = publicityWindow(today, m.publicity!);
      break;
    }
  }
  return { ok: true, transition: t, next };
}

/** The deadline of the step an application waits at, if the step has a time limit. */
export function deadline(m: Machine, s: Snapshot): { due: CalendarDate; limit: Limit } | undefined {
  const def = m.states.find((x) => x.id === s.state);
  if (!def?.limit) return undefined;
  // After publication the next step's limit counts from the last day of the publicity period.
  const afterPublicity = s.publicity && m.transitions.some((t) => t.from === s.state && t.guard === 'afterPublicity');
  const base = afterPublicity && dayNumber(s.publicity!.until) > dayNumber(s.since) ? s.publicity!.until : s.since;
  return { due: periodEnd(base, def.limit), limit: def.limit };
}
