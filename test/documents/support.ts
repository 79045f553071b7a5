/** Shared helpers of the document tests: the seed graph, fixtures, and reading PDF and DOCX back. */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DocData, DocFormat, DocKind, DocOptions, RenderedDocument } from '../../src/documents/index.ts';
import { compile } from '../../src/pipeline.ts';
import type { Graph } from '../../src/ir/schema.ts';
import { ROOT } from '../support/cli.ts';

export { ROOT };
export const SEED = join(ROOT, 'dsl/guangzhou-cbec.pol');
export const FIXTURES = join(ROOT, 'test/documents/fixtures');

let seed: Graph | undefined;

export function seedGraph(): Graph {
  if (!seed) {
    const r = compile(readFileSync(SEED, 'utf8'), SEED, {});
    if (!r.graph) throw new Error('the seed policy does not compile');
    seed = r.graph;
  }
  return seed;
}

/** Documents of the seed policy rendered so far in this worker, by format and arguments (rendered once, shared read-only). */
const renders = new Map<string, Promise<RenderedDocument>>();

/**
 * `renderDocument` of the seed policy, rendered once per worker for the same arguments: the test files share
 * the worker's modules (isolate: false), so a document several files check (the call of every benefit …) is
 * laid out once. A 'both' rendering serves a 'pdf' or 'docx' request; the result is shared: do not change it.
 */
export function seedDocument(kind: DocKind, data: DocData, format: DocFormat, opts: DocOptions): Promise<RenderedDocument> {
  const args = JSON.stringify([kind, data, opts], (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
  const known = (f: DocFormat) => renders.get(`${f} ${args}`) ?? (f === 'both' ? undefined : renders.get(`both ${args}`));
  const render = (f: DocFormat): Promise<RenderedDocument> => {
    const doc: Promise<RenderedDocument> = format === 'both' && f === 'both' && (known('pdf') || known('docx'))
      ? Promise.all([known('pdf') ?? render('pdf'), known('docx') ?? render('docx')]).then(([pdf, docx]) => ({ ...pdf, docx: docx.docx }))
      : import('../../src/documents/index.ts').then(({ renderDocument }) => renderDocument(kind, seedGraph(), data, f, opts));
    renders.set(`${f} ${args}`, doc);
    doc.catch(() => renders.delete(`${f} ${args}`));
    return doc;
  };
  return known(format) ?? render(format);
}

export function graphOf(source: string): Graph {
  const r = compile(source, 'test.pol', {});
  if (!r.graph) throw new Error(`does not compile: ${JSON.stringify(r.diagnostics.slice(0, 3))}`);
  return r.graph;
}

export function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as Record<string, unknown>;
}

export interface PdfItem {
  str: string;
  x: number;
  /** Baseline, in points from the top of the page. */
  top: number;
  size: number;
  width: number;
}

export interface PdfPage {
  width: number;
  height: number;
  items: PdfItem[];
}

/** The colours (RGB, 0–255) set and the paths drawn on a page (pdfjs operator list), in drawing order. */
export interface PdfDrawing {
  fills: number[][];
  strokes: number[][];
  /** The coordinates of each path (constructPath), in PDF units from the bottom left. */
  paths: number[][];
}

type Answer = { result?: unknown; error?: string };
let reader: { worker: Worker; waiting: Map<number, (r: Answer) => void>; next: number } | undefined;
/** What readPdf read, by the SHA-256 of the PDF: a document rendered once and read by several tests is parsed once. */
const read = new Map<string, Promise<PdfPage[]>>();

/**
 * Every page of a PDF with its text items (pdfjs-dist, legacy build for Node 20), read in a worker thread
 * (test/documents/pdf-reader.mjs: pdfjs's polyfills stay there) and once per distinct PDF; the pages are
 * shared, frozen.
 */
export function readPdf(bytes: Uint8Array): Promise<PdfPage[]> {
  return byContent(read, bytes, () => (askReader(new Uint8Array(bytes)) as Promise<PdfPage[]>).then(frozen));
}

/** What `read` gives for a file, read once per distinct content (SHA-256), forgotten if it fails. */
function byContent<T>(memo: Map<string, Promise<T>>, bytes: Uint8Array, read: () => Promise<T>): Promise<T> {
  const key = createHash('sha256').update(bytes).digest('hex');
  let value = memo.get(key);
  if (!value) {
    value = read();
    memo.set(key, value);
    value.catch(() => memo.delete(key));
  }
  return value;
}

/** Pages shared by every reader of a PDF: frozen, so a test that changed them would fail, not mislead another. */
function frozen(pages: PdfPage[]): PdfPage[] {
  for (const p of pages) {
    for (const i of p.items) Object.freeze(i);
    Object.freeze(p.items);
    Object.freeze(p);
  }
  return Object.freeze(pages) as PdfPage[];
}

/** What one page of a PDF draws: colours and paths (pdfjs, in the reader's worker thread). */
export async function pdfDrawing(bytes: Uint8Array, page: number): Promise<PdfDrawing> {
  return (await askReader(new Uint8Array(bytes), page)) as PdfDrawing;
}

function askReader(data: Uint8Array, page?: number): Promise<unknown> {
  if (!reader) {
    const worker = new Worker(new URL('./pdf-reader.mjs', import.meta.url));
    worker.unref();
    const waiting = new Map<number, (r: Answer) => void>();
    worker.on('message', (m: Answer & { id: number }) => {
      waiting.get(m.id)?.(m);
      waiting.delete(m.id);
    });
    worker.on('error', (e) => {
      for (const done of waiting.values()) done({ error: `the PDF reader failed: ${e.message}` });
      waiting.clear();
      reader = undefined;
    });
    reader = { worker, waiting, next: 0 };
  }
  const { worker, waiting } = reader;
  const id = reader.next++;
  return new Promise((resolve, reject) => {
    waiting.set(id, (r) => (r.error === undefined ? resolve(r.result) : reject(new Error(r.error))));
    worker.postMessage({ id, data, page }, [data.buffer as ArrayBuffer]);
  });
}

/** The text of a PDF in reading order, without the page numbers (— 1 —) below the text block. */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const pages = await readPdf(bytes);
  return pages.map((p) => p.items.map((i) => i.str).join('').replace(/—\s*\d+\s*—\s*$/, '')).join('');
}

/** What docxText read, by the SHA-256 of the DOCX (a document several tests read is parsed once). */
const docxTexts = new Map<string, Promise<string>>();

/** The text of a DOCX (mammoth), read once per distinct DOCX. */
export function docxText(bytes: Uint8Array): Promise<string> {
  return byContent(docxTexts, bytes, async () => {
    const mammoth = (await import('mammoth')).default;
    return (await mammoth.extractRawText({ buffer: Buffer.from(bytes) })).value;
  });
}

/** Text compared across formats: whitespace does not count (line breaks fall differently). */
export function squash(s: string): string {
  return s.replace(/\s+/g, '');
}

/** Whether a command-line tool is on PATH. */
export function hasTool(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).status === 0;
}

/** The XML of a part of a DOCX (document.xml, settings.xml, footer1.xml …). */
export async function docxPart(bytes: Uint8Array, part: string): Promise<string> {
  const JSZip = (await import('jszip')).default;
  const zip = await JSZip.loadAsync(bytes);
  const f = zip.file(part);
  if (!f) throw new Error(`no ${part} in the DOCX`);
  return f.async('string');
}

/** A font read back from a DOCX (fontkit). */
export interface EmbeddedFace {
  numGlyphs: number;
  hasGlyphForCodePoint(cp: number): boolean;
}

/**
 * The fonts a DOCX embeds, by the name word/fontTable.xml gives them, read back as Word reads them: each
 * .odttf de-obfuscated (ECMA-376 Part 1 §17.8.1: its first 32 bytes XOR the 16 bytes of the w:fontKey GUID,
 * taken from the GUID's last hex pair to its first, as LibreOffice's writerfilter does) and parsed by fontkit.
 * A name with no embedded font is absent; a font that does not de-obfuscate into a font throws.
 */
export async function docxFonts(bytes: Uint8Array): Promise<Map<string, EmbeddedFace>> {
  const JSZip = (await import('jszip')).default;
  const { requireFromPdfmake } = await import('../../src/documents/fonts.ts');
  const fontkit = requireFromPdfmake(['pdfmake', 'pdfkit', 'fontkit']) as { create(b: Buffer): EmbeddedFace };
  const zip = await JSZip.loadAsync(bytes);
  const table = await docxPart(bytes, 'word/fontTable.xml');
  const rels = await docxPart(bytes, 'word/_rels/fontTable.xml.rels');
  const targets = new Map([...rels.matchAll(/<Relationship [^>]*>/g)].map((m) => [/Id="([^"]+)"/.exec(m[0])?.[1], /Target="([^"]+)"/.exec(m[0])?.[1]]));
  const out = new Map<string, EmbeddedFace>();
  for (const [, name, body] of table.matchAll(/<w:font w:name="([^"]+)">(.*?)<\/w:font>/gs)) {
    const embed = /<w:embedRegular r:id="([^"]+)" w:fontKey="(\{[0-9A-F-]{36}\})"\/>/.exec(body!);
    if (!embed) continue;
    const file = zip.file(`word/${targets.get(embed[1])}`);
    if (!file) throw new Error(`${name}: no part for ${embed[1]}`);
    const font = Buffer.from(await file.async('uint8array'));
    // the GUID string {XXXXXXXX-XXXX-…}: byte i of the key is the hex pair at this position
    const key = [35, 33, 31, 29, 27, 25, 22, 20, 17, 15, 12, 10, 7, 5, 3, 1].map((p) => Number.parseInt(embed[2]!.slice(p, p + 2), 16));
    for (let i = 0; i < 32; i++) font[i]! ^= key[i % 16]!;
    // the table directory's tags, two of which lie in the obfuscated bytes, read as tags (fontkit does not check them)
    const tags = Array.from({ length: font.readUInt16BE(4) }, (_, i) => font.toString('latin1', 12 + 16 * i, 16 + 16 * i));
    if (!tags.every((t) => /^[A-Za-z0-9/ ]{4}$/.test(t))) throw new Error(`${name}: the font does not de-obfuscate (tables ${JSON.stringify(tags)})`);
    out.set(name!, fontkit.create(font));
  }
  return out;
}
