import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { DocumentError, renderDocument, type DocKind } from '../../src/documents/index.ts';
import { docxText, fixture, pdfText, readPdf, seedDocument, seedGraph, squash } from './support.ts';

const base = { date: '2025-03-10', issued: '2024-01-01' };
const brand = fixture('brand.json');
const untrusted = fixture('untrusted.json');

/** One case per kind of document, on the seed policy (the arguments of deep.test.ts's, rendered once per worker: seedDocument). */
const CASES: [DocKind, unknown, Record<string, unknown>, string[]][] = [
  ['form', undefined, { benefit: '品牌推广扶持' }, ['跨境电商“品牌出海”推广费用扶持申报表', '推广费用（元）']],
  ['call', undefined, { benefit: '品牌推广扶持', docNumber: '穗商务函〔2025〕12号', cc: '市财政局，市市场监管局' }, ['广州市商务局文件', '穗商务函〔2025〕12号', '支持标准：按推广费用的50%给予资金扶持，每家企业每年最高100万元（含本数）', '自印发之日起3年（2024年1月1日至2026年12月31日）']],
  ['acceptance', brand, { benefit: '品牌推广扶持', docNumber: '穗商务受〔2025〕3号' }, ['受理通知书', '广州某科技有限公司：', '广州市天河区人民政府']],
  ['rejection', fixture('not-member.json'), { benefit: '品牌推广扶持', docNumber: '穗商务函〔2025〕4号' }, ['不予支持通知书', '第三条', '行政复议']],
  ['publicity', [brand, fixture('warehouse.json')], { docNumber: '穗商务函〔2025〕5号', date: '2025-04-21' }, ['拟支持名单的公示', '400,000.00', '1,260,000.00', '2025年4月21日至2025年4月25日']],
  ['certificate', brand, {}, ['资金扶持确认书', '400,000.00元', '人民币肆拾万元整', '广州市商务局', '2025年3月10日']],
  ['policy', undefined, { docNumber: '穗商务规字〔2025〕1号', cc: '市财政局，市市场监管局' }, ['关于印发广州市推动跨境电子商务高质量发展若干政策措施的通知', '十七、其他', '请认真贯彻执行', '广州市商务局办公室', '2025年3月10日印发']],
];

describe('every kind as PDF and DOCX, with the same text', () => {
  for (const [kind, data, opts, expected] of CASES) {
    it(kind, async () => {
      const doc = await seedDocument(kind, data, 'both', { ...base, ...opts });
      expect(Buffer.from(doc.pdf!.subarray(0, 5)).toString()).toBe('%PDF-');
      expect(Buffer.from(doc.docx!.subarray(0, 2)).toString()).toBe('PK');
      // a table's header row repeats on each page of the PDF; the DOCX text has it once
      const header = doc.model.blocks.flatMap((b) => (b.type === 'table' && b.header > 0 ? [squash(b.rows[0]!.join(''))] : []))[0];
      const once = (s: string) => (header && s.includes(header) ? s.slice(0, s.indexOf(header) + header.length) + s.slice(s.indexOf(header) + header.length).split(header).join('') : s);
      const pdf = once(squash(await pdfText(doc.pdf!)));
      const docx = squash(await docxText(doc.docx!));
      expect(pdf).toBe(docx);
      for (const e of expected) expect(pdf).toContain(squash(e));
    });
  }
});

describe('untrusted data comes out literally in both formats', () => {
  for (const kind of ['certificate', 'acceptance', 'publicity', 'form'] as DocKind[]) {
    it(kind, async () => {
      const doc = await seedDocument(kind, kind === 'publicity' ? [untrusted] : untrusted, 'both', { ...base, benefit: '品牌推广扶持', docNumber: '穗商务函〔2025〕9号' });
      const name = squash('广州{{applicant.name}}}}<script>alert(1)</script>&__proto__constructor有限公司');
      for (const text of [squash(await pdfText(doc.pdf!)), squash(await docxText(doc.docx!))]) {
        expect(text).toContain(name);
        if (kind !== 'form') expect(text).not.toContain('&amp;');
        if (kind === 'certificate') {
          expect(text).toContain('P-{{7*7}}');
          expect(text).toContain(squash('备注：{{#each x}}::title 注入'));
          expect(text).toContain(squash('::break | A & B <b>__proto__</b> constructor'));
        }
      }
      // the note's "::title" did not become a title
      expect(doc.model.blocks.filter((b) => b.type === 'title').map((b) => (b as { text: string }).text).join('')).not.toContain('注入');
    });
  }
});

describe('certificates state the granted amount and refuse more than the ceiling', () => {
  it('takes --amount over grantedFen and writes figures, capitals, measure and date', async () => {
    const doc = await renderDocument('certificate', seedGraph(), brand, 'pdf', { ...base, amountFen: 100_500 });
    const text = squash(await pdfText(doc.pdf!));
    for (const s of ['1,005.00元', '人民币壹仟零伍元整', '第三条（支持跨境电商“品牌出海”）', '广州某科技有限公司', '2025年3月10日']) expect(text).toContain(squash(s));
  });

  const refused = async (data: unknown, opts: Record<string, unknown>) => {
    try {
      await renderDocument('certificate', seedGraph(), data, 'both', { ...base, ...opts });
    } catch (e) {
      expect(e).toBeInstanceOf(DocumentError);
      return (e as DocumentError).problems.map((p) => p.code);
    }
    throw new Error('not refused');
  };

  it('allows exactly the ceiling and refuses one fen more', async () => {
    await expect(renderDocument('certificate', seedGraph(), brand, 'pdf', { ...base, amountFen: 40_000_000 })).resolves.toBeDefined();
    expect(await refused(brand, { amountFen: 40_000_001 })).toEqual(['POL6002']);
    expect(await refused({ ...brand, grantedFen: 40_000_001 }, {})).toEqual(['POL6002']);
  });

  it('refuses an ineligible applicant, a missing amount, a zero amount, and a draft without --issued', async () => {
    expect(await refused(fixture('not-member.json'), { benefit: '品牌推广扶持', amountFen: 100 })).toEqual(['POL6003']);
    const { grantedFen: _, ...noAmount } = brand;
    expect(await refused(noAmount, {})).toEqual(['POL6004']);
    expect(await refused(brand, { amountFen: 0 })).toEqual(['POL6005']);
    expect(await refused(brand, { issued: undefined })).toEqual(['POL4002']);
    expect(await refused(brand, { date: '2025-02-28' })).toEqual(['POL6019']); // dated before the application
  });

  it('names every bad field of invalid data', async () => {
    const codes = await refused({ ...brand, date: '2025-13-01', grantedFen: -5, facts: { 推广费用: 'abc' } }, {});
    expect(codes).toEqual(['POL6017', 'POL6017', 'POL6017']);
  });
});

describe('fonts', () => {
  it('refuses a character the font lacks, naming it', async () => {
    const data = { ...brand, applicant: { ...(brand.applicant as object), name: '广州𠮷野家餐饮有限公司' } };
    try {
      await renderDocument('certificate', seedGraph(), data, 'pdf', base);
      throw new Error('not refused');
    } catch (e) {
      expect(e).toBeInstanceOf(DocumentError);
      const messages = (e as DocumentError).messages();
      expect(messages).toHaveLength(1);
      expect(messages[0]).toContain('“𠮷”（U+20BB7）');
      expect(messages[0]).toContain('POL6001');
    }
  });

  it('embeds the serif, subset, with every character in the document', async () => {
    const doc = await renderDocument('certificate', seedGraph(), brand, 'pdf', base);
    const raw = Buffer.from(doc.pdf!).toString('latin1');
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSerifSC-Regular/);
    expect(raw).toMatch(/\/FontFile2 /);
    expect(doc.pdf!.length).toBeLessThan(40 * 1024);
  });

  it('embeds DOCX font subsets cut from faces read once per process, a subset of the same characters reused', async () => {
    const { subsetStats } = await import('../../src/documents/docx-fonts.ts');
    const { docxFonts } = await import('./support.ts');
    const certificate = (name: string) => renderDocument('certificate', seedGraph(), { ...brand, applicant: { ...(brand.applicant as object), name } }, 'docx', base);
    await certificate('广州甲乙科技有限公司');
    const before = { ...subsetStats };
    const doc = await certificate('广州丙丁贸易有限公司');
    // no font read into harfbuzz again; the body's subset is new (new name), the title's is the same one
    expect(subsetStats.facesLoaded).toBe(before.facesLoaded);
    expect(subsetStats.subsetsMade - before.subsetsMade).toBe(1);
    expect(subsetStats.subsetsReused - before.subsetsReused).toBe(1);
    // the embedded body font holds the document's characters and few others (read back as Word reads it)
    const face = (await docxFonts(doc.docx!)).get('仿宋_GB2312')!;
    for (const ch of '广州丙丁贸易有限公司') expect(face.hasGlyphForCodePoint(ch.codePointAt(0)!), ch).toBe(true);
    expect(face.hasGlyphForCodePoint('甲'.codePointAt(0)!)).toBe(false);
    expect(face.numGlyphs).toBeLessThan(400);
  });

  it('lays each word out once per face, whichever document set it first', async () => {
    const { pdfEngine } = await import('../../src/documents/to-pdf.ts');
    const face = pdfEngine().faces.normal as unknown as { layout(...args: unknown[]): unknown };
    const first = await renderDocument('certificate', seedGraph(), brand, 'pdf', base);
    const layout = face.layout;
    let shaped = 0;
    face.layout = function (this: unknown, ...args: unknown[]) {
      shaped++;
      return layout.apply(this, args);
    };
    try {
      // the same words in a new document: no shaping, the same page
      const again = await renderDocument('certificate', seedGraph(), brand, 'pdf', base);
      expect(shaped).toBe(0);
      expect(Buffer.from(again.pdf!).equals(Buffer.from(first.pdf!))).toBe(true);
      // a new word is shaped once
      await renderDocument('certificate', seedGraph(), { ...brand, applicant: { ...(brand.applicant as object), name: '广州戊己庚辛有限公司' } }, 'pdf', base);
      expect(shaped).toBeGreaterThan(0);
    } finally {
      delete (face as { layout?: unknown }).layout;
    }
    expect(face.layout).toBe(layout);
  });

  it('lets pdfmake read no file and no URL', async () => {
    const { pdfEngine } = await import('../../src/documents/to-pdf.ts');
    const { pdfmake } = pdfEngine();
    const local = { content: [{ image: '/etc/hostname' }], defaultStyle: { font: 'NotoSerifSC' } };
    await expect(pdfmake.createPdf(local).getBuffer()).rejects.toThrow(/access|denied|not allowed/i);
    const remote = { content: [{ image: 'https://example.com/x.png' }], images: { x: 'https://example.com/x.png' }, defaultStyle: { font: 'NotoSerifSC' } };
    await expect(pdfmake.createPdf(remote).getBuffer()).rejects.toThrow(/access|denied/i);
    const font = { content: ['x'], defaultStyle: { font: 'Other' } };
    pdfmake.setFonts({ Other: { normal: createRequire(import.meta.url).resolve('pdfmake/package.json') } });
    await expect(pdfmake.createPdf(font).getBuffer()).rejects.toThrow(/access|denied|not allowed/i);
  });
});

describe('the publicity notice of a long list', () => {
  it('keeps one table across pages with the header on every page', async () => {
    const apps = Array.from({ length: 60 }, (_, i) => ({
      ...brand,
      applicant: { id: `91440101MA5${String(i).padStart(7, '0')}`, name: `广州第${i + 1}号跨境电商有限公司`, kind: 'enterprise', district: '天河区' },
      history: [],
      grantedFen: 1_000_000 + i,
    }));
    const doc = await renderDocument('publicity', seedGraph(), apps, 'pdf', { ...base, benefit: '品牌推广扶持', docNumber: '穗商务函〔2025〕9号' });
    const pages = await readPdf(doc.pdf!);
    expect(pages.length).toBeGreaterThan(2);
    const withRows = pages.filter((p) => p.items.map((i) => i.str).join('').includes('号跨境电商有限公司'));
    expect(withRows.length).toBeGreaterThan(1);
    for (const p of withRows) expect(p.items.map((i) => i.str).join('')).toContain('统一社会信用代码');
    const text = pages.map((p) => p.items.map((i) => i.str).join('')).join('');
    for (let i = 1; i <= 60; i++) expect(text).toContain(`广州第${i}号跨境电商有限公司`);
    expect(text).toContain('合计：60家');
  });
});
