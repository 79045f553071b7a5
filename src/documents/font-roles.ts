/**
 * 公文 typefaces chosen by the office (issue #14.6). GB/T 9704 sets the title in 小标宋, the body in 仿宋,
 * 一、 headings in 黑体, （一） headings in 楷体 and page numbers in 宋体; offices have these fonts (Windows
 * and WPS ship them) but they cannot be bundled. The user maps the roles to TrueType/OpenType files:
 *
 * - `--fonts DIR` or `POL_FONTS=DIR`: files in DIR recognised by name (仿宋/FangSong/simfang → 正文 …);
 * - `--fonts FILE.json`: `{ "标题": "FZXBSJW.TTF", "正文": "simfang.ttf", "黑体": …, "楷体": …, "页码": … }`
 *   (paths relative to the JSON file);
 * - `--fonts system`: the same recognition over the usual system font folders.
 *
 * A role left unmapped falls back to Noto Serif SC (bundled); each document says which roles stood in
 * (PDF Subject, DOCX description) and the CLI says it on stderr.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { DocumentError } from './errors.ts';

/** The roles of GB/T 9704 type. */
export const FONT_ROLES = ['标题', '正文', '黑体', '楷体', '页码'] as const;
export type FontRole = (typeof FONT_ROLES)[number];

/** What each role is in a government office (named in the DOCX when no file is mapped). */
export const ROLE_FACE: Record<FontRole, string> = {
  标题: '方正小标宋简体',
  正文: '仿宋_GB2312',
  黑体: '黑体',
  楷体: '楷体_GB2312',
  页码: '宋体',
};

/** File names that identify a role's typeface (the common Windows, WPS, Founder and Debian names). */
const NAME_PATTERNS: Record<FontRole, RegExp> = {
  标题: /小标宋|xiaobiaosong|fzxbs|xbsjw/i,
  正文: /仿宋|fangsong|simfang|fs_gb2312/i,
  黑体: /黑体|simhei|heiti|fzhei/i,
  楷体: /楷体|simkai|kaiti|kt_gb2312|wenkai(?!mono)/i,
  页码: /宋体|simsun|songti|sourcehanserif|notoserifcjk/i,
};

const FONT_EXT = new Set(['.ttf', '.otf']);

/** The usual system font folders (Linux, macOS, Windows). */
export function systemFontDirs(): string[] {
  const home = homedir();
  return [
    '/usr/share/fonts',
    '/usr/local/share/fonts',
    join(home, '.fonts'),
    join(home, '.local/share/fonts'),
    '/Library/Fonts',
    join(home, 'Library/Fonts'),
    join(process.env.WINDIR ?? 'C:\\Windows', 'Fonts'),
  ].filter((d) => existsSync(d));
}

function fontFiles(dir: string, depth = 0): string[] {
  let out: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const e of entries.sort()) {
    const p = join(dir, e);
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(p);
    } catch {
      continue;
    }
    if (st.isDirectory() && depth < 4) out = out.concat(fontFiles(p, depth + 1));
    else if (st.isFile() && FONT_EXT.has(extname(e).toLowerCase())) out.push(p);
  }
  return out;
}

/** Pick a file per role from a list of font files, by name; regular weights before bold or light. */
function byName(files: string[]): Partial<Record<FontRole, string>> {
  const out: Partial<Record<FontRole, string>> = {};
  const rank = (f: string) => (/bold|light|mono|italic/i.test(f) ? 1 : 0);
  for (const role of FONT_ROLES) {
    const hits = files.filter((f) => NAME_PATTERNS[role].test(f.split(/[\\/]/).pop()!)).sort((a, b) => rank(a) - rank(b));
    if (hits[0]) out[role] = hits[0];
  }
  return out;
}

function fail(msg: string): never {
  throw new DocumentError({ code: 'POL6023', args: [msg] });
}

/**
 * The role → file mapping of a `--fonts` value (or POL_FONTS): a directory, a JSON file, or `system`.
 * Every mapped file exists and is TrueType/OpenType; a JSON with an unknown role is refused.
 */
export function fontMapping(spec: string | undefined): Partial<Record<FontRole, string>> {
  if (spec === undefined || spec.trim() === '') return {};
  if (spec === 'system') return byName(systemFontDirs().flatMap((d) => fontFiles(d)));
  const path = resolve(spec);
  if (!existsSync(path)) fail(`找不到 ${spec}（应为字体目录、JSON 文件或 system）`);
  if (statSync(path).isDirectory()) return byName(fontFiles(path));
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    fail(`${spec} 不是有效的 JSON：${(e as Error).message}`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) fail(`${spec} 应为 {"正文": "字体文件", …}`);
  const out: Partial<Record<FontRole, string>> = {};
  for (const [role, file] of Object.entries(json as Record<string, unknown>)) {
    if (!(FONT_ROLES as readonly string[]).includes(role)) fail(`${spec} 中的“${role}”不是字体角色（应为 ${FONT_ROLES.join('、')}）`);
    if (typeof file !== 'string') fail(`${spec} 中“${role}”的值应为字体文件路径`);
    const p = isAbsolute(file) ? file : join(dirname(path), file);
    if (!existsSync(p)) fail(`${spec} 中“${role}”的字体文件 ${file} 不存在`);
    if (!FONT_EXT.has(extname(p).toLowerCase())) fail(`${spec} 中“${role}”的字体文件 ${file} 应为 .ttf 或 .otf`);
    out[role as FontRole] = p;
  }
  return out;
}
