/**
 * Output file names from untrusted data. A name is made of parts (kind, benefit, applicant name,
 * applicant id, project); every part loses path separators, reserved and control characters, leading
 * dots and Windows device names, and is cut to a byte budget. The applicant id decides identity: when
 * cleaning changed it, a short hash of the original is appended, so two applicants never share a file
 * and the same applicant always gets the same one. Within one run a repeated name gets -2, -3 ….
 */
import { createHash } from 'node:crypto';
import { resolve, sep } from 'node:path';

const RESERVED = /[\u0000-\u001f\u007f-\u009f<>:"/\\|?*\u2028\u2029]/g;
const NOT_ASCII = /[^\u0000-\u007f]/;
const DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;

/** Cut a string to at most `bytes` bytes of UTF-8, on a character boundary. */
function cutBytes(s: string, bytes: number): string {
  let out = '';
  let used = 0;
  for (const ch of s) {
    const n = Buffer.byteLength(ch);
    if (used + n > bytes) break;
    out += ch;
    used += n;
  }
  return out;
}

/** One part of a file name, cleaned. */
export function cleanPart(s: string, maxBytes = 60): string {
  // ASCII text is already NFC: skip normalizing a long ASCII name (~80 ms for 5 million characters)
  let out = (NOT_ASCII.test(s) ? s.normalize('NFC') : s)
    .replace(RESERVED, '_')
    .replace(/\s+/g, '_')
    .replace(/\.{2,}/g, '_')
    .replace(/^[._-]+/, '')
    .replace(/[._ ]+$/, '');
  out = cutBytes(out, maxBytes).replace(/[._ ]+$/, '');
  if (DEVICE.test(out)) out = `_${out}`;
  return out;
}

function shortHash(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 8);
}

/** The identity part: the cleaned id, plus a hash of the original when cleaning changed it. */
export function idPart(id: string): string {
  const clean = cleanPart(id, 48);
  return clean === id && clean !== '' ? clean : `${clean || 'id'}~${shortHash(id)}`;
}

/** A file name (without extension) from parts; empty parts are left out. At most ~180 bytes. */
export function fileBase(parts: (string | undefined)[]): string {
  const joined = parts
    .filter((p): p is string => p !== undefined && p !== '')
    .join('-');
  return cutBytes(joined, 180) || 'document';
}

/** Keeps names unique within a run: the first keeps its name, later ones get -2, -3 …. */
export class NameBook {
  private readonly used = new Map<string, number>();

  take(base: string): { name: string; duplicateOf?: number } {
    const key = base.toLowerCase();
    const n = this.used.get(key);
    if (n === undefined) {
      this.used.set(key, 1);
      return { name: base };
    }
    let k = n + 1;
    while (this.used.has(`${key}-${k}`)) k++;
    this.used.set(key, k);
    this.used.set(`${key}-${k}`, 1);
    return { name: `${base}-${k}`, duplicateOf: n };
  }
}

/** The path of a file in a folder, refusing anything that would land outside it. */
export function pathIn(dir: string, name: string): string {
  const root = resolve(dir);
  const p = resolve(root, name);
  if (!p.startsWith(root + sep)) throw new Error(`file name escapes the output folder: ${name}`);
  return p;
}
