/**
 * What every route shares: the store, the loaded policies, the clock (today in Beijing, or POL_NOW),
 * the document issuer, and the login throttle.
 */
import type { Graph } from '../ir/schema.ts';
import type { UserRecord } from '../store/identity.ts';
import { isCalendarDate, todayInShanghai, type CalendarDate } from '../workflow/calendar.ts';
import { machineOf } from '../workflow/define.ts';
import type { DocumentIssuer } from '../workflow/documents.ts';
import type { Machine } from '../workflow/machine.ts';
import type { ApplicationRecord, Store } from '../store/types.ts';
import { ApiError } from './errors.ts';
import type { LoginThrottle } from './throttle.ts';

/** The store: workflow and identity (src/store/types.ts). */
export type ServeStore = Store;

export interface LoadedPolicy {
  graph: Graph;
  /** The issuance date evaluations use (--issued ID=DATE, else the policy's own). */
  issued: string | null;
}

export interface ServeContext {
  store: ServeStore;
  /** By policy id. */
  policies: Map<string, LoadedPolicy>;
  today(): CalendarDate;
  documents: DocumentIssuer;
  throttle: LoginThrottle;
  /** How long a login token lasts. */
  tokenTtlMs: number;
}

/** The service's clock: POL_NOW when set (tests, demos), else today in Asia/Shanghai. */
export function serviceToday(): CalendarDate {
  const v = process.env.POL_NOW;
  return v && isCalendarDate(v) ? v : todayInShanghai();
}

export function policyOf(ctx: ServeContext, id: string): LoadedPolicy {
  const p = ctx.policies.get(id);
  if (!p) throw new ApiError(422, 'POL8009', [id, [...ctx.policies.keys()].join('、')]);
  return p;
}

/** An application's rule graph (kept in the store with it) and machine. */
export async function graphOf(ctx: ServeContext, rec: ApplicationRecord): Promise<{ graph: Graph; machine: Machine }> {
  const graph = await ctx.store.policy(rec.policySha);
  if (!graph) throw new Error(`policy ${rec.policySha} of application ${rec.id} is missing from the store`);
  return { graph, machine: machineOf(graph, rec.workflow) };
}

/** The user as the API shows it. */
export function userView(u: UserRecord) {
  return { name: u.name, unit: u.unit, roles: [u.role], applicantId: u.applicantId };
}
