/**
 * The fonts a DOCX carries (issue #14.6): each typeface it names, subset to the characters set in it and
 * embedded (obfuscated, as Word expects), so a machine without Chinese fonts shows the text, not boxes.
 * A desk that has the named font (仿宋_GB2312 …) uses its own; another uses the embedded subset of the
 * font the PDF draws that role with: the office's font mapped with --fonts, else Noto Serif SC (bold
 * for 标题 and 黑体, as in the PDF).
 *
 * Subsetting is harfbuzz's hb-subset (npm `subset-font`, WebAssembly), which keeps the cmap Word reads.
 */
import { createRequire } from 'node:module';
import type { FontRole } from './font-roles.ts';
import { loadFonts, roleOfBlock, userRoleFonts } from './fonts.ts';
import { geometryOf } from './layout.ts';
import type { Block, DocModel } from './model.ts';

export interface EmbeddedFont {
  /** The name the DOCX's runs use (w:rFonts). */
  name: string;
  /** A TrueType subset holding the characters set in that font. */
  data: Buffer;
}

/** Roles whose stand-in is the serif's bold weight (the PDF draws them bold). */
const BOLD_ROLES: ReadonlySet<FontRole> = new Set(['标题', '黑体']);

/** The text of a block, by the role whose font sets it. */
function roleTexts(b: Block): [FontRole, string][] {
  switch (b.type) {
    case 'table':
      return [['正文', b.rows.flat().join('')]];
    case 'signature':
      return [['正文', b.unit + b.date]];
    case 'colophon':
      return [['正文', `抄送：。${b.cc}${b.office}${b.date}`]];
    case 'rule':
    case 'space':
    case 'pageBreak':
      return [];
    default:
      return [[roleOfBlock(b), b.text]];
  }
}

/** The characters each role sets in a model (page numbers `— 1 —` in 页码). */
export function charactersByRole(model: DocModel): Map<FontRole, Set<string>> {
  const out = new Map<FontRole, Set<string>>();
  const add = (role: FontRole, text: string) => {
    const set = out.get(role) ?? new Set<string>();
    for (const ch of text) if (ch.trim() !== '') set.add(ch);
    out.set(role, set);
  };
  for (const b of model.blocks) for (const [role, text] of roleTexts(b)) add(role, text);
  if (geometryOf(model.layout).pageNumberPt > 0) add('页码', '—0123456789');
  return out;
}

/**
 * The subset fonts of a model, one per font name the DOCX uses. `nameOf` gives the DOCX's name of a role
 * (the office's family or 仿宋_GB2312 …); roles that share a name share one font.
 */
export async function embeddedFonts(model: DocModel, nameOf: (role: FontRole) => string): Promise<EmbeddedFont[]> {
  const subsetFont = createRequire(import.meta.url)('subset-font') as (font: Buffer, text: string, opts: Record<string, unknown>) => Promise<Buffer>;
  const buffers = loadFonts().buffers;
  const byName = new Map<string, { font: Buffer; chars: Set<string> }>();
  for (const [role, chars] of charactersByRole(model)) {
    if (chars.size === 0) continue;
    const name = nameOf(role);
    const font = userRoleFonts()[role]?.buffer ?? buffers[BOLD_ROLES.has(role) ? 'bold' : 'normal'];
    const entry = byName.get(name) ?? { font, chars: new Set<string>() };
    for (const ch of chars) entry.chars.add(ch);
    byName.set(name, entry);
  }
  const out: EmbeddedFont[] = [];
  for (const [name, { font, chars }] of byName) {
    // no layout closure: only the glyphs of these characters (not every variant a feature could reach)
    out.push({ name, data: await subsetFont(font, [...chars].sort().join(''), { targetFormat: 'truetype', noLayoutClosure: true }) });
  }
  return out;
}
