/**
 * Documents issued at workflow steps (DESIGN §7): 受理通知书 on acceptance, 不予支持通知书 on rejection
 * (with the reasons), 公示 when publishing, 奖励证书 on approval. The documents stage renders them; this
 * module only says what to render and turns the result into files kept with the application.
 */
import type { Graph } from '../ir/schema.ts';
import type { CalendarDate } from './calendar.ts';
import type { Action, DocumentKind } from './machine.ts';
import type { ApplicationRecord, NewDocument } from './records.ts';

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

/** Renders the documents of one step; may return none. */
export type DocumentIssuer = (req: StepDocumentRequest) => Promise<IssuedDocuments>;

/** Issues nothing: for batches and benchmarks that do not want documents. */
export const noDocuments: DocumentIssuer = async () => ({ documents: [], warnings: [] });

const KIND: Record<DocumentKind, 'acceptance' | 'rejection' | 'publicity' | 'certificate'> = {
  受理通知书: 'acceptance',
  不予支持通知书: 'rejection',
  公示: 'publicity',
  奖励证书: 'certificate',
};

/**
 * The documents stage's writers (src/documents, loaded on first use): each step's document as PDF and
 * DOCX, from the application as filed, the benefit, the business date, and the amount or the reasons.
 * A document the writers refuse (DocumentError) is reported as a warning; the transition goes ahead.
 */
export const defaultDocuments: DocumentIssuer = async (req) => {
  const docs = await import('../documents/index.ts');
  const rec = req.application;
  const data = req.amountFen !== undefined && req.kind !== '不予支持通知书' ? { ...(rec.application as object), grantedFen: req.amountFen } : rec.application;
  try {
    const out = await docs.renderDocument(KIND[req.kind], req.graph, data, 'both', {
      benefit: rec.benefit,
      date: req.today,
      // the workflow assigns no 发文字号 yet: a blank number for the office to fill in by hand
      numberPending: true,
      ...(rec.issued ? { issued: rec.issued } : {}),
      ...(req.amountFen !== undefined && req.kind !== '不予支持通知书' ? { amountFen: req.amountFen } : {}),
      ...(req.kind === '不予支持通知书' ? { reasons: req.reasons } : {}),
    });
    // a support or subsidy gets a 资金扶持确认书 where an award gets a 奖励证书
    const kind = req.kind === '奖励证书' && req.graph.benefits.find((b) => b.id === rec.benefit)?.kind !== 'award' ? '资金扶持确认书' : req.kind;
    const base = `${rec.id}-${kind}-${req.today}`;
    const documents: NewDocument[] = [];
    if (out.pdf) documents.push({ kind, action: req.action, fileName: `${base}.pdf`, mediaType: 'application/pdf', bytes: out.pdf });
    if (out.docx) {
      documents.push({ kind, action: req.action, fileName: `${base}.docx`, mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', bytes: out.docx });
    }
    return { documents, warnings: [] };
  } catch (e) {
    if (e instanceof docs.DocumentError) return { documents: [], warnings: [`《${req.kind}》未能生成：${e.messages().join('；')}`] };
    throw e;
  }
};
