/**
 * Deep checks with Debian's tools (`.ci/run` installs qpdf, poppler-utils and libreoffice-writer-nogui):
 * qpdf --check, pdffonts (embedded and subset), pdftotext, and LibreOffice turning each DOCX into a
 * PDF that is then measured like ours (one LibreOffice process for all of them: its start-up is most of
 * the cost). Each tool runs once per file, its output shared by the tests that read it, the runs of a batch
 * of PDFs in one shell (runAll). Skipped, with the reason printed, where the tools are missing.
 */
import { execFile, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocKind } from '../../src/documents/index.ts';
import { docxFonts, docxPart, docxText, fixture, FIXTURES, hasTool, seedDocument, squash } from './support.ts';

const example = (name: string): unknown => JSON.parse(readFileSync(join(FIXTURES, '../../../examples/applications', name), 'utf8'));

const POPPLER = hasTool('pdffonts') && hasTool('pdftotext');
const QPDF = hasTool('qpdf');
const SOFFICE = hasTool('soffice');
const missing = [!QPDF && 'qpdf', !POPPLER && 'poppler-utils (pdffonts, pdftotext)', !SOFFICE && 'libreoffice (soffice)'].filter(Boolean);
if (missing.length) console.log(`deep document checks skipped for want of ${missing.join(', ')} (install them as .ci/run does)`);

/** An award to a company with a 100-character name, of an amount with 角 and 分. */
function longNamed(): unknown {
  const qilin = example('qilin-first-entry.json') as { applicant: object };
  const name = '广州市天河区' + '跨境电子商务'.repeat(14) + '集团股份有限公司粤港澳大湾区总部暨华南运营中心'.slice(0, 10);
  return { ...qilin, note: '首批', applicant: { ...qilin.applicant, name } };
}

const base = { date: '2025-03-10', issued: '2024-01-01', docNumber: '穗商务函〔2025〕12号' };
// (the arguments of documents that other files check too are theirs: support.ts `seedDocument` renders each once per worker)
const KINDS: [string, DocKind, unknown, Record<string, unknown>][] = [
  ['form', 'form', undefined, { benefit: '品牌推广扶持', docNumber: undefined }],
  ['form-filled', 'form', fixture('brand.json'), { benefit: '品牌推广扶持' }],
  ['call', 'call', undefined, { benefit: '品牌推广扶持', cc: '市财政局，市市场监管局' }],
  ['call-all', 'call', undefined, {}],
  ['certificate-award', 'certificate', example('qilin-first-entry.json'), { benefit: '麒麟企业奖励', amountFen: 200_000_000, date: '2025-06-30', docNumber: undefined }],
  ['acceptance', 'acceptance', fixture('brand.json'), { benefit: '品牌推广扶持', docNumber: '穗商务受〔2025〕3号' }],
  ['rejection', 'rejection', fixture('not-member.json'), { benefit: '品牌推广扶持', docNumber: '穗商务函〔2025〕4号' }],
  ['publicity', 'publicity', [fixture('brand.json'), fixture('warehouse.json')], { docNumber: '穗商务函〔2025〕5号', date: '2025-04-21' }],
  ['certificate', 'certificate', fixture('untrusted.json'), { benefit: '品牌推广扶持', docNumber: '穗商务函〔2025〕9号' }],
  ['certificate-long', 'certificate', longNamed(), { benefit: '麒麟企业奖励', amountFen: 123_456_789, date: '2025-06-30', docNumber: undefined }],
  ['policy', 'policy', undefined, { docNumber: '穗商务规字〔2025〕1号', cc: '市财政局，市市场监管局' }],
];

let dir: string;
const files = new Map<string, { pdf: string; docx: string }>();
/** The header row of a document's first table, by name (see beforeAll). */
const headers = new Map<string, string>();

beforeAll(async () => {
  if (missing.length === 3) return;
  dir = mkdtempSync(join(tmpdir(), 'pol-deep-'));
  for (const [name, kind, data, opts] of KINDS) {
    const doc = await seedDocument(kind, data, 'both', { ...base, ...opts });
    const pdf = join(dir, `${name}.pdf`);
    const docx = join(dir, `${name}.docx`);
    writeFileSync(pdf, doc.pdf!);
    writeFileSync(docx, doc.docx!);
    files.set(name, { pdf, docx });
    // the header row of the document's tables (the PDF draws it again on each page a table spans)
    const header = doc.model.blocks.flatMap((b) => (b.type === 'table' && b.header > 0 ? [squash(b.rows[0]!.join(''))] : []))[0];
    if (header) headers.set(name, header);
  }
  if (POPPLER) runAll([...files.values()].flatMap((f) => popplerRuns(f.pdf)));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  outputs.clear();
});

const run = (cmd: string, args: string[], env?: Record<string, string>) => spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 180_000 });
/** `run` without blocking the worker (LibreOffice converting every DOCX, generously timed for a loaded machine). */
const runAsync = (cmd: string, args: string[], env?: Record<string, string>) =>
  new Promise<{ status: number | null; signal: string | null; stdout: string; stderr: string }>((done) => {
    execFile(cmd, args, { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 600_000 }, (err, stdout, stderr) => {
      const e = err as { code?: number; signal?: string } | null;
      done({ status: e ? (e.code ?? 1) : 0, signal: e?.signal ?? null, stdout, stderr });
    });
  });
/** A tool's exit status and output (stdout, with stderr after it where asked), run once per tool, arguments and file however many tests read it. */
const outputs = new Map<string, { status: number; stdout: string }>();
const keyOf = (command: string[]) => command.join('\u0000');
const once = (cmd: string, args: string[]) => {
  const key = keyOf([cmd, ...args]);
  if (!outputs.has(key)) outputs.set(key, { status: 0, stdout: run(cmd, args).stdout });
  return outputs.get(key)!.stdout;
};
/**
 * Run many tool commands in one shell, one after another, and keep each one's status and output for `once`:
 * one process started from this (large) test worker instead of one per command. `withStderr`: stderr goes
 * with stdout (qpdf's messages); otherwise it is dropped, as `once` drops it.
 */
function runAll(commands: string[][], withStderr = false): void {
  if (commands.length === 0) return;
  const mark = `pol-deep-${randomUUID()}`;
  const quote = (a: string) => `'${a.replaceAll("'", "'\\''")}'`;
  const script = commands.map((c) => `${c.map(quote).join(' ')} ${withStderr ? '2>&1' : '2>/dev/null'}; printf '\\n${mark} %s\\n' "$?"`).join('\n');
  const r = spawnSync('sh', ['-c', script], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 600_000 });
  const parts = r.stdout.split(new RegExp(`\\n${mark} (\\d+)\\n`));
  if (parts.length !== 2 * commands.length + 1) throw new Error(`the tools did not all run (exit ${r.status}${r.signal ? `, ${r.signal}` : ''}): ${r.stderr}`);
  for (const [i, c] of commands.entries()) outputs.set(keyOf(c), { status: Number(parts[2 * i + 1]), stdout: parts[2 * i]! });
}
/** What the tests read of a PDF with poppler: its fonts, its text in drawing order, its words with their boxes. */
const popplerRuns = (file: string) => [['pdffonts', file], ['pdftotext', '-raw', '-enc', 'UTF-8', file, '-'], ['pdftotext', '-bbox', file, '-']];
/** pdftotext -bbox: every word with its box, page by page. */
const bbox = (file: string) => once('pdftotext', ['-bbox', file, '-']);
/** pdffonts: one row per font. */
const pdffonts = (file: string) => once('pdffonts', [file]).trim().split('\n').slice(2);
const noPageNumbers = (s: string) => s.replace(/—\s*\d+\s*—/g, '');
/** pdftotext -raw: the text in the order the page draws it, as pdfjs reads it (not re-sorted by position). */
const rawText = (file: string) => noPageNumbers(once('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-']));

describe.skipIf(!QPDF)('qpdf --check', () => {
  it('finds every PDF well formed', () => {
    const check = (f: string) => ['qpdf', '--check', f];
    runAll([...files.values()].map((f) => check(f.pdf)), true);
    for (const [kind, f] of files) {
      const r = outputs.get(keyOf(check(f.pdf)))!;
      expect(r.status, `${kind}: ${r.stdout}`).toBe(0);
      expect(r.stdout).toContain('No syntax or stream encoding errors');
    }
  });
});

describe.skipIf(!POPPLER)('poppler', () => {
  it('pdffonts: only Noto Serif SC, embedded and subset', () => {
    for (const [kind, f] of files) {
      const rows = pdffonts(f.pdf);
      expect(rows.length, kind).toBeGreaterThan(0);
      for (const row of rows) {
        expect(row, kind).toMatch(/^[A-Z]{6}\+NotoSerifSC-(Regular|Bold)\s+CID TrueType\s+Identity-H\s+yes yes yes/);
      }
    }
  });

  it('pdftotext reads the text of the DOCX, in the same order (a table header repeated on a new page aside)', async () => {
    for (const [kind, f] of files) {
      // pdftotext -raw reads our PDFs as pdfjs does (documents.test.ts: pdfjs's text of these documents is the
      // DOCX's), and so the LibreOffice PDFs below are read in drawing order with pdftotext -raw alone (on
      // LibreOffice's PDFs too it gives pdfjs's text, whitespace aside, checked when it replaced pdfjs there).
      // Two readers of the PDF's text layer (ToUnicode) against the DOCX's text (mammoth): a glyph mapped to a
      // wrong character, text drawn out of order, or a part left out of one format fails here.
      const pdf = squash(rawText(f.pdf));
      const docx = squash(await docxText(readFileSync(f.docx)));
      const header = headers.get(kind);
      if (!header) {
        expect(pdf, kind).toBe(docx);
        continue;
      }
      // the header rows apart (the DOCX has one per table, the PDF one more for each further page a table spans)
      expect(pdf.split(header).length, kind).toBeGreaterThanOrEqual(docx.split(header).length);
      expect(docx.split(header).length, kind).toBeGreaterThan(1);
      expect(pdf.split(header).join(''), kind).toBe(docx.split(header).join(''));
    }
  });
});

describe.skipIf(missing.length === 3)('the fonts each DOCX embeds', () => {
  it('cover every character of every run set in them, and every font a run names is embedded (fontkit, cmap)', async () => {
    // in process, per document: what lets LibreOffice (below, one process for all documents) or a desk without
    // Chinese fonts show each character in its document's own font. Catches a run naming a font the DOCX does
    // not embed, a subset missing a character set in it (which would print blank), a wrong fontKey or a broken
    // obfuscation (the font does not parse), and page numbers whose digits the 页码 font lacks.
    for (const [name, f] of files) {
      const docx = readFileSync(f.docx);
      const fonts = await docxFonts(docx);
      expect(fonts.size, name).toBeGreaterThan(0);
      const rFonts = (rPr: string) => [...new Set([.../<w:rFonts ([^>]*)\/>/.exec(rPr)?.[1]?.matchAll(/w:(?:ascii|hAnsi|eastAsia|cs)="([^"]+)"/g) ?? []].map((m) => m[1]!))];
      // a run with no font of its own is set in the document default's (styles.xml; no style of pol's names a font)
      const JSZip = (await import('jszip')).default;
      const zip = await JSZip.loadAsync(docx);
      const styles = await zip.file('word/styles.xml')!.async('string');
      expect(styles.match(/<w:rFonts /g)?.length, `${name}: fonts in styles.xml`).toBe(1);
      const byDefault = rFonts(/<w:rPrDefault>.*?<\/w:rPrDefault>/s.exec(styles)?.[0] ?? '');
      const parts = Object.keys(zip.files).filter((p) => /^word\/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$/.test(p));
      const lacking: string[] = [];
      let checked = 0;
      for (const part of parts) {
        const xml = await zip.file(part)!.async('string');
        for (const [, run] of xml.matchAll(/<w:r(?:\s[^>]*)?>(.*?)<\/w:r>/gs)) {
          const text = [...run!.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => unescapeXml(m[1]!)).join('');
          // a PAGE field prints digits in its run's font
          const chars = [...text + (/<w:instrText[^>]*>\s*PAGE\b/.test(run!) ? '0123456789' : '')].filter((ch) => ch.trim() !== '');
          if (chars.length === 0) continue;
          const names = rFonts(run!).length ? rFonts(run!) : byDefault;
          expect(names.length, `${name} ${part}: “${text}” in no font`).toBeGreaterThan(0);
          for (const font of names) {
            const face = fonts.get(font);
            if (!face) lacking.push(`${part}: “${text}” in ${font}, not embedded`);
            else for (const ch of chars) if (!face.hasGlyphForCodePoint(ch.codePointAt(0)!)) lacking.push(`${part}: “${ch}” not in ${font}`);
            checked += chars.length;
          }
        }
      }
      expect(lacking, name).toEqual([]);
      expect(checked, name).toBeGreaterThan(20);
    }
  });
});

/** Text of an XML text node. */
function unescapeXml(s: string): string {
  const named: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };
  return s.replace(/&(lt|gt|quot|apos|amp|#x[0-9a-fA-F]+|#\d+);/g, (_, e: string) => {
    if (named[e]) return named[e];
    return String.fromCodePoint(e[1] === 'x' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)));
  });
}

/**
 * The settings of LibreOffice's fresh profile: a last-run version above any release. At each start whose
 * profile has not recorded the running version, LibreOffice 7.2+ first runs its graphics back-end self-tests
 * (GraphicsRenderTests: about 4 s of CPU, three quarters of a conversion's start-up), and a headless start
 * never records it, so it runs them every time. They only write a log (user/GraphicsRenderTests.log); the
 * PDFs come out the same without them (text, word boxes and fonts compared when this was set up).
 */
const PROFILE = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/Product"><prop oor:name="ooSetupLastVersion" oor:op="fuse"><value>99.0</value></prop></item>
</oor:items>
`;

/**
 * A copy of a DOCX whose font names carry a tag (`仿宋_GB2312 call` …), in fontTable.xml and in every run and
 * style that names them alike: same fonts, same bytes, only the names its own. One LibreOffice 7.4 process
 * keeps the first document's embedded font of a name and skips a later document's (EmbeddedFontsHelper:
 * “already added”), whose missing characters then come out blank; with names of their own, documents
 * converted by one process each get their own fonts, and the PDFs are the same as one process per document
 * makes (same text, pages and word boxes, checked when this was set up).
 */
async function ownFontNames(docx: Buffer, tag: string): Promise<Buffer> {
  const JSZip = (await import('jszip')).default;
  const zip = await JSZip.loadAsync(docx);
  const names = [...(await docxPart(docx, 'word/fontTable.xml')).matchAll(/<w:font w:name="([^"]+)">/g)].map((m) => m[1]!);
  for (const part of Object.keys(zip.files).filter((p) => /^word\/[^/]+\.xml$/.test(p))) {
    let xml = await zip.file(part)!.async('string');
    for (const name of names) xml = xml.replaceAll(`="${name}"`, `="${name} ${tag}"`);
    zip.file(part, xml);
  }
  // stored, not deflated: LibreOffice reads it alike, and deflating the parts again in JavaScript (pako) was most of the copy's cost
  return zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' });
}

describe.skipIf(!SOFFICE)('LibreOffice opens each DOCX', () => {
  let out: string;
  beforeAll(async () => {
    // a machine with one Latin font only (Roboto, from pdfmake's package) and no Chinese font: every DOCX is
    // set in the fonts it embeds (Noto Serif SC subsets named 仿宋_GB2312, 方正小标宋简体 …). One LibreOffice
    // process converts them all (its start-up is most of a conversion's cost), each a copy with font names of
    // its own (ownFontNames), in a profile that skips LibreOffice's self-tests (PROFILE). The first one
    // converted, the long-named certificate (tested on its own below), meets no other document's fonts; a
    // later one could fall back to an earlier one's font for a character its own lacks, which the in-process
    // check above rules out document by document.
    out = join(dir, 'lo');
    mkdirSync(join(out, 'fonts'), { recursive: true });
    mkdirSync(join(out, 'in'));
    copyFileSync(createRequire(import.meta.url).resolve('pdfmake/build/fonts/Roboto/Roboto-Regular.ttf'), join(out, 'fonts', 'Roboto-Regular.ttf'));
    writeFileSync(join(out, 'fonts.conf'), `<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig><dir>${join(out, 'fonts')}</dir><cachedir>${join(out, 'cache')}</cachedir></fontconfig>`);
    const names = [...files.keys()].sort((a, b) => Number(b === 'certificate-long') - Number(a === 'certificate-long'));
    for (const name of names) writeFileSync(join(out, 'in', `${name}.docx`), await ownFontNames(readFileSync(files.get(name)!.docx), name));
    // LibreOffice exits 0 even where a document failed: what counts is each PDF written. Under heavy load a
    // start can fail; the documents left are tried once more, in a fresh profile, before giving up.
    let left = names;
    let report = '';
    for (let attempt = 1; attempt <= 2 && left.length; attempt++) {
      const profile = join(out, `profile${attempt}`);
      mkdirSync(join(profile, 'user'), { recursive: true });
      writeFileSync(join(profile, 'user', 'registrymodifications.xcu'), PROFILE);
      const r = await runAsync('soffice', ['--headless', `-env:UserInstallation=file://${profile}`, '--convert-to', 'pdf', '--outdir', out, ...left.map((n) => join(out, 'in', `${n}.docx`))], { FONTCONFIG_FILE: join(out, 'fonts.conf') });
      left = left.filter((n) => !existsSync(join(out, `${n}.pdf`)));
      report += `\nattempt ${attempt}: exit ${r.status}${r.signal ? ` (${r.signal})` : ''}\n${r.stdout}${r.stderr}`;
    }
    if (left.length) throw new Error(`soffice --convert-to pdf wrote no PDF for ${left.join(', ')}:${report}`);
    if (POPPLER) runAll(names.flatMap((n) => popplerRuns(join(out, `${n}.pdf`))));
  }, 1_300_000);

  it('sets every DOCX in the fonts it embeds: Noto Serif SC, on a machine without it (pdffonts)', () => {
    for (const name of files.keys()) {
      const rows = pdffonts(join(out, `${name}.pdf`));
      const noto = rows.filter((row) => /^[A-Z]{6}\+NotoSerifSC-(Regular|Bold)\s/.test(row));
      // Roboto may set a space or a tab; every Chinese glyph comes from the embedded subsets
      expect(noto.length, name).toBeGreaterThan(0);
      for (const row of rows) expect(row, name).toMatch(/^[A-Z]{6}\+(NotoSerifSC-(Regular|Bold)|Roboto-Regular)\s/);
    }
  });

  it('converts every DOCX to a PDF with the same text, in order', async () => {
    for (const [kind, f] of files) {
      // LibreOffice hangs a comma that ends a justified line into the margin and sometimes leaves it out of
      // its PDF's text: full-width punctuation is not compared here (pdfjs and mammoth compare it above)
      const bare = (s: string) => squash(s).replace(/[，。、；：]/g, '');
      const lo = bare(rawText(join(out, `${kind}.pdf`)));
      // in drawing order (rawText); LibreOffice may draw a title line's pieces out of order: such a line is found
      // in poppler's reading order
      // (pdftotext -bbox lists the words in that order: its words are pdftotext's text, whitespace aside)
      const reading = bare(noPageNumbers([...bbox(join(out, `${kind}.pdf`)).matchAll(/<word [^>]*>([^<]*)</g)].map((m) => unescapeXml(m[1]!)).join('')));
      // every paragraph and cell of the DOCX, in order (LibreOffice may repeat a table header on a new page)
      let at = 0;
      const lines = (await docxText(readFileSync(f.docx))).split('\n').map(bare).filter((l) => l !== '');
      // framed paragraphs (a letter's mark at the top, the 版记 at the foot) are drawn where they stand,
      // not in the text's order: present, but not in sequence
      const framed = (l: string) => /印发$/.test(l) || /^抄送/.test(l) || (['acceptance', 'rejection'].includes(kind) && l === lines[0]);
      // (the 版记's unit and date, left and right of a tab, may come out apart)
      const parts = lines.filter(framed).flatMap((l) => l.split(/(?=\d{4}年)/));
      for (const part of parts) expect(reading, `${kind}: “${part}”`).toContain(part);
      let outOfOrder = 0;
      for (const line of lines.filter((l) => !framed(l))) {
        const found = lo.indexOf(line, at);
        if (found < 0 && reading.includes(line)) {
          outOfOrder++;
          continue;
        }
        expect(found, `${kind}: “${line}” after position ${at}`).toBeGreaterThanOrEqual(0);
        at = found + line.length;
      }
      // nothing left over but the framed lines (the 版记 is drawn last)
      const framedChars = new Set(parts.join(''));
      const rest = [...lo.slice(at)].filter((ch) => !framedChars.has(ch)).join('');
      if (outOfOrder === 0) expect(rest.length, `${kind}: ${rest}`).toBeLessThan(5);
    }
  });

  it('paginates every DOCX as the PDF: same number of pages (pdftotext -bbox, a <page> for each, blank ones too)', () => {
    const pages = (f: string) => pageLines(f).length;
    const counts = [...files].map(([name, f]) => [name, pages(f.pdf), pages(join(out, `${name}.pdf`))]);
    for (const [name, pdf, lo] of counts) expect(lo, `${name}: PDF ${pdf} pages, DOCX (LibreOffice) ${lo}`).toBe(pdf);
    // the certificates and the blank form are one page; the 版记 ends the last page of 文件-style notices
    for (const name of ['certificate-award', 'certificate', 'certificate-long']) expect(counts.find((c) => c[0] === name)![1], name).toBe(1);
    for (const name of ['policy', 'call', 'call-all', 'publicity']) {
      const text = pageLines(files.get(name)!.pdf).at(-1)!.map((l) => l.text).join('');
      expect(text, name).toContain('印发');
    }
  });

  it('keeps the signature with text on its page in both formats (pdftotext -bbox)', () => {
    for (const [name, f] of files) {
      if (name.startsWith('form')) continue;
      for (const file of [f.pdf, join(out, `${name}.pdf`)]) {
        // the page holding the 成文日期 also holds body text above the signature (one pdftotext run per file)
        const pagesXml = bbox(file).split('<page ').slice(1);
        for (const [p, xml] of pagesXml.entries()) {
          const lines = new Map<number, string>();
          for (const m of xml.matchAll(/yMin="([\d.]+)"[^>]*>([^<]*)</g)) {
            const y = Math.round(Number(m[1]) / 4) * 4;
            lines.set(y, (lines.get(y) ?? '') + m[2]);
          }
          const date = [...lines].find(([, t]) => /^\d{4}年\d{1,2}月\d{1,2}日$/.test(t));
          if (!date) continue;
          const above = [...lines].filter(([y, t]) => y < date[0] - 40 && !/^—\d+—$/.test(t));
          expect(above.length, `${name} ${file.includes('/lo/') ? 'DOCX' : 'PDF'} page ${p + 1}: signature alone`).toBeGreaterThan(1);
        }
      }
    }
  });

  /** Lines of each page (pdftotext -bbox): text by its top, in reading order, with its bottom and left edge. */
  const pageLines = (file: string) =>
    bbox(file).split('<page ').slice(1).map((xml) => {
      const lines = new Map<number, { text: string; x: number; yMax: number }>();
      for (const m of xml.matchAll(/xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</g)) {
        const y = Math.round(Number(m[2]) / 4) * 4;
        const line = lines.get(y) ?? { text: '', x: Number(m[1]), yMax: Number(m[3]) };
        line.text += m[4];
        lines.set(y, line);
      }
      return [...lines].sort((a, b) => a[0] - b[0]).map(([y, l]) => ({ y, ...l }));
    });
  const MM = 72 / 25.4;
  const BLOCK_BOTTOM = (37 + 225) * MM;

  it('puts the 版记 at the foot of the last page, an even page, in both formats (GB/T 9704 §7.4)', () => {
    for (const name of ['policy', 'call', 'call-all', 'publicity']) {
      for (const file of [files.get(name)!.pdf, join(out, `${name}.pdf`)]) {
        const pages = pageLines(file);
        const what = `${name} ${file.includes('/lo/') ? 'DOCX' : 'PDF'}`;
        expect(pages.length % 2, `${what}: ${pages.length} pages`).toBe(0);
        const last = pages.at(-1)!;
        const issued = last.find((l) => l.text.endsWith('印发'));
        // its last line ends on the bottom edge of the text block (its rule under it), not under the signature
        expect(issued, what).toBeDefined();
        expect(BLOCK_BOTTOM - issued!.yMax, what).toBeGreaterThan(0);
        expect(BLOCK_BOTTOM - issued!.yMax, what).toBeLessThan(8 * MM);
        // 抄送, where given, on the line right above it (LibreOffice once left it under the text)
        const cc = last.find((l) => l.text.startsWith('抄送'));
        if (name === 'policy' || name === 'call') {
          expect(cc, what).toBeDefined();
          expect(issued!.y - cc!.y, what).toBeGreaterThan(25);
          expect(issued!.y - cc!.y, what).toBeLessThan(36);
        }
        // a blank page before the 版记 page: neither carries a page number (§7.5)
        if (pages.at(-2)!.length === 0) expect(last.some((l) => /^—\d+—$/.test(l.text)), what).toBe(false);
      }
    }
  });

  it('appends each 申报表 named in the call as an 附件 page: label top left in 黑体, then its title (GB/T 9704 §8)', () => {
    for (const [name, many] of [['call', false], ['call-all', true]] as const) {
      for (const file of [files.get(name)!.pdf, join(out, `${name}.pdf`)]) {
        const what = `${name} ${file.includes('/lo/') ? 'DOCX' : 'PDF'}`;
        const pages = pageLines(file);
        const starts = pages.filter((p) => p[0] && /^附件\d*$/.test(p[0].text));
        // “附件” for one attachment, 附件1, 附件2 … for several
        expect(starts.length, what).toBeGreaterThanOrEqual(many ? 2 : 1);
        expect(starts.map((p) => p[0]!.text), what).toEqual(many ? starts.map((_, i) => `附件${i + 1}`) : ['附件']);
        for (const p of starts) {
          // 版心左上角第一行: 28 mm from the left, on the first line of the block
          expect(Math.abs(p[0]!.x - 28 * MM), what).toBeLessThan(1.5 * MM);
          expect(p[0]!.y, what).toBeLessThan(37 * MM + 10);
          // the title, on one line or two
          expect(p[1]!.text + (p[2]?.text ?? ''), what).toMatch(/申报表/);
        }
        // the 附件说明 names each attachment by its title: each title is printed twice
        const text = pages.flat().map((l) => l.text).join('');
        for (const p of starts) expect(text.split(p[1]!.text).length - 1, `${what}: ${p[1]!.text}`).toBeGreaterThanOrEqual(2);
      }
    }
  });

  it('embeds subset fonts in the DOCX: LibreOffice with no Chinese font shows the text in them, the long-named certificate on one page', async () => {
    const f = files.get('certificate-long')!;
    const table = await docxPart(readFileSync(f.docx), 'word/fontTable.xml');
    for (const name of ['仿宋_GB2312', '方正小标宋简体']) expect(table).toMatch(new RegExp(`<w:font w:name="${name}">.*?<w:embedRegular r:id="rId\\d+" w:fontKey="\\{[0-9A-F-]+\\}"/>`));
    const pdf = join(out, 'certificate-long.pdf');
    const fonts = pdffonts(pdf).join('\n');
    expect(fonts).toMatch(/NotoSerifSC-Regular\s.*yes yes/);
    expect(fonts).toMatch(/NotoSerifSC-Bold\s.*yes yes/);
    expect(pageLines(pdf).length).toBe(1);
    const text = squash(rawText(pdf));
    expect(text).toContain('人民币壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分');
    expect(text).toContain('特发此证');
    // labels never wrap: each on one line of the page (the name wraps within its cell)
    const lines = pageLines(pdf)[0]!.map((l) => l.text);
    for (const label of ['受奖单位', '统一社会信用代码', '核定金额（小写）', '核定金额（大写）']) expect(lines.some((l) => l.includes(label)), label).toBe(true);
  });

  it('lays the notice out on A4 with the GB/T 9704 margins and line pitch (pdftotext -bbox)', () => {
    const xml = bbox(join(out, 'call.pdf'));
    const size = /<page width="([\d.]+)" height="([\d.]+)">/.exec(xml)!;
    expect(Number(size[1])).toBeCloseTo(210 * MM, 0);
    expect(Number(size[2])).toBeCloseTo(297 * MM, 0);
    // the words of page 2 set in 3号 (16 pt) inside the text block: poppler's box of a word in these fonts is
    // 1.3 em high (0.95 em above the baseline, 0.35 below), 20.8 pt at 16 pt (the page numbers are 14 pt)
    const words = [...xml.split('<page ')[2]!.matchAll(/xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">/g)].map((m) => ({ x: Number(m[1]), top: Number(m[2]), height: Number(m[3]) - Number(m[2]) }));
    const body = words.filter((w) => Math.abs(w.height / 1.3 - 16) < 0.5 && w.top < BLOCK_BOTTOM);
    expect(body.length).toBeGreaterThan(10);
    const left = Math.min(...body.map((w) => w.x));
    expect(Math.abs(left - 28 * MM)).toBeLessThan(1 * MM);
    const tops = [...new Set(body.map((w) => Math.round(w.top * 10) / 10))].sort((a, b) => a - b);
    const pitches = tops.slice(1).map((t, i) => t - tops[i]!);
    const common = pitches.sort((a, b) => a - b)[Math.floor(pitches.length / 2)]!;
    expect(Math.abs(common - 28.95)).toBeLessThan(0.3);
    // the first line inside the text block, which starts 37 mm from the top (its baseline 0.95 em below its box's top)
    expect(tops[0]! + 0.95 * 16 - 16 * 1.1).toBeGreaterThan(37 * MM - 1 * MM);
  });
});
