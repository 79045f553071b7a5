/**
 * The document model: what a template produces and what both writers (PDF, DOCX) render. It knows
 * blocks of an official document, not fonts or points: the writers decide how each block looks for
 * the document's layout (a GB/T 9704 notice, a form, a certificate).
 */

/** The kinds of document pol makes. */
export const DOC_KINDS = ['form', 'call', 'acceptance', 'rejection', 'publicity', 'certificate', 'policy'] as const;
export type DocKind = (typeof DOC_KINDS)[number];

/** How the page is laid out: 公文 (GB/T 9704-2012), 申报表, 证书. */
export type Layout = 'notice' | 'form' | 'certificate';

export type Align = 'left' | 'center' | 'right' | 'justify';

export type Block =
  /**
   * 发文机关标志: the issuing authority's name in red, centered — 35 mm down the text block in the 文件
   * format, at the top in the 信函 (letter) format.
   */
  | { type: 'mark'; text: string; letter?: boolean }
  /** 发文字号 (穗商务规字〔2024〕1号): centered under the mark, or flush right under a letter's double rule. */
  | { type: 'docNumber'; text: string; align?: 'center' | 'right' }
  /** A horizontal rule the width of the text block; `double` is the letter format's thick-over-thin red rule. */
  | { type: 'rule'; color: 'red' | 'black'; double?: boolean }
  /** 标题: 2号 title, centered (several lines of one title are several blocks). */
  | { type: 'title'; text: string }
  /** 副标题 or a line under the title (征求意见稿, 证书编号 …). */
  | { type: 'subtitle'; text: string }
  /** 主送机关 / the addressee, flush left, ending with ：. */
  | { type: 'addressee'; text: string }
  /** 一、(黑体) （一）(楷体) 1.(仿宋) headings inside the body. */
  | { type: 'heading'; level: 1 | 2 | 3; text: string }
  /** A paragraph of body text; `indent` is the 2-character first-line indent of 公文 paragraphs. */
  | { type: 'paragraph'; text: string; indent: boolean; align: Align; bold?: boolean }
  /**
   * A table; the first `header` rows are repeated on every page the table spans. `widths` are weights:
   * columns get their natural width and share the rest by weight, or exactly by weight when `fixed`
   * (a form's blank fill-in column).
   */
  | { type: 'table'; widths: number[]; header: number; rows: string[][]; align?: Align[]; fixed?: boolean; nowrap?: number[] }
  /** 发文机关署名 and 成文日期, with the seal (印章) area pressed over them. */
  | { type: 'signature'; unit: string; date: string; seal: boolean }
  /**
   * 版记 (GB/T 9704 §7.4) on the last page: 抄送 (when given), then 印发机关 left and 印发日期 right,
   * between black rules the width of the text block.
   */
  | { type: 'colophon'; cc: string; office: string; date: string }
  /** 附注 (GB/T 9704 §7.3.6): under the date, in brackets, two characters in; kept with the signature. */
  | { type: 'note'; text: string }
  /** 附件 label on the first page of an attachment ("附件" or "附件1"), flush left in 黑体. */
  | { type: 'attachmentLabel'; text: string }
  /** Vertical space of N body lines. */
  | { type: 'space'; lines: number }
  | { type: 'pageBreak' };

export interface DocModel {
  kind: DocKind;
  layout: Layout;
  /** The 信函 format (a letter to one addressee): no page number on the first page. */
  letter?: boolean;
  /** For the PDF/DOCX metadata (title of the file). */
  title: string;
  blocks: Block[];
}

/** Every piece of text the model will print, in reading order (for font coverage and text comparison). */
export function modelTexts(model: DocModel): string[] {
  const out: string[] = [];
  for (const b of model.blocks) {
    switch (b.type) {
      case 'table':
        for (const row of b.rows) out.push(...row);
        break;
      case 'signature':
        out.push(b.unit, b.date);
        break;
      case 'colophon':
        out.push(b.cc ? `抄送：${b.cc}。` : '', b.office, b.date);
        break;
      case 'rule':
      case 'space':
      case 'pageBreak':
        break;
      default:
        out.push(b.text);
    }
  }
  out.push(model.title);
  return out;
}
