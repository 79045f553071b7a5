/**
 * Documents issued at workflow steps (DESIGN §7): 受理通知书 on acceptance, 不予支持通知书 on rejection
 * (with the reasons), 公示 when publishing, 奖励证书 on approval. The documents stage renders them; this
 * module only says what to render and turns the result into files kept with the application.
 *
 * Rendered on first request: a step records what its document is (kind, issuing unit, reasons, amount, date)
 * in the same transaction as the step, and `pol wf docs` (or the server's documents route) renders the
 * requests not rendered yet and keeps the files. A step therefore costs no rendering (`wf act` stays as
 * cheap as one transaction), and a document is rendered at most once: two readers racing both render, the
 * first one's files are kept.
 */
import type { Graph } from '../ir/schema.ts';
import type { CalendarDate } from './calendar.ts';
import type { Action, DocumentKind } from './machine.ts';
import { StoreUnusable, type ApplicationRecord, type NewDocument, type Store, type StoredDocument } from '../store/types.ts';

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

/** Renders the documents of one step; may return none. */
export type DocumentIssuer = (req: StepDocumentRequest) => Promise<IssuedDocuments>;

/** Issues nothing: for batches and benchmarks that do not want documents. */
export const noDocuments: DocumentIssuer = async () => ({ documents: [], warnings: [] });

/** The files of an application: those rendered before, and the requests not rendered yet, rendered now and kept (when the store can be written). */
export async function renderDocuments(store: Store, graph: Graph, rec: ApplicationRecord, issuer: DocumentIssuer): Promise<{ documents: StoredDocument[]; warnings: string[] }> {
  const requests = await store.documentRequests(rec.id);
  let docs = await store.documents(rec.id);
  const done = new Set(docs.map((d) => d.requestSeq));
  const warnings: string[] = [];
  const unsaved: StoredDocument[] = [];
  let saved = false;
  for (const r of requests) {
    if (done.has(r.seq)) continue;
    const out = await issuer({ kind: r.kind as DocumentKind, action: r.action as Action, graph, application: rec, unit: r.unit, reasons: r.reasons, today: r.on, ...(r.amountFen !== null ? { amountFen: r.amountFen } : {}) });
    warnings.push(...out.warnings);
    try {
      await store.saveDocuments(r.seq, out.documents);
      saved = true;
    } catch (e) {
      // A read-only store still shows its documents; they are rendered again next time.
      if (!(e instanceof StoreUnusable && e.why === 'readonly')) throw e;
      unsaved.push(...out.documents.map((d, i) => ({ ...d, seq: -(unsaved.length + i + 1), applicationId: rec.id, requestSeq: r.seq, on: r.on })));
    }
  }
  if (saved) docs = await store.documents(rec.id);
  return { documents: [...docs, ...unsaved], warnings };
}
