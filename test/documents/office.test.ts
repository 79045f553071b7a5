/**
 * Documents an office will sign (issue #14): what each notice states and how its end sits on the page.
 * In-process (pdfjs reads the PDF, mammoth the DOCX); the page counts of the DOCX are in deep.test.ts.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configureFonts, DocumentError, renderDocument } from '../../src/documents/index.ts';
import { fontMapping } from '../../src/documents/font-roles.ts';
import { nestQuotes, rejectionGrounds } from '../../src/documents/grounds.ts';
import { docxText, fixture, FIXTURES, pdfText, readPdf, seedDocument, seedGraph, squash } from './support.ts';

const base = { date: '2025-03-10', issued: '2024-01-01' };
const brand = fixture('brand.json');
const LONG_NAME = '广州市天河区' + '跨境电子商务'.repeat(14) + '集团股份有限公司粤港澳大湾区总部暨华南运营中心'.slice(0, 10);

const example = (name: string): Record<string, unknown> => JSON.parse(readFileSync(join(FIXTURES, '../../../examples/applications', name), 'utf8'));
const pageTexts = async (pdf: Uint8Array) => (await readPdf(pdf)).map((p) => p.items.map((i) => i.str).join(''));

describe('certificate: one page, one way of writing the amount', () => {
  it('stays on one page for a 100-character name and an amount with 角 and 分, labels unbroken', async () => {
    expect([...LONG_NAME].length).toBe(100);
    const qilin = example('qilin-first-entry.json');
    const app = { ...qilin, note: '首批', applicant: { ...(qilin.applicant as object), name: LONG_NAME } };
    const doc = await seedDocument('certificate', app, 'both', { ...base, date: '2025-06-30', benefit: '麒麟企业奖励', amountFen: 123_456_789 });
    const pages = await pageTexts(doc.pdf!);
    expect(pages).toHaveLength(1);
    const text = squash(pages[0]!);
    expect(text).toContain('1,234,567.89元');
    expect(text).not.toContain('¥');
    expect(text).toContain('人民币壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分');
    // labels are single lines: each label's characters are drawn on one baseline
    const items = (await readPdf(doc.pdf!))[0]!.items;
    const lines = new Map<number, string>();
    for (const i of items) lines.set(Math.round(i.top), (lines.get(Math.round(i.top)) ?? '') + i.str);
    for (const label of ['核定金额（小写）', '核定金额（大写）', '统一社会信用代码']) {
      expect([...lines.values()].some((l) => l.includes(label)), label).toBe(true);
    }
    expect(squash(await docxText(doc.docx!))).toContain(squash(LONG_NAME));
  });
});

describe('rejection: grounds, not the trace', () => {
  it('states only the unmet conditions, each clause once, no ceilings, no nested quotes, and the remedies', async () => {
    const doc = await renderDocument('rejection', seedGraph(), example('qilin-first-entry.json'), 'both', { ...base, date: '2025-07-25', benefit: '品牌推广扶持', docNumber: '穗商务函〔2025〕4号' });
    for (const text of [squash(await pdfText(doc.pdf!)), squash(await docxText(doc.docx!))]) {
      expect(text).not.toContain('符合条件：');
      expect(text).not.toContain('可获上限');
      expect(text).not.toMatch(/上限\d/);
      expect(text).toContain(squash('不予叠加（第十七条）'));
      expect(text.match(/第十七条/g)).toHaveLength(1);
      expect(text).toContain('六十日内向广州市人民政府申请行政复议');
      expect(text).toContain('六个月内依法向人民法院提起行政诉讼');
      // “ never opens inside another “…”
      let depth = 0;
      for (const ch of text) {
        if (ch === '“') expect(++depth).toBe(1);
        if (ch === '”') depth--;
      }
    }
  });

  it('cites 不重复支持 once, plainly; the review authority is configurable', async () => {
    const doc = await renderDocument('rejection', seedGraph(), example('double-funded.json'), 'pdf', { ...base, date: '2025-07-25', benefit: '品牌推广扶持', docNumber: '穗商务函〔2025〕4号', reviewAuthority: '广州市司法局' });
    const text = squash(await pdfText(doc.pdf!));
    expect(text).toContain(squash('1.项目P-401已获省级资金奖补30万元，不重复支持（第十七条）。'));
    expect(text).not.toContain('依据第三条');
    expect(text).toContain('向广州市司法局申请行政复议');
  });

  it('turns inner quotes into single quotes and drops the engine wording', () => {
    expect(nestQuotes('依据“按“就高不就低”原则”')).toBe('依据“按‘就高不就低’原则”');
    expect(rejectionGrounds(['不符合条件“首次入选(麒麟企业)”：未入选跨境电商“麒麟”企业名单。', '符合条件：申报主体为跨境电商企业。'], '1', ['材料不全'])).toEqual([
      '未入选跨境电商“麒麟”企业名单。',
      '材料不全。',
    ]);
  });
});

describe('draft and final documents', () => {
  it('a draft policy without --issued is a 征求意见 letter: no 规字 number, no 请认真贯彻执行', async () => {
    const doc = await renderDocument('policy', seedGraph(), undefined, 'pdf', { date: '2024-01-01', docNumber: '穗商务函〔2024〕3号' });
    const text = squash(await pdfText(doc.pdf!));
    expect(text).toContain('（征求意见稿）');
    expect(text).toContain('征求');
    expect(text).not.toContain('请认真贯彻执行');
    await expect(renderDocument('policy', seedGraph(), undefined, 'pdf', { date: '2024-01-01', docNumber: '穗商务规字〔2024〕1号' })).rejects.toMatchObject({ problems: [{ code: 'POL6021' }] });
  });

  it('refuses a placeholder number in a final notice (POL6020); a pending number is a blank and a warning', async () => {
    const err = await renderDocument('acceptance', seedGraph(), brand, 'pdf', { ...base, benefit: '品牌推广扶持' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DocumentError);
    expect((err as DocumentError).problems[0]!.code).toBe('POL6020');
    const ok = await renderDocument('acceptance', seedGraph(), brand, 'pdf', { ...base, benefit: '品牌推广扶持', numberPending: true });
    expect(ok.warnings.map((w) => w.code)).toContain('POL6101');
  });
});

describe('the end of a notice', () => {
  it('keeps the signature with the text before it, and prints the contact line', async () => {
    const doc = await renderDocument('acceptance', seedGraph(), brand, 'both', {
      ...base,
      benefit: '品牌推广扶持',
      docNumber: '穗商务受〔2025〕3号',
      contact: { person: '张三', phone: '020-12345678' },
    });
    const pages = await pageTexts(doc.pdf!);
    const last = squash(pages.at(-1)!);
    expect(last).toContain('广州市商务局2025年3月10日');
    // the signature never stands alone: some body text is on its page
    expect(last.replace(/—\d+—/, '').split('广州市商务局2025年3月10日')[0]!.length).toBeGreaterThan(4);
    expect(last).toContain('联系人：张三，联系电话：020-12345678');
  });

  it('puts the 版记 (抄送, 印发机关, 印发日期) on the last page of 文件-style documents', async () => {
    for (const kind of ['policy', 'call', 'publicity'] as const) {
      // the policy and the call as deep.test.ts and documents.test.ts render them (seedDocument: once per worker)
      const doc = await seedDocument(kind, kind === 'publicity' ? [brand] : undefined, 'both', {
        ...base,
        ...(kind === 'policy' ? {} : { benefit: '品牌推广扶持' }),
        docNumber: kind === 'policy' ? '穗商务规字〔2025〕1号' : kind === 'call' ? '穗商务函〔2025〕12号' : '穗商务函〔2025〕7号',
        cc: '市财政局，市市场监管局',
      });
      const last = squash((await pageTexts(doc.pdf!)).at(-1)!);
      expect(last, kind).toContain('抄送：市财政局，市市场监管局。');
      expect(last, kind).toContain('广州市商务局办公室2025年3月10日印发');
      expect(squash(await docxText(doc.docx!)), kind).toContain('2025年3月10日印发');
    }
  });

  it('publicity: 家, the objection deadline and where to object', async () => {
    const doc = await renderDocument('publicity', seedGraph(), [brand, fixture('warehouse.json')], 'pdf', {
      ...base,
      date: '2025-04-21',
      docNumber: '穗商务函〔2025〕5号',
      contact: { person: '李四', phone: '020-87654321', address: '广州市天河区某路1号' },
    });
    const text = squash(await pdfText(doc.pdf!));
    expect(text).toMatch(/合计：\d+家/);
    expect(text).toContain('请于2025年4月25日前以书面形式');
    expect(text).toContain('联系人：李四，联系电话：020-87654321，地址：广州市天河区某路1号。');
  });
});

describe('the seal', () => {
  it('draws no placeholder; places the office PNG only when given', async () => {
    const opts = { ...base, benefit: '品牌推广扶持' };
    const plain = await renderDocument('certificate', seedGraph(), brand, 'both', opts);
    const pdfOps = Buffer.from(plain.pdf!).toString('latin1');
    expect(pdfOps).not.toContain('/Subtype /Image');
    expect(Buffer.from(plain.docx!).toString('latin1')).not.toContain('word/media/');
    const seal = new Uint8Array(readFileSync(join(FIXTURES, 'seal.png')));
    const sealed = await renderDocument('certificate', seedGraph(), brand, 'both', { ...opts, seal });
    expect(Buffer.from(sealed.pdf!).toString('latin1')).toContain('/Subtype /Image');
    expect(Buffer.from(sealed.docx!).toString('latin1')).toContain('word/media/');
    expect((await readPdf(sealed.pdf!)).length).toBe(1);
    await expect(renderDocument('certificate', seedGraph(), brand, 'pdf', { ...opts, seal: new Uint8Array(40) })).rejects.toMatchObject({ problems: [{ code: 'POL6022' }] });
  });
});

describe('the office typefaces (--fonts)', () => {
  // LXGW WenKai (Debian fonts-lxgw-wenkai, OFL) stands in for an office's own 楷体/标题 font
  const dir = ['/usr/share/fonts/truetype/lxgw-wenkai', '/usr/share/fonts/opentype/lxgw-wenkai'].find((d) => existsSync(join(d, 'LXGWWenKai-Regular.ttf')));
  if (!dir) console.log('font role test skipped: LXGW WenKai not installed (Debian fonts-lxgw-wenkai)');
  it.skipIf(!dir)('maps roles to TTF files, embeds them subset in the PDF, names them in the DOCX, and says what stood in', async () => {
    const map = join(mkdtempSync(join(tmpdir(), 'pol-fonts-')), 'fonts.json');
    writeFileSync(map, JSON.stringify({ 标题: join(dir!, 'LXGWWenKai-Bold.ttf'), 楷体: join(dir!, 'LXGWWenKai-Regular.ttf') }));
    try {
      const doc = await renderDocument('call', seedGraph(), undefined, 'both', { ...base, docNumber: '穗商务函〔2025〕12号', fonts: map });
      const pdf = Buffer.from(doc.pdf!).toString('latin1');
      expect(pdf).toMatch(/\/FontName \/[A-Z]{6}\+LXGWWenKai-Bold/);
      expect(pdf).toMatch(/\/FontName \/[A-Z]{6}\+LXGWWenKai-Regular/); // （一） headings
      expect(pdf).toMatch(/\/FontName \/[A-Z]{6}\+NotoSerifSC-Regular/); // body: no 仿宋 given
      expect((await readPdf(doc.pdf!)).length).toBeGreaterThan(1);
      const { default: JSZip } = await import('jszip');
      const zip = await JSZip.loadAsync(doc.docx!);
      const xml = await zip.file('word/document.xml')!.async('string');
      expect(xml).toContain('w:eastAsia="LXGW WenKai"');
      expect(xml).toContain('w:eastAsia="仿宋_GB2312"');
      const core = await zip.file('docProps/core.xml')!.async('string');
      expect(core).toContain('以 Noto Serif SC 代替 正文（仿宋_GB2312）');
      // a folder: files recognised by name (文楷 → 楷体), the regular weight of six; what a role's file then
      // does is the JSON's case above (configureFonts reads either through fontMapping)
      expect(fontMapping(dir!)).toEqual({ 楷体: join(dir!, 'LXGWWenKai-Regular.ttf') });
      await expect(renderDocument('call', seedGraph(), undefined, 'pdf', { ...base, docNumber: '穗商务函〔2025〕12号', fonts: join(dir!, 'nope.json') })).rejects.toMatchObject({ problems: [{ code: 'POL6023' }] });
    } finally {
      configureFonts('');
    }
  });
});

describe('附件说明', () => {
  it('aligns the later attachment names under the first (GB/T 9704 §7.3.4)', async () => {
    const doc = await seedDocument('call', undefined, 'pdf', { ...base, docNumber: '穗商务函〔2025〕12号' });
    // lines of text (items on one baseline, left to right) with the x of their first glyph
    const lines = (await readPdf(doc.pdf!)).flatMap((p) => {
      const byTop = new Map<number, typeof p.items>();
      for (const i of p.items) byTop.set(Math.round(i.top), [...(byTop.get(Math.round(i.top)) ?? []), i]);
      return [...byTop.values()].map((its) => its.sort((a, b) => a.x - b.x)).map((its) => ({ x: its[0]!.x, text: its.map((i) => i.str).join('') }));
    });
    const label = lines.find((l) => l.text.startsWith('附件：1.'))!;
    const later = ['2.', '3.'].map((n) => lines.find((l) => l.text.startsWith(n) && l.text.endsWith('申报表'))!);
    expect(label).toBeDefined();
    expect(later.every((l) => l !== undefined)).toBe(true);
    // “附件：” is three characters of 3号 (15.75 pt each): later names start under the first name
    for (const item of later) expect(Math.abs(item.x - (label.x + 3 * 15.75))).toBeLessThan(1);
  });
});
