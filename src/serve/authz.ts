/**
 * Authorization from the policy (DESIGN §10): a step's actors come from the rule graph exactly as
 * `pol wf act` resolves them (groups narrowed to the applicant's district); an applicant account acts
 * only on its own applications; four eyes by person. One function answers every write:
 * `can(user, action, application) → ok | reason`.
 */
import type { Graph } from '../ir/schema.ts';
import type { UserRecord } from '../store/identity.ts';
import { findUnit } from '../workflow/actors.ts';
import { ACTION_ZH, allowedActions, stateLabel, transitionsFrom, type Action, type Machine, type TransitionDef } from '../workflow/machine.ts';
import type { ApplicationRecord, AuditEntry } from '../store/types.ts';
import { actorsOf, snapshotOf } from '../workflow/service.ts';
import type { CalendarDate } from '../workflow/calendar.ts';

export type Verdict = { ok: true; as: string } | { ok: false; reason: string };

/** The user's unit as this policy names it (id), if the policy has it. */
export function unitIn(graph: Graph, user: UserRecord): string | undefined {
  return user.unit ? findUnit(graph, user.unit)?.id : undefined;
}

/** Whether the user is the actor of a transition for this application (before four eyes and dates). */
function isActor(graph: Graph, user: UserRecord, rec: ApplicationRecord, t: TransitionDef): boolean {
  if (t.actor.kind === 'applicant') return user.role === 'applicant' && user.applicantId === rec.applicant.id;
  const unit = unitIn(graph, user);
  return user.role !== 'applicant' && unit !== undefined && actorsOf(graph, rec, t).includes(unit);
}

/**
 * Whether the user may see an application: an applicant its own, an admin every one, a unit those where
 * it acts at any step.
 */
export function canSee(graph: Graph, machine: Machine, user: UserRecord, rec: ApplicationRecord): boolean {
  if (user.role === 'applicant') return user.applicantId === rec.applicant.id;
  if (user.role === 'admin') return true;
  return machine.transitions.some((t) => t.actor.kind !== 'applicant' && isActor(graph, user, rec, t));
}

/** The actions whose four-eyes rule needs the audit log (who accepted, who approved). */
const FOUR_EYES: Partial<Record<Action, { earlier: Action; rule: string }>> = {
  approve: { earlier: 'accept', rule: '受理本申请的人不得审核通过同一申请（四眼原则）' },
  disburse: { earlier: 'approve', rule: '审核通过本申请的人不得拨付同一申请（四眼原则）' },
};

/** Whether this action needs the audit log to be decided. */
export function needsAudit(action: Action): boolean {
  return FOUR_EYES[action] !== undefined;
}

/**
 * May the user take this action on this application now? `audit` is needed for approve and disburse
 * (four eyes); the verdict names the unit acted as, or says why not in Chinese.
 */
export function can(graph: Graph, machine: Machine, user: UserRecord, action: Action, rec: ApplicationRecord, audit: readonly AuditEntry[], today: CalendarDate): Verdict {
  const t = transitionsFrom(machine, rec.state).find((x) => x.action === action);
  if (!t) return { ok: false, reason: `当前状态为“${stateLabel(machine, rec.state)}”，没有“${ACTION_ZH[action]}”这一动作` };
  if (!allowedActions(machine, snapshotOf(rec), today).includes(t)) {
    const until = rec.publicity?.until;
    return { ok: false, reason: t.guard === 'afterPublicity' ? `公示期至 ${until} 届满，期满后方可${ACTION_ZH[action]}` : '不在公示期内' };
  }
  if (!isActor(graph, user, rec, t)) {
    const who = t.actor.kind === 'applicant' ? '申报人本人' : actorsOf(graph, rec, t).join('、') || '（无适用单位）';
    return { ok: false, reason: `本步（${t.step}）由 ${who} 办理` };
  }
  const eyes = FOUR_EYES[action];
  // as the workflow checks it: anyone who accepted may not approve; the one whose approval stands may not disburse
  const earlier = audit.filter((e) => e.action === eyes?.earlier);
  if (eyes && (action === 'approve' ? earlier : earlier.slice(-1)).some((e) => e.by === user.name)) return { ok: false, reason: eyes.rule };
  return { ok: true, as: t.actor.kind === 'applicant' ? rec.applicant.id : unitIn(graph, user)! };
}

/** The actions this user may take now (the view's `allowedActions`). */
export function allowedFor(graph: Graph, machine: Machine, user: UserRecord, rec: ApplicationRecord, audit: readonly AuditEntry[] | undefined, today: CalendarDate): Action[] {
  const out: Action[] = [];
  for (const t of allowedActions(machine, snapshotOf(rec), today)) {
    if (out.includes(t.action) || !isActor(graph, user, rec, t)) continue;
    if (needsAudit(t.action) && (!audit || !can(graph, machine, user, t.action, rec, audit, today).ok)) continue;
    out.push(t.action);
  }
  return out;
}
