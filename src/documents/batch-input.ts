/**
 * Rows of a `--batch` file for documents: JSONL (one DESIGN §5 application per line, with the document
 * fields `benefit`, `grantedFen`, `note`, `reasons`), or CSV/Excel in the evaluator's flat layout
 * (src/eval/batch.ts: date, applicant.id, applicant.name, facts.推广费用, lists.品牌出海企业.member …)
 * plus the columns `benefit`, `grantedFen` (fen) or `grantedYuan` (yuan), `note` and `reason`.
 * Rows are numbered as the user sees them: JSONL lines, spreadsheet rows (the header is row 1).
 */
import { extname } from 'node:path';
import { unflatten } from '../eval/batch.ts';
import type { Graph } from '../ir/schema.ts';
import { parseYuan } from './chinese.ts';

export type BatchFormat = 'jsonl' | 'csv' | 'xlsx';

export interface InputRow {
  row: number;
  raw?: unknown;
  error?: string;
}

export function batchFormatOf(path: string): BatchFormat | undefined {
  const ext = extname(path).toLowerCase();
  return ext === '.jsonl' || ext === '.ndjson' ? 'jsonl' : ext === '.csv' ? 'csv' : ext === '.xlsx' ? 'xlsx' : undefined;
}

type Cell = string | number | boolean | null | undefined;

async function csvTable(data: Uint8Array): Promise<Cell[][]> {
  const { parse } = await import('csv-parse/sync');
  return parse(Buffer.from(data), { bom: true, relax_column_count: true, skip_empty_lines: false }) as Cell[][];
}

function excelCell(v: unknown): Cell {
  if (v === null || v === undefined) return undefined;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; result?: unknown; text?: string };
    if (o.richText) return o.richText.map((t) => t.text).join('');
    if ('result' in o) return excelCell(o.result);
    if (o.text !== undefined) return o.text;
    return String(v);
  }
  return v as Cell;
}

async function xlsxTable(data: Uint8Array): Promise<Cell[][]> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(data) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  const out: Cell[][] = [];
  ws?.eachRow({ includeEmpty: true }, (r, n) => {
    out[n - 1] = (r.values as unknown[]).slice(1).map(excelCell);
  });
  for (let i = 0; i < out.length; i++) out[i] ??= [];
  return out;
}

const DOC_COLUMNS = ['benefit', 'grantedFen', 'grantedYuan', 'note', 'reason'];

/** Read the rows of a batch file (its bytes). A row that cannot be read carries `error`. */
export async function readInputRows(graph: Graph, data: Uint8Array, format: BatchFormat): Promise<{ rows: InputRow[]; unknownColumns: string[] }> {
  if (format === 'jsonl') {
    const rows: InputRow[] = [];
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
  const table = format === 'csv' ? await csvTable(data) : await xlsxTable(data);
  const [header = [], ...body] = table;
  const columns = header.map((h) => String(h ?? '').trim());
  const known = (c: string) =>
    DOC_COLUMNS.includes(c) ||
    ['date', 'project', 'history', 'otherFunding'].includes(c) ||
    c.startsWith('applicant.') ||
    (c.startsWith('facts.') && graph.inputs.some((i) => i.name === c.slice(6))) ||
    c.startsWith('exchangeRates.') ||
    /^lists\.(.+)\.(member|firstTime)$/.test(c);
  const unknownColumns = columns.filter((c) => c && !known(c));
  const rows: InputRow[] = [];
  body.forEach((cells, i) => {
    const row = i + 2;
    if (!cells.some((c) => c !== null && c !== undefined && String(c).trim() !== '')) return;
    try {
      const raw = unflatten(graph, columns, cells as never) as Record<string, unknown>;
      columns.forEach((c, ci) => {
        const v = cells[ci];
        if (v === null || v === undefined || String(v).trim() === '') return;
        if (c === 'benefit' || c === 'note') raw[c] = String(v).trim();
        else if (c === 'reason') raw.reasons = [String(v).trim()];
        else if (c === 'grantedFen') raw.grantedFen = typeof v === 'number' ? v : /^\d+$/.test(String(v).trim()) ? Number(String(v).trim()) : String(v);
        else if (c === 'grantedYuan') {
          const fen = parseYuan(String(v));
          if (fen === undefined) throw new Error(`grantedYuan: 金额“${String(v)}”无效：应为以元为单位、最多两位小数的非负金额`);
          raw.grantedFen = fen;
        }
      });
      rows.push({ row, raw });
    } catch (e) {
      rows.push({ row, error: (e as Error).message });
    }
  });
  return { rows, unknownColumns };
}
