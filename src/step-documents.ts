/**
 * The documents of the workflow's steps, rendered by the documents stage: the issuer that `pol wf docs` and
 * `pol serve` hand to the workflow. It sits above both stages, so neither reads the other.
 */
import type { NewDocument } from './store/types.ts';
import { documentTitle, type DocumentIssuer } from './workflow/documents.ts';
import type { DocumentKind } from './workflow/machine.ts';

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
  const docs = await import('./documents/index.ts');
  const rec = req.application;
  const data = req.amountFen !== undefined && req.kind !== '不予支持通知书' ? { ...(rec.application as object), grantedFen: req.amountFen } : rec.application;
  try {
    const out = await docs.renderDocument(KIND[req.kind], req.graph, data, 'both', {
      benefit: rec.benefit,
      date: req.today,
      // the 发文字号 the step was given (a certificate prints it as 编号)
      docNumber: req.docNumber,
      ...(rec.issued ? { issued: rec.issued } : {}),
      ...(req.amountFen !== undefined && req.kind !== '不予支持通知书' ? { amountFen: req.amountFen } : {}),
      ...(req.kind === '不予支持通知书' ? { reasons: req.reasons } : {}),
    });
    const kind = documentTitle(req.graph, rec.benefit, req.kind);
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

