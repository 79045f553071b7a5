/**
 * The fonts a DOCX carries (issue #14.6): each typeface it names, subset to the characters set in it and
 * embedded (obfuscated, as Word expects), so a machine without Chinese fonts shows the text, not boxes.
 * A desk that has the named font (仿宋_GB2312 …) uses its own; another uses the embedded subset of the
 * font the PDF draws that role with: the office's font mapped with --fonts, else Noto Serif SC (bold
 * for 标题 and 黑体, as in the PDF).
 *
 * Subsetting is harfbuzz's hb-subset (npm `harfbuzzjs`, WebAssembly), which keeps the cmap Word reads, with
 * the same settings as the npm package `subset-font` (all layout features, no layout closure) and the same
 * bytes out. What costs is harfbuzz reading a 15 MB CJK font (about 0.2–0.8 s), so each font is read into
 * harfbuzz once per process and its face kept; a subset then takes about a millisecond, and subsets are
 * kept by font and character set (a batch's titles and labels are the same in every document).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
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

/** The exports of harfbuzz's subsetting build that are used here. */
interface Harfbuzz {
  memory: WebAssembly.Memory;
  _initialize(): void;
  malloc(n: number): number;
  free(p: number): void;
  hb_blob_create(data: number, length: number, mode: number, user: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, length: number): number;
  hb_blob_get_length(blob: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_set_add(set: number, value: number): void;
  hb_set_clear(set: number): void;
  hb_set_invert(set: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_set(input: number, which: number): number;
  hb_subset_input_unicode_set(input: number): number;
  hb_subset_input_get_flags(input: number): number;
  hb_subset_input_set_flags(input: number, flags: number): void;
  hb_subset_or_fail(face: number, input: number): number;
}

const HB_MEMORY_MODE_WRITABLE = 2;
const HB_SUBSET_SETS_LAYOUT_FEATURE_TAG = 6;
const HB_SUBSET_FLAGS_NO_LAYOUT_CLOSURE = 0x200;
/** Faces kept in harfbuzz (Noto's two weights and up to five office fonts) and subsets kept by character set. */
const MAX_FACES = 8;
const MAX_SUBSETS = 256;

let harfbuzz: Promise<Harfbuzz> | undefined;
/** Harfbuzz faces by font bytes: the font copied into harfbuzz's memory once (its pointer, freed on eviction). */
const faces = new Map<Buffer, { face: number; data: number; id: number }>();
const subsets = new Map<string, Buffer>();
let nextFaceId = 0;

/** How much harfbuzz work the subsets of this process took (for tests and benchmarks). */
export const subsetStats = { facesLoaded: 0, subsetsMade: 0, subsetsReused: 0 };

/**
 * V8 runs WebAssembly first as its baseline compiler (Liftoff) made it, then recompiles the functions that
 * run most with its optimizing compiler in background threads: for harfbuzz about half a second of CPU after a
 * process's first subset (measured on Node 20), more than all the subsets of a batch take, and no faster
 * subsets for it (a subset takes milliseconds). Harfbuzz is instantiated with a tiering budget so large that
 * its code stays as first compiled: V8 takes the budget when it compiles and instantiates the module, and the
 * flag is put back right after (to the value Node was started with, else V8's default), so other WebAssembly is not affected.
 */
const NO_TIER_UP = '--wasm-tiering-budget=2000000000';

function startingTieringBudget(): string {
  let flag = '--wasm-tiering-budget=1800000';
  for (const arg of [...(process.env.NODE_OPTIONS ?? '').split(/\s+/), ...process.execArgv]) if (arg.startsWith('--wasm-tiering-budget=')) flag = arg;
  return flag;
}

function loadHarfbuzz(): Promise<Harfbuzz> {
  harfbuzz ??= (async () => {
    const wasm = readFileSync(createRequire(import.meta.url).resolve('harfbuzzjs/dist/harfbuzz-subset.wasm'));
    // compiled and instantiated synchronously: no other code runs while the flag is set
    setFlagsFromString(NO_TIER_UP);
    let hb: Harfbuzz;
    try {
      hb = new WebAssembly.Instance(new WebAssembly.Module(wasm)).exports as unknown as Harfbuzz;
    } finally {
      setFlagsFromString(startingTieringBudget());
    }
    hb._initialize();
    return hb;
  })();
  return harfbuzz;
}

/** The harfbuzz face of a font, read once (the least recently used face is dropped past MAX_FACES). */
function faceOf(hb: Harfbuzz, font: Buffer): { face: number; id: number } {
  const known = faces.get(font);
  if (known) {
    faces.delete(font);
    faces.set(font, known);
    return known;
  }
  const data = hb.malloc(font.byteLength);
  new Uint8Array(hb.memory.buffer).set(font, data);
  const blob = hb.hb_blob_create(data, font.byteLength, HB_MEMORY_MODE_WRITABLE, 0, 0);
  const entry = { face: hb.hb_face_create(blob, 0), data, id: nextFaceId++ };
  hb.hb_blob_destroy(blob);
  faces.set(font, entry);
  subsetStats.facesLoaded++;
  if (faces.size > MAX_FACES) {
    const [oldest, old] = faces.entries().next().value!;
    faces.delete(oldest);
    hb.hb_face_destroy(old.face);
    hb.free(old.data);
  }
  return entry;
}

/** A TrueType subset of a font holding the glyphs of `text`'s characters (every layout feature, no closure). */
export async function subsetFont(font: Buffer, text: string): Promise<Buffer> {
  const hb = await loadHarfbuzz();
  const { face, id } = faceOf(hb, font);
  const chars = [...new Set(text)].sort().join('');
  const key = `${id}\u0000${chars}`;
  const cached = subsets.get(key);
  if (cached) {
    subsetStats.subsetsReused++;
    return cached;
  }
  const input = hb.hb_subset_input_create_or_fail();
  if (input === 0) throw new Error('harfbuzz: hb_subset_input_create_or_fail failed');
  let subset = 0;
  try {
    // every layout feature (as hb-subset --layout-features=*), no layout closure: only these characters' glyphs
    const features = hb.hb_subset_input_set(input, HB_SUBSET_SETS_LAYOUT_FEATURE_TAG);
    hb.hb_set_clear(features);
    hb.hb_set_invert(features);
    hb.hb_subset_input_set_flags(input, hb.hb_subset_input_get_flags(input) | HB_SUBSET_FLAGS_NO_LAYOUT_CLOSURE);
    const unicodes = hb.hb_subset_input_unicode_set(input);
    for (const ch of chars) hb.hb_set_add(unicodes, ch.codePointAt(0)!);
    subset = hb.hb_subset_or_fail(face, input);
  } finally {
    hb.hb_subset_input_destroy(input);
  }
  if (subset === 0) throw new Error('harfbuzz: hb_subset_or_fail failed');
  const blob = hb.hb_face_reference_blob(subset);
  const at = hb.hb_blob_get_data(blob, 0);
  // a copy: the view into harfbuzz's memory goes stale when that memory grows
  const out = Buffer.from(new Uint8Array(hb.memory.buffer, at, hb.hb_blob_get_length(blob)));
  hb.hb_blob_destroy(blob);
  hb.hb_face_destroy(subset);
  if (out.length === 0) throw new Error('harfbuzz: empty subset');
  subsetStats.subsetsMade++;
  subsets.set(key, out);
  if (subsets.size > MAX_SUBSETS) subsets.delete(subsets.keys().next().value!);
  return out;
}

/**
 * The subset fonts of a model, one per font name the DOCX uses. `nameOf` gives the DOCX's name of a role
 * (the office's family or 仿宋_GB2312 …); roles that share a name share one font.
 */
export async function embeddedFonts(model: DocModel, nameOf: (role: FontRole) => string): Promise<EmbeddedFont[]> {
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
    out.push({ name, data: await subsetFont(font, [...chars].join('')) });
  }
  return out;
}
