/**
 * What every command shares: reading sources with clear errors, printing diagnostics, exit codes,
 * and writing files whole (a temporary file renamed into place, so nothing is left half-written).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { codedMessage, formatMessage, type Code, type Lang, type MessageArg } from '../diagnostics/catalog.ts';
import { toJson, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { renderDiagnostic } from '../diagnostics/frame.ts';
import { decodeUtf8, MAX_JSON_BYTES, MAX_JSON_DEPTH, tooDeepJson } from '../values/limits.ts';

/** Exit codes shared by every command. */
export const EXIT = {
  ok: 0,
  /** bad input data (application, CSV row, options), or "differs" for diff */
  input: 1,
  /** the .pol has errors, or cannot be read */
  source: 2,
  /** a workflow action refused */
  refused: 3,
  /** a bug in pol */
  internal: 70,
} as const;

/** An error meant for the user: printed without a stack, with an exit code (and, with --json, its code). */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.input,
    /** The catalog code; POL7009 (bad options or input) when none is more precise. */
    readonly code?: string,
    /** Bad fields of an application: `[{path, message}]`. */
    readonly errors?: { path: string; message: string }[],
  ) {
    super(message);
  }
}

/** A user error from the catalog: `POLnnnn: message`, the same shape as every other message of pol. */
export function userError(code: Code, args: readonly MessageArg[], exitCode: number = EXIT.input, lang: Lang = 'zh'): UserError {
  return new UserError(codedMessage(code, args, lang), exitCode, code);
}

/**
 * With `--json` on the command line, errors and diagnostics go to stderr as one JSON object (docs/export.md):
 * `{"error": {"code", "message", "exitCode", "errors"?}, "diagnostics": [...]}` — collected here, written by main.
 */
export const jsonErrors = { on: false, diagnostics: [] as Diagnostic[] };

export function readText(path: string, what: { zh: string; en: string } = { zh: '文件', en: 'file' }, lang: Lang = 'zh', exitCode: number = EXIT.source): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path === '-' ? 0 : path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? { zh: '不存在', en: 'does not exist' }
        : code === 'EISDIR'
          ? { zh: '是目录而不是文件', en: 'is a directory, not a file' }
          : code === 'EACCES'
            ? { zh: '无读取权限', en: 'cannot be read (permission denied)' }
            : (e as Error).message;
    throw userError('POL7007', [lang === 'zh' ? what.zh : what.en, path === '-' ? (lang === 'zh' ? '（标准输入）' : '(standard input)') : path, why], exitCode, lang);
  }
  const decoded = decodeUtf8(bytes);
  if (decoded.ok) return decoded.text;
  // not UTF-8: name the encoding when it reads as GBK/GB18030 (a file saved by a Chinese Windows editor)
  if (decodes(bytes, 'gb18030')) throw userError('POL1020', [`${lang === 'zh' ? what.zh : what.en} ${path}`, { zh: '，看起来是 GBK/GB18030 编码', en: '; it looks like GBK/GB18030' }], exitCode, lang);
  throw userError('POL9001', [lang === 'zh' ? `${what.zh} ${path}` : `${what.en} ${path}`, decoded.offset], exitCode, lang);
}

function decodes(bytes: Buffer, encoding: string): boolean {
  try {
    new TextDecoder(encoding, { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Write a file whole: to a temporary name in the same folder, then renamed over the target. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const dir = dirname(path);
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${process.pid}.tmp`);
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/**
 * A JSON input file (an application, an array of them): at most MAX_JSON_BYTES, strict UTF-8 (invalid
 * bytes are refused, never replaced), valid JSON, at most MAX_JSON_DEPTH deep. Exit 1 naming the problem.
 */
export function readJsonFile(path: string, what: string = '申报数据'): unknown {
  let bytes: Buffer;
  try {
    if (path !== '-' && statSync(path).size > MAX_JSON_BYTES) throw userError('POL9002', [`${what} ${path}`, statSync(path).size, MAX_JSON_BYTES]);
    bytes = readFileSync(path === '-' ? 0 : path); // `-`: standard input
    if (bytes.length > MAX_JSON_BYTES) throw userError('POL9002', [`${what} ${path}`, bytes.length, MAX_JSON_BYTES]);
  } catch (e) {
    if (e instanceof UserError) throw e;
    readText(path, { zh: `${what}文件`, en: 'file' }, 'zh', EXIT.input); // the same wording as every other unreadable file
    throw e;
  }
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) throw userError('POL9001', [`${what} ${path}`, decoded.offset]);
  let raw: unknown;
  try {
    raw = JSON.parse(decoded.text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw userError('POL7008', [path === '-' ? '（标准输入）' : path, (e as Error).message]);
  }
  const deep = tooDeepJson(raw);
  if (deep) throw userError('POL9003', [`${what} ${path}`, deep, MAX_JSON_DEPTH]);
  return raw;
}

// C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides and isolates
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text safe to print on a terminal: control characters from data (an applicant named "\x1b]0;…") are
 * shown as \u001b escapes instead of reaching the terminal. Inside JSON output this is the same string.
 */
export function terminalSafe(s: string): string {
  return s.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A line on stderr, made terminal-safe. */
export function writeStderr(s: string): void {
  process.stderr.write(terminalSafe(s.endsWith('\n') ? s : s + '\n'));
}

export function printDiagnostics(ds: readonly Diagnostic[], sources: Map<string, string>, lang: Lang): void {
  if (jsonErrors.on) {
    jsonErrors.diagnostics.push(...ds);
    return;
  }
  for (const d of ds) process.stderr.write(terminalSafe(renderDiagnostic(d, sources.get(d.file), lang)) + '\n');
}

export function diagnosticsJson(ds: readonly Diagnostic[], lang: Lang): { diagnostics: ReturnType<typeof toJson>[] } {
  return { diagnostics: ds.map((d) => toJson(d, lang)) };
}

/** `--lang zh|en`, checked. */
export function langOf(v: unknown): Lang {
  if (v === undefined || v === 'zh') return 'zh';
  if (v === 'en') return 'en';
  throw userError('POL3051', ['--lang', { zh: 'zh 或 en', en: 'zh or en' }, String(v)]);
}

/** Text on stdout, made terminal-safe (see terminalSafe). */
export function writeStdout(s: string): void {
  process.stdout.write(terminalSafe(s.endsWith('\n') ? s : s + '\n'));
}
