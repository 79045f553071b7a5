/**
 * Reading a batch file row by row (JSONL, CSV, Excel), streamed so that a file larger than memory is
 * never held whole. Rows are numbered as the user sees them: JSONL lines, spreadsheet rows (header = row 1).
 * File-level problems (format, encoding, unknown columns, an Excel bomb, too many rows) throw a
 * BatchFileError before or while rows are read; a row that cannot be read is yielded with its error.
 */
import { statSync } from 'node:fs';
import type { Graph } from '../ir/schema.ts';
import { resolveHeader, rowReader, type Cell, type ExtraColumns } from './columns.ts';
import { openText, type TextEncoding } from './encoding.ts';
import { BatchFileError } from './errors.ts';
import { formatOf, type BatchFormat } from './format.ts';
import { xlsxRows } from './xlsx.ts';

/** One row: its number as the user sees it, and either raw application data or why it could not be read. */
export interface BatchRow {
  row: number;
  raw?: unknown;
  error?: string;
}

/** Excel's own sheet limit: the default cap on the rows of a batch. */
export const MAX_ROWS = 1_048_576;

export interface BatchReader {
  format: BatchFormat;
  /** The text encoding a CSV/JSONL file was read in (`gb18030` deserves a note to the user). */
  encoding(): TextEncoding | undefined;
  /** The file's size and how many of its bytes were read so far (progress). */
  size: number;
  bytesRead(): number;
  /** The rows, in batches (one per chunk read: per-row async steps would cost more than evaluating). */
  rows: AsyncGenerator<BatchRow[]>;
}

export interface ReadOptions {
  extra?: ExtraColumns;
  /** Refuse a file with more data rows than this (default MAX_ROWS). */
  maxRows?: number;
}

/** Open a batch file for reading; throws BatchFileError when its name, existence or format is wrong. */
export function openBatch(graph: Graph, path: string, opts: ReadOptions = {}): BatchReader {
  const format = formatOf(path);
  if (!format) throw new BatchFileError('POL4004', [path, '格式应为 .jsonl、.csv 或 .xlsx']);
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new BatchFileError('POL4004', [path, '是目录而不是文件']);
    size = st.size;
  } catch (e) {
    if (e instanceof BatchFileError) throw e;
    throw new BatchFileError('POL4004', [path, (e as NodeJS.ErrnoException).code === 'ENOENT' ? '不存在' : (e as Error).message]);
  }
  let read = 0;
  let encoding: TextEncoding | undefined;
  const maxRows = opts.maxRows ?? MAX_ROWS;
  const onBytes = (n: number) => (read += n);
  async function* rows(): AsyncGenerator<BatchRow[]> {
    let count = 0;
    const counted = (row: number) => {
      if (++count > maxRows) throw new BatchFileError('POL4204', [path, maxRows, row]);
    };
    if (format === 'jsonl') {
      const text = await openText(path, onBytes);
      encoding = text.encoding;
      let rest = '';
      let line = 0;
      const parse = (l: string, out: BatchRow[]) => {
        line++;
        if (l.charCodeAt(l.length - 1) === 13) l = l.slice(0, -1);
        if (!l.trim()) return;
        counted(line);
        try {
          out.push({ row: line, raw: JSON.parse(l) });
        } catch (e) {
          out.push({ row: line, error: `不是有效的 JSON：${(e as Error).message}` });
        }
      };
      for await (const chunk of text.chunks) {
        const all = rest + chunk;
        const out: BatchRow[] = [];
        let start = 0;
        for (let i = all.indexOf('\n'); i >= 0; i = all.indexOf('\n', start)) {
          parse(all.slice(start, i), out);
          start = i + 1;
        }
        rest = all.slice(start);
        yield out;
      }
      const out: BatchRow[] = [];
      if (rest) parse(rest, out);
      yield out;
      return;
    }
    const table = format === 'csv' ? csvRows(path, onBytes, (e) => (encoding = e)) : xlsxRows(path);
    let toApp: ((cells: readonly Cell[]) => Record<string, unknown>) | undefined;
    for await (const batch of table) {
      const out: BatchRow[] = [];
      for (const { row, cells } of batch) {
        if (!toApp) {
          const h = resolveHeader(graph, cells, opts.extra);
          if (h.unknown.length) throw new BatchFileError('POL4200', [path, h.unknown.map((c) => `“${c}”`).join('、')]);
          const [d] = h.duplicates;
          if (d) throw new BatchFileError('POL4206', [path, d[0], d[1], d[2]]);
          toApp = rowReader(graph, h.paths, opts.extra);
          continue;
        }
        if (!cells.some((c) => c !== null && c !== undefined && String(c).trim() !== '')) continue;
        counted(row);
        try {
          out.push({ row, raw: toApp(cells) });
        } catch (e) {
          out.push({ row, error: (e as Error).message });
        }
      }
      yield out;
    }
    if (format === 'xlsx') read = size;
  }
  return { format, size, bytesRead: () => read, encoding: () => encoding, rows: rows() };
}

/** CSV records, parsed by csv-parse chunk by chunk; record i (from 1) is spreadsheet row i. */
async function* csvRows(path: string, onBytes: (n: number) => void, onEncoding: (e: TextEncoding) => void): AsyncGenerator<{ row: number; cells: Cell[] }[]> {
  // UTF-8 goes to csv-parse as the checked bytes: it reads bytes, and would encode text back to bytes
  const text = await openText(path, onBytes, true);
  onEncoding(text.encoding);
  const { parse } = await import('csv-parse');
  // empty lines are kept (and skipped by the caller) so that rows keep the numbers a spreadsheet shows
  const parser = parse({ relax_column_count: true, relax_quotes: true, skip_empty_lines: false });
  let failed: Error | undefined;
  parser.on('error', (e) => (failed = e));
  let row = 0;
  // csv-parse parses a written chunk at once: its records are then read without waiting
  const drain = () => {
    const out: { row: number; cells: Cell[] }[] = [];
    for (let rec = parser.read() as string[] | null; rec !== null; rec = parser.read() as string[] | null) out.push({ row: ++row, cells: rec });
    if (failed) throw new BatchFileError('POL4004', [path, `CSV 第 ${row + 1} 行附近：${failed.message}`]);
    return out;
  };
  try {
    for await (const chunk of text.chunks) {
      parser.write(chunk);
      yield drain();
    }
    parser.end();
    await new Promise<void>((resolve) => {
      if (parser.writableFinished || failed) return resolve();
      parser.once('finish', () => resolve());
      parser.once('error', () => resolve());
    });
    yield drain();
  } finally {
    parser.destroy();
  }
}

/** Every row of a batch file at once (documents, which render each row to its own file anyway). */
export async function readAllRows(graph: Graph, path: string, opts: ReadOptions = {}): Promise<{ rows: BatchRow[]; encoding: TextEncoding | undefined }> {
  const reader = openBatch(graph, path, opts);
  const rows: BatchRow[] = [];
  for await (const batch of reader.rows) rows.push(...batch);
  return { rows, encoding: reader.encoding() };
}
