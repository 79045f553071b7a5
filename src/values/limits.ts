/**
 * Limits on untrusted input, checked at intake (application files, command-line text) so that later
 * stages (evaluation, the workflow store, document layout) never meet a 17-million-character name or
 * JSON nested 100,000 deep. Documented in docs/limits.md; every refusal names the field and the limit.
 */
import { isUtf8 } from 'node:buffer';

/** Characters (code points) allowed in each text field of an application or an action. */
export const TEXT_LIMITS = {
  /** applicant.name, a person's name (--by) */
  name: 200,
  /** applicant.id (统一社会信用代码 is 18) and other identifiers */
  id: 64,
  /** applicant.district */
  district: 50,
  /** project numbers */
  project: 100,
  /** text facts, notes and reasons (--note, --reason) */
  text: 2000,
  /** document numbers (--doc-number) */
  docNumber: 100,
} as const;

/** Nesting allowed in a JSON input (an application is 3 deep; a batch array 4). */
export const MAX_JSON_DEPTH = 64;

/** Bytes allowed in one JSON input file given with --input (an application is ~1 KB; arrays of them for wf apply). */
export const MAX_JSON_BYTES = 64 * 1024 * 1024;

/** Control characters no name or identifier may hold (C0, DEL, C1, bidirectional overrides and isolates). */
export const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Code points of a string (what a reader counts as characters). */
export function charCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) n++;
  }
  return n;
}

/** Whether a string has at most `max` code points: `charCount(s) <= max`, without counting past the limit (a hostile name runs to millions). */
export function withinChars(s: string, max: number): boolean {
  if (s.length <= max) return true; // never more code points than UTF-16 units
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0xd800 || c > 0xdbff) && ++n > max) return false;
  }
  return true;
}

/**
 * The path of the first value nested deeper than `max` (`[0].applicant.x`), or undefined. Iterative:
 * it must not overflow on the very input it guards against.
 */
export function tooDeepJson(value: unknown, max: number = MAX_JSON_DEPTH): string | undefined {
  const stack: { v: unknown; depth: number; path: string }[] = [{ v: value, depth: 0, path: '' }];
  while (stack.length > 0) {
    const { v, depth, path } = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= max) return path.length > 40 ? `${path.slice(0, 40)}…` : path || '（整体）';
    if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], depth: depth + 1, path: `${path}[${i}]` });
    else for (const [k, c] of Object.entries(v)) stack.push({ v: c, depth: depth + 1, path: path ? `${path}.${k}` : k });
  }
  return undefined;
}

/**
 * Bytes as UTF-8 text, or the byte offset of the first invalid sequence. Invalid bytes are never
 * replaced silently by U+FFFD: a name filed that way could not be matched or printed again.
 */
export function decodeUtf8(bytes: Uint8Array): { ok: true; text: string } | { ok: false; offset: number } {
  // isUtf8 (simdutf) then Buffer's decoding: what a fatal TextDecoder does, several times faster on a large file
  if (!isUtf8(bytes)) return { ok: false, offset: firstInvalidUtf8(bytes) }; // find where by a scan: decoding growing prefixes is quadratic
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0; // a byte order mark is not text
  return { ok: true, text: Buffer.from(bytes.buffer, bytes.byteOffset + start, bytes.length - start).toString('utf8') };
}

function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (i + k >= b.length || (b[i + k]! & 0xc0) !== 0x80) return i;
    // overlong and surrogate forms
    if ((c === 0xe0 && b[i + 1]! < 0xa0) || (c === 0xed && b[i + 1]! > 0x9f) || (c === 0xf0 && b[i + 1]! < 0x90) || (c === 0xf4 && b[i + 1]! > 0x8f)) return i;
    i += n + 1;
  }
  return b.length;
}
