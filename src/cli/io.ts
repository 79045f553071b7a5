/**
 * What every command shares: reading sources with clear errors, printing diagnostics, exit codes,
 * and writing files whole (a temporary file renamed into place, so nothing is left half-written).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { codedMessage, type Code, type Lang, type MessageArg } from '../diagnostics/catalog.ts';
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

/** An error meant for the user: printed without a stack, with an exit code. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.input,
  ) {
    super(message);
  }
}

/** A user error from the catalog: `POLnnnn: message`, the same shape as every other message of pol. */
export function userError(code: Code, args: readonly MessageArg[], exitCode: number = EXIT.input, lang: Lang = 'zh'): UserError {
  return new UserError(codedMessage(code, args, lang), exitCode);
}

export function readText(path: string, what: { zh: string; en: string } = { zh: '文件', en: 'file' }, lang: Lang = 'zh', exitCode: number = EXIT.source): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
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
    throw userError('POL3054', [what, path, why], exitCode, lang);
  }
  const text = decodeUtf8(bytes);
  if (text !== undefined) return text;
  // not UTF-8: name the encoding when it reads as GBK/GB18030 (a file saved by a Chinese Windows editor)
  const gbk = decodes(bytes, 'gb18030');
  throw userError('POL1020', [`${lang === 'zh' ? what.zh : what.en} ${path}`, gbk ? { zh: '，看起来是 GBK/GB18030 编码', en: '; it looks like GBK/GB18030' } : ''], exitCode, lang);
}

function decodeUtf8(bytes: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
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

export function printDiagnostics(ds: readonly Diagnostic[], sources: Map<string, string>, lang: Lang): void {
  for (const d of ds) process.stderr.write(renderDiagnostic(d, sources.get(d.file), lang) + '\n');
}

export function diagnosticsJson(ds: readonly Diagnostic[], lang: Lang): { diagnostics: ReturnType<typeof toJson>[] } {
  return { diagnostics: ds.map((d) => toJson(d, lang)) };
}

/** `--lang zh|en`, checked. */
export function langOf(v: unknown): Lang {
  if (v === undefined || v === 'zh') return 'zh';
  if (v === 'en') return 'en';
  throw userError('POL3051', ['--lang', 'zh | en', String(v)]);
}

export function writeStdout(s: string): void {
  process.stdout.write(s.endsWith('\n') ? s : s + '\n');
}
