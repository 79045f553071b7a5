/**
 * The AST of a .pol file: a discriminated union on `kind`, a `span` on every node.
 * Built by the grammar's actions (build-ast.ts); read by the checker and the lowering to the rule graph.
 */
import type { Span } from '../diagnostics/span.ts';
import type { DurationUnit } from '../values/duration.ts';

export interface Name {
  text: string;
  span: Span;
}

export interface Str {
  value: string;
  span: Span;
}

export type ActorRef =
  | { kind: 'applicant'; span: Span }
  | { kind: 'lead'; span: Span }
  | { kind: 'cooperate'; span: Span }
  | { kind: 'unit'; name: Name; span: Span };

export type Validity =
  | { kind: 'fromIssuance'; amount: number; unit: DurationUnit; span: Span }
  | { kind: 'range'; from: string; to: string; span: Span };

export interface PolicyDecl {
  kind: 'policy';
  id: Name;
  title: Str;
  status?: { value: PolicyStatus; span: Span };
  /** 废止 with a date: applications dated on or after it are not eligible. */
  repealedOn?: { value: string; span: Span };
  /** A lead unit stated once for the whole policy: clauses without their own lead take it. */
  lead?: UnitsItem;
  issuer?: Name;
  docNumber?: Str;
  basis: Str[];
  issued?: { value: string; span: Span };
  validity?: Validity;
  preamble?: Str;
  closing?: Str;
  /** 接续：旧名 → 新名 (a dropped or renamed benefit and the benefit of this version that continues it). */
  successors: { from: Name; to: Name; span: Span }[];
  /** 汇率：1美元 = 7.1元 — per foreign currency, CNY per unit (it wins over the application's exchangeRates). */
  exchangeRates?: ExchangeRateDecl[];
  /** 年度资金总额：800万元 — the budget of a round (pol allocate without --budget). */
  budget?: { value: Literal; span: Span };
  /** 分担：市、区 按 6:4 — the funders (may be absent) and their weights (pol allocate without --share). */
  share?: { funders: Name[]; weights: { value: number; text: string; span: Span }[]; span: Span };
  span: Span;
}

export interface ExchangeRateDecl {
  /** 1美元 */
  foreign: Literal;
  /** 7.1元 (read without the fen limit: a rate may have four decimals) */
  yuan: { text: string; value: number; currency: string };
  span: Span;
}

/** 征求意见稿 draft, 正式 official, 试行 trial, 暂行 interim, 废止 repealed. */
export type PolicyStatus = 'draft' | 'official' | 'trial' | 'interim' | 'repealed';

export interface UnitDecl {
  kind: 'unit';
  name: Name;
  fullName: Str;
  district?: Str;
  span: Span;
}

export interface GroupDecl {
  kind: 'group';
  name: Name;
  fullName: Str;
  members: Name[];
  span: Span;
}

export interface ListDecl {
  kind: 'list';
  name: Name;
  title: Str;
  span: Span;
}

export interface KindDecl {
  kind: 'applicantKind';
  name: Name;
  title: Str;
  code: Name;
  span: Span;
}

export type TypeRef =
  | { kind: 'money'; currency: string; span: Span }
  | { kind: 'count'; unit?: string; span: Span }
  | { kind: 'percent'; span: Span }
  | { kind: 'bool'; span: Span }
  | { kind: 'date'; span: Span }
  | { kind: 'duration'; span: Span }
  | { kind: 'text'; span: Span }
  | { kind: 'choice'; options: Name[]; span: Span }
  /** 清单(日期：日期，金额：金额，…): a list of items, each with these typed fields */
  | { kind: 'items'; fields: ItemField[]; span: Span };

/** A field of an item list: `金额：金额`. */
export interface ItemField {
  name: Name;
  type: TypeRef;
  span: Span;
}

export interface InputDecl {
  kind: 'input';
  name: Name;
  type: TypeRef;
  description?: Str;
  span: Span;
}

export interface DefineDecl {
  kind: 'define';
  name: Name;
  expr: Expr;
  span: Span;
}

export interface UnitsItem {
  kind: 'units';
  role: 'lead' | 'responsible' | 'cooperate';
  names: Name[];
  span: Span;
}

export interface Cap {
  kind: 'cap';
  expr: Expr;
  /** once: a per-application ceiling; perYear: per applicant per calendar year; total: per applicant over the validity */
  scope: 'once' | 'perYear' | 'total';
  span: Span;
}

export interface AmountSpec {
  kind: 'amount';
  base?: Expr;
  caps: Cap[];
  /** 取整至 1万元: the amount after its caps, rounded down to a multiple of `unit`. */
  roundAfter?: { unit: Expr; span: Span }[];
  span: Span;
}

export type BenefitKind = 'award' | 'support' | 'subsidy';

export interface BenefitDecl {
  kind: 'benefit';
  benefitKind: BenefitKind;
  name: Name;
  title: Str;
  applicants: Name[];
  conditions: Expr[];
  inputs: InputDecl[];
  amount?: AmountSpec;
  oneTime?: Span;
  reference?: Str;
  text?: Str;
  /** every item in source order, for the formatter */
  items: BenefitItem[];
  span: Span;
}

export type BenefitItem =
  | { kind: 'for'; names: Name[]; span: Span }
  | { kind: 'when'; exprs: Expr[]; span: Span }
  | { kind: 'oneTime'; span: Span }
  | { kind: 'reference'; value: Str; span: Span }
  | { kind: 'text'; value: Str; span: Span }
  | InputDecl
  | AmountSpec;

export interface TextItem {
  kind: 'text';
  value: Str;
  span: Span;
}

export type ClauseItem = TextItem | UnitsItem | BenefitDecl | InputDecl | DefineDecl;

export interface ClauseDecl {
  kind: 'clause';
  number: { value: number; span: Span };
  items: ClauseItem[];
  span: Span;
}

export type MeasureItem = ClauseItem | ClauseDecl | RulesBlock;

export interface MeasureDecl {
  kind: 'measure';
  number: { value: number; span: Span };
  title: Str;
  items: MeasureItem[];
  span: Span;
}

export type FundingLevel = 'national' | 'provincial' | 'municipal';

export type RuleItem =
  | { kind: 'noDoubleFunding' | 'topUp'; levels: { value: FundingLevel; span: Span }[]; span: Span }
  | { kind: 'highestOnly'; span: Span };

export interface RulesBlock {
  kind: 'rules';
  items: RuleItem[];
  span: Span;
}

export type { DurationUnit };

export interface Duration {
  amount: number;
  unit: DurationUnit;
  span: Span;
}

export interface StepDecl {
  kind: 'step';
  name: Name;
  actor?: ActorRef;
  limit?: Duration;
  publicity?: Duration;
  returnTo?: Name;
  span: Span;
}

export interface WorkflowDecl {
  kind: 'workflow';
  name: Name;
  title?: Str;
  applies: Name[];
  steps: StepDecl[];
  /** items in source order, for the formatter */
  items: ({ kind: 'applies'; names: Name[]; span: Span } | StepDecl)[];
  span: Span;
}

/** 计量单位：间夜，标准展位 — count units declared by the policy. */
export interface CountUnitsDecl {
  kind: 'countUnits';
  names: Name[];
  span: Span;
}

export type TopDecl =
  | CountUnitsDecl
  | PolicyDecl
  | UnitDecl
  | GroupDecl
  | ListDecl
  | KindDecl
  | InputDecl
  | DefineDecl
  | MeasureDecl
  | RulesBlock
  | WorkflowDecl;

export interface PolFile {
  kind: 'file';
  file: string;
  decls: TopDecl[];
  comments: { text: string; span: Span }[];
  span: Span;
}

// ---- expressions

export type CmpOp = '>=' | '<=' | '>' | '<' | '=' | '!=';
export type ArithOp = '+' | '-' | '*' | '/';

/** A literal's value, exact: money in fen (of its currency), percent as a ratio num/den, counts as decimals. */
export type Literal =
  | { type: 'money'; fen: number; currency: string; perUnit?: string; text: string }
  | { type: 'percent'; num: number; den: number; text: string }
  | { type: 'count'; value: number; unit: string; text: string }
  | { type: 'number'; value: number; text: string }
  | { type: 'duration'; amount: number; unit: DurationUnit; text: string }
  | { type: 'date'; value: string; text: string }
  | { type: 'text'; value: string; text: string };

export type Expr =
  | { kind: 'literal'; value: Literal; span: Span }
  | { kind: 'ref'; name: Name; span: Span }
  | { kind: 'binary'; op: ArithOp; left: Expr; right: Expr; span: Span }
  | { kind: 'compare'; op: CmpOp; word?: string; left: Expr; right: Expr; span: Span }
  | { kind: 'logic'; op: 'and' | 'or'; args: Expr[]; span: Span }
  | { kind: 'not'; arg: Expr; span: Span }
  | { kind: 'if'; cond: Expr; then: Expr; else: Expr; span: Span }
  | { kind: 'call'; fn: CallFn; args: Expr[]; span: Span }
  | { kind: 'appDate'; span: Span }
  | { kind: 'steps'; value: Expr; step: Expr; each: Expr; span: Span }
  | { kind: 'tiers'; value: Expr; bands: Band[]; span: Span }
  | { kind: 'lookup'; value: Expr; entries: LookupEntry[]; span: Span }
  | { kind: 'paren'; expr: Expr; span: Span }
  /** 发票.金额: a field of the items of a list input (inside 合计(…) / 笔数(…)) */
  | { kind: 'field'; list: Name; field: Name; span: Span }
  /** 申报人: the applicant, compared with a field (付款方 = 申报人) */
  | { kind: 'applicant'; span: Span };

/** Functions written `名称(参数, …)`: list membership, dates, growth, rounding. */
export type CallFn =
  | 'member'
  | 'firstEntry'
  | 'since'
  | 'growth'
  | 'roundDown'
  | 'yearsBetween'
  | 'monthsBetween'
  | 'timesGranted'
  | 'grantedLastYear'
  /** 合计(发票.金额，条件…): the sum of a field over the items that meet the conditions */
  | 'sumItems'
  /** 笔数(发票，条件…): the number of items that meet the conditions */
  | 'countItems';

export interface LookupEntry {
  key: Name;
  value: Expr;
  span: Span;
}

export interface Band {
  lower: Bound;
  upper: Bound;
  lowerInclusive: boolean;
  upperInclusive: boolean;
  value: Expr;
  span: Span;
}

export type Bound = { kind: 'infinity'; span: Span } | { kind: 'literal'; value: Literal; span: Span };
