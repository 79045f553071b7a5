/** The application as the API shows it (DESIGN §10), with what this user may do now. */
import type { UserRecord } from '../store/identity.ts';
import { deadline, type Machine } from '../workflow/machine.ts';
import type { Graph } from '../ir/schema.ts';
import type { ApplicationRecord, AuditEntry } from '../store/types.ts';
import { stateLabel, allowedActions } from '../workflow/machine.ts';
import { snapshotOf } from '../workflow/service.ts';
import type { CalendarDate } from '../workflow/calendar.ts';
import { allowedFor, needsAudit } from './authz.ts';
import type { ServeContext } from './context.ts';

export interface ApplicationJson {
  id: string;
  policy: string;
  benefit: string;
  state: string;
  stateLabel: string;
  applicant: { id: string; name: string | null; district: string | null };
  project: string | null;
  ceilingFen: number;
  grantedFen: number | null;
  deadline: string | null;
  version: number;
  allowedActions: string[];
}

/** The view; reads the audit log only when approve or disburse could be among the user's actions. */
export async function applicationJson(ctx: ServeContext, graph: Graph, machine: Machine, user: UserRecord, rec: ApplicationRecord, today: CalendarDate, audit?: readonly AuditEntry[]): Promise<ApplicationJson> {
  let log = audit;
  if (!log && allowedActions(machine, snapshotOf(rec), today).some((t) => needsAudit(t.action))) log = await ctx.store.audit(rec.id);
  return {
    id: rec.id,
    policy: rec.policyId,
    benefit: rec.benefit,
    state: rec.state,
    stateLabel: stateLabel(machine, rec.state),
    applicant: { id: rec.applicant.id, name: rec.applicant.name ?? null, district: rec.applicant.district ?? null },
    project: rec.project ?? null,
    ceilingFen: rec.ceilingFen,
    grantedFen: rec.grantedFen,
    deadline: deadline(machine, snapshotOf(rec))?.due ?? null,
    version: rec.version,
    allowedActions: allowedFor(graph, machine, user, rec, log, today),
  };
}
