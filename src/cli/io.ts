/**
 * What every command shares: reading sources with clear errors, printing diagnostics, exit codes,
 * and writing files whole (a temporary file renamed into place, so nothing is left half-written).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { formatMessage, type Lang } from '../diagnostics/catalog.ts';
import { toJson, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { renderDiagnostic } from '../diagnostics/frame.ts';

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

/**
 * With `--json` on the command line, errors and diagnostics go to stderr as one JSON object (docs/export.md):
 * `{"error": {"code", "message", "exitCode", "errors"?}, "diagnostics": [...]}` — collected here, written by main.
 */
export const jsonErrors = { on: false, diagnostics: [] as Diagnostic[] };

/** The text of `path`, or of standard input when it is `-`. */
function readPathOrStdin(path: string): string {
  return readFileSync(path === '-' ? 0 : path, 'utf8');
}

export function readText(path: string, what: { zh: string; en: string } = { zh: '文件', en: 'file' }, lang: Lang = 'zh', exitCode: number = EXIT.source): string {
  try {
    return readPathOrStdin(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? lang === 'zh' ? '不存在' : 'does not exist'
        : code === 'EISDIR'
          ? lang === 'zh' ? '是目录而不是文件' : 'is a directory, not a file'
          : code === 'EACCES'
            ? lang === 'zh' ? '无读取权限' : 'cannot be read (permission denied)'
            : (e as Error).message;
    throw new UserError(formatMessage('POL7007', [lang === 'zh' ? what.zh : what.en, path === '-' ? (lang === 'zh' ? '（标准输入）' : '(standard input)') : path, why], lang), exitCode, 'POL7007');
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

export function printDiagnostics(ds: readonly Diagnostic[], sources: Map<string, string>, lang: Lang): void {
  if (jsonErrors.on) {
    jsonErrors.diagnostics.push(...ds);
    return;
  }
  for (const d of ds) process.stderr.write(renderDiagnostic(d, sources.get(d.file), lang) + '\n');
}

export function diagnosticsJson(ds: readonly Diagnostic[], lang: Lang): { diagnostics: ReturnType<typeof toJson>[] } {
  return { diagnostics: ds.map((d) => toJson(d, lang)) };
}

/** `--lang zh|en`, checked. */
export function langOf(v: unknown): Lang {
  if (v === undefined || v === 'zh') return 'zh';
  if (v === 'en') return 'en';
  throw new UserError(`--lang 只能是 zh 或 en（收到 ${String(v)}）`);
}

export function writeStdout(s: string): void {
  process.stdout.write(s.endsWith('\n') ? s : s + '\n');
}
