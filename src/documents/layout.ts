/**
 * Page geometry and type sizes, shared by the PDF and DOCX writers so both give the same page.
 *
 * Notices follow GB/T 9704-2012 (党政机关公文格式): A4; 天头 (top margin) 37 mm, 订口 (left margin)
 * 28 mm; a 156 × 225 mm text block (so right 26 mm, bottom 35 mm); 22 lines of 28 characters; body
 * 3号 (16 pt), title 2号 (22 pt); 发文机关标志 35 mm below the top of the text block, 发文字号 two
 * lines under it, the red rule 4 mm under the number, the title two lines under the rule; page
 * numbers 4号 (14 pt) `— 1 —`, 7 mm below the text block, odd pages right and even pages left, one
 * character in from the edge.
 */
import type { Block, DocModel, Layout } from './model.ts';

/** Points per millimetre. */
export const PT_PER_MM = 72 / 25.4;
/** Twips (1/20 pt) per millimetre. */
export const TWIPS_PER_MM = 1440 / 25.4;

export const A4 = { widthMm: 210, heightMm: 297 } as const;

export interface PageGeometry {
  /** Margins in millimetres. */
  topMm: number;
  leftMm: number;
  rightMm: number;
  bottomMm: number;
  /** Body text size in points. */
  bodyPt: number;
  /** Distance between baselines of body lines, in points. */
  pitchPt: number;
  /** Letter spacing of body text in points (negative: 28 characters fit on a 156 mm line). */
  letterPt: number;
  titlePt: number;
  /** Distance between baselines of title lines. */
  titlePitchPt: number;
  /** Table text size and pitch. */
  tablePt: number;
  tablePitchPt: number;
  /** Page numbers `— 1 —` (0 = none). */
  pageNumberPt: number;
  /** Distance from the bottom of the text block to the page number line, in millimetres. */
  pageNumberGapMm: number;
}

/**
 * GB/T 9704: 225 mm / 22 lines = 28.99 pt; 28.95 pt (579 twips, Word's usual 固定值) keeps 22 lines
 * inside the block. 156 mm / 28 characters = 15.79 pt per character: a 16 pt character with −0.25 pt
 * letter spacing (15.75 pt) fits 28 and not 29.
 */
export const NOTICE: PageGeometry = {
  topMm: 37,
  leftMm: 28,
  rightMm: 26,
  bottomMm: 35,
  bodyPt: 16,
  pitchPt: 28.95,
  letterPt: -0.25,
  titlePt: 22,
  titlePitchPt: 28.95,
  // tables in 小四 (12 pt): an 18-character credit code and a name side by side on a 156 mm line
  tablePt: 12,
  tablePitchPt: 18,
  pageNumberPt: 14,
  pageNumberGapMm: 7,
};

/** 申报表: the same page, smaller type so a form's fields fit (小四 12 pt in cells). */
export const FORM: PageGeometry = {
  ...NOTICE,
  topMm: 25,
  bottomMm: 20,
  bodyPt: 14,
  pitchPt: 24,
  letterPt: 0,
  tablePt: 12,
  tablePitchPt: 18,
};

/** 证书: a framed page, larger type. */
export const CERTIFICATE: PageGeometry = {
  ...NOTICE,
  topMm: 36,
  leftMm: 30,
  rightMm: 30,
  bottomMm: 28,
  bodyPt: 16,
  pitchPt: 30,
  letterPt: 0,
  titlePt: 36,
  titlePitchPt: 48,
  tablePt: 14,
  tablePitchPt: 24,
  pageNumberPt: 0,
};

export function geometryOf(layout: Layout): PageGeometry {
  return layout === 'notice' ? NOTICE : layout === 'form' ? FORM : CERTIFICATE;
}

export function textBlockMm(g: PageGeometry): { width: number; height: number } {
  return { width: A4.widthMm - g.leftMm - g.rightMm, height: A4.heightMm - g.topMm - g.bottomMm };
}

/** 发文机关标志: 35 mm below the top of the text block; red (GB/T 9704: Y80% M80%). */
export const MARK = { gapMm: 35, maxPt: 48, color: '#E60012' } as const;
/** The red rule: 4 mm under the document number, as wide as the text block. */
export const RULE = { gapMm: 4, widthPt: 1.5, color: '#E60012' } as const;
/**
 * The 信函 format (GB/T 9704 §10.1): the mark in red, its top edge 30 mm from the top edge of the page (so
 * 7 mm above the 37 mm text block), a red double rule (thick over thin) 4 mm under it, 170 mm long and
 * centred (so 7 mm past each side of the text block).
 */
export const LETTER = { markPt: 30, topMm: 30, ruleMm: 170, thickPt: 1.5, thinPt: 0.5, gapPt: 1.2, bottomMm: 20 } as const;
/** The mark's size: at most 48 pt (30 pt in a letter), smaller for a long name so it fits the block. */
export function markSizePt(mark: { text: string; letter?: boolean }, widthPt: number): number {
  return Math.min(mark.letter ? LETTER.markPt : MARK.maxPt, Math.floor((widthPt * 0.92) / Math.max([...mark.text].length, 1)));
}
/** 印章 area: a 42 mm circle (the usual seal of an office), drawn as a light dashed outline. */
export const SEAL = { diameterMm: 42, color: '#E60012' } as const;
/** A certificate's table cell longer than this many characters is set a size smaller (both writers). */
export const LONG_CELL = 40;
/** 成文日期 ends four characters in from the right edge (右空四字). */
export const DATE_RIGHT_CHARS = 4;

/** Space before a block, in points, from the block before it (GB/T 9704 spacing for notices). */
export function spaceBeforePt(prev: Block | undefined, cur: Block, g: PageGeometry, layout: DocModel['layout']): number {
  const line = g.pitchPt;
  switch (cur.type) {
    case 'mark':
      return prev ? line : 0;
    case 'docNumber':
      if (prev?.type === 'rule' && prev.double) return line / 2;
      return prev?.type === 'mark' ? 2 * line : 0;
    case 'rule':
      // the mark's line box reaches 0.18 em below its glyphs: the rule is 4 mm under the glyphs
      if (cur.double) return RULE.gapMm * PT_PER_MM - 0.18 * LETTER.markPt;
      return prev?.type === 'docNumber' ? RULE.gapMm * PT_PER_MM : line / 2;
    case 'title':
      if (prev?.type === 'rule' || (prev?.type === 'docNumber' && prev.align === 'right')) return 2 * line;
      if (prev?.type === 'title') return 0;
      if (prev?.type === 'attachmentLabel') return line;
      return prev && prev.type !== 'pageBreak' ? line : 0;
    case 'subtitle':
      return prev?.type === 'title' ? (layout === 'certificate' ? line / 2 : 0) : 0;
    case 'addressee':
      return prev?.type === 'title' || prev?.type === 'subtitle' ? line : 0;
    case 'signature':
      // a certificate keeps one page: one line above its signature
      return layout === 'certificate' ? line : 2 * line;
    case 'colophon':
      return 2 * line;
    case 'table':
      return layout === 'form' ? line / 3 : prev?.type === 'title' || prev?.type === 'subtitle' ? line / 2 : 0;
    case 'paragraph':
    case 'heading':
      if (prev?.type === 'table') return line / 3;
      return prev?.type === 'title' || (prev?.type === 'subtitle' && layout !== 'form') ? line : 0;
    default:
      return 0;
  }
}

/**
 * The blocks that must stay with the block after them at the end of a form: a 申报表's 承诺 and signature
 * lines (everything after its last table) move to a new page together, in a 申报表 of its own and in one
 * appended to a notice as an 附件 (from its label to the next page break or the 版记). The last block of
 * each group is not in the set.
 */
export function tailBlocks(model: DocModel): Set<Block> {
  const out = new Set<Block>();
  const segment = (from: number, to: number): void => {
    let lastTable = -1;
    for (let i = from; i < to; i++) if (model.blocks[i]!.type === 'table') lastTable = i;
    if (lastTable < 0) return;
    let last = -1;
    for (let i = lastTable + 1; i < to; i++) if (model.blocks[i]!.type === 'paragraph') last = i;
    for (let i = lastTable + 1; i < last; i++) out.add(model.blocks[i]!);
  };
  if (model.layout === 'form') segment(0, model.blocks.length);
  model.blocks.forEach((b, i) => {
    if (b.type !== 'attachmentLabel') return;
    let end = i + 1;
    while (end < model.blocks.length && model.blocks[end]!.type !== 'pageBreak' && model.blocks[end]!.type !== 'colophon') end++;
    segment(i, end);
  });
  return out;
}

/** Cell padding left + right and the rule, in points, as both writers draw tables. */
export const CELL_PAD_PT = 11;

/**
 * Column widths in points for a table. Each column wants its natural width (its longest line) and
 * needs at least its narrowest (its longest unbreakable run: a credit code, an amount; half of a
 * header). When the natural widths fit, the spare width goes to columns by the template's weights;
 * when they do not, every column gets its minimum and the rest is shared by weight, no column past
 * its natural width — so names wrap, codes and amounts do not. `fixed` tables use the weights alone.
 */
export function tableWidthsPt(
  table: { widths: number[]; rows: string[][]; header: number; fixed?: boolean; nowrap?: number[] },
  available: number,
  measure: (text: string, bold: boolean) => number,
): number[] {
  const n = table.widths.length;
  const weight = table.widths;
  const sumW = weight.reduce((a, x) => a + x, 0);
  const byWeight = () => weight.map((w) => (available * w) / sumW);
  if (table.fixed) return byWeight();
  const natural = new Array<number>(n).fill(CELL_PAD_PT + 1);
  const minimum = new Array<number>(n).fill(CELL_PAD_PT + 1);
  table.rows.forEach((row, ri) => {
    if (row.length !== n) return; // a row spanning every column
    const header = ri < table.header;
    row.forEach((cell, ci) => {
      for (const line of cell.split('\n')) {
        const w = measure(line, header);
        // a long header wraps rather than widen its column past its data (统一社会/信用代码)
        if (!header || [...line].length <= 4) natural[ci] = Math.max(natural[ci]!, w + CELL_PAD_PT);
        const unbreakable = table.nowrap?.includes(ci)
          ? w
          : header
            ? // a header may wrap into two lines (申报/单位); the data's numbers may not
              [...line].length <= 2
              ? w
              : w / 2
            : Math.max(0, ...(line.match(/[A-Za-z0-9.,¥%\-+/:]+|./gu) ?? []).map((t) => measure(t, false)));
        minimum[ci] = Math.max(minimum[ci]!, unbreakable + CELL_PAD_PT);
        if (header) natural[ci] = Math.max(natural[ci]!, minimum[ci]!);
      }
    });
  });
  const total = natural.reduce((a, x) => a + x, 0);
  if (total <= available) return natural.map((x, i) => x + ((available - total) * weight[i]!) / sumW);
  const minTotal = minimum.reduce((a, x) => a + x, 0);
  if (minTotal > available) return byWeight();
  const widths = [...minimum];
  let left = available - minTotal;
  // share the rest by weight among columns still short of their natural width
  for (let round = 0; round < n && left > 0.01; round++) {
    const open = widths.map((w, i) => (w < natural[i]! - 0.01 ? i : -1)).filter((i) => i >= 0);
    if (open.length === 0) break;
    const openW = open.reduce((a, i) => a + weight[i]!, 0);
    let used = 0;
    for (const i of open) {
      const give = Math.min((left * weight[i]!) / openW, natural[i]! - widths[i]!);
      widths[i] = widths[i]! + give;
      used += give;
    }
    left -= used;
  }
  if (left > 0.01) return widths.map((w, i) => w + (left * weight[i]!) / sumW);
  return widths;
}
