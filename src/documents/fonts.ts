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
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { getEnvironmentData, setEnvironmentData } from 'node:worker_threads';
import { DocumentError } from './errors.ts';
import { fontMapping, FONT_ROLES, ROLE_FACE, type FontRole } from './font-roles.ts';
import { modelTexts, type Block, type DocModel } from './model.ts';

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

/**
 * Load a module the way pdfmake's own dependencies see it (pdfmake → pdfkit → fontkit), whatever npm hoisted.
 * Only the last is loaded (the others are only resolved): fontkit for the fonts costs no pdfmake, which a
 * DOCX-only document never needs.
 */
export function requireFromPdfmake(chain: string[]): unknown {
  let path = '';
  for (const name of chain) path = (path ? createRequire(path) : require).resolve(name);
  return require(path);
}

/** The key under which a thread leaves the fonts' bytes to the worker threads it starts (worker_threads environment data). */
const SHARED_FONTS = 'pol:documents:fonts';

/** A file's bytes in memory that worker threads can share (a SharedArrayBuffer). */
function readShared(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const bytes = Buffer.from(new SharedArrayBuffer(size));
    for (let at = 0; at < size; ) {
      const n = readSync(fd, bytes, at, size - at, at);
      if (n === 0) throw new Error(`${path}: ended after ${at} of ${size} bytes`);
      at += n;
    }
    return bytes;
  } finally {
    closeSync(fd);
  }
}

/**
 * The bytes of a weight: the ones a parent thread read, when it left them for this worker thread (the same
 * file), else read here. Read once per process, not once per thread: a batch's worker threads (batch.ts)
 * share the first thread's bytes instead of each reading the 30 MB again (about 0.1 s of CPU each, most of it
 * the operating system giving the memory), and so do the threads they start in turn.
 */
function fontBytes(weight: Weight): Buffer {
  const path = fontPath(weight);
  const shared = (getEnvironmentData(SHARED_FONTS) as Partial<Record<Weight, { path: string; bytes: SharedArrayBuffer }>> | undefined)?.[weight];
  return shared?.path === path ? Buffer.from(shared.bytes) : readShared(path);
}

/** Read both weights once per process (about 15 MB each) and parse them with fontkit (bundled with pdfmake). */
export function loadFonts(): LoadedFonts {
  if (loaded) return loaded;
  const fontkit = requireFromPdfmake(['pdfmake', 'pdfkit', 'fontkit']) as { create(b: Buffer): Face };
  const buffers = { normal: fontBytes('normal'), bold: fontBytes('bold') };
  // left for the worker threads this thread starts from now on (they read no file for them)
  const share = (weight: Weight) => ({ path: fontPath(weight), bytes: buffers[weight].buffer as SharedArrayBuffer });
  setEnvironmentData(SHARED_FONTS, { normal: share('normal'), bold: share('bold') });
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
  // text set in an office font must be in that font too
  const roles = userRoleFonts();
  for (const b of model.blocks) {
    const role = roleFonts ? roleOfBlock(b) : undefined;
    const face = role ? roles[role]?.face : undefined;
    if (!face || !('text' in b)) continue;
    for (const ch of b.text) {
      const cp = ch.codePointAt(0)!;
      if (!missing.has(cp) && cp >= 0x20 && !face.hasGlyphForCodePoint(cp)) missing.set(cp, b.text.slice(0, 16));
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

// ---- the office's own 公文 typefaces (issue #14.6), by role; Noto Serif SC stands in for the rest

/** A user font for a role: the file, its family name (named in the DOCX) and the parsed face. */
export interface RoleFont {
  file: string;
  family: string;
  face: Face;
  buffer: Buffer;
}

let roleFonts: { spec: string; roles: Partial<Record<FontRole, RoleFont>> } | undefined;

/**
 * Load the fonts of a `--fonts` value (or POL_FONTS when none is given) once per process and spec.
 * Throws DocumentError POL6023 for a missing file, a bad JSON or a file fontkit cannot read.
 */
export function configureFonts(spec?: string): Partial<Record<FontRole, RoleFont>> {
  const s = spec ?? process.env.POL_FONTS ?? '';
  if (roleFonts?.spec === s) return roleFonts.roles;
  const fontkit = requireFromPdfmake(['pdfmake', 'pdfkit', 'fontkit']) as { create(b: Buffer): Face & { familyName?: string; fonts?: unknown } };
  const roles: Partial<Record<FontRole, RoleFont>> = {};
  for (const [role, file] of Object.entries(fontMapping(s)) as [FontRole, string][]) {
    const buffer = readFileSync(file);
    let face: Face & { familyName?: string; fonts?: unknown };
    try {
      face = fontkit.create(buffer);
    } catch (e) {
      throw new DocumentError({ code: 'POL6023', args: [`无法读取${role}字体 ${file}：${(e as Error).message}`] });
    }
    if (face.fonts !== undefined) throw new DocumentError({ code: 'POL6023', args: [`${role}字体 ${file} 是字体集合（.ttc），请给出单个 .ttf 或 .otf`] });
    roles[role] = { file, family: face.familyName ?? ROLE_FACE[role], face, buffer };
  }
  roleFonts = { spec: s, roles };
  return roles;
}

/** The roles whose font is the office's own (after configureFonts; none before). */
export function userRoleFonts(): Partial<Record<FontRole, RoleFont>> {
  return roleFonts?.roles ?? {};
}

/** Roles that Noto Serif SC stands in for, worded for a person: 标题（方正小标宋简体）… */
export function standInText(): string {
  const roles = userRoleFonts();
  const used = FONT_ROLES.filter((r) => roles[r]).map((r) => `${r}：${roles[r]!.family}`);
  const missing = FONT_ROLES.filter((r) => !roles[r]).map((r) => `${r}（${ROLE_FACE[r]}）`);
  return [used.length ? `字体 ${used.join('，')}` : '', missing.length ? `以 Noto Serif SC 代替 ${missing.join('、')}` : ''].filter(Boolean).join('；');
}

/** The font role of a block's text (GB/T 9704: title 小标宋, body 仿宋, 一、 黑体, （一） 楷体). */
export function roleOfBlock(b: Block): FontRole {
  switch (b.type) {
    case 'mark':
    case 'title':
      return '标题';
    case 'heading':
      return b.level === 1 ? '黑体' : b.level === 2 ? '楷体' : '正文';
    case 'attachmentLabel':
      return '黑体';
    default:
      return '正文';
  }
}
