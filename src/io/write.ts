/**
 * Writing a batch's results row by row (JSONL, CSV, Excel) to a temporary file beside the target,
 * renamed into place by `close()`; `abort()` (or a failure, or Ctrl-C) removes it, so nothing is ever
 * left half-written. CSV cells that a spreadsheet would run as a formula (= + - @, tab, CR first) are
 * neutralised as OWASP recommends; Excel output stores every cell as a value, never a formula.
 */
import { createWriteStream, mkdirSync, renameSync, rmSync, type WriteStream } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { ResultCell } from './columns.ts';
import type { BatchFormat } from './format.ts';

export interface BatchWriter {
  /** One result row (CSV/Excel) or one JSON line (JSONL); a promise only when the disk is behind. */
  write(row: ResultCell[] | string): Promise<void> | undefined;
  close(): Promise<void>;
  abort(): Promise<void>;
}

/**
 * A CSV cell as text that no spreadsheet evaluates (OWASP "CSV Injection"): a leading = + - @ tab or CR
 * gets a ' in front. Numbers are written as numbers.
 */
export function csvSafe(v: ResultCell): string {
  if (typeof v !== 'string') return String(v);
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

/** One CSV record: cells quoted when they hold a comma, quote or line break. */
export function csvLine(cells: readonly ResultCell[]): string {
  let out = '';
  for (let i = 0; i < cells.length; i++) {
    const s = csvSafe(cells[i]!);
    if (i) out += ',';
    out += /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  }
  return out + '\n';
}

const pending = new Set<string>();
let hooked = false;
/** Temporary files are removed when the process is interrupted. */
function track(tmp: string): void {
  pending.add(tmp);
  if (hooked) return;
  hooked = true;
  const clean = () => {
    for (const p of pending) rmSync(p, { force: true });
  };
  process.once('exit', clean);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      clean();
      process.exit(130);
    });
  }
}

/** Bytes gathered before a write to the file. */
const CHUNK = 1 << 20;

/**
 * A text stream with buffered writes that wait when the disk is behind. Text is encoded straight into a
 * byte buffer, line by line, and the buffer written when full (no long string built and encoded again).
 */
function textSink(tmp: string): { write(s: string): Promise<void> | undefined; end(): Promise<void>; destroy(): Promise<void> } {
  const stream: WriteStream = createWriteStream(tmp);
  let failed: Error | undefined;
  stream.on('error', (e) => (failed = e));
  let buf = Buffer.allocUnsafe(CHUNK);
  let pos = 0;
  const put = async (chunk: Buffer | string) => {
    if (failed) throw failed;
    if (!stream.write(chunk)) {
      await new Promise<void>((resolve, reject) => {
        stream.once('drain', resolve);
        stream.once('error', reject);
      });
    }
  };
  const flush = () => {
    const full = buf.subarray(0, pos);
    buf = Buffer.allocUnsafe(CHUNK);
    pos = 0;
    return put(full);
  };
  return {
    write(s) {
      // a UTF-16 unit is at most 3 bytes of UTF-8
      if (pos + s.length * 3 > CHUNK) return pos === 0 ? put(s) : flush().then(() => this.write(s));
      pos += buf.write(s, pos);
      return undefined;
    },
    async end() {
      if (pos) await flush();
      await new Promise<void>((resolve, reject) => {
        stream.end((e?: Error | null) => (e || failed ? reject(e ?? failed) : resolve()));
      });
    },
    /** Stop writing; resolves once the file is closed (only then can it be removed for good). */
    destroy: () =>
      new Promise<void>((resolve) => {
        if (stream.closed) return resolve();
        stream.once('close', () => resolve());
        stream.destroy();
      }),
  };
}

/** Open a result file; `columns` is the header (CSV/Excel). */
export async function openBatchWriter(path: string, format: BatchFormat, columns: readonly string[]): Promise<BatchWriter> {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  track(tmp);
  const done = () => pending.delete(tmp);
  const abortFile = () => {
    rmSync(tmp, { force: true });
    done();
  };
  try {
    if (format === 'xlsx') return await excelWriter(tmp, path, columns, done, abortFile);
    const sink = textSink(tmp);
    if (format === 'csv') await sink.write('\uFEFF' + csvLine(columns));
    return {
      write: (row) => sink.write(typeof row === 'string' ? row + '\n' : csvLine(row)),
      close: () => commitFile(() => sink.end(), tmp, path, done, abortFile),
      async abort() {
        await sink.destroy();
        abortFile();
      },
    };
  } catch (e) {
    abortFile();
    throw e;
  }
}

/** Finish the temporary file, then rename it into place; on any failure remove it (nothing half-written is left). */
async function commitFile(finish: () => Promise<unknown>, tmp: string, path: string, done: () => void, abortFile: () => void): Promise<void> {
  try {
    await finish();
    renameSync(tmp, path);
    done();
  } catch (e) {
    abortFile();
    throw e;
  }
}

const MONEY_STYLE = { numFmt: '#,##0.00' };
const PLAIN_STYLE = {};

async function excelWriter(tmp: string, path: string, columns: readonly string[], done: () => void, abortFile: () => void): Promise<BatchWriter> {
  const ExcelJS = await (await import('./xlsx.ts')).loadExcel();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: tmp, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet('评估结果', { views: [{ state: 'frozen', ySplit: 1 }] });
  const money = columns.map((c) => c.endsWith('Yuan'));
  ws.columns = columns.map((c) => ({ key: c, width: Math.max(10, Math.min(40, [...c].length + 4)) }));
  // one style object per kind of cell: exceljs caches a style's index by object identity, but renders a
  // fresh object (a column style merged into each cell) to XML for every cell, which costs more than the rest
  const styles = money.map((m) => (m ? MONEY_STYLE : PLAIN_STYLE));
  const head = ws.addRow([...columns]);
  head.font = { bold: true };
  head.commit();
  let written = 0;
  /**
   * exceljs's sheet stream ignores backpressure: rows pile up in the zip entry's buffer when compression is
   * slower than evaluation (~330 bytes a row, 1,000,000 rows = 330 MB). Wait while more than 4 MB is pending.
   */
  const pending = () => ((ws as unknown as { stream?: { pipes?: { _writableState?: { length: number } }[] } }).stream?.pipes?.[0]?._writableState?.length ?? 0);
  const backlog = async (): Promise<void> => {
    while (pending() > 4 << 20) await new Promise((resolve) => setTimeout(resolve, 5));
  };
  return {
    write(row) {
      if (typeof row === 'string') throw new Error('a JSON line written to an Excel file');
      const r = ws.addRow(row.map((c, i) => (money[i] ? Number(c) : c)));
      for (let i = 0; i < styles.length; i++) r.getCell(i + 1).style = styles[i]!;
      r.commit();
      return ++written % 256 === 0 ? backlog() : undefined;
    },
    close: () =>
      commitFile(
        async () => {
          ws.commit();
          await wb.commit();
        },
        tmp,
        path,
        done,
        abortFile,
      ),
    async abort() {
      try {
        ws.commit();
        await wb.commit();
      } catch {
        // the file is removed anyway
      }
      abortFile();
    },
  };
}
