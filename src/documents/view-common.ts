/**
 * What every view shares: options, dates, the issuing unit, the document number, the benefit a document
 * is about, and the evaluation of an application.
 */
import type { Benefit, Graph } from '../ir/schema.ts';
import { evaluate, validityWindow, type EvalResult } from '../eval/index.ts';
import { isCalendarDate } from '../syntax/literals.ts';
import type { DocApplication } from './application.ts';
import { chineseDate, todayInShanghai } from './chinese.ts';
import { durationText, quotedTitle, roleUnits, unitName } from './describe.ts';
import { docError, DocumentError, type DocumentProblem } from './errors.ts';
import type { DocKind } from './model.ts';

/** Options of a document (the CLI's flags). */
export interface DocOptions {
  /** Benefit id the document is about. */
  benefit?: string;
  /** 成文日期 YYYY-MM-DD; today in Asia/Shanghai when absent. */
  date?: string;
  /** 发文字号, e.g. 穗商务规字〔2024〕1号. */
  docNumber?: string;
  /** Issuance date of the policy (for a draft that has none). */
  issued?: string;
  /** Granted amount in fen for a certificate (overrides the application's grantedFen). */
  amountFen?: number;
  /** Extra grounds for a rejection. */
  reasons?: string[];
  /** 行政复议机关 named in a rejection (default: the people's government of the issuer's city). */
  reviewAuthority?: string;
  /** 联系人、联系电话、地址 printed on notices (objections to a 公示, questions on a letter). */
  contact?: { person?: string; phone?: string; address?: string };
  /** 抄送 of the 版记. */
  cc?: string;
  /**
   * The document number is assigned later by hand (`pol doc`; the workflow numbers its own): a blank
   * 〔年〕　号 is printed with a warning (POL6101). Otherwise a final notice without --doc-number is refused.
   */
  numberPending?: boolean;
  /** The office's typefaces: a font folder, a JSON role → file map, or `system` (POL_FONTS when absent). */
  fonts?: string;
  /** The office's seal (PNG bytes), placed over the signature; no seal is drawn without one. */
  seal?: Uint8Array;
  /** Embed the fonts, subset, in the DOCX (default true). */
  embedFonts?: boolean;
}

export interface Built {
  view: Record<string, unknown>;
  warnings: DocumentProblem[];
}

/** 〔2024〕 in brackets, a number with no leading zero, no 第. */
export const DOC_NUMBER = /^[^\s〔〕[\]［］()（）第]+〔\d{4}〕[1-9]\d*号$/;

export const AMOUNT_KINDS: DocKind[] = ['certificate', 'publicity', 'rejection'];

// ---- shared pieces

export function checkDate(date: string | undefined): string {
  const d = date ?? todayInShanghai();
  if (!isCalendarDate(d)) throw docError('POL6015', d);
  return d;
}

export function issuerName(graph: Graph, b?: Benefit): string {
  if (graph.policy.issuer) return unitName(graph, graph.policy.issuer);
  if (b) return roleUnits(graph, b, 'lead')[0] ?? '';
  return '';
}

export function docNumberOf(graph: Graph, kind: DocKind, opts: DocOptions, date: string, warnings: DocumentProblem[]): string {
  const given = opts.docNumber ?? (kind === 'policy' ? graph.policy.docNumber : undefined);
  if (given !== undefined) {
    if (!DOC_NUMBER.test(given.trim())) throw docError('POL6009', given);
    return given.trim();
  }
  const placeholder = `　　〔${date.slice(0, 4)}〕　号`;
  // a draft, or a number to be filled in by hand, may go out with a blank; a final notice may not
  if (!opts.numberPending && !isDraft(graph, opts)) throw docError('POL6020', KIND_NAMES[kind]);
  warnings.push({ code: 'POL6101', args: [placeholder.trim()] });
  return placeholder;
}

/** A 征求意见稿 not yet issued (no issuance date in the policy or the options): documents are drafts. */
export function isDraft(graph: Graph, opts: DocOptions): boolean {
  return graph.policy.status === 'draft' && !(opts.issued ?? graph.policy.issued);
}

export function common(graph: Graph, kind: DocKind, opts: DocOptions, b: Benefit | undefined, warnings: DocumentProblem[]) {
  const date = checkDate(opts.date);
  const issuer = issuerName(graph, b);
  return {
    date,
    view: {
      issuer,
      mark: `${issuer}文件`,
      date: chineseDate(date),
      year: date.slice(0, 4),
      docNumber: kind === 'form' || kind === 'certificate' ? '' : docNumberOf(graph, kind, opts, date, warnings),
      policyTitle: graph.policy.title,
      policyQuoted: quotedTitle(graph),
      draft: isDraft(graph, opts),
      draftNote: isDraft(graph, opts) ? '（征求意见稿）' : '',
      colophon: colophonOf(graph, kind, opts, issuer, date),
    },
  };
}

/** 版记 of a 文件-style document: 抄送 (when given), 印发机关 and 印发日期. */
function colophonOf(graph: Graph, kind: DocKind, opts: DocOptions, issuer: string, date: string): { cc: string; office: string; date: string } | false {
  if (!['call', 'policy', 'publicity'].includes(kind)) return false;
  const office = graph.policy.issuer ? (graph.units.find((u) => u.id === graph.policy.issuer)?.fullName ?? issuer) : issuer;
  return { cc: opts.cc?.trim() ?? '', office: office.endsWith('办公室') || office.endsWith('办公厅') ? office : `${office}办公室`, date: `${chineseDate(date)}印发` };
}

/** 联系人、电话、地址 as one sentence; blanks to fill in where not given. */
export function contactText(opts: DocOptions): string {
  const c = opts.contact ?? {};
  const blank = '　　　　';
  return `联系人：${c.person?.trim() || blank}，联系电话：${c.phone?.trim() || blank}，地址：${c.address?.trim() || blank}。`;
}

export function benefitById(graph: Graph, id: string): Benefit {
  const b = graph.benefits.find((x) => x.id === id);
  if (!b) throw docError('POL6006', id, graph.benefits.map((x) => x.id).join('、'));
  return b;
}

export function amountBenefits(graph: Graph): Benefit[] {
  return graph.benefits.filter((b) => b.hasAmount);
}

/** The benefit a document is about: --benefit, the application's `benefit`, or the only candidate. */
export function chooseBenefit(graph: Graph, kind: DocKind, id: string | undefined, candidates?: Benefit[]): Benefit {
  if (id) {
    const b = benefitById(graph, id);
    if (AMOUNT_KINDS.includes(kind) && !b.hasAmount) throw docError('POL6013', b.id, b.reference ?? '按相关政策给予支持', KIND_NAMES[kind]);
    return b;
  }
  const pool = candidates ?? (AMOUNT_KINDS.includes(kind) ? amountBenefits(graph) : graph.benefits);
  if (pool.length === 1) return pool[0]!;
  throw docError('POL6007', (AMOUNT_KINDS.includes(kind) ? amountBenefits(graph) : graph.benefits).map((x) => x.id).join('、'));
}

export const KIND_NAMES: Record<DocKind, string> = {
  form: '申报表',
  call: '申报通知',
  acceptance: '受理通知书',
  rejection: '不予支持通知书',
  publicity: '公示',
  certificate: '奖励证书',
  policy: '政策文件',
};

/** The evaluation of an application; `explain: false` skips reasons and traces (the fast path). */
export function evaluated(graph: Graph, d: DocApplication, opts: DocOptions, explain = true): EvalResult[] {
  const { error } = validityWindow(graph, opts.issued);
  if (error) {
    const v = graph.policy.validity;
    throw new DocumentError({ code: 'POL4002', args: [graph.policy.id, v && v.kind === 'fromIssuance' ? durationText(v) : ''] });
  }
  const out = evaluate(graph, d.app, { ...(opts.issued ? { issued: opts.issued } : {}), explain });
  const err = out.diagnostics.find((x) => x.severity === 'error');
  if (err) throw new DocumentError({ code: 'POL6017', args: [err.path ?? '（整体）', err.message] });
  return out.results;
}

export function applicantName(d: DocApplication): string {
  return d.app.applicant.name ?? d.app.applicant.id;
}

/** A document about an application is not dated before it. */
export function notBefore(date: string, d: DocApplication): void {
  if (date < d.app.date) throw docError('POL6019', date, d.app.date);
}
