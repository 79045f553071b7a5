/**
 * Excel batch files, streamed: the first worksheet row by row through exceljs's WorkbookReader, so a
 * million rows stay within a few hundred MB. Before anything is inflated, the archive's central directory
 * is read and an archive whose declared uncompressed size is absurd (a "zip bomb") is refused.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Cell } from './columns.ts';
import { BatchFileError, sizeText } from './errors.ts';

/** Largest total the entries of an .xlsx may declare uncompressed (a 1,048,576-row sheet is well under it). */
export const MAX_XLSX_UNCOMPRESSED = 2 * 1024 ** 3;
/** Largest compression ratio of an entry above 16 MB (spreadsheets compress 5–30 times; bombs 1,000 times). */
export const MAX_XLSX_RATIO = 500;

function readAt(fd: number, pos: number, len: number): Buffer {
  const b = Buffer.alloc(len);
  const n = readSync(fd, b, 0, len, pos);
  return b.subarray(0, n);
}

/** Check the declared sizes in the zip's central directory; throws POL4203/POL4205. */
export function checkZip(path: string, limit = MAX_XLSX_UNCOMPRESSED): void {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const tailLen = Math.min(size, 65557);
    const tail = readAt(fd, size - tailLen, tailLen);
    const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (eocd < 0 || eocd + 22 > tail.length) throw new BatchFileError('POL4205', [path, '找不到 zip 目录']);
    const entries = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (cdOffset === 0xffffffff || cdSize === 0xffffffff) throw new BatchFileError('POL4203', [path, '超过 4 GB', sizeText(limit)]);
    if (cdOffset + cdSize > size) throw new BatchFileError('POL4205', [path, 'zip 目录超出文件末尾']);
    const cd = readAt(fd, cdOffset, cdSize);
    let total = 0;
    let p = 0;
    for (let i = 0; i < entries; i++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== 0x02014b50) throw new BatchFileError('POL4205', [path, 'zip 目录已损坏']);
      const compressed = cd.readUInt32LE(p + 20);
      let uncompressed = cd.readUInt32LE(p + 24);
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      if (uncompressed === 0xffffffff) {
        // ZIP64: the real size is in the extra field 0x0001
        const extra = cd.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen);
        for (let q = 0; q + 4 <= extra.length; q += 4 + extra.readUInt16LE(q + 2)) {
          if (extra.readUInt16LE(q) === 1 && q + 12 <= extra.length) uncompressed = Number(extra.readBigUInt64LE(q + 4));
        }
      }
      total += uncompressed;
      if (total > limit) throw new BatchFileError('POL4203', [path, sizeText(total), sizeText(limit)]);
      if (uncompressed > 16 * 1024 ** 2 && uncompressed > MAX_XLSX_RATIO * Math.max(compressed, 1)) {
        throw new BatchFileError('POL4203', [path, `${sizeText(uncompressed)}（压缩比 ${Math.round(uncompressed / Math.max(compressed, 1))} 倍）`, sizeText(limit)]);
      }
      p += 46 + nameLen + extraLen + commentLen;
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * exceljs 4.4 decodes each chunk of a zip entry separately (`TextDecoder.decode(chunk)` without `stream`),
 * so a Chinese character split across two chunks comes out as two U+FFFD. Its reader is streamed only here,
 * one entry at a time, so one streaming decoder, active while this module reads, fixes that.
 */
let streaming: TextDecoder | undefined;
let patched = false;
/** exceljs's own modules, loaded by path (its reader alone; its decoder module, patched). */
const requireExceljs = createRequire(import.meta.url);
function patchDecoder(): void {
  if (patched) return;
  patched = true;
  const mod = requireExceljs('exceljs/lib/utils/browser-buffer-decode.js') as { bufferToString: (c: unknown) => string };
  const plain = mod.bufferToString;
  mod.bufferToString = (chunk: unknown) => (streaming && typeof chunk !== 'string' ? streaming.decode(chunk as Uint8Array, { stream: true }) : plain(chunk));
}

/** exceljs, with the decoder fixed: every use of exceljs in pol loads it (or its reader, below) through here. */
export async function loadExcel(): Promise<typeof import('exceljs')> {
  patchDecoder();
  return (await import('exceljs')).default as unknown as typeof import('exceljs');
}

/**
 * exceljs's streaming reader alone, with the decoder fixed: reading a batch needs none of its Workbook, writer
 * and styles, which are most of what loading exceljs costs (~0.15 s of CPU of ~0.37 s here).
 */
function loadWorkbookReader(): typeof import('exceljs').stream.xlsx.WorkbookReader {
  patchDecoder();
  return requireExceljs('exceljs/lib/stream/xlsx/workbook-reader.js') as typeof import('exceljs').stream.xlsx.WorkbookReader;
}

/** Excel cell values: rich text and formulas to their text/result, dates to YYYY-MM-DD. */
export function excelCell(v: unknown): Cell {
  if (v === null || v === undefined) return undefined;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; result?: unknown; text?: string; error?: string };
    if (o.richText) return o.richText.map((t) => t.text).join('');
    if ('result' in o) return excelCell(o.result);
    if (o.text !== undefined) return o.text;
    if (o.error !== undefined) return o.error;
    return String(v);
  }
  return v as Cell;
}

/** The rows of the first worksheet as cells, each with its number as Excel shows it; empty rows are not yielded. */
export async function* xlsxRows(path: string): AsyncGenerator<{ row: number; cells: Cell[] }[]> {
  checkZip(path);
  const WorkbookReader = loadWorkbookReader();
  const reader = new WorkbookReader(path, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' });
  streaming = new TextDecoder('utf-8');
  try {
    for await (const ws of reader) {
      // the worksheet's events come in batches, one per chunk of the sheet's XML
      const parse = (ws as unknown as { parse(): AsyncIterable<{ eventType: string; value: { number: number; values: unknown[] } }[]> }).parse();
      for await (const events of parse) {
        const out: { row: number; cells: Cell[] }[] = [];
        for (const { eventType, value: r } of events) {
          if (eventType !== 'row') continue;
          const values = r.values;
          const cells: Cell[] = new Array(Math.max(0, values.length - 1));
          for (let i = 1; i < values.length; i++) cells[i - 1] = excelCell(values[i]);
          out.push({ row: r.number, cells });
        }
        yield out;
      }
      break; // the first worksheet only
    }
  } catch (e) {
    if (e instanceof BatchFileError) throw e;
    throw new BatchFileError('POL4205', [path, (e as Error).message]);
  } finally {
    streaming = undefined;
  }
}
