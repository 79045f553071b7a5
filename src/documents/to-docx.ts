/**
 * The DOCX writer: document model → docx (the npm package) → bytes. Same page, same blocks and the
 * same spacing as the PDF writer (both read layout.ts); the fonts are named by role so Word and WPS
 * use 仿宋_GB2312, 方正小标宋简体, 黑体 and 楷体_GB2312 as East Asian fonts.
 *
 * GB/T 9704 in Word terms: margins in twips, a line grid of 579 twips (28.95 pt, 22 lines) with body
 * paragraphs at that exact line spacing, and −0.25 pt character spacing so 28 characters fill a line
 * (Word's 28-character grid makes LibreOffice spread characters, so the line grid is used alone).
 * Table cells get their own spacing (exact body spacing would squeeze them). Odd and even pages have
 * their own footers: `— 1 —` right on odd pages, left on even pages.
 */
import { A4, CERTIFICATE, NOTICE, DATE_RIGHT_CHARS, LONG_CELL, geometryOf, LETTER, MARK, markSizePt, PT_PER_MM, SEAL, spaceBeforePt, tableWidthsPt, tailBlocks, textBlockMm, TWIPS_PER_MM, type PageGeometry } from './layout.ts';
import type { Block, DocModel } from './model.ts';
import { loadFonts, standInText, textWidth, userRoleFonts, type Face } from './fonts.ts';
import type { ColophonPlacement } from './to-pdf.ts';
import { ROLE_FACE, type FontRole } from './font-roles.ts';

/**
 * The typeface a DOCX names for a role: the office's font mapped with --fonts (its family name), else
 * the font a government desk has (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312, 宋体 for page numbers).
 */
function faceName(role: FontRole): string {
  return userRoleFonts()[role]?.family ?? ROLE_FACE[role];
}

const DOCX_FONTS = {
  get body() {
    return faceName('正文');
  },
  get title() {
    return faceName('标题');
  },
  get heading1() {
    return faceName('黑体');
  },
  get heading2() {
    return faceName('楷体');
  },
  get pageNumber() {
    return faceName('页码');
  },
};

type Docx = typeof import('docx');
let docxModule: Docx | undefined;

async function loadDocx(): Promise<Docx> {
  docxModule ??= await import('docx');
  return docxModule;
}

const twips = (mm: number): number => Math.round(mm * TWIPS_PER_MM);
const ptTwips = (pt: number): number => Math.round(pt * 20);
const EMU_PER_PT = 12700;

function font(name: string): { ascii: string; hAnsi: string; eastAsia: string; cs: string; hint: 'eastAsia' } {
  return { ascii: name, hAnsi: name, eastAsia: name, cs: name, hint: 'eastAsia' };
}

/** The DOCX of a model. Text widths for the signature block come from the same font metrics as the PDF. */
export interface DocxOptions {
  /** The office's seal as PNG bytes, floated over the signature of documents that carry one. */
  seal?: Uint8Array;
  /** Where the PDF put the 版记 (its page and the last page with text): the DOCX puts it on the same page. */
  placement?: ColophonPlacement;
  /** Embed the fonts, subset (default true): text shows on a machine without Chinese fonts. */
  embedFonts?: boolean;
}

type Paragraph = InstanceType<Docx['Paragraph']>;
type ParagraphOptions = ConstructorParameters<Docx['Paragraph']>[0] & object;

/**
 * Builds the body of a DOCX block by block: one method per kind of block, all reading the same page
 * geometry and the state between blocks (the block before, a page break owed by a ::break).
 */
class DocxBody {
  readonly g: PageGeometry;
  readonly faces: Record<'normal' | 'bold', Face>;
  readonly widthPt: number;
  /** A letter's rules are 170 mm: 7 mm past each side of the 156 mm block (negative indents). */
  readonly sideTw: number;
  readonly bodyRun: { font: ReturnType<typeof font>; size: number; characterSpacing: number };
  readonly indentTw: number;
  readonly blocks: Block[];
  readonly children: (Paragraph | InstanceType<Docx['Table']>)[] = [];
  /** The 版记's paragraphs: framed at the foot of the page (they go last, after any page breaks). */
  readonly colophon: Paragraph[] = [];
  /** A form's 承诺 and signature lines, and an attachment's: kept together (layout.ts). */
  private readonly tail: Set<Block>;
  prev: Block | undefined;
  breakNext = false;

  constructor(
    readonly d: Docx,
    readonly model: DocModel,
    readonly opts: DocxOptions,
  ) {
    this.g = geometryOf(model.layout);
    this.faces = loadFonts().faces;
    const block = textBlockMm(this.g);
    this.widthPt = block.width * PT_PER_MM;
    this.sideTw = -twips((LETTER.ruleMm - block.width) / 2);
    this.bodyRun = { font: font(DOCX_FONTS.body), size: this.g.bodyPt * 2, characterSpacing: ptTwips(this.g.letterPt) };
    this.indentTw = ptTwips(2 * (this.g.bodyPt + this.g.letterPt));
    this.blocks = model.blocks;
    this.tail = tailBlocks(model);
  }

  exact(pitchPt: number) {
    return { line: ptTwips(pitchPt), lineRule: this.d.LineRuleType.EXACT };
  }

  /** A paragraph with `before` points of space above it (and the page break owed by a ::break). */
  para(b: Block, opts: ParagraphOptions, before: number): void {
    const o = opts as Record<string, unknown>;
    const spacing = { ...(o.spacing as object), before: ptTwips(before), after: 0 };
    const keep = this.tail.has(b) ? { keepNext: true, keepLines: true } : {};
    this.children.push(new this.d.Paragraph({ autoSpaceEastAsianText: false, ...keep, ...opts, spacing, ...(this.breakNext ? { pageBreakBefore: true } : {}) }));
    this.breakNext = false;
  }

  /** This block moves with the signature: the last two paragraphs before it, with any space between. */
  signatureFollows(i: number): boolean {
    let between = 0;
    for (let j = i + 1; j < this.blocks.length; j++) {
      const t = this.blocks[j]!.type;
      if (t === 'signature') return true;
      if (t === 'paragraph') {
        if (++between > 1) return false;
        continue;
      }
      if (t !== 'space') return false;
    }
    return false;
  }

  /** Every block in order. */
  build(): this {
    for (let i = 0; i < this.blocks.length; i++) {
      const b = this.blocks[i]!;
      if (b.type === 'pageBreak') {
        this.breakNext = true;
        this.prev = b;
        continue;
      }
      const before = spaceBeforePt(this.breakNext ? undefined : this.prev, b, this.g, this.model.layout);
      // a mark or number that carries the rule under it as its border consumes that rule block too
      i += this.block(b, i, before);
      this.prev = this.blocks[i];
    }
    return this;
  }

  /** One block; returns how many following blocks it consumed. */
  block(b: Block, i: number, before: number): number {
    const { d, g } = this;
    switch (b.type) {
      case 'mark':
        return this.mark(b, i, before);
      case 'docNumber':
        return this.docNumber(b, i, before);
      case 'rule':
        this.para(b, { spacing: this.exact(2), border: { bottom: { style: d.BorderStyle.SINGLE, size: 12, color: b.color === 'red' ? MARK.color.slice(1) : '000000', space: 0 } }, children: [] }, before);
        return 0;
      case 'title':
        this.para(b, {
          alignment: d.AlignmentType.CENTER,
          spacing: this.exact(g.titlePitchPt),
          children: [new d.TextRun({ text: b.text, font: font(DOCX_FONTS.title), size: g.titlePt * 2, snapToGrid: false, characterSpacing: this.model.layout === 'certificate' ? ptTwips(g.titlePt * 0.5) : 0 })],
        }, before);
        return 0;
      case 'subtitle':
        this.para(b, {
          alignment: d.AlignmentType.CENTER,
          spacing: this.exact(g.pitchPt),
          children: [new d.TextRun({ text: b.text, ...this.bodyRun, size: (this.model.layout === 'certificate' ? g.bodyPt - 2 : g.bodyPt) * 2, characterSpacing: 0 })],
        }, before);
        return 0;
      case 'addressee':
        this.para(b, { alignment: d.AlignmentType.LEFT, spacing: this.exact(g.pitchPt), children: [new d.TextRun({ text: b.text, ...this.bodyRun })] }, before);
        return 0;
      case 'heading': {
        const name = b.level === 1 ? DOCX_FONTS.heading1 : b.level === 2 ? DOCX_FONTS.heading2 : DOCX_FONTS.body;
        this.para(b, {
          alignment: d.AlignmentType.LEFT,
          spacing: this.exact(g.pitchPt),
          indent: { firstLine: this.indentTw },
          keepNext: true,
          children: [new d.TextRun({ text: b.text, ...this.bodyRun, font: font(name) })],
        }, before);
        return 0;
      }
      case 'paragraph':
        this.para(b, {
          alignment: ALIGNMENT(d)[b.align],
          spacing: this.exact(g.pitchPt),
          // the paragraph before the signature moves with it (GB/T 9704 §7.3.5: no signature alone)
          ...(this.signatureFollows(i) ? { keepNext: true, keepLines: true } : {}),
          ...(b.indent ? { indent: { firstLine: this.indentTw } } : {}),
          children: [new d.TextRun({ text: b.text, ...this.bodyRun, bold: b.bold ?? false })],
        }, before);
        return 0;
      case 'note':
        this.para(b, { alignment: d.AlignmentType.LEFT, spacing: this.exact(g.pitchPt), indent: { firstLine: this.indentTw }, children: [new d.TextRun({ text: b.text, ...this.bodyRun })] }, before);
        return 0;
      case 'colophon':
        this.colophonBlock(b);
        return 0;
      case 'attachmentLabel':
        this.para(b, { alignment: d.AlignmentType.LEFT, spacing: this.exact(g.pitchPt), children: [new d.TextRun({ text: b.text, ...this.bodyRun, font: font(DOCX_FONTS.heading1) })] }, before);
        return 0;
      case 'space':
        this.para(b, { spacing: this.exact(b.lines * g.pitchPt), ...(this.signatureFollows(i) || this.tail.has(b) ? { keepNext: true } : {}), children: [] }, before);
        return 0;
      case 'table':
        if (before > 0 || this.breakNext) this.para(b, { spacing: this.exact(Math.max(before, 1)), children: [] }, 0);
        this.children.push(tableOf(d, b, g, this.widthPt, this.faces));
        return 0;
      case 'signature':
        this.signature(b, i, before);
        return 0;
      case 'pageBreak':
        return 0;
    }
  }

  /** 发文机关标志; a letter's is framed 30 mm from the top edge with its double rule as its bottom border. */
  mark(b: Extract<Block, { type: 'mark' }>, i: number, before: number): number {
    const { d } = this;
    const size = markSizePt(b, this.widthPt);
    if (!this.prev && !b.letter) before = MARK.gapMm * PT_PER_MM - 0.1 * size;
    // a letter's double rule is this paragraph's bottom border (thick over thin), 4 mm under the mark
    const ruled = b.letter && this.blocks[i + 1]?.type === 'rule';
    // a letter's mark sits 30 mm from the top edge, above the text block: a frame placed on the page,
    // 170 mm wide (its rule's length); the text after it starts under the rule
    const framed = b.letter && !this.prev;
    if (framed) before = 0;
    const rule = { style: d.BorderStyle.THICK_THIN_SMALL_GAP, size: 18, color: MARK.color.slice(1), space: framed ? LETTER_RULE_SPACE : 11 };
    this.para(b, {
      alignment: d.AlignmentType.CENTER,
      spacing: this.exact(size * 1.15),
      ...(framed ? { frame: letterFrame(d, size) } : {}),
      ...(ruled ? { ...(framed ? {} : { indent: { left: this.sideTw, right: this.sideTw } }), border: { bottom: rule } } : {}),
      children: [new d.TextRun({ text: b.text, font: font(DOCX_FONTS.title), size: size * 2, color: MARK.color.slice(1), characterSpacing: ptTwips(size * 0.05) })],
    }, before);
    return ruled ? 1 : 0;
  }

  /** 发文字号, with the red rule under it as its bottom border (4 mm, 11 pt). */
  docNumber(b: Extract<Block, { type: 'docNumber' }>, i: number, before: number): number {
    const { d, g } = this;
    const ruled = this.blocks[i + 1]?.type === 'rule';
    const first = this.blocks[0];
    // under a letter's framed mark: the frame takes no room in the text, so skip past its rule
    if (this.prev?.type === 'rule' && this.prev.double && first?.type === 'mark' && first.letter) before += letterHeadBelowBlockTopPt(markSizePt(first, this.widthPt));
    this.para(b, {
      alignment: b.align === 'right' ? d.AlignmentType.RIGHT : d.AlignmentType.CENTER,
      spacing: this.exact(g.pitchPt),
      ...(ruled ? { border: { bottom: { style: d.BorderStyle.SINGLE, size: 12, color: MARK.color.slice(1), space: 11 } } } : {}),
      children: [new d.TextRun({ text: b.text, ...this.bodyRun })],
    }, before);
    return ruled ? 1 : 0;
  }

  /**
   * 版记 (GB/T 9704 §7.4): framed at the foot of the text block, its last rule on the block's bottom edge,
   * on the page the PDF put it (the next even page: the writer adds the page breaks, see `sections`).
   * The 印发 line's frame is aligned to the bottom of the block; 抄送's frame is placed right above it,
   * with an empty paragraph between: LibreOffice drops the frame of a framed paragraph followed by another
   * framed paragraph unless both have identical properties (and so identical borders), and then lays the
   * 版记 under the text instead of at the foot.
   */
  colophonBlock(b: Extract<Block, { type: 'colophon' }>): void {
    const { d, g } = this;
    const HEAVY = 8;
    const LIGHT = 6;
    const heavy = { style: d.BorderStyle.SINGLE, size: HEAVY, color: '000000', space: 1 };
    const light = { style: d.BorderStyle.SINGLE, size: LIGHT, color: '000000', space: 1 };
    const run = (text: string) => new d.TextRun({ text, font: font(DOCX_FONTS.body), size: 28 });
    const anchor = { horizontal: d.FrameAnchorType.MARGIN, vertical: d.FrameAnchorType.MARGIN };
    const width = ptTwips(this.widthPt);
    const bottom = { type: 'alignment' as const, alignment: { x: d.HorizontalPositionAlign.LEFT, y: d.VerticalPositionAlign.BOTTOM }, anchor, width, wrap: d.FrameWrap.NOT_BESIDE };
    const common = { spacing: { ...this.exact(g.pitchPt), before: 0, after: 0 }, indent: { left: ptTwips(14), right: ptTwips(14) }, keepLines: true };
    // a paragraph's height: its exact line, each border's width (eighths of a point) and its space (1 pt)
    const line = ptTwips(g.pitchPt);
    const rule = (eighths: number) => ptTwips(eighths / 8 + 1);
    if (b.cc) {
      const officeHeight = line + rule(HEAVY);
      const ccHeight = line + rule(HEAVY) + rule(LIGHT);
      const y = twips(textBlockMm(g).height) - officeHeight - ccHeight;
      const above = { type: 'absolute' as const, position: { x: 0, y }, anchor, width, wrap: d.FrameWrap.NOT_BESIDE };
      this.colophon.push(
        new d.Paragraph({ ...common, frame: above, border: { top: heavy, bottom: light }, children: [run(`抄送：${b.cc}。`)] }),
        new d.Paragraph({ spacing: { line: 20, lineRule: d.LineRuleType.EXACT, before: 0, after: 0 }, children: [] }),
      );
    }
    this.colophon.push(
      new d.Paragraph({
        ...common,
        frame: bottom,
        border: { ...(b.cc ? {} : { top: heavy }), bottom: heavy },
        tabStops: [{ type: d.TabStopType.RIGHT, position: ptTwips(this.widthPt - 28) }],
        children: [run(b.office), new d.TextRun({ text: '\t', size: 28 }), run(b.date)],
      }),
    );
  }

  /** 署名 and 成文日期 (右空四字, the unit centred over the date), with the office's seal floated over them. */
  signature(b: Extract<Block, { type: 'signature' }>, i: number, before: number): void {
    const { d, g, faces, widthPt } = this;
    const charPt = g.bodyPt + g.letterPt;
    const dateRight = DATE_RIGHT_CHARS * charPt;
    const dateWidth = textWidth(faces.normal, b.date, g.bodyPt, g.letterPt);
    const unitWidth = textWidth(faces.normal, b.unit, g.bodyPt, g.letterPt);
    const center = dateRight + dateWidth / 2;
    const unitRight = Math.max(0, center - unitWidth / 2);
    const rPt = (SEAL.diameterMm * PT_PER_MM) / 2;
    const seal = b.seal && this.opts.seal
      ? [
          new d.ImageRun({
            type: 'png',
            data: this.opts.seal,
            transformation: { width: Math.round((rPt * 2 * 96) / 72), height: Math.round((rPt * 2 * 96) / 72) },
            floating: {
              horizontalPosition: { relative: d.HorizontalPositionRelativeFrom.MARGIN, offset: Math.round((widthPt - center - rPt) * EMU_PER_PT) },
              // from the top of the paragraph, which includes its space before
              verticalPosition: { relative: d.VerticalPositionRelativeFrom.PARAGRAPH, offset: Math.round((before + 0.6 * g.pitchPt - rPt) * EMU_PER_PT) },
              behindDocument: true,
              allowOverlap: true,
              wrap: { type: d.TextWrappingType.NONE },
            },
            altText: { name: 'seal', title: '印章位置', description: '加盖印章处' },
          }),
        ]
      : [];
    this.para(b, {
      alignment: d.AlignmentType.RIGHT,
      spacing: this.exact(g.pitchPt),
      indent: { right: ptTwips(unitRight) },
      keepNext: true,
      keepLines: true,
      children: [...seal, new d.TextRun({ text: b.unit, ...this.bodyRun })],
    }, before);
    this.para(b, {
      alignment: d.AlignmentType.RIGHT,
      spacing: this.exact(g.pitchPt),
      indent: { right: ptTwips(dateRight) },
      ...(this.blocks[i + 1]?.type === 'note' ? { keepNext: true } : {}),
      children: [new d.TextRun({ text: b.date, ...this.bodyRun })],
    }, 0);
  }

  /**
   * The body's sections: the text, then the 版记 on the page the PDF gave it. An empty paragraph with a
   * page break reaches each page after the last page with text; when a blank page comes before the
   * 版记, those pages are a section of their own with no page numbers (GB/T 9704 §7.5).
   */
  sections(): { main: (Paragraph | InstanceType<Docx['Table']>)[]; end?: Paragraph[] } {
    const { d } = this;
    if (this.colophon.length === 0) return { main: this.children };
    const p = this.opts.placement;
    const pages = p ? Math.max(0, p.page - p.lastText) : 0;
    const breakPara = (brk: boolean) => new d.Paragraph({ spacing: { ...this.exact(this.g.pitchPt), before: 0, after: 0 }, ...(brk ? { pageBreakBefore: true } : {}), children: [] });
    if (pages <= 1) return { main: [...this.children, ...(pages === 1 ? [breakPara(true)] : []), ...this.colophon] };
    // a new section starts the blank page; each further page is a page break
    return { main: this.children, end: [breakPara(false), ...Array.from({ length: pages - 1 }, () => breakPara(true)), ...this.colophon] };
  }
}

const ALIGNMENT = (d: Docx) =>
  ({
    left: d.AlignmentType.LEFT,
    center: d.AlignmentType.CENTER,
    right: d.AlignmentType.RIGHT,
    justify: d.AlignmentType.BOTH,
  }) as const;

/** The page of a model's layout: A4, the GB/T 9704 margins, footers 7 mm under the block. */
function pageProperties(d: Docx, model: DocModel, g: PageGeometry) {
  return {
    page: {
      size: { width: twips(A4.widthMm), height: twips(A4.heightMm) },
      margin: {
        top: twips(g.topMm),
        left: twips(g.leftMm),
        right: twips(g.rightMm),
        bottom: twips(g.bottomMm),
        header: twips(15),
        footer: twips(g.bottomMm - g.pageNumberGapMm - 6),
      },
      ...(model.layout === 'certificate' ? { borders: certificateBorders(d) } : {}),
    },
    // no document grid: body paragraphs have exact 28.95 pt spacing (22 lines), and a grid would make
    // LibreOffice give a 2号 title or a table row two grid lines (measured: DOCX pages ≠ PDF pages)
  };
}

/** 信函格式: page one has no page number but the red double line (thin over thick), 170 mm, near the bottom edge. */
function letterFooter(d: Docx, sideTw: number) {
  return new d.Footer({
    children: [
      new d.Paragraph({
        indent: { left: sideTw, right: sideTw },
        spacing: { line: 20, lineRule: d.LineRuleType.EXACT, before: 0, after: 0 },
        border: { bottom: { style: d.BorderStyle.THIN_THICK_SMALL_GAP, size: 18, color: MARK.color.slice(1), space: 0 } },
        children: [],
      }),
    ],
  });
}

export async function toDocx(model: DocModel, opts: DocxOptions = {}): Promise<Uint8Array> {
  const d = await loadDocx();
  const body = new DocxBody(d, model, opts).build();
  const { g } = body;
  const footers = g.pageNumberPt > 0 ? { ...pageFooters(d, g), ...(model.letter ? { first: letterFooter(d, body.sideTw) } : {}) } : {};
  const { main, end } = body.sections();
  const blank = () => new d.Footer({ children: [new d.Paragraph({ children: [] })] });
  const fonts = opts.embedFonts === false ? [] : await (await import('./docx-fonts.ts')).embeddedFonts(model, faceName);
  const doc = new d.Document({
    fonts: fonts.map((f) => ({ name: f.name, data: f.data, characterSet: d.CharacterSet.GB_2312 })),
    creator: 'pol',
    title: model.title,
    description: standInText(),
    evenAndOddHeaderAndFooters: g.pageNumberPt > 0,
    styles: {
      default: {
        document: {
          run: { font: font(DOCX_FONTS.body), size: g.bodyPt * 2 },
          paragraph: { spacing: { line: ptTwips(g.pitchPt), lineRule: d.LineRuleType.EXACT, before: 0, after: 0 } },
        },
      },
    },
    sections: [
      // 信函格式: the first page has its own footer (the double line, no page number)
      { properties: { ...pageProperties(d, model, g), ...(model.letter ? { titlePage: true } : {}) }, footers, children: main },
      ...(end ? [{ properties: { ...pageProperties(d, model, g), type: d.SectionType.NEXT_PAGE }, footers: { default: blank(), even: blank() }, children: end }] : []),
    ],
  });
  const buf = await d.Packer.toBuffer(doc);
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** The frame of a letter's mark: 170 mm wide, centred on the page, the glyph tops LETTER.topMm from the top edge. */
function letterFrame(d: Docx, size: number) {
  return {
    type: 'absolute' as const,
    position: { x: twips((A4.widthMm - LETTER.ruleMm) / 2), y: twips(LETTER.topMm) - ptTwips(LETTER_GLYPH_TOP * size) },
    width: twips(LETTER.ruleMm),
    anchor: { horizontal: d.FrameAnchorType.PAGE, vertical: d.FrameAnchorType.PAGE },
    wrap: d.FrameWrap.THROUGH,
  };
}

/** Where a glyph's top sits in an exact line of 1.15 em (measured in LibreOffice), in em. */
const LETTER_GLYPH_TOP = 0.06;
/** Space between a letter's framed mark and its double rule (the border's w:space), in points. */
const LETTER_RULE_SPACE = 4;

/** How far below the top of the text block a letter's framed mark and its rule end, in points. */
function letterHeadBelowBlockTopPt(size: number): number {
  const ruleBottom = LETTER.topMm * PT_PER_MM - LETTER_GLYPH_TOP * size + size * 1.15 + LETTER_RULE_SPACE + LETTER.thickPt + LETTER.gapPt + LETTER.thinPt;
  return ruleBottom - NOTICE.topMm * PT_PER_MM;
}

function tableOf(d: Docx, b: Extract<Block, { type: 'table' }>, g: PageGeometry, widthPt: number, faces: Record<'normal' | 'bold', Face>): InstanceType<Docx['Table']> {
  const cols = tableWidthsPt(b, widthPt, (t, bold) => textWidth(faces[bold ? 'bold' : 'normal'], t, g.tablePt)).map((w) => Math.floor(w * 20));
  const n = cols.length;
  // cells and titles keep their own exact spacing: not snapped to the 22-line grid (LibreOffice would double them)
  const cellRun = { font: font(DOCX_FONTS.body), size: g.tablePt * 2, snapToGrid: false };
  const cellSpacing = { line: ptTwips(g.tablePitchPt), lineRule: d.LineRuleType.EXACT, before: 0, after: 0 };
  const align = { left: d.AlignmentType.LEFT, center: d.AlignmentType.CENTER, right: d.AlignmentType.RIGHT, justify: d.AlignmentType.BOTH } as const;
  const cellParas = (text: string, al: keyof typeof align, bold: boolean) => {
    const small = g === CERTIFICATE && [...text].length > LONG_CELL;
    const spacing = small ? { ...cellSpacing, line: ptTwips(g.tablePitchPt - 4) } : cellSpacing;
    const run = small ? { ...cellRun, size: (g.tablePt - 2) * 2 } : cellRun;
    return (text === '' ? [''] : text.split('\n')).map(
      (line) => new d.Paragraph({ autoSpaceEastAsianText: false, alignment: align[al], spacing, children: [new d.TextRun({ text: line, ...run, bold })] }),
    );
  };
  const rows = b.rows.map((row, ri) => {
    const header = ri < b.header;
    const cells =
      row.length === 1 && n > 1
        ? [new d.TableCell({ columnSpan: n, children: cellParas(row[0]!, 'left', true), verticalAlign: d.VerticalAlign.CENTER })]
        : row.map(
            (cell, ci) =>
              new d.TableCell({
                width: { size: cols[ci]!, type: d.WidthType.DXA },
                verticalAlign: d.VerticalAlign.CENTER,
                children: cellParas(cell, header ? 'center' : (b.align?.[ci] ?? 'left'), header),
              }),
          );
    return new d.TableRow({ children: cells, tableHeader: header, cantSplit: true });
  });
  const line = { style: d.BorderStyle.SINGLE, size: 6, color: '000000' };
  return new d.Table({
    rows,
    width: { size: cols.reduce((a, x) => a + x, 0), type: d.WidthType.DXA },
    columnWidths: cols,
    layout: d.TableLayoutType.FIXED,
    margins: { top: 60, bottom: 60, left: 80, right: 80 },
    borders: { top: line, bottom: line, left: line, right: line, insideHorizontal: line, insideVertical: line },
  });
}

function pageFooters(d: Docx, g: PageGeometry): { default: InstanceType<Docx['Footer']>; even: InstanceType<Docx['Footer']> } {
  const run = () =>
    new d.TextRun({ children: ['— ', d.PageNumber.CURRENT, ' —'], font: font(DOCX_FONTS.pageNumber), size: g.pageNumberPt * 2 });
  const inset = ptTwips(g.bodyPt);
  return {
    default: new d.Footer({ children: [new d.Paragraph({ alignment: d.AlignmentType.RIGHT, indent: { right: inset }, children: [run()] })] }),
    even: new d.Footer({ children: [new d.Paragraph({ alignment: d.AlignmentType.LEFT, indent: { left: inset }, children: [run()] })] }),
  };
}

function certificateBorders(d: Docx) {
  const border = { style: d.BorderStyle.THICK_THIN_LARGE_GAP, size: 24, color: 'B8860B', space: 24 };
  return {
    pageBorders: { display: d.PageBorderDisplay.ALL_PAGES, offsetFrom: d.PageBorderOffsetFrom.PAGE, zOrder: d.PageBorderZOrder.FRONT },
    pageBorderTop: border,
    pageBorderBottom: border,
    pageBorderLeft: border,
    pageBorderRight: border,
  };
}
