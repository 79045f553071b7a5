/**
 * Text batch files (CSV, JSONL) in whatever encoding Excel and editors save them: UTF-8 (with or without
 * a BOM), UTF-16 with a BOM, or GBK/GB18030 (Excel's default "CSV" on Chinese Windows). The encoding is
 * told from the BOM or, without one, from whether the first 64 KB are valid UTF-8; GB18030 (a superset of
 * GBK) is then decoded with iconv-lite. A file that is neither, or that turns invalid further on, is
 * refused naming the line: it never evaluates with garbled field names or values.
 */
import { isUtf8 } from 'node:buffer';
import { createReadStream, openSync, readSync, closeSync } from 'node:fs';
import { BatchFileError } from './errors.ts';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export interface TextSource<T extends string | Buffer = string> {
  encoding: TextEncoding;
  /** The file's text in chunks, BOM removed (UTF-8 as checked bytes when asked for bytes). */
  chunks: AsyncGenerator<T>;
}

const HEAD = 64 * 1024;

/** A decoder of one stream: bytes in (chunk by chunk), text out; `undefined` when the bytes are not of its encoding. */
interface Decoder {
  write(bytes: Uint8Array): string | Buffer | undefined;
  end(): string | undefined;
}

async function gbDecoder(): Promise<Decoder> {
  const { default: iconv } = await import('iconv-lite');
  const d = iconv.getDecoder('gb18030');
  const check = (s: string) => (s.includes('\uFFFD') ? undefined : s);
  return { write: (b) => check(d.write(Buffer.from(b.buffer, b.byteOffset, b.byteLength))), end: () => check(d.end() ?? '') };
}

/**
 * UTF-8, checked: Node's native `isUtf8` over the complete characters of each chunk (an incomplete one at
 * its end waits for the next), then the plain decoder — several times faster than a fatal TextDecoder.
 * With `bytes`, the checked bytes themselves (a parser that reads bytes need not have them decoded and
 * encoded again).
 */
function utf8Decoder(bytes = false): Decoder {
  let carry: Buffer | undefined;
  return {
    write(b) {
      let buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
      if (carry) {
        buf = Buffer.concat([carry, buf]);
        carry = undefined;
      }
      // an incomplete sequence at the end: back up to its lead byte (at most 3 bytes)
      let end = buf.length;
      for (let i = buf.length - 1; i >= Math.max(0, buf.length - 3); i--) {
        const c = buf[i]!;
        if (c < 0x80) break;
        if (c >= 0xc0) {
          const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
          if (buf.length - i < need) end = i;
          break;
        }
      }
      if (end < buf.length) carry = Buffer.from(buf.subarray(end));
      const whole = buf.subarray(0, end);
      if (!isUtf8(whole)) return undefined;
      return bytes ? whole : whole.toString('utf8');
    },
    end: () => (carry ? undefined : ''),
  };
}

function webDecoder(encoding: 'utf-16le' | 'utf-16be'): Decoder {
  const d = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
  const safe = (f: () => string) => {
    try {
      return f();
    } catch {
      return undefined;
    }
  };
  return { write: (b) => safe(() => d.decode(b, { stream: true })), end: () => safe(() => d.decode()) };
}

/** The encoding of a file from its first bytes, or a refusal. */
async function detect(path: string, head: Uint8Array): Promise<{ encoding: TextEncoding; bom: number }> {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  if (utf8Decoder().write(head) !== undefined) return { encoding: 'utf-8', bom: 0 };
  if ((await gbDecoder()).write(head) !== undefined) return { encoding: 'gb18030', bom: 0 };
  throw new BatchFileError('POL4201', [path]);
}

/**
 * Open a text batch file; `onBytes` hears how many bytes were read (for a progress bar). With `bytes`, a
 * UTF-8 file comes as checked byte chunks (ending on whole characters), other encodings as text.
 */
export async function openText(path: string, onBytes?: (n: number) => void): Promise<TextSource>;
export async function openText(path: string, onBytes: ((n: number) => void) | undefined, bytes: true): Promise<TextSource<string | Buffer>>;
export async function openText(path: string, onBytes?: (n: number) => void, bytes = false): Promise<TextSource<string | Buffer>> {
  const head = new Uint8Array(HEAD);
  const fd = openSync(path, 'r');
  let n: number;
  try {
    n = readSync(fd, head, 0, HEAD, 0);
  } finally {
    closeSync(fd);
  }
  const { encoding, bom } = await detect(path, head.subarray(0, n));
  const decoder = encoding === 'gb18030' ? await gbDecoder() : encoding === 'utf-8' ? utf8Decoder(bytes) : webDecoder(encoding);
  async function* chunks(): AsyncGenerator<string | Buffer> {
    let line = 1;
    const bad = (buf?: Buffer): never => {
      throw new BatchFileError('POL4209', [path, line + (buf ? badLine(buf, encoding) : 0), encoding === 'gb18030' ? 'GBK/GB18030' : encoding.toUpperCase()]);
    };
    for await (const buf of createReadStream(path, { start: bom, highWaterMark: 1 << 16 }) as AsyncIterable<Buffer>) {
      onBytes?.(buf.length);
      const text = decoder.write(buf) ?? bad(buf);
      if (typeof text === 'string') for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) line++;
      else for (let i = text.indexOf(10); i >= 0; i = text.indexOf(10, i + 1)) line++;
      if (text.length) yield text;
    }
    const rest = decoder.end() ?? bad();
    if (rest) yield rest;
  }
  return { encoding, chunks: chunks() };
}

/** Which line of a chunk (0 = its first) holds the bytes that are not of the encoding (UTF-8 and GB18030 only). */
function badLine(buf: Buffer, encoding: TextEncoding): number {
  if (encoding === 'utf-16le' || encoding === 'utf-16be') return 0;
  const valid = (seg: Buffer) => {
    if (encoding === 'gb18030') return !new TextDecoder('gb18030').decode(seg).includes('\uFFFD');
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(seg);
      return true;
    } catch {
      return false;
    }
  };
  let line = 0;
  for (let start = 0; start < buf.length; line++) {
    let end = buf.indexOf(0x0a, start);
    if (end < 0) end = buf.length;
    if (!valid(buf.subarray(start, end))) return line;
    start = end + 1;
  }
  return 0;
}
