/**
 * Who acts at a step (办理单位). A step names a role — 申报人, 牵头单位, 配合单位 or a named unit — and the
 * role resolves from the benefit's measure clause: 牵头单位 → the clause's lead units, 配合单位 → its
 * cooperating units. A unit group (单位组, e.g. 各区政府) is narrowed to the member whose district is the
 * applicant's (各区政府 → 天河区政府 for an applicant in 天河区); with no such member the group drops out.
 */
import type { Graph, UnitEntry, WorkflowStep } from '../ir/schema.ts';

export type ActorSpec = WorkflowStep['actor'];

/** The applicant role's name, accepted by `--as`. */
export const APPLICANT_ROLE = '申报人';

export interface ApplicantRef {
  id: string;
  name?: string;
  district?: string;
}

/** The role a step names, in words: 申报人, 牵头单位, 配合单位, or the unit's name. */
export function roleText(actor: ActorSpec): string {
  switch (actor.kind) {
    case 'applicant':
      return APPLICANT_ROLE;
    case 'lead':
      return '牵头单位';
    case 'cooperate':
      return '配合单位';
    case 'unit':
      return actor.unit;
  }
}

function clauseOf(graph: Graph, benefitId: string) {
  const b = graph.benefits.find((x) => x.id === benefitId);
  if (!b) return undefined;
  const m = graph.measures.find((x) => x.number === b.measure);
  return m?.clauses.find((c) => c.id === b.clause) ?? m?.clauses[0];
}

/** The units a role names for a benefit, before narrowing groups (for pictures and help). */
export function roleUnits(graph: Graph, benefitId: string, actor: ActorSpec): string[] {
  const clause = clauseOf(graph, benefitId);
  switch (actor.kind) {
    case 'applicant':
      return [];
    case 'lead':
      return clause?.lead ?? [];
    case 'cooperate':
      return clause?.cooperate ?? [];
    case 'unit':
      return [actor.unit];
  }
}

/**
 * The units that may act at a step for one application: groups narrowed to the applicant's district,
 * duplicates removed, order kept. Empty for the applicant role.
 */
export function resolveActors(graph: Graph, benefitId: string, actor: ActorSpec, applicant: ApplicantRef): string[] {
  const units = new Map(graph.units.map((u) => [u.id, u]));
  const out: string[] = [];
  const add = (id: string) => {
    if (!out.includes(id)) out.push(id);
  };
  for (const id of roleUnits(graph, benefitId, actor)) {
    const u = units.get(id);
    if (u?.members) {
      for (const member of u.members) if (applicant.district && units.get(member)?.district === applicant.district) add(member);
    } else add(id);
  }
  return out;
}

/** Find a unit by its id (市商务局) or full name (广州市商务局). */
export function findUnit(graph: Graph, name: string): UnitEntry | undefined {
  const t = name.trim();
  return graph.units.find((u) => u.id === t) ?? graph.units.find((u) => u.fullName === t);
}

/** Whether `--as NAME` names the applicant: the role word, or the applicant's id or name. */
export function isApplicant(name: string, applicant: ApplicantRef): boolean {
  const t = name.trim();
  return t === APPLICANT_ROLE || t === applicant.id || (applicant.name !== undefined && t === applicant.name);
}
