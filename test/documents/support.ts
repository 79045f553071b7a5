/** Shared helpers of the document tests: the seed graph, fixtures, and reading PDF and DOCX back. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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

/** Every page of a PDF with its text items (pdfjs-dist, legacy build for Node 20). */
export async function readPdf(bytes: Uint8Array): Promise<PdfPage[]> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false }).promise;
  const pages: PdfPage[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const [x0, y0, x1, y1] = page.view as number[];
    const height = y1! - y0!;
    const tc = await page.getTextContent();
    const items: PdfItem[] = [];
    for (const it of tc.items as { str: string; transform: number[]; width: number }[]) {
      if (!it.str) continue;
      items.push({ str: it.str, x: it.transform[4]!, top: height - it.transform[5]!, size: Math.hypot(it.transform[0]!, it.transform[1]!), width: it.width });
    }
    pages.push({ width: x1! - x0!, height, items });
  }
  await doc.destroy();
  return pages;
}

/** The text of a PDF in reading order, without the page numbers (— 1 —) below the text block. */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const pages = await readPdf(bytes);
  return pages.map((p) => p.items.map((i) => i.str).join('').replace(/—\s*\d+\s*—\s*$/, '')).join('');
}

/** The text of a DOCX (mammoth). */
export async function docxText(bytes: Uint8Array): Promise<string> {
  const mammoth = (await import('mammoth')).default;
  return (await mammoth.extractRawText({ buffer: Buffer.from(bytes) })).value;
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
