/**
 * The PDF writer: document model → pdfmake document definition → bytes.
 *
 * pdfmake is loaded on first use (never when the CLI starts). Its URL and local-file access policies
 * deny everything: fonts come from buffers held in memory, and neither a template nor data can make
 * it fetch a URL or read a file. Each font is parsed once per process and shared by every document
 * (pdfmake would otherwise re-parse 15 MB of TrueType per document); each document still embeds its
 * own subset.
 */
import { createRequire } from 'node:module';
import { checkCoverage, fontLineHeight, loadFonts, PDF_FAMILY, requireFromPdfmake, roleOfBlock, standInText, textWidth, userRoleFonts, type Face, type RoleFont, type Weight } from './fonts.ts';
import type { FontRole } from './font-roles.ts';
import { CERTIFICATE, DATE_RIGHT_CHARS, geometryOf, LONG_CELL, LETTER, MARK, markSizePt, PT_PER_MM, RULE, SEAL, spaceBeforePt, tableWidthsPt, tailBlocks, textBlockMm, type PageGeometry } from './layout.ts';
import type { Block, DocModel } from './model.ts';

const require = createRequire(import.meta.url);

/* eslint-disable @typescript-eslint/no-explicit-any -- pdfmake's document definition is loosely typed JSON */
type Node = Record<string, any>;
/** What pdfmake's pageBreakBefore sees of a laid-out node. */
type PageNode = { id?: string; headlineLevel?: number; style?: string; startPosition?: { pageNumber: number; top: number } };

/** The id of the node that keeps room for the 版记 at the end of the text. */
const COLOPHON_ID = 'pol-colophon';

/**
 * Where the 版记 went (GB/T 9704 §7.4): at the foot of the last page, which is an even page (the back of
 * the last sheet). `page` is that page, `lastText` the last page with text; pages between are blank.
 * The DOCX writer reads it to put its 版记 on the same page.
 */
export interface ColophonPlacement {
  page: number;
  lastText: number;
  /** It moved past an odd page. */
  moved?: boolean;
}

interface PdfMake {
  setFonts(f: unknown): void;
  setUrlAccessPolicy(cb: (url: string) => boolean): void;
  setLocalAccessPolicy(cb: (path: string) => boolean): void;
  createPdf(doc: unknown): { getBuffer(): Promise<Buffer> };
}

export interface PdfEngine {
  pdfmake: PdfMake;
  faces: Record<Weight, Face>;
}

let engine: PdfEngine | undefined;

/** pdfmake, configured: access policies closed, the serif's two weights shared across documents. */
export function pdfEngine(): PdfEngine {
  if (engine) return engine;
  const fonts = loadFonts();
  const pdfmake = require('pdfmake') as PdfMake;
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);
  shareFonts(fonts.buffers.normal, fonts.faces);
  fasterStyleLookups();
  engine = { pdfmake, faces: fonts.faces };
  return engine;
}

/**
 * pdfmake asks its PDFDocument for a font per document and pdfkit parses the file each time. Here the
 * PDFDocument gets, for our family, a pdfkit EmbeddedFont around the one fontkit font of the process
 * (fontkit fonts are read-only after parsing; each EmbeddedFont keeps its own subset). Other families
 * go the usual way (and meet the closed access policy).
 */
function shareFonts(probeBuffer: Buffer, faces: Record<Weight, Face>): void {
  const PmDocument = createRequire(require.resolve('pdfmake'))('./PDFDocument.js').default as { prototype: Record<string, any> };
  if (PmDocument.prototype.__polShared) return;
  const PDFKit = requireFromPdfmake(['pdfmake', 'pdfkit']) as new (o: unknown) => any;
  const probe = new PDFKit({ autoFirstPage: false });
  probe.font(probeBuffer);
  const EmbeddedFont = probe._font.constructor as new (doc: unknown, font: Face, id: string) => { id: string };
  const original = PmDocument.prototype.provideFont as (this: any, family: string, bold: boolean, italics: boolean) => unknown;
  PmDocument.prototype.provideFont = function (this: any, family: string, bold: boolean, italics: boolean): unknown {
    const role = ROLE_FAMILIES.get(family);
    if (family !== PDF_FAMILY && !role) return original.call(this, family, bold, italics);
    const type: Weight = bold ? 'bold' : 'normal';
    this.fontCache[family] ??= {};
    let font = this.fontCache[family][type];
    if (!font) {
      const face = role ?? faces[type];
      font = new EmbeddedFont(this, face, `F${++this._fontCount}`);
      if (font.layoutCache) font.layoutCache = layoutCacheOf(face);
      this._fontFamilies[font.id] = font; // so pdfkit embeds it when the document ends
      this.fontCache[family][type] = font;
    }
    return font;
  };
  PmDocument.prototype.__polShared = true;

  // Word and LibreOffice let a full-width closing punctuation mark that ends a line hang past the right
  // edge (w:overflowPunct, on by default) rather than move to the next line alone; the PDF does the same,
  // so both break lines, and pages, alike.
  const Line = createRequire(require.resolve('pdfmake'))('./Line.js').default as { prototype: Record<string, any> };
  const fits = Line.prototype.hasEnoughSpaceForInline as (this: any, inline: any, next?: unknown[]) => boolean;
  Line.prototype.hasEnoughSpaceForInline = function (this: any, inline: any, next: unknown[] = []): boolean {
    // pieces are laid out again when a page break is added: start from the full width each time
    if (inline._polFullWidth !== undefined) inline.width = inline._polFullWidth;
    if (fits.call(this, inline, next)) return true;
    const text = [...((inline.text as string | undefined) ?? '')];
    if (!HANGING.test(text.at(-1) ?? '') || !text.every((ch) => FULL_WIDTH.test(ch)) || inline.noNewLine || this.newLineForced) return false;
    // CJK text comes one character to a piece, a closing mark joined to the character before it
    const hang = inline.width / text.length;
    if (this.inlineWidths + inline.width - hang - this.leadingCut > this.maxWidth) return false;
    inline._polFullWidth = inline.width;
    inline.width -= hang; // the mark is drawn in the margin; the line is justified without it
    return true;
  };

  // pdfmake counts letter spacing between the characters of a piece of text but not after its last one,
  // while pdfkit draws it after every character. CJK text is broken into one piece per character, so
  // the spacing was never counted and 28 characters of 3号 did not fit a 156 mm line as GB/T 9704
  // asks. Counting it after every character (as drawn) makes the layout match the page.
  const TextInlines = createRequire(require.resolve('pdfmake'))('./TextInlines.js').default as { prototype: Record<string, any> };
  const widthOfText = TextInlines.prototype.widthOfText as (this: unknown, text: string, inline: { characterSpacing?: number }) => number;
  TextInlines.prototype.widthOfText = function (this: unknown, text: string, inline: { characterSpacing?: number }): number {
    return widthOfText.call(this, text, inline) + (text.length > 0 ? (inline.characterSpacing ?? 0) : 0);
  };
}

/**
 * pdfmake resolves about twenty style properties for every piece of text it measures, and CJK text is one
 * piece per character: each lookup pushed the piece on the style stack, walked the whole stack for a
 * property set nowhere, and popped it, through two new closures (a third of a long notice's layout time,
 * with the garbage). The same lookups, in the same order and with the same result: the piece's own value,
 * then its named styles (with their `extends`), then the stack from the top (override objects, named
 * styles), then the default style; the stack's part is kept until the stack next changes (push or pop,
 * the only ways pdfmake changes it). test/documents/pdf-styles.test.ts holds it to pdfmake's own lookups.
 */
export function fasterStyleLookups(): void {
  type Style = Record<string, unknown>;
  type Stack = { styleDictionary?: Style; defaultStyle?: Style; styleOverrides: unknown[]; _polKnown?: Map<string, unknown> };
  const StyleContextStack = createRequire(require.resolve('pdfmake'))('./StyleContextStack.js').default as {
    prototype: Record<string, unknown>;
    getStyleProperty: (item: Style | string, stack: Stack | undefined, property: string, defaultValue: unknown) => unknown;
  };
  const proto = StyleContextStack.prototype;
  if (proto.__polFaster) return;
  const isValue = (v: unknown): boolean => v !== undefined && v !== null;
  const isString = (v: unknown): v is string => typeof v === 'string' || v instanceof String;
  /** A property of a named style or the styles it extends (the last one named first), each visited once. */
  const fromStyle = (dictionary: Style | undefined, name: string, property: string, seen?: Set<string>): unknown => {
    const style = dictionary?.[name] as Style | undefined;
    if (!style) return undefined;
    if (isValue(style[property])) return style[property];
    if (!style.extends) return undefined;
    const visited = seen ?? new Set<string>([name]);
    const parents = (Array.isArray(style.extends) ? style.extends : [style.extends]) as string[];
    for (let i = parents.length - 1; i >= 0; i--) {
      if (visited.has(parents[i]!)) continue;
      visited.add(parents[i]!);
      const value = fromStyle(dictionary, parents[i]!, property, visited);
      if (isValue(value)) return value;
    }
    return undefined;
  };
  /** A style entry's value: a style's name or an override object. */
  const entryValue = (dictionary: Style | undefined, entry: unknown, property: string): unknown =>
    isString(entry) ? fromStyle(dictionary, String(entry), property) : (entry as Style | undefined)?.[property];
  const getProperty = function (this: Stack, property: string): unknown {
    const overrides = this.styleOverrides;
    for (let i = overrides.length - 1; i >= 0; i--) {
      const value = entryValue(this.styleDictionary, overrides[i], property);
      if (isValue(value)) return value;
    }
    return this.defaultStyle?.[property];
  };
  const push = proto.push as (this: Stack, x: unknown) => void;
  const pop = proto.pop as (this: Stack, n?: number) => void;
  proto.push = function (this: Stack, x: unknown): void {
    this._polKnown = undefined;
    push.call(this, x);
  };
  proto.pop = function (this: Stack, n?: number): void {
    this._polKnown = undefined;
    pop.call(this, n);
  };
  proto.getProperty = getProperty;
  StyleContextStack.getStyleProperty = (item, stack, property, defaultValue) => {
    if (isValue((item as Style)[property])) return (item as Style)[property];
    if (!stack) return defaultValue;
    let value: unknown;
    // what pdfmake pushed for the piece (StyleContextStack.autopush): its named styles, then itself
    if (!isString(item) && item.section === undefined && item.style) {
      const names = Array.isArray(item.style) ? (item.style as unknown[]) : [item.style];
      for (let i = names.length - 1; i >= 0 && !isValue(value); i--) value = entryValue(stack.styleDictionary, names[i], property);
    }
    if (!isValue(value)) {
      stack._polKnown ??= new Map();
      if (stack._polKnown.has(property)) value = stack._polKnown.get(property);
      else {
        value = getProperty.call(stack, property);
        stack._polKnown.set(property, value);
      }
    }
    return isValue(value) ? value : defaultValue;
  };
  proto.__polFaster = true;
}

/** Words laid out per face, shared by the documents of the process (pdfkit keeps them per document). */
const layoutCaches = new WeakMap<Face, Record<string, unknown>>();
/** Words kept per face before its cache starts afresh (a CJK character is a word; names and numbers add more). */
const MAX_CACHED_WORDS = 50_000;

/**
 * pdfkit's cache of laid-out words (fontkit shaping, positions scaled to 1000 units per em), shared by
 * every document set in the face: a word's glyphs and positions depend on the face alone, and pdfkit only
 * reads a cached run (each document still keeps its own subset and widths).
 */
function layoutCacheOf(face: Face): Record<string, unknown> {
  let cache = layoutCaches.get(face);
  if (!cache || Object.keys(cache).length > MAX_CACHED_WORDS) {
    cache = Object.create(null) as Record<string, unknown>;
    layoutCaches.set(face, cache);
  }
  return cache;
}

const mm = (x: number): number => x * PT_PER_MM;

/** Punctuation that may hang past the end of a line (one full-width closing mark). */
const HANGING = /^[，。、；：！？）》」』”’]$/u;
/** Full-width characters (CJK and full-width punctuation): one em each. */
const FULL_WIDTH = /^[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f“”‘’—…]$/u;

/** pdfmake family name of an office font role → its face (filled by toPdf from configureFonts). */
const ROLE_FAMILIES = new Map<string, Face>();
const roleFamily = (role: FontRole): string => `pol-${role}`;

/** The style of text in a role: the office's font when one is mapped (never synthetic bold), else the serif. */
function roleStyle(role: FontRole, bold: boolean): Node {
  const f = userRoleFonts()[role];
  return f ? { font: roleFamily(role), bold: false } : { bold };
}

/** The face whose metrics set a role's line height. */
function roleFace(role: FontRole, faces: Record<Weight, Face>, bold: boolean): Face {
  return userRoleFonts()[role]?.face ?? faces[bold ? 'bold' : 'normal'];
}

interface Ctx {
  g: PageGeometry;
  faces: Record<Weight, Face>;
  widthPt: number;
  /** lineHeight factor giving `pitch` for text of `size` (in the given weight or face). */
  lh(pitch: number, size: number, weight?: Weight | Face): number;
  /** The office's seal (PNG) as a data URL, when one was given. */
  seal?: string;
}

function textNode(text: string, style: Node): Node {
  return { text: breakable(text), ...style };
}

/** Runs longer than this with no break opportunity (spaces, CJK) are handed to pdfmake in pieces. */
const LONG_RUN = 24;

/**
 * Text whose unbreakable runs are cut into short pieces: pdfmake breaks a word too long for its line by
 * measuring ever shorter prefixes of it, each shaped again by fontkit, which is quadratic (a 12,000-letter
 * name took 17 s). pdfmake may break a line between pieces, so the result looks the same and is linear.
 */
export function breakable(text: string): string | { text: string }[] {
  if (!/[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]{25}/u.test(text)) return text;
  const pieces: { text: string }[] = [];
  for (const part of text.split(/(\s+)/u)) {
    const cps = [...part];
    for (let i = 0; i < cps.length; i += LONG_RUN) pieces.push({ text: cps.slice(i, i + LONG_RUN).join('') });
  }
  return pieces;
}

function tableNode(b: Extract<Block, { type: 'table' }>, c: Ctx): Node {
  const n = b.widths.length;
  const size = c.g.tablePt;
  const widths = tableWidthsPt(b, c.widthPt, (t, bold) => textWidth(c.faces[bold ? 'bold' : 'normal'], t, size));
  const lineHeight = c.lh(c.g.tablePitchPt, size);
  const body = b.rows.map((row, ri) => {
    const header = ri < b.header;
    if (row.length === 1 && n > 1) {
      return [{ text: breakable(row[0]!), colSpan: n, bold: true, alignment: 'left' }, ...Array.from({ length: n - 1 }, () => ({}))];
    }
    return row.map((cell, ci) => ({
      text: breakable(cell),
      // a certificate's long name shrinks a size rather than push the seal to a second page
      ...(c.g === CERTIFICATE && [...cell].length > LONG_CELL ? { fontSize: size - 2, lineHeight: c.lh(c.g.tablePitchPt - 4, size - 2) } : {}),
      ...(header ? { bold: true, alignment: 'center' } : { alignment: b.align?.[ci] ?? 'left' }),
    }));
  });
  return {
    ...(b.header > 0 ? { keepWithHeaderRows: 1 } : {}),
    table: { headerRows: b.header, dontBreakRows: true, widths: widths.map((w) => w - 8 - (0.75 * (n + 1)) / n), body },
    layout: {
      hLineWidth: () => 0.75,
      vLineWidth: () => 0.75,
      paddingLeft: () => 4,
      paddingRight: () => 4,
      paddingTop: () => 3,
      paddingBottom: () => 3,
    },
    fontSize: size,
    lineHeight,
    characterSpacing: 0,
  };
}

function signatureNode(b: Extract<Block, { type: 'signature' }>, c: Ctx): Node {
  const { g, faces, widthPt } = c;
  const charPt = g.bodyPt + g.letterPt;
  const dateRight = DATE_RIGHT_CHARS * charPt;
  const dateWidth = textWidth(faces.normal, b.date, g.bodyPt, g.letterPt);
  const unitWidth = textWidth(faces.normal, b.unit, g.bodyPt, g.letterPt);
  const center = dateRight + dateWidth / 2; // from the right edge of the text block
  const unitRight = Math.max(0, center - unitWidth / 2);
  const r = mm(SEAL.diameterMm) / 2;
  const stack: Node[] = [];
  // the office's own seal, pressed over unit and date (GB/T 9704 §7.3.5.1), only when one was given
  if (b.seal && c.seal) {
    stack.push({ image: c.seal, width: 2 * r, height: 2 * r, relativePosition: { x: widthPt - center - r, y: 0.6 * g.pitchPt - r } });
  }
  // on the line grid, as the DOCX's exact spacing puts them (the font's own line height is 23 pt, not 28.95)
  const lineHeight = c.lh(g.pitchPt, g.bodyPt);
  stack.push({ text: b.unit, alignment: 'right', lineHeight, margin: [0, 0, unitRight, 0] });
  stack.push({ text: b.date, alignment: 'right', lineHeight, margin: [0, 0, dateRight, 0] });
  return { stack, unbreakable: true, _signature: true };
}

/** 版记 rules: the first and last heavier (0.35 mm), the middle one lighter (0.25 mm). */
const COLOPHON_RULES = { heavy: 1, light: 0.7 } as const;

/** The height of the 版记: its lines of text and its rules. */
function colophonHeight(b: Extract<Block, { type: 'colophon' }>, g: PageGeometry): number {
  return (b.cc ? 2 : 1) * g.pitchPt + 2 * COLOPHON_RULES.heavy + (b.cc ? COLOPHON_RULES.light : 0);
}

/** 版记: black rules the width of the block (first and last heavier), 4号 text one character in. */
function colophonNode(b: Extract<Block, { type: 'colophon' }>, c: Ctx): Node {
  const size = 14;
  const rule = (w: number): Node => ({ canvas: [{ type: 'line', x1: 0, y1: w / 2, x2: c.widthPt, y2: w / 2, lineWidth: w, lineColor: '#000000' }] });
  const text = { fontSize: size, characterSpacing: 0, lineHeight: c.lh(c.g.pitchPt, size), margin: [size, 0, size, 0] };
  return {
    stack: [
      rule(COLOPHON_RULES.heavy),
      ...(b.cc ? [{ text: `抄送：${b.cc}。`, ...text }, rule(COLOPHON_RULES.light)] : []),
      { columns: [{ width: c.widthPt / 2, text: b.office, ...text, alignment: 'left' }, { width: c.widthPt / 2, text: b.date, ...text, alignment: 'right' }] },
      rule(COLOPHON_RULES.heavy),
    ],
    unbreakable: true,
  };
}

function blockNode(b: Block, c: Ctx, layout: DocModel['layout']): Node | undefined {
  const { g } = c;
  const body = { fontSize: g.bodyPt, lineHeight: c.lh(g.pitchPt, g.bodyPt), characterSpacing: g.letterPt };
  const indent = 2 * (g.bodyPt + g.letterPt);
  switch (b.type) {
    case 'mark': {
      const size = markSizePt(b, c.widthPt);
      // the line box starts above the glyphs: move up so the glyph tops sit MARK.gapMm below the block top
      return textNode(b.text, { fontSize: size, color: MARK.color, alignment: 'center', lineHeight: 1, characterSpacing: size * 0.05, _gapShift: 0.27 * size, ...roleStyle('标题', true) });
    }
    case 'docNumber':
      return textNode(b.text, { ...body, alignment: b.align ?? 'center' });
    case 'rule': {
      const color = b.color === 'red' ? RULE.color : '#000000';
      if (b.double) {
        const x1 = (c.widthPt - mm(LETTER.ruleMm)) / 2;
        const x2 = x1 + mm(LETTER.ruleMm);
        const y2 = LETTER.thickPt / 2 + LETTER.gapPt + LETTER.thinPt / 2;
        return {
          canvas: [
            { type: 'line', x1, y1: 0, x2, y2: 0, lineWidth: LETTER.thickPt, lineColor: color },
            { type: 'line', x1, y1: y2, x2, y2, lineWidth: LETTER.thinPt, lineColor: color },
          ],
        };
      }
      return { canvas: [{ type: 'line', x1: 0, y1: 0, x2: c.widthPt, y2: 0, lineWidth: RULE.widthPt, lineColor: color }] };
    }
    case 'title':
      return textNode(b.text, { fontSize: g.titlePt, alignment: 'center', lineHeight: c.lh(g.titlePitchPt, g.titlePt, roleFace('标题', c.faces, true)), characterSpacing: layout === 'certificate' ? g.titlePt * 0.5 : 0, ...roleStyle('标题', true) });
    case 'subtitle':
      return textNode(b.text, { ...body, fontSize: layout === 'certificate' ? g.bodyPt - 2 : g.bodyPt, alignment: 'center', characterSpacing: 0 });
    case 'addressee':
      return textNode(b.text, { ...body, alignment: 'left' });
    case 'heading':
      return textNode(b.text, {
        ...body,
        headlineLevel: b.level, // kept with what follows (pageBreakBefore below), as the DOCX's keepNext
        leadingIndent: indent,
        alignment: 'left',
        ...(b.level === 3 ? {} : { ...roleStyle(roleOfBlock(b), b.level === 1), lineHeight: c.lh(g.pitchPt, g.bodyPt, roleFace(roleOfBlock(b), c.faces, b.level === 1)) }),
      });
    case 'paragraph':
      return textNode(b.text, { ...body, bold: b.bold ?? false, alignment: b.align, preserveLeadingSpaces: true, ...(b.indent ? { leadingIndent: indent } : {}), _text: true });
    case 'note':
      return textNode(b.text, { ...body, alignment: 'left', leadingIndent: indent, _keepWithPrev: true });
    case 'colophon':
      return colophonNode(b, c);
    case 'attachmentLabel':
      return textNode(b.text, { ...body, alignment: 'left', ...roleStyle('黑体', true), lineHeight: c.lh(g.pitchPt, g.bodyPt, roleFace('黑体', c.faces, true)) });
    case 'table':
      return tableNode(b, c);
    case 'signature':
      return signatureNode(b, c);
    case 'space':
      return { canvas: [], margin: [0, b.lines * g.pitchPt, 0, 0], _space: true };
    case 'pageBreak':
      return undefined;
  }
}

/**
 * The signature never stands alone (GB/T 9704 §7.3.5): the paragraph before it, the signature and a
 * 附注 after it move to a new page together.
 */
function keepSignatureWithText(content: Node[]): void {
  for (let i = 0; i < content.length; i++) {
    if (!content[i]!._signature) continue;
    // the last two paragraphs (特此通知 and the one before it, or 附件：…) and any space between them:
    // a page never holds a signature under one short line
    let from = i;
    for (let texts = 0; from > 0 && texts < 2; ) {
      const prev = content[from - 1]!;
      if (prev._text) texts++;
      else if (!prev._space) break;
      from--;
    }
    let to = i + 1;
    while (to < content.length && content[to]!._keepWithPrev) to++;
    const group = content.slice(from, to);
    const pageBreak = group[0]!.pageBreak;
    for (const n of group) {
      delete n.pageBreak;
      delete n._keepWithPrev;
      delete n._signature;
      delete n._text;
      delete n._space;
    }
    content.splice(from, to - from, { stack: group, unbreakable: true, ...(pageBreak ? { pageBreak } : {}) });
    i = from;
  }
  for (const n of content) {
    delete n._text;
    delete n._space;
    delete n._keepWithPrev;
  }
}

/** A form's 承诺 and signature lines move to a new page together (the blocks of `tailBlocks` and the one after them). */
function keepTails(content: Node[]): void {
  for (let i = 0; i < content.length; i++) {
    if (!content[i]!._tail) continue;
    let to = i;
    while (to < content.length && content[to]!._tail) delete content[to++]!._tail;
    const group = content.slice(i, to + 1);
    const pageBreak = group[0]!.pageBreak;
    delete group[0]!.pageBreak;
    content.splice(i, group.length, { stack: group, unbreakable: true, ...(pageBreak ? { pageBreak } : {}) });
  }
}

/** The pdfmake document definition of a model (exported for tests and the bare-pdfmake baseline). */
export function pdfDefinition(model: DocModel, faces: Record<Weight, Face>, opts: PdfOptions = {}): Node {
  const g = geometryOf(model.layout);
  const block = textBlockMm(g);
  const widthPt = mm(block.width);
  const c: Ctx = {
    g,
    faces,
    widthPt,
    lh: (pitch, size, weight = 'normal') => pitch / fontLineHeight(typeof weight === 'string' ? (userRoleFonts()['正文'] && weight === 'normal' ? userRoleFonts()['正文']!.face : faces[weight]) : weight, size),
    ...(opts.seal ? { seal: `data:image/png;base64,${Buffer.from(opts.seal).toString('base64')}` } : {}),
  };
  const content: Node[] = [];
  let prev: Block | undefined;
  let breakNext = false;
  let colophon: { node: Node; height: number } | undefined;
  const tail = tailBlocks(model);
  for (const b of model.blocks) {
    if (b.type === 'pageBreak') {
      breakNext = true;
      prev = b;
      continue;
    }
    if (b.type === 'colophon') {
      // the 版记 is drawn at the foot of the last page (in the footer); the text keeps room for it there
      colophon = { node: colophonNode(b, c), height: colophonHeight(b, g) };
      content.push(reserveNode(colophon.height + g.pitchPt, opts.placement));
      prev = b;
      continue;
    }
    const node = blockNode(b, c, model.layout);
    if (!node) continue;
    let top = spaceBeforePt(breakNext ? undefined : prev, b, g, model.layout);
    if (b.type === 'mark' && !prev) top = (b.letter ? mm(LETTER.topMm - g.topMm) : mm(MARK.gapMm)) - (node._gapShift as number);
    delete node._gapShift;
    if (top !== 0) node.margin = [0, top, 0, (node.margin as number[] | undefined)?.[3] ?? 0];
    if (breakNext) node.pageBreak = 'before';
    if (tail.has(b)) node._tail = true;
    breakNext = false;
    content.push(node);
    prev = b;
  }
  keepSignatureWithText(content);
  keepTails(content);
  const def: Node = {
    pageSize: 'A4',
    pageMargins: [mm(g.leftMm), mm(g.topMm), mm(g.rightMm), mm(g.bottomMm)],
    defaultStyle: { font: userRoleFonts()['正文'] ? roleFamily('正文') : PDF_FAMILY, fontSize: g.bodyPt, alignment: 'justify' },
    info: {
      title: model.title,
      creator: 'pol',
      producer: 'pol (pdfmake)',
      // which typefaces are the office's and which Noto Serif SC stood in for
      subject: standInText(),
      ...(opts.date ? { creationDate: new Date(`${opts.date}T00:00:00+08:00`) } : {}),
    },
    content,
    // a heading never ends a page (the DOCX keeps it with the next paragraph): it moves to the next page
    // when only headings follow it on its own
    pageBreakBefore: (node: PageNode, nodes: PageNodes) =>
      node.id === COLOPHON_ID
        ? evenColophonPage(node, mm(g.topMm), opts.placement)
        : node.headlineLevel !== undefined && nodes.getFollowingNodesOnPage().every((n) => n.headlineLevel !== undefined || n.style === 'pageNumber'),
  };
  if (g.pageNumberPt > 0) {
    const pnTop = mm(g.pageNumberGapMm) - 0.55 * g.pageNumberPt;
    const inset = g.bodyPt; // 一字
    const place = opts.placement;
    // 信函格式: the first page shows no page number; nor do a blank page before the 版记 and the 版记's page (§7.5)
    const numbered = (page: number) => !(model.letter && page === 1) && !(place && place.page - place.lastText > 1 && page > place.lastText);
    const pageNumber = (page: number): Node | null => (!numbered(page) ? null : {
      text: `— ${page} —`,
      style: 'pageNumber', // no style of that name: it marks the footer for pageBreakBefore
      ...(userRoleFonts()['页码'] ? { font: roleFamily('页码') } : {}),
      fontSize: g.pageNumberPt,
      characterSpacing: 0,
      lineHeight: 1,
      alignment: page % 2 === 1 ? 'right' : 'left',
      margin: [mm(g.leftMm) + inset, pnTop, mm(g.rightMm) + inset, 0],
    });
    // the 版记's last rule on the bottom edge of the text block of the last page (the footer starts there)
    def.footer = (page: number, pages: number) =>
      colophon && page === pages ? { stack: [{ ...colophon.node, relativePosition: { x: mm(g.leftMm), y: -colophon.height } }, pageNumber(page) ?? { text: '' }] } : pageNumber(page);
  }
  if (model.letter) {
    // 信函格式 (GB/T 9704 §10.1): a red double line (thin over thick), 170 mm, 20 mm above the bottom edge of page one
    def.background = (page: number, size: { width: number; height: number }) => {
      if (page !== 1) return null;
      const x1 = (size.width - mm(LETTER.ruleMm)) / 2;
      const x2 = x1 + mm(LETTER.ruleMm);
      const y = size.height - mm(LETTER.bottomMm);
      const yThin = y - LETTER.thickPt / 2 - LETTER.gapPt - LETTER.thinPt / 2;
      return {
        canvas: [
          { type: 'line', x1, y1: yThin, x2, y2: yThin, lineWidth: LETTER.thinPt, lineColor: RULE.color },
          { type: 'line', x1, y1: y, x2, y2: y, lineWidth: LETTER.thickPt, lineColor: RULE.color },
        ],
      };
    };
  }
  if (model.layout === 'certificate') {
    def.background = (_page: number, size: { width: number; height: number }) => ({
      canvas: [
        { type: 'rect', x: mm(12), y: mm(12), w: size.width - mm(24), h: size.height - mm(24), lineWidth: 3, lineColor: '#B8860B' },
        { type: 'rect', x: mm(15), y: mm(15), w: size.width - mm(30), h: size.height - mm(30), lineWidth: 0.8, lineColor: '#B8860B' },
      ],
    });
  }
  return def;
}

type PageNodes = { getFollowingNodesOnPage: () => PageNode[] };

/** Room for the 版记 at the end of the text (an invisible line as tall as it: a canvas moves to the next page whole). */
function reserveNode(height: number, placement: ColophonPlacement | undefined): Node {
  const node: Node = { canvas: [{ type: 'line', x1: 0, y1: 0, x2: 0, y2: height, lineWidth: 0.01, lineColor: '#FFFFFF' }], id: COLOPHON_ID };
  // pdfmake sets 'before' on a node its pageBreakBefore asked to move; this one moves to the next even
  // page instead ('beforeOdd': past an odd page number), from the last page with text
  Object.defineProperty(node, 'pageBreak', {
    get: () => (placement?.moved ? 'beforeOdd' : undefined),
    set: () => undefined,
    enumerable: true,
  });
  return node;
}

/**
 * The 版记 goes on an even page: when the room kept for it falls on an odd page, it moves to the next one.
 * pdfmake asks once, after laying the text out; the answer is recorded for the DOCX.
 */
function evenColophonPage(node: PageNode, topPt: number, placement: ColophonPlacement | undefined): boolean {
  const page = node.startPosition?.pageNumber ?? 1;
  // at the top of its page: nothing precedes it there (what pdfmake reports of unbreakable blocks moved
  // to a new page is their page before the move, so the position tells)
  const alone = (node.startPosition?.top ?? 0) <= topPt + 1;
  const odd = page % 2 === 1;
  if (placement) {
    placement.lastText = alone ? page - 1 : page;
    placement.page = odd ? page + 1 : page;
    placement.moved = odd;
  }
  return odd;
}

/** Render a model to PDF bytes. Refuses (DocumentError POL6001) a model with a character the font lacks. */
export interface PdfOptions {
  /** Filled in when the document has a 版记: the page it went on (read by the DOCX writer). */
  placement?: ColophonPlacement;
  /** CreationDate of the file (the document's date), so the same input gives the same bytes. */
  date?: string;
  /** The office's seal as PNG bytes, placed over the signature of documents that carry one. */
  seal?: Uint8Array;
}

export async function toPdf(model: DocModel, opts: PdfOptions = {}): Promise<Uint8Array> {
  const { pdfmake, faces } = pdfEngine();
  const roles = userRoleFonts();
  ROLE_FAMILIES.clear();
  const table: Record<string, { normal: string; bold: string }> = { [PDF_FAMILY]: { normal: `${PDF_FAMILY}-normal`, bold: `${PDF_FAMILY}-bold` } };
  for (const [role, f] of Object.entries(roles) as [FontRole, RoleFont][]) {
    ROLE_FAMILIES.set(roleFamily(role), f.face);
    table[roleFamily(role)] = { normal: roleFamily(role), bold: roleFamily(role) };
  }
  checkCoverage(model, faces);
  pdfmake.setFonts(table);
  const placement = opts.placement ?? { page: 0, lastText: 0 };
  const buffer = await pdfmake.createPdf(pdfDefinition(model, faces, { ...opts, placement })).getBuffer();
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
