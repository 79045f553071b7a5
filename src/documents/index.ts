/**
 * Official documents from the rule graph (DESIGN §6): rule graph + application + evaluation → view →
 * templates/KIND.hbs → document model → PDF (pdfmake) and DOCX (docx).
 *
 * Heavy libraries (handlebars, pdfmake, docx) load on first use, not when this module is imported.
 */
import type { Graph } from '../ir/schema.ts';
import { readApplication, type DocApplication } from './application.ts';
import { checkCoverage, configureFonts, loadFonts } from './fonts.ts';
export { standInText, configureFonts } from './fonts.ts';
import { DocumentError, type DocumentProblem } from './errors.ts';
import type { Block, DocKind, DocModel } from './model.ts';
import { renderModel } from './templates.ts';
import { buildView, callBenefits, type DocOptions, type PublicityEntry } from './views.ts';

export { DOC_KINDS, type DocKind, type DocModel, type Block } from './model.ts';
export { DocumentError, type DocumentProblem } from './errors.ts';
export { chineseDate } from './chinese.ts';
export { rmbCapitals, yuanFigures, parseYuan } from '../values/money.ts';
export type { DocOptions } from './views.ts';

export type DocFormat = 'pdf' | 'docx' | 'both';

export interface RenderedDocument {
  model: DocModel;
  pdf?: Uint8Array;
  docx?: Uint8Array;
  /** Things worth saying that did not stop the document (a placeholder document number …). */
  warnings: DocumentProblem[];
}

/**
 * Application data for a kind: one raw application (acceptance, rejection, certificate, form), several
 * (publicity), or none (call, policy, a blank form).
 */
export type DocData = unknown;

function prepare(graph: Graph, kind: DocKind, data: DocData): DocApplication | PublicityEntry[] | undefined {
  if (data === undefined) return undefined;
  if (kind === 'publicity') {
    const list = Array.isArray(data) ? data : [data];
    return list.map((raw, i) => ({ row: i + 1, data: readApplication(graph, raw) }));
  }
  return readApplication(graph, data);
}

/** The document model of a kind (validated data, evaluation, refusals, template); no PDF or DOCX yet. */
export async function buildModel(kind: DocKind, graph: Graph, data: DocData, opts: DocOptions = {}): Promise<{ model: DocModel; warnings: DocumentProblem[] }> {
  return buildModelFrom(kind, graph, prepare(graph, kind, data), opts);
}

/** The same from already validated applications (batches validate each row once). */
export async function buildModelFrom(
  kind: DocKind,
  graph: Graph,
  input: DocApplication | PublicityEntry[] | undefined,
  opts: DocOptions = {},
): Promise<{ model: DocModel; warnings: DocumentProblem[] }> {
  configureFonts(opts.fonts);
  const { view, warnings } = buildView(kind, graph, input, opts);
  const model = await renderModel(kind, view);
  if (kind === 'call') await appendForms(model, graph, opts);
  checkCoverage(model, loadFonts().faces);
  return { model, warnings };
}

/**
 * The 申报表 a call names in its 附件说明, appended as its 附件 (GB/T 9704 §8): each on a new page, before
 * the 版记, its label (“附件1”, or “附件” when there is one) top left in 黑体, its title on the third line,
 * then the form. The form's warnings were the call's already.
 */
async function appendForms(model: DocModel, graph: Graph, opts: DocOptions): Promise<void> {
  const benefits = callBenefits(graph, opts);
  const pages: Block[] = [];
  for (const [i, b] of benefits.entries()) {
    const { view } = buildView('form', graph, undefined, { ...opts, benefit: b.id });
    const form = await renderModel('form', view);
    pages.push({ type: 'pageBreak' }, { type: 'attachmentLabel', text: benefits.length > 1 ? `附件${i + 1}` : '附件' }, ...form.blocks);
  }
  const at = model.blocks.findIndex((b) => b.type === 'colophon');
  model.blocks.splice(at < 0 ? model.blocks.length : at, 0, ...pages);
}

export interface WriteOptions {
  /** The document's date (the PDF's CreationDate). */
  date?: string;
  /** The office's seal as PNG bytes: placed over the signature of documents that carry one. None by default. */
  seal?: Uint8Array;
  /** Embed the fonts, subset, in the DOCX (default true). */
  embedFonts?: boolean;
}

/** A seal image must be a PNG (checked by its signature bytes). */
export function checkSeal(seal: Uint8Array, name = '印章'): void {
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (seal.length < 24 || png.some((b, i) => seal[i] !== b)) throw new DocumentError({ code: 'POL6022', args: [name] });
}

/** Write a model in the formats asked for. */
export async function writeModel(model: DocModel, format: DocFormat, opts: WriteOptions = {}): Promise<{ pdf?: Uint8Array; docx?: Uint8Array }> {
  if (opts.seal) checkSeal(opts.seal);
  const out: { pdf?: Uint8Array; docx?: Uint8Array } = {};
  // the DOCX puts the 版记 on the page the PDF's layout gave it (laid out for that alone when no PDF is asked for)
  const placement = { page: 0, lastText: 0 };
  const pdf = format !== 'docx' || model.blocks.some((b) => b.type === 'colophon') ? await (await import('./to-pdf.ts')).toPdf(model, { ...opts, placement }) : undefined;
  if (format === 'pdf' || format === 'both') out.pdf = pdf;
  if (format === 'docx' || format === 'both') out.docx = await (await import('./to-docx.ts')).toDocx(model, { ...opts, placement });
  return out;
}

/**
 * Render one document of a kind as PDF and/or DOCX bytes. Throws DocumentError (POL6xxx, or POL4002
 * for a draft without an issuance date) when the document must be refused: invalid data, a certificate
 * above the evaluated ceiling, a character the font lacks …
 */
export async function renderDocument(kind: DocKind, graph: Graph, data: DocData, format: DocFormat = 'pdf', opts: DocOptions = {}): Promise<RenderedDocument> {
  const { model, warnings } = await buildModel(kind, graph, data, opts);
  return { model, warnings, ...(await writeModel(model, format, { ...(opts.date ? { date: opts.date } : {}), ...(opts.seal ? { seal: opts.seal } : {}), ...(opts.embedFonts === false ? { embedFonts: false } : {}) })) };
}
