/**
 * Fonts. PDFs embed Noto Serif SC (SIL OFL 1.1, from the npm package @expo-google-fonts/noto-serif-sc,
 * installed by `npm ci`; licence in fonts/OFL.txt), subset to the glyphs used. No free simplified
 * 仿宋/小标宋/黑体/楷体 exists in npm or Debian, so the PDF uses the serif's regular weight for body text
 * (仿宋's role) and its bold weight for titles and 黑体 headings; the DOCX names the fonts 公文 uses
 * (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312), which Word and WPS supply.
 *
 * A character the font lacks would print as an empty box with no error: `checkCoverage` finds such
 * characters first and the document is refused with a diagnostic naming each one.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { DocumentError } from './errors.ts';
import { modelTexts, type DocModel } from './model.ts';

const require = createRequire(import.meta.url);

/** The two weights the PDF writer uses. */
export type Weight = 'normal' | 'bold';

export const FONT_PACKAGE = '@expo-google-fonts/noto-serif-sc';
export const FONT_FILES: Record<Weight, string> = {
  normal: `${FONT_PACKAGE}/400Regular/NotoSerifSC_400Regular.ttf`,
  bold: `${FONT_PACKAGE}/700Bold/NotoSerifSC_700Bold.ttf`,
};
/** The family name PDF text uses (pdfmake's font table key). */
export const PDF_FAMILY = 'NotoSerifSC';

/** The fonts a DOCX names per role (Word/WPS on a government desk has them). */
export const DOCX_FONTS = {
  body: '仿宋_GB2312',
  title: '方正小标宋简体',
  heading1: '黑体',
  heading2: '楷体_GB2312',
} as const;

/** The subset of a fontkit font object the documents use. */
export interface Face {
  unitsPerEm: number;
  ascent: number;
  descent: number;
  lineGap: number;
  hasGlyphForCodePoint(cp: number): boolean;
  glyphForCodePoint(cp: number): { advanceWidth: number };
  /** Shaped run (fontkit applies the font's default features: digits there are not their cmap glyphs). */
  layout(text: string): { advanceWidth: number };
}

export interface LoadedFonts {
  buffers: Record<Weight, Buffer>;
  faces: Record<Weight, Face>;
}

let loaded: LoadedFonts | undefined;

/** Path of a font file in node_modules. */
export function fontPath(weight: Weight): string {
  return require.resolve(FONT_FILES[weight]);
}

/** Load a module the way pdfmake's own dependencies see it (pdfmake → pdfkit → fontkit), whatever npm hoisted. */
export function requireFromPdfmake(chain: string[]): unknown {
  let req = require;
  let mod: unknown;
  for (const name of chain) {
    const path = req.resolve(name);
    mod = req(path);
    req = createRequire(path);
  }
  return mod;
}

/** Read both weights once per process (about 15 MB each) and parse them with fontkit (bundled with pdfmake). */
export function loadFonts(): LoadedFonts {
  if (loaded) return loaded;
  const fontkit = requireFromPdfmake(['pdfmake', 'pdfkit', 'fontkit']) as { create(b: Buffer): Face };
  const buffers = { normal: readFileSync(fontPath('normal')), bold: readFileSync(fontPath('bold')) };
  loaded = { buffers, faces: { normal: fontkit.create(buffers.normal), bold: fontkit.create(buffers.bold) } };
  return loaded;
}


/** Width in points of a line of text at a size (advance widths, plus letter spacing per character). */
export function textWidth(face: Face, text: string, size: number, letterSpacing = 0): number {
  if (text === '') return 0;
  return (shapedUnits(face, text) / face.unitsPerEm) * size + letterSpacing * [...text].length;
}

const shaped = new WeakMap<Face, Map<string, number>>();

/** Advance of a shaped string in font units, as pdfkit shapes it (default features and kerning), memoised. */
function shapedUnits(face: Face, text: string): number {
  let memo = shaped.get(face);
  if (!memo) shaped.set(face, (memo = new Map()));
  let units = memo.get(text);
  if (units === undefined) {
    units = face.layout(text).advanceWidth;
    if (memo.size > 20_000) memo.clear();
    memo.set(text, units);
  }
  return units;
}

/** Line height in points of the font at a size (ascent − descent + gap), as pdfkit computes it. */
export function fontLineHeight(face: Face, size: number): number {
  return ((face.ascent - face.descent + face.lineGap) / face.unitsPerEm) * size;
}

function codePointName(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Every character of the model must have a glyph in the font (both weights): otherwise a
 * DocumentError (POL6001) naming each missing character and a piece of the text it is in.
 */
const covered = new WeakSet<DocModel>();

export function checkCoverage(model: DocModel, faces: Record<Weight, Face> = loadFonts().faces): void {
  if (covered.has(model)) return;
  const missing = new Map<number, string>();
  for (const text of modelTexts(model)) {
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      if (missing.has(cp)) continue;
      if (cp === 0x0a) continue;
      if (!faces.normal.hasGlyphForCodePoint(cp) || !faces.bold.hasGlyphForCodePoint(cp) || cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) {
        const at = text.indexOf(ch);
        const context = text.slice(Math.max(0, at - 8), at + ch.length + 8);
        missing.set(cp, context);
      }
    }
  }
  if (missing.size === 0) {
    covered.add(model);
    return;
  }
  throw new DocumentError(
    [...missing].map(([cp, context]) => ({
      code: 'POL6001' as const,
      args: [cp < 0x20 || (cp >= 0x7f && cp < 0xa0) ? '(控制字符)' : String.fromCodePoint(cp), codePointName(cp), context.replace(/[\u0000-\u001f\u007f-\u009f]/g, '�')],
    })),
  );
}
