/**
 * The evaluation contract (DESIGN §5): what an application looks like and what `evaluate` returns.
 * Money in the application's `facts` is in yuan (at most two decimals); every amount the evaluator
 * returns or reads from history is integer fen (分).
 */

/** One past grant of a benefit to the applicant (from the application's `history` or the workflow's ledger). */
export interface GrantRecord {
  /** Benefit id, e.g. `品牌推广扶持`. */
  benefit: string;
  /** Date of the grant, YYYY-MM-DD. */
  date: string;
  /** Amount granted, integer fen. */
  grantedFen: number;
  /** The project it was granted for, when known. */
  project?: string;
  /** The applicant it was granted to; records of another applicant are ignored. */
  applicantId?: string;
}

/** Funds a project already received from another level of government (for 不重复支持). */
export interface OtherFunding {
  level: 'national' | 'provincial' | 'municipal';
  project: string;
  amountFen?: number;
}

export interface ListStatus {
  /** The applicant is on the list (入选). */
  member: boolean;
  /** The applicant entered the list for the first time (首次入选). */
  firstTime?: boolean;
}

/** An application as DESIGN §5 defines it. */
export interface Application {
  /** Application date, YYYY-MM-DD (Asia/Shanghai calendar date). */
  date: string;
  applicant: { id: string; name?: string; kind: string; district?: string };
  project?: string;
  /** Values of the policy's inputs: money in yuan (≤ 2 decimals), percent as a number of percent, counts as numbers, dates YYYY-MM-DD, bools. */
  facts: Record<string, number | boolean | string>;
  lists?: Record<string, ListStatus>;
  history?: GrantRecord[];
  otherFunding?: OtherFunding[];
  /** CNY per unit of a foreign currency, e.g. `{ "USD": 7.1 }`, for comparisons across currencies. */
  exchangeRates?: Record<string, number>;
}

export interface EvalOptions {
  /** Issuance date YYYY-MM-DD; overrides the graph's (`--issued`). */
  issued?: string;
  /**
   * Also report the benefits by reference (参照) with their conditions checked, in `referenced` (no ceiling).
   * Off by default, so the output keeps the shape of DESIGN §5; `pol test` asks for it.
   */
  referenced?: boolean;
  /** Further grants to the applicant (the workflow's ledger), read like `history`. */
  ledger?: GrantRecord[];
  /**
   * The date (YYYY-MM-DD) whose calendar year the annual caps (每年) count grants in; default the application's
   * date. The workflow passes the approval date, the year by which its ledger rows are dated (DESIGN §7).
   */
  capDate?: string;
  /**
   * Build reasons and traces (default true). With false, results carry only eligibility and
   * ceilings (reasons and trace empty, shared frozen arrays): the fast path for batch screening and benchmarks.
   */
  explain?: boolean;
}

/** One evaluated node of the rule graph. */
export interface TraceEntry {
  /** Node id in the graph. */
  node: string;
  /** input, define, or the expression op (mul, cmp, tiers …). */
  op: string;
  /** Source text of the node. */
  text: string;
  /** The value: money in integer fen, bools, dates and texts as is, ratios and counts as decimal numbers; null when unknown. */
  value: number | boolean | string | null;
  /** The value as a person reads it (150万元, 50%, 是). */
  display: string;
  /** Operand node ids. */
  args: string[];
}

export interface EvalResult {
  benefit: string;
  measure: string;
  eligible: boolean;
  /** The most the applicant may receive, integer fen; 0 when not eligible. */
  ceilingFen: number;
  /** Chinese reasons citing the measure (依据第三条……). */
  reasons: string[];
  trace: TraceEntry[];
}

export interface EvalDiagnostic {
  code: string;
  severity: 'error' | 'warning';
  message: string;
  /** The application field concerned, e.g. `facts.推广费用`. */
  path?: string;
}

export interface EvalOutput {
  policy: string;
  date: string;
  results: EvalResult[];
  /**
   * Benefits granted by reference (参照: 按相关政策给予支持, 一事一议) whose conditions were checked:
   * eligible or not, with reasons, and never a ceiling (the policy states none). With explanations only.
   */
  referenced?: ReferencedResult[];
  diagnostics: EvalDiagnostic[];
}

/** A benefit by reference (参照): its conditions checked, no amount. */
export interface ReferencedResult {
  benefit: string;
  measure: string;
  eligible: boolean;
  /** What the amount follows (相关政策, 一事一议、一企一策). */
  reference: string;
  reasons: string[];
}

/** A bad field of an application. */
export interface InputError {
  path: string;
  message: string;
}

/** The days an application may be dated, inclusive; `to` absent = open-ended. */
export interface ValidityWindow {
  from?: string;
  to?: string;
  /** How the policy states it, for reasons: 自印发之日起3年. */
  text: string;
}
