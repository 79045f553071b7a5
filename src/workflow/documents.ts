/**
 * Documents issued at workflow steps (DESIGN §7): 受理通知书 on acceptance, 不予支持通知书 on rejection
 * (with the reasons), 公示 when publishing, and the 奖励证书 / 资金扶持确认书 once the 公示 of its amount has
 * ended without an upheld objection (at the first step after the period; at approval in a workflow without
 * publicity). The documents stage renders them; this module only says what to render and turns the result
 * into files kept with the application.
 *
 * Numbered: each request gets its 发文字号 in the same transaction as its step, the next of a never-reused
 * sequence per (policy, kind, year): 〔2026〕1号, 2号 … after the issuer's 机关代字 and the kind's mark
 * ({@link numberingOf}). Rendering again shows the same number.
 *
 * Rendered on first request: a step records what its document is (kind, issuing unit, reasons, amount, date)
 * in the same transaction as the step, and `pol wf docs` (or the server's documents route) renders the
 * requests not rendered yet and keeps the files. A step therefore costs no rendering (`wf act` stays as
 * cheap as one transaction), and a document is rendered at most once: two readers racing both render, the
 * first one's files are kept.
 */
import { codedMessage } from '../diagnostics/catalog.ts';
import type { Graph } from '../ir/schema.ts';
import { dayNumber, type CalendarDate } from './calendar.ts';
import { machineOf } from './define.ts';
import type { Action, DocumentKind, Machine } from './machine.ts';
import { StoreUnusable, type ApplicationRecord, type DocumentNumbering, type NewDocument, type Store, type StoredDocument, type StoredDocumentRequest } from '../store/types.ts';

/** What a step's document is about. */
export interface StepDocumentRequest {
  kind: DocumentKind;
  action: Action;
  graph: Graph;
  /** The application as it stands after the transition. */
  application: ApplicationRecord;
  /** The unit that acted (issuing unit of the document). */
  unit: string;
  /** Why (the note of a rejection, and the evaluation's reasons). */
  reasons: string[];
  /** The amount granted (approve) or proposed (publish), fen. */
  amountFen?: number;
  today: CalendarDate;
  /** Its 发文字号, allocated with the step (穗商务受〔2026〕1号). */
  docNumber: string;
}

/** The files a step issued, and why one could not be made (the step still happens). */
export interface IssuedDocuments {
  documents: NewDocument[];
  warnings: string[];
}

/** A document's title: a support or subsidy gets a 资金扶持确认书 where an award gets a 奖励证书. */
export function documentTitle(graph: Graph, benefit: string, kind: string): string {
  return kind === '奖励证书' && graph.benefits.find((b) => b.id === benefit)?.kind !== 'award' ? '资金扶持确认书' : kind;
}

/** Each kind's mark after the 机关代字, so that two kinds never print the same number (受, 函, 公, 奖, 扶). */
const KIND_MARK: Record<string, string> = { 受理通知书: '受', 不予支持通知书: '函', 公示: '公', 奖励证书: '奖', 资金扶持确认书: '扶' };

/** Characters a 发文字号's 机关代字 cannot hold (GB/T 9704: the year follows in 〔〕). */
const NOT_IN_MARK = /[\s〔〕[\]［］()（）第]/g;

/**
 * The issuer's 机关代字: the one in the policy's own 文号 (穗商务规字〔2024〕1号 → 穗商务), else the issuing
 * unit's name as the policy declares it (发布), else the acting unit's.
 */
export function issuerMark(graph: Graph, unit: string): string {
  const own = graph.policy.docNumber?.split('〔')[0]?.replace(/(规字|规|函|字|发)$/, '').replace(NOT_IN_MARK, '');
  return own || (graph.policy.issuer ?? unit).replace(NOT_IN_MARK, '');
}

/** How the document of `kind` issued on `on` is numbered: its own sequence per (policy, kind as printed, year). */
export function numberingOf(graph: Graph, benefit: string, kind: DocumentKind, unit: string, on: CalendarDate): DocumentNumbering {
  const title = documentTitle(graph, benefit, kind);
  return { policyId: graph.policy.id, kind: title, year: Number(on.slice(0, 4)), prefix: `${issuerMark(graph, unit)}${KIND_MARK[title] ?? ''}` };
}

/**
 * Whether a recorded request is issued now. Every request is, except a certificate recorded before the end
 * of a publicity period (a publicity step that ends the workflow records it with the 公示; a database from
 * before this rule recorded it at approval): it is issued only when it is the latest certificate, the grant
 * stands, the period is over (`today` after its last day) and no step ahead issues one. An upheld objection
 * voids the grant and the period, so it is never issued.
 */
export function isIssued(m: Machine, rec: ApplicationRecord, r: StoredDocumentRequest, requests: readonly StoredDocumentRequest[], today: CalendarDate): boolean {
  if (r.kind !== '奖励证书' || !m.publicityStep || (r.action !== 'approve' && r.action !== 'publish')) return true;
  const latest = requests.filter((x) => x.kind === '奖励证书').at(-1) === r;
  const ahead = m.transitions.some((t) => t.from === rec.state && t.document === '奖励证书');
  return latest && !ahead && rec.grantedFen !== null && rec.publicity !== null && dayNumber(today) > dayNumber(rec.publicity.until);
}

/** The requests of an application that are issued on `today` ({@link isIssued}). */
export async function issuedRequests(store: Store, graph: Graph, rec: ApplicationRecord, today: CalendarDate): Promise<StoredDocumentRequest[]> {
  const requests = await store.documentRequests(rec.id);
  const m = machineOf(graph, rec.workflow);
  return requests.filter((r) => isIssued(m, rec, r, requests, today));
}

/** Renders the documents of one step; may return none. */
export type DocumentIssuer = (req: StepDocumentRequest) => Promise<IssuedDocuments>;

/** Issues nothing: for batches and benchmarks that do not want documents. */
export const noDocuments: DocumentIssuer = async () => ({ documents: [], warnings: [] });

/**
 * The files of an application issued on `today`: those rendered before, and the requests not rendered yet,
 * rendered now and kept (when the store can be written). A request recorded before documents were numbered
 * gets its number first; on a read-only store it is left out with a warning (never a placeholder number).
 */
export async function renderDocuments(
  store: Store,
  graph: Graph,
  rec: ApplicationRecord,
  issuer: DocumentIssuer,
  today: CalendarDate,
): Promise<{ documents: StoredDocument[]; warnings: string[] }> {
  const requests = await issuedRequests(store, graph, rec, today);
  const issued = new Set(requests.map((r) => r.seq));
  const kept = async () => (await store.documents(rec.id)).filter((d) => issued.has(d.requestSeq));
  let docs = await kept();
  const done = new Set(docs.map((d) => d.requestSeq));
  const warnings: string[] = [];
  const unsaved: StoredDocument[] = [];
  let saved = false;
  for (const r of requests) {
    if (done.has(r.seq)) continue;
    let docNumber = r.docNumber;
    try {
      docNumber ??= await store.numberDocument(r.seq, numberingOf(graph, rec.benefit, r.kind as DocumentKind, r.unit, r.on));
    } catch (e) {
      if (!(e instanceof StoreUnusable && e.why === 'readonly')) throw e;
      warnings.push(codedMessage('POL5140', [documentTitle(graph, rec.benefit, r.kind)]));
      continue;
    }
    const out = await issuer({
      kind: r.kind as DocumentKind,
      action: r.action as Action,
      graph,
      application: rec,
      unit: r.unit,
      reasons: r.reasons,
      today: r.on,
      docNumber,
      ...(r.amountFen !== null ? { amountFen: r.amountFen } : {}),
    });
    warnings.push(...out.warnings);
    try {
      await store.saveDocuments(r.seq, out.documents);
      saved = true;
    } catch (e) {
      // A read-only store still shows its documents; they are rendered again next time (with the same number).
      if (!(e instanceof StoreUnusable && e.why === 'readonly')) throw e;
      unsaved.push(...out.documents.map((d, i) => ({ ...d, seq: -(unsaved.length + i + 1), applicationId: rec.id, requestSeq: r.seq, on: r.on })));
    }
  }
  if (saved) docs = await kept();
  return { documents: [...docs, ...unsaved], warnings };
}
