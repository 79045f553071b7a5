/**
 * Batch evaluation files: applications from JSONL, CSV or Excel, results to JSONL, CSV or Excel.
 *
 * CSV and Excel share one flat layout, one application per row, one column per field, named by its
 * path in the JSON application (DESIGN §5):
 *   date, applicant.id, applicant.name, applicant.kind, applicant.district, project,
 *   facts.<input> (money in yuan, percent as a number of percent, bool 是/否 or true/false, dates YYYY-MM-DD),
 *   lists.<list>.member, lists.<list>.firstTime (是/否), exchangeRates.<CUR> (CNY per unit),
 *   history, otherFunding (a JSON array in the cell, as in the JSON application).
 * Empty cells are absent fields. Results: one row per application with, per benefit,
 * `<benefit>.eligible` and `<benefit>.ceilingYuan`.
 *
 * csv-parse/csv-stringify and exceljs are loaded only when a batch runs.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { Graph, ValueType } from '../ir/schema.ts';
import type { EvalOutput } from './types.ts';
import { fenToYuan } from './values.ts';

export type BatchFormat = 'jsonl' | 'csv' | 'xlsx';

export function formatOf(path: string): BatchFormat | undefined {
  const ext = extname(path).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.csv') return 'csv';
  if (ext === '.xlsx') return 'xlsx';
  return undefined;
}

/** One row of a batch file: its number as the user sees it, and either raw application data or why it could not be read. */
export interface BatchRow {
  row: number;
  raw?: unknown;
  error?: string;
}

export interface BatchInput {
  rows: BatchRow[];
  /** Column names the layout does not know (a warning, likely a typo). */
  unknownColumns: string[];
}

/** Columns beyond the application's layout that a caller reads from CSV/Excel (the documents' `grantedYuan`, `note` …). */
export interface ExtraColumns {
  names: readonly string[];
  /** Put a non-empty cell of one of `names` into the row's data; throw to reject the row with that message. */
  apply(raw: Record<string, unknown>, column: string, value: string | number | boolean): void;
}

/** Read every application of a batch file (its bytes); rows are numbered as the user sees them: JSONL lines, spreadsheet rows (header = row 1). */
export async function readBatch(graph: Graph, data: Uint8Array, format: BatchFormat, extra?: ExtraColumns): Promise<BatchInput> {
  if (format === 'jsonl') {
    const rows: BatchRow[] = [];
    Buffer.from(data)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)
      .forEach((line, i) => {
        if (!line.trim()) return;
        try {
          rows.push({ row: i + 1, raw: JSON.parse(line) });
        } catch (e) {
          rows.push({ row: i + 1, error: `不是有效的 JSON：${(e as Error).message}` });
        }
      });
    return { rows, unknownColumns: [] };
  }
  const table = format === 'csv' ? await readCsv(data) : await readXlsx(data);
  const [header = [], ...body] = table;
  const columns = header.map((h) => String(h ?? '').trim());
  const unknownColumns = columns.filter((c) => c && !knownColumn(graph, c) && !extra?.names.includes(c));
  const rows = body
    .map((cells, i) => ({ cells, row: i + 2 }))
    .filter(({ cells }) => cells.some((c) => c !== null && c !== undefined && String(c).trim() !== ''))
    .map(({ cells, row }) => {
      try {
        const raw = unflatten(graph, columns, cells) as Record<string, unknown>;
        if (extra) {
          columns.forEach((c, i) => {
            const v = cells[i];
            if (!extra.names.includes(c) || v === null || v === undefined || String(v).trim() === '') return;
            extra.apply(raw, c, v instanceof Date ? v.toISOString().slice(0, 10) : v);
          });
        }
        return { row, raw };
      } catch (e) {
        return { row, error: (e as Error).message };
      }
    });
  return { rows, unknownColumns };
}

type Cell = string | number | boolean | Date | null | undefined;

async function readCsv(data: Uint8Array): Promise<Cell[][]> {
  const { parse } = await import('csv-parse/sync');
  // empty lines are kept (and skipped below) so that rows keep the numbers a spreadsheet shows
  return parse(Buffer.from(data), { bom: true, relax_column_count: true, skip_empty_lines: false }) as Cell[][];
}

/**
 * The first worksheet. Read whole with `Workbook.xlsx.load`: exceljs 4.4's streaming reader garbles a
 * Chinese character now and then where a multi-byte character straddles two chunks of the shared strings
 * (seen on 100,000 rows), so the reader that is correct is kept, at the cost of memory (~1 GB for 100,000 rows).
 */
async function readXlsx(data: Uint8Array): Promise<Cell[][]> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(data) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  if (!ws) return [];
  const out: Cell[][] = [];
  ws.eachRow({ includeEmpty: true }, (r, n) => {
    out[n - 1] = (r.values as unknown[]).slice(1).map(excelCell);
  });
  for (let i = 0; i < out.length; i++) out[i] ??= [];
  return out;
}

/** Excel cell values: rich text and formulas to their text/result, dates to YYYY-MM-DD. */
function excelCell(v: unknown): Cell {
  if (v === null || v === undefined) return undefined;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; result?: unknown; text?: string; hyperlink?: string };
    if (o.richText) return o.richText.map((t) => t.text).join('');
    if ('result' in o) return excelCell(o.result);
    if (o.text !== undefined) return o.text;
    return String(v);
  }
  return v as Cell;
}

const FIXED = ['date', 'applicant.id', 'applicant.name', 'applicant.kind', 'applicant.district', 'project', 'history', 'otherFunding'];

function knownColumn(graph: Graph, c: string): boolean {
  if (FIXED.includes(c)) return true;
  if (c.startsWith('facts.')) return graph.inputs.some((i) => i.name === c.slice(6));
  if (c.startsWith('exchangeRates.')) return true;
  const m = /^lists\.(.+)\.(member|firstTime)$/.exec(c);
  return !!m && graph.lists.some((l) => l.id === m[1]);
}

const TRUE = new Set(['true', '是', 'y', 'yes', '1', '√', '✓']);
const FALSE = new Set(['false', '否', 'n', 'no', '0', '']);

function asBool(v: Cell): unknown {
  if (typeof v === 'boolean') return v;
  const s = String(v).trim().toLowerCase();
  if (TRUE.has(s)) return true;
  if (FALSE.has(s)) return false;
  return v; // left as is: validation names the field
}

function asNumber(v: Cell): unknown {
  if (typeof v === 'number') return v;
  const s = String(v).trim().replace(/,/g, '');
  return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : v;
}

function asText(v: Cell): string {
  return v instanceof Date ? v.toISOString().slice(0, 10) : String(v).trim();
}

function convert(t: ValueType | undefined, v: Cell): unknown {
  if (!t) return typeof v === 'string' ? asNumber(v) : v;
  switch (t.kind) {
    case 'money':
    case 'count':
    case 'percent':
    case 'number':
      return asNumber(v);
    case 'bool':
      return asBool(v);
    default:
      return asText(v);
  }
}

/** One flat row → the JSON application of DESIGN §5 (values still unchecked: validation follows). */
export function unflatten(graph: Graph, columns: string[], cells: Cell[]): Record<string, unknown> {
  const app: Record<string, unknown> = { facts: {} };
  const obj = (key: string) => (app[key] ??= {}) as Record<string, unknown>;
  columns.forEach((c, i) => {
    const v = cells[i];
    if (!c || v === null || v === undefined || (typeof v === 'string' && v.trim() === '')) return;
    if (c === 'date' || c === 'project') app[c] = asText(v);
    else if (c.startsWith('applicant.')) obj('applicant')[c.slice(10)] = asText(v);
    else if (c.startsWith('facts.')) {
      const name = c.slice(6);
      obj('facts')[name] = convert(graph.inputs.find((x) => x.name === name)?.type, v);
    } else if (c.startsWith('exchangeRates.')) obj('exchangeRates')[c.slice(14)] = asNumber(v);
    else if (c.startsWith('lists.')) {
      const m = /^lists\.(.+)\.(member|firstTime)$/.exec(c);
      if (!m) return;
      const lists = obj('lists');
      const entry = (lists[m[1]!] ??= {}) as Record<string, unknown>;
      entry[m[2]!] = asBool(v);
    } else if (c === 'history' || c === 'otherFunding') {
      try {
        app[c] = JSON.parse(String(v));
      } catch {
        throw new Error(`${c}: 应为 JSON 数组，如 [{"benefit":"品牌推广扶持","date":"2025-01-10","grantedFen":60000000}]`);
      }
    }
  });
  // a list named with only firstTime is still a list entry: member defaults to false
  for (const e of Object.values((app.lists ?? {}) as Record<string, Record<string, unknown>>)) e.member ??= false;
  return app;
}

/** A flat result row: row number, applicant, then eligibility and ceiling in yuan per benefit. */
export function resultColumns(graph: Graph): string[] {
  const cols = ['row', 'applicant.id', 'applicant.name', 'date'];
  for (const b of graph.benefits.filter((x) => x.hasAmount)) cols.push(`${b.id}.eligible`, `${b.id}.ceilingYuan`);
  cols.push('totalCeilingYuan');
  return cols;
}

export function resultRow(row: number, app: { applicant: { id: string; name?: string } }, out: EvalOutput): (string | number | boolean)[] {
  const cells: (string | number | boolean)[] = [row, app.applicant.id, app.applicant.name ?? '', out.date];
  let total = 0;
  for (const r of out.results) {
    cells.push(r.eligible, fenToYuan(r.ceilingFen));
    total += r.ceilingFen;
  }
  cells.push(fenToYuan(total));
  return cells;
}

/**
 * Write a result file whole: to a temporary file beside it, renamed into place at the end (nothing is
 * left half-written). Excel is streamed row by row (exceljs WorkbookWriter), so 100,000 rows stay small in memory.
 */
export async function writeBatch(path: string, format: BatchFormat, columns: string[], rows: (string | number | boolean)[][], jsonl: string[]): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  mkdirSync(dirname(path), { recursive: true });
  try {
    if (format === 'jsonl') writeFileSync(tmp, jsonl.map((l) => l + '\n').join(''));
    else if (format === 'csv') {
      const { stringify } = await import('csv-stringify/sync');
      // true/false written out (csv-stringify would write 1 and an empty cell)
      const text = rows.map((r) => r.map((c) => (typeof c === 'boolean' ? String(c) : c)));
      writeFileSync(tmp, '\uFEFF' + stringify([columns, ...text]));
    } else {
      const { default: ExcelJS } = await import('exceljs');
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: tmp, useStyles: true });
      const ws = wb.addWorksheet('评估结果', { views: [{ state: 'frozen', ySplit: 1 }] });
      ws.columns = columns.map((c) => ({ key: c, width: Math.max(10, Math.min(40, [...c].length + 4)), ...(c.endsWith('Yuan') ? { style: { numFmt: '#,##0.00' } } : {}) }));
      const head = ws.addRow(columns);
      head.font = { bold: true };
      head.commit();
      for (const r of rows) ws.addRow(r.map((c, i) => (columns[i]!.endsWith('Yuan') ? Number(c) : c))).commit();
      ws.commit();
      await wb.commit();
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
