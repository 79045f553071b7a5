/**
 * Deep checks with Debian's tools (`.ci/run` installs qpdf, poppler-utils and libreoffice-writer-nogui):
 * qpdf --check, pdffonts (embedded and subset), pdftotext, and LibreOffice turning each DOCX into a
 * PDF that is then measured like ours. Skipped, with the reason printed, where the tools are missing.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDocument, type DocKind } from '../../src/documents/index.ts';
import { docxText, fixture, hasTool, pdfText, readPdf, seedGraph, squash } from './support.ts';

const POPPLER = hasTool('pdffonts') && hasTool('pdftotext');
const QPDF = hasTool('qpdf');
const SOFFICE = hasTool('soffice');
const missing = [!QPDF && 'qpdf', !POPPLER && 'poppler-utils (pdffonts, pdftotext)', !SOFFICE && 'libreoffice (soffice)'].filter(Boolean);
if (missing.length) console.log(`deep document checks skipped for want of ${missing.join(', ')} (install them as .ci/run does)`);

const base = { date: '2025-03-10', issued: '2024-01-01', docNumber: '穗商务函〔2025〕12号' };
const KINDS: [DocKind, unknown, Record<string, unknown>][] = [
  ['form', undefined, { benefit: '品牌推广扶持' }],
  ['call', undefined, { benefit: '品牌推广扶持' }],
  ['acceptance', fixture('brand.json'), { benefit: '品牌推广扶持' }],
  ['rejection', fixture('not-member.json'), { benefit: '品牌推广扶持' }],
  ['publicity', [fixture('brand.json'), fixture('warehouse.json')], {}],
  ['certificate', fixture('untrusted.json'), { docNumber: undefined }],
  ['policy', undefined, { docNumber: '穗商务规字〔2025〕1号' }],
];

let dir: string;
const files = new Map<DocKind, { pdf: string; docx: string }>();

beforeAll(async () => {
  if (missing.length === 3) return;
  dir = mkdtempSync(join(tmpdir(), 'pol-deep-'));
  for (const [kind, data, opts] of KINDS) {
    const doc = await renderDocument(kind, seedGraph(), data, 'both', { ...base, ...opts });
    const pdf = join(dir, `${kind}.pdf`);
    const docx = join(dir, `${kind}.docx`);
    writeFileSync(pdf, doc.pdf!);
    writeFileSync(docx, doc.docx!);
    files.set(kind, { pdf, docx });
  }
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const run = (cmd: string, args: string[], env?: Record<string, string>) => spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 180_000 });
const noPageNumbers = (s: string) => s.replace(/—\s*\d+\s*—/g, '');

describe.skipIf(!QPDF)('qpdf --check', () => {
  it('finds every PDF well formed', () => {
    for (const [kind, f] of files) {
      const r = run('qpdf', ['--check', f.pdf]);
      expect(r.status, `${kind}: ${r.stdout}${r.stderr}`).toBe(0);
      expect(r.stdout).toContain('No syntax or stream encoding errors');
    }
  });
});

describe.skipIf(!POPPLER)('poppler', () => {
  it('pdffonts: only Noto Serif SC, embedded and subset', () => {
    for (const [kind, f] of files) {
      const rows = run('pdffonts', [f.pdf]).stdout.trim().split('\n').slice(2);
      expect(rows.length, kind).toBeGreaterThan(0);
      for (const row of rows) {
        expect(row, kind).toMatch(/^[A-Z]{6}\+NotoSerifSC-(Regular|Bold)\s+CID TrueType\s+Identity-H\s+yes yes yes/);
      }
    }
  });

  it('pdftotext reads the same text as pdfjs', async () => {
    for (const [kind, f] of files) {
      // -raw: in the order the page draws it, as pdfjs reads it (not re-sorted by position)
      const poppler = squash(noPageNumbers(run('pdftotext', ['-raw', '-enc', 'UTF-8', f.pdf, '-']).stdout));
      expect(poppler, kind).toBe(squash(await pdfText(readFileSync(f.pdf))));
    }
  });
});

describe.skipIf(!SOFFICE)('LibreOffice opens each DOCX', () => {
  let out: string;
  beforeAll(() => {
    // LibreOffice here has no 仿宋_GB2312 or 方正小标宋简体: map them to the serif the PDFs use
    out = join(dir, 'lo');
    mkdirSync(join(out, 'cache'), { recursive: true });
    const fontDir = (w: string) => dirname(createRequire(import.meta.url).resolve(`@expo-google-fonts/noto-serif-sc/${w}/NotoSerifSC_${w}.ttf`));
    const alias = ['仿宋_GB2312', '方正小标宋简体', '黑体', '楷体_GB2312']
      .map((f) => `<alias binding="same"><family>${f}</family><prefer><family>Noto Serif SC</family></prefer></alias>`)
      .join('');
    writeFileSync(
      join(out, 'fonts.conf'),
      `<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>${fontDir('400Regular')}</dir><dir>${fontDir('700Bold')}</dir><cachedir>${join(out, 'cache')}</cachedir>${alias}</fontconfig>`,
    );
    const r = run('soffice', ['--headless', `-env:UserInstallation=file://${join(out, 'profile')}`, '--convert-to', 'pdf', '--outdir', out, ...[...files.values()].map((f) => f.docx)], {
      FONTCONFIG_FILE: join(out, 'fonts.conf'),
    });
    if (r.status !== 0) throw new Error(`soffice failed: ${r.stderr}`);
  });

  it('converts every DOCX to a PDF with the same text, in order', async () => {
    for (const [kind, f] of files) {
      // LibreOffice hangs a comma that ends a justified line into the margin and sometimes leaves it out of
      // its PDF's text: full-width punctuation is not compared here (pdfjs and mammoth compare it above)
      const bare = (s: string) => squash(s).replace(/[，。、；：]/g, '');
      const lo = bare(noPageNumbers(await pdfText(readFileSync(join(out, `${kind}.pdf`)))));
      // every paragraph and cell of the DOCX, in order (LibreOffice may repeat a table header on a new page)
      let at = 0;
      for (const line of (await docxText(readFileSync(f.docx))).split('\n').map(bare).filter((l) => l !== '')) {
        const found = lo.indexOf(line, at);
        expect(found, `${kind}: “${line}” after position ${at}`).toBeGreaterThanOrEqual(0);
        at = found + line.length;
      }
      expect(lo.length - at, kind).toBeLessThan(5);
    }
  });

  it('lays the notice out on A4 with the GB/T 9704 margins and line pitch', async () => {
    const MM = 72 / 25.4;
    const pages = await readPdf(readFileSync(join(out, 'call.pdf')));
    expect(pages[0]!.width).toBeCloseTo(210 * MM, 0);
    expect(pages[0]!.height).toBeCloseTo(297 * MM, 0);
    const p = pages[1]!;
    const body = p.items.filter((i) => Math.abs(i.size - 16) < 0.5 && i.top < (37 + 225) * MM);
    const left = Math.min(...body.map((i) => i.x));
    expect(Math.abs(left - 28 * MM)).toBeLessThan(1 * MM);
    const tops = [...new Set(body.map((i) => Math.round(i.top * 10) / 10))].sort((a, b) => a - b);
    const pitches = tops.slice(1).map((t, i) => t - tops[i]!);
    const common = pitches.sort((a, b) => a - b)[Math.floor(pitches.length / 2)]!;
    expect(Math.abs(common - 28.95)).toBeLessThan(0.3);
    expect(tops[0]! - 16 * 1.1).toBeGreaterThan(37 * MM - 1 * MM);
  });
});
