/**
 * Budget pools (资金池): when the ceilings approved in a round exceed the budget (年度资金总额800万元),
 * every allocation is reduced pro rata. The rule, stated once:
 *
 * 1. If the ceilings sum to no more than the budget, everyone gets their ceiling.
 * 2. Otherwise each gets floor(ceiling × budget ÷ total) fen; the fen left over (fewer than the number of
 *    applicants) go one each to the largest remainders of that division, ties in the order of the input.
 *
 * So an allocation never exceeds its ceiling, and the allocations sum to exactly the budget (rule 2) or
 * to the total (rule 1). A cost share between funders (市、区按6:4分担) splits each allocation: the first
 * funder gets floor(allocation × 6 ÷ 10), the last the rest, so the parts sum to the allocation.
 */
export interface AllocationInput {
  /** Who: an applicant id and the benefit, for the report. */
  key: string;
  ceilingFen: number;
}

export interface Allocation extends AllocationInput {
  allocatedFen: number;
  /** Per funder, in the order of the share (present with a share). */
  sharesFen?: number[];
}

export interface AllocationResult {
  budgetFen: number;
  totalCeilingFen: number;
  allocatedFen: number;
  /** Whether the ceilings exceeded the budget, so allocations were reduced pro rata. */
  reduced: boolean;
  allocations: Allocation[];
}

export function allocate(items: readonly AllocationInput[], budgetFen: number, share?: readonly number[]): AllocationResult {
  const total = items.reduce((s, x) => s + x.ceilingFen, 0);
  const reduced = total > budgetFen;
  let allocations: Allocation[];
  if (!reduced) allocations = items.map((x) => ({ ...x, allocatedFen: x.ceilingFen }));
  else {
    const B = BigInt(budgetFen);
    const T = BigInt(total);
    const parts = items.map((x, i) => {
      const p = BigInt(x.ceilingFen) * B;
      return { i, fen: Number(p / T), rest: p % T };
    });
    let left = budgetFen - parts.reduce((s, p) => s + p.fen, 0);
    const order = [...parts].sort((a, b) => (a.rest === b.rest ? a.i - b.i : a.rest > b.rest ? -1 : 1));
    for (const p of order) {
      if (left <= 0) break;
      if (p.rest === 0n) continue;
      p.fen += 1;
      left -= 1;
    }
    allocations = items.map((x, i) => ({ ...x, allocatedFen: parts[i]!.fen }));
  }
  if (share && share.length > 0) {
    const sum = share.reduce((s, x) => s + x, 0);
    for (const a of allocations) {
      const fens = share.slice(0, -1).map((w) => Number((BigInt(a.allocatedFen) * BigInt(w)) / BigInt(sum)));
      fens.push(a.allocatedFen - fens.reduce((s, x) => s + x, 0));
      a.sharesFen = fens;
    }
  }
  return { budgetFen, totalCeilingFen: total, allocatedFen: allocations.reduce((s, a) => s + a.allocatedFen, 0), reduced, allocations };
}
