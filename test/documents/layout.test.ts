/**
 * GB/T 9704-2012, measured in the files: A4; top margin 37 mm, left 28 mm; a 156 × 225 mm text block;
 * 22 lines of 28 characters; title 2号 (22 pt), body 3号 (16 pt); red issuing-authority mark and rule;
 * page numbers `— 1 —`, odd pages right, even pages left.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { RenderedDocument } from '../../src/documents/index.ts';
import { docxPart, pdfDrawing, readPdf, seedDocument, type PdfItem, type PdfPage } from './support.ts';

const MM = 72 / 25.4;
const A4 = { w: 210 * MM, h: 297 * MM };
const BLOCK = { left: 28 * MM, top: 37 * MM, right: (28 + 156) * MM, bottom: (37 + 225) * MM };
const TOL = 1 * MM; // GB/T 9704: ±1 mm

let call: RenderedDocument;
let pages: PdfPage[];

/** Body lines of a page: items of 16 pt grouped by baseline. */
function bodyLines(p: PdfPage): { top: number; items: PdfItem[] }[] {
  const lines = new Map<string, PdfItem[]>();
  for (const i of p.items.filter((x) => Math.abs(x.size - 16) < 0.01)) {
    const k = i.top.toFixed(1);
    lines.set(k, [...(lines.get(k) ?? []), i]);
  }
  return [...lines.values()].map((items) => ({ top: items[0]!.top, items })).sort((a, b) => a.top - b.top);
}

beforeAll(async () => {
  // the call for every benefit: several pages of body text, headings of two levels
  call = await seedDocument('call', undefined, 'both', { date: '2025-03-10', issued: '2024-01-01', docNumber: '穗商务函〔2025〕12号' });
  pages = await readPdf(call.pdf!);
});

describe('GB/T 9704 in the PDF', () => {
  it('is A4', () => {
    for (const p of pages) {
      expect(p.width).toBeCloseTo(A4.w, 1);
      expect(p.height).toBeCloseTo(A4.h, 1);
    }
  });

  it('keeps the text in a 156 × 225 mm block 37 mm from the top and 28 mm from the left', () => {
    const p = pages[1]!; // a full page of body text
    const lines = bodyLines(p).filter((l) => l.top < BLOCK.bottom);
    const left = Math.min(...lines.flatMap((l) => l.items.map((i) => i.x)));
    const right = Math.max(...lines.flatMap((l) => l.items.map((i) => i.x + i.width)));
    expect(Math.abs(left - BLOCK.left)).toBeLessThan(TOL);
    expect(right).toBeLessThanOrEqual(BLOCK.right + TOL);
    expect(right).toBeGreaterThan(BLOCK.right - TOL); // justified lines reach the right edge
    // the first line's box starts at the top of the block: baseline = top + ascent (1.151 em)
    expect(Math.abs(lines[0]!.top - 1.151 * 16 - BLOCK.top)).toBeLessThan(TOL);
    expect(lines.at(-1)!.top).toBeLessThanOrEqual(BLOCK.bottom);
  });

  it('sets 22 lines at 28.95 pt and 28 characters to a line', () => {
    const lines = bodyLines(pages[1]!).filter((l) => l.top < BLOCK.bottom);
    expect(lines).toHaveLength(22);
    for (let i = 1; i < lines.length; i++) expect(Math.abs(lines[i]!.top - lines[i - 1]!.top - 28.95)).toBeLessThan(0.01);
    // full lines of Chinese text only, on any body page (which page has one depends on the policy's wording)
    const bodyText = pages.slice(1).flatMap((p) => bodyLines(p).filter((l) => l.top < BLOCK.bottom));
    const cjkOnly = bodyText.map((l) => l.items.map((i) => i.str).join('')).filter((t) => /^[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”]+$/.test(t));
    expect(cjkOnly.length).toBeGreaterThan(3);
    // a closing mark that ends a full line hangs into the margin (as Word and LibreOffice set it): not one of the 28
    const width = (t: string) => [...t].length - (/[，。、；：？！”’）》」』]$/.test(t) && [...t].length > 28 ? 1 : 0);
    expect(Math.max(...cjkOnly.map(width))).toBe(28);
  });

  it('has the title in 2号 and the body in 3号', () => {
    const sizes = new Set(pages[0]!.items.map((i) => Math.round(i.size)));
    expect(sizes.has(22)).toBe(true);
    expect(sizes.has(16)).toBe(true);
    const title = pages[0]!.items.filter((i) => Math.round(i.size) === 22).map((i) => i.str).join('');
    expect(title).toBe('广州市商务局关于组织申报2025年度《广州市推动跨境电子商务高质量发展若干政策措施》资金扶持项目的通知');
  });

  it('prints the issuing-authority mark and a rule as wide as the block in red, the mark 35 mm below the top', async () => {
    const { fills, strokes, paths } = await pdfDrawing(call.pdf!, 1);
    expect(fills).toContainEqual([230, 0, 18]);
    expect(strokes).toContainEqual([230, 0, 18]);
    const rule = paths.find((p) => p.length === 4 && p[1] === p[3])!;
    expect(Math.abs(rule[0]! - BLOCK.left)).toBeLessThan(0.5);
    expect(Math.abs(rule[2]! - BLOCK.right)).toBeLessThan(0.5);
    const mark = pages[0]!.items.filter((i) => i.size > 30);
    expect(mark.map((i) => i.str).join('')).toBe('广州市商务局文件');
    // glyph tops of the mark (baseline − 0.88 em for these ideographs) 35 mm below the block top
    expect(Math.abs(mark[0]!.top - 0.88 * mark[0]!.size - (BLOCK.top + 35 * MM))).toBeLessThan(2 * TOL);
    expect(pages[0]!.items.map((i) => i.str).join('')).toContain('穗商务函〔2025〕12号');
  });

  it('numbers pages — 1 — on the right of odd pages and on the left of even pages, 7 mm below the block', () => {
    pages.forEach((p, n) => {
      const foot = p.items.filter((i) => i.top > BLOCK.bottom);
      expect(foot.map((i) => i.str).join('').replace(/\s/g, '')).toBe(`—${n + 1}—`);
      const left = Math.min(...foot.map((i) => i.x));
      const right = Math.max(...foot.map((i) => i.x + i.width));
      if (n % 2 === 0) expect(Math.abs(right - (BLOCK.right - 16))).toBeLessThan(2 * TOL);
      else expect(Math.abs(left - (BLOCK.left + 16))).toBeLessThan(2 * TOL);
      const baseline = foot[0]!.top;
      expect(baseline - BLOCK.bottom).toBeGreaterThan(5 * MM);
      expect(baseline - BLOCK.bottom).toBeLessThan(14 * MM);
    });
  });
});

describe('GB/T 9704 in the DOCX', () => {
  let xml: string;
  beforeAll(async () => {
    xml = await docxPart(call.docx!, 'word/document.xml');
  });

  it('sets A4, the margins and 22 lines of exact spacing', () => {
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    const mar = /<w:pgMar ([^>]*)\/>/.exec(xml)![1]!;
    const attr = (k: string) => Number(new RegExp(`w:${k}="(\\d+)"`).exec(mar)![1]);
    const twips = (mm: number) => mm * (1440 / 25.4);
    expect(Math.abs(attr('top') - twips(37))).toBeLessThan(twips(1));
    expect(Math.abs(attr('left') - twips(28))).toBeLessThan(twips(1));
    expect(Math.abs(11906 - attr('left') - attr('right') - twips(156))).toBeLessThan(twips(1));
    expect(Math.abs(16838 - attr('top') - attr('bottom') - twips(225))).toBeLessThan(twips(1));
    // no document grid (LibreOffice would give a 2号 title two grid lines): exact 28.95 pt spacing instead
    expect(xml).not.toMatch(/<w:docGrid w:type="lines"/);
    const pitch = 579;
    expect(Math.floor((16838 - attr('top') - attr('bottom')) / pitch)).toBe(22);
    // body paragraphs: exactly 28.95 pt each, 3号 characters 0.25 pt tighter: 28 to a line
    expect(xml).toContain(`<w:spacing w:after="0" w:before="0" w:line="${pitch}" w:lineRule="exact"/>`);
    expect(xml).toContain('<w:sz w:val="32"/>');
    expect(xml).toContain('<w:spacing w:val="-5"/>');
    expect(Math.floor((11906 - attr('left') - attr('right')) / (320 - 5))).toBe(28);
    expect(xml).toContain('<w:sz w:val="44"/>'); // title 2号
  });

  it('names the 公文 fonts as East Asian fonts', () => {
    for (const f of ['仿宋_GB2312', '方正小标宋简体', '黑体', '楷体_GB2312']) expect(xml).toContain(`w:eastAsia="${f}"`);
  });

  it('prints the mark and the rule in red', () => {
    expect(xml).toMatch(/<w:color w:val="E60012"\/>[\s\S]{0,400}广州市商务局文件/);
    expect(xml).toMatch(/<w:bottom w:val="single" w:color="E60012" w:sz="12" w:space="11"\/>/);
  });

  it('has page numbers — N — right on odd pages and left on even pages', async () => {
    const settings = await docxPart(call.docx!, 'word/settings.xml');
    expect(settings).toContain('<w:evenAndOddHeaders/>');
    const rels = await docxPart(call.docx!, 'word/_rels/document.xml.rels');
    const footer = (type: string) => {
      const id = new RegExp(`<w:footerReference w:type="${type}" r:id="(\\w+)"`).exec(xml)![1];
      return new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? new RegExp(`Target="([^"]+)"[^>]*Id="${id}"`).exec(rels)![1]!;
    };
    const odd = await docxPart(call.docx!, `word/${footer('default')}`);
    const even = await docxPart(call.docx!, `word/${footer('even')}`);
    expect(odd).toContain('<w:jc w:val="right"/>');
    expect(even).toContain('<w:jc w:val="left"/>');
    for (const f of [odd, even]) {
      expect(f).toContain('PAGE');
      expect(f).toMatch(/— <\/w:t>[\s\S]*PAGE[\s\S]*<w:t xml:space="preserve"> —/);
    }
  });
});

describe('the 信函 format of letters to one applicant (GB/T 9704 §10.1)', () => {
  it('puts the mark at the top over a red double rule 170 mm long, the number flush right, no page number on page one', async () => {
    const { fixture } = await import('./support.ts');
    const doc = await seedDocument('rejection', fixture('not-member.json'), 'both', {
      date: '2025-03-10',
      issued: '2024-01-01',
      benefit: '品牌推广扶持',
      docNumber: '穗商务函〔2025〕4号',
    });
    const [first] = await readPdf(doc.pdf!);
    const mark = first!.items.filter((i) => i.size > 25);
    expect(mark.map((i) => i.str).join('')).toBe('广州市商务局');
    // glyph tops (baseline − 0.88 em) 30 mm from the top edge of the page, above the 37 mm block (§10.1)
    expect(Math.abs(mark[0]!.top - 0.88 * mark[0]!.size - 30 * MM)).toBeLessThan(TOL);
    const number = first!.items.filter((i) => i.size === 16 && /[〔〕号\d穗商务函]/.test(i.str) && i.top < 80 * MM);
    expect(Math.abs(Math.max(...number.map((i) => i.x + i.width)) - BLOCK.right)).toBeLessThan(TOL);
    expect(first!.items.some((i) => i.top > BLOCK.bottom)).toBe(false);

    const lines = (await pdfDrawing(doc.pdf!, 1)).paths;
    const rules = lines.filter((p) => p.length === 4 && p[1] === p[3] && Math.abs(p[2]! - p[0]! - 170 * MM) < 0.5);
    // the double rule under the mark, and the double line at the foot of page one (20 mm from the edge)
    expect(rules).toHaveLength(4);
    const ys = rules.map((r) => r[1]!).sort((a, b) => a - b);
    expect(ys[1]! - ys[0]!).toBeLessThan(3);
    expect(ys[3]! - ys[2]!).toBeLessThan(3);
    expect(ys[2]! - ys[1]!).toBeGreaterThan(200 * MM);
    for (const r of rules) expect(Math.abs((r[0]! + r[2]!) / 2 - A4.w / 2)).toBeLessThan(1.5 * MM);

    const xml = await docxPart(doc.docx!, 'word/document.xml');
    expect(xml).toMatch(/<w:bottom w:val="thickThinSmallGap" w:color="E60012"/);
    expect(xml).toContain('<w:titlePg/>');
    // the DOCX's mark is a frame placed on the page: its glyph tops 30 mm from the top edge, 170 mm wide
    const frame = /<w:framePr ([^>]*)\/>/.exec(xml)?.[1] ?? '';
    expect(frame).toContain('w:vAnchor="page"');
    expect(Number(/w:w="(\d+)"/.exec(frame)?.[1])).toBe(Math.round(170 * 1440 / 25.4));
    expect(Math.abs(Number(/w:y="(\d+)"/.exec(frame)?.[1]) + 0.06 * 30 * 20 - 30 * 1440 / 25.4)).toBeLessThan(20);
  });
});
