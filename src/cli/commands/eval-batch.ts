/**
 * `pol eval --batch FILE [--out FILE] [--json] [--explain]`: evaluate every row of a batch file, streamed —
 * a row is read, validated, evaluated and written before the next is read, so memory stays flat however
 * long the file. Results go to a temporary file renamed into place at the end (nothing half-written);
 * bad rows are reported by number (the first BAD_SHOWN, then a count) and skipped, exit 1.
 * Reasons are built only with --explain (they cost ten times the decision).
 */
import type { EvalOutput, GrantRecord } from '../../eval/types.ts';
import { fenToYuan } from '../../values/money.ts';
import { displayWidth } from '../../values/width.ts';
import type { ResultCell } from '../../io/columns.ts';
import type { Graph } from '../../ir/schema.ts';
import { batchErrors, encodingNote } from '../batch-file.ts';
import { EXIT, userError } from '../io.ts';
import { ledgerOf, requireValidity } from './eval-common.ts';

/** Bad rows listed one by one; the rest are counted. */
const BAD_SHOWN = 20;
/** Distinct applicants whose ledger (--db) is kept. */
const LEDGER_CACHE = 10_000;

export interface BatchOpts {
  out?: string;
  issued?: string;
  json?: boolean;
  explain?: boolean;
  db?: string;
  maxRows?: number;
}

/** Evaluate every row of a batch file; returns the exit code. */
export async function runBatch(graph: Graph, path: string, opts: BatchOpts): Promise<number> {
  const { formatOf } = await import('../../io/format.ts');
  const outFormat = opts.out ? formatOf(opts.out) : undefined;
  if (opts.out && !outFormat) throw userError('POL3058', [{ zh: '结果文件', en: 'result file' }, opts.out]);
  if (opts.explain && outFormat && outFormat !== 'jsonl') throw userError('POL3053', ['--explain', 'JSONL 结果（--out 文件.jsonl 或 --json）：CSV/Excel 结果没有理由列']);
  await requireValidity(graph, opts.issued);
  const { openBatch } = await import('../../io/read.ts');
  const { openBatchWriter } = await import('../../io/write.ts');
  const { evaluate } = await import('../../eval/evaluate.ts');
  const { acceptApplication } = await import('../../eval/validator.ts');
  // zod words a refused row's errors: loaded at the first such row, if any
  let validateApplication: typeof import('../../eval/schema.ts').validateApplication | undefined;
  const { codedMessage } = await import('../../diagnostics/catalog.ts');

  return batchErrors(async () => {
    const reader = openBatch(graph, path, opts.maxRows !== undefined ? { maxRows: opts.maxRows } : {});
    const columns = resultColumns(graph);
    const asJsonl = outFormat ? outFormat === 'jsonl' : !!opts.json;
    const sink = opts.out ? await openBatchWriter(opts.out, outFormat!, columns) : stdoutSink(asJsonl ? undefined : new TextTable(graph, columns));
    const bar = process.stderr.isTTY ? await progressBar(reader.size) : undefined;
    const bad: string[] = [];
    let badCount = 0;
    /** Each distinct warning once, with the first rows it concerns and their count. */
    const warned = new Map<string, { text: string; rows: number[]; count: number }>();
    const ledgers = new Map<string, GrantRecord[]>();
    const evalOpts = { ...(opts.issued ? { issued: opts.issued } : {}), explain: !!opts.explain };
    let total = 0;
    let evaluated = 0;
    let eligible = 0;
    const warn = (text: string, row: number, key = text) => {
      let seen = warned.get(key);
      if (!seen) warned.set(key, (seen = { text, rows: [], count: 0 }));
      if (seen.rows.length < 10) seen.rows.push(row);
      seen.count++;
    };
    const badRow = (row: number, message: string) => {
      if (++badCount <= BAD_SHOWN) bad.push(`第 ${row} 行：${message.length > 500 ? message.slice(0, 500) + '……' : message}`);
    };
    try {
      for await (const batch of reader.rows) for (const r of batch) {
        total++;
        if (bar && total % 512 === 0) bar.update(reader.bytesRead(), { rows: total });
        if (r.error !== undefined) {
          badRow(r.row, r.error);
          continue;
        }
        const v = acceptApplication(graph, r.raw) ?? (validateApplication ??= (await import('../../eval/schema.ts')).validateApplication)(graph, r.raw);
        if (!v.ok) {
          badRow(r.row, v.errors.map((e) => `${e.path}: ${e.message}`).join('；'));
          continue;
        }
        for (const w of v.warnings) warn(`${w.path}: ${w.message}`, r.row);
        const app = v.application;
        let ledger: GrantRecord[] | undefined;
        if (opts.db) {
          ledger = ledgers.get(app.applicant.id);
          if (!ledger) {
            if (ledgers.size >= LEDGER_CACHE) ledgers.clear();
            ledgers.set(app.applicant.id, (ledger = await ledgerOf(opts.db, graph.policy.id, app.applicant.id)));
          }
        }
        const out = evaluate(graph, app, ledger ? { ...evalOpts, ledger } : evalOpts);
        evaluated++;
        // the evaluation's own warnings (a malformed 统一社会信用代码, POL5127): one summary line per kind of
        // problem, not per applicant, so a message naming the id is grouped with the id left out of the key
        for (const d of out.diagnostics) {
          if (d.severity === 'warning') warn(d.message, r.row, d.message.split(app.applicant.id).join('\u0000'));
        }
        if (out.results.some((x) => x.eligible)) eligible++;
        if (asJsonl) {
          const p = sink.write(resultLine(r.row, app.applicant.id, out, !!opts.explain, fenToYuan));
          if (p) await p;
        } else {
          const p = sink.write(resultRow(r.row, app, out));
          if (p) await p;
        }
      }
    } catch (e) {
      bar?.stop();
      await sink.abort();
      throw e;
    }
    await sink.close();
    bar?.stop();
    const note = await encodingNote(path, reader.encoding());
    if (note) process.stderr.write(`pol: 注意：${note}\n`);
    for (const s of warned.values()) process.stderr.write(`pol: 注意：${s.text}（第 ${s.rows.join('、')}${s.count > s.rows.length ? ' 等' : ''} 行，共 ${s.count} 行）\n`);
    for (const b of bad) process.stderr.write(`pol: ${b}\n`);
    if (badCount > BAD_SHOWN) process.stderr.write(`pol: ${codedMessage('POL4207', [badCount - BAD_SHOWN, badCount])}\n`);
    process.stderr.write(
      `pol: 共 ${total} 份申报：已评估 ${evaluated} 份（其中 ${eligible} 份至少符合一项），${badCount} 份有误已跳过` + (opts.out ? `；结果已写入 ${opts.out}` : '') + '\n',
    );
    return badCount > 0 ? EXIT.input : EXIT.ok;
  });
}

/** A flat result row: row number, applicant, then eligibility and ceiling in yuan per benefit. */
function resultColumns(graph: Graph): string[] {
  const cols = ['row', 'applicant.id', 'applicant.name', 'date'];
  for (const b of graph.benefits.filter((x) => x.hasAmount)) cols.push(`${b.id}.eligible`, `${b.id}.ceilingYuan`);
  cols.push('totalCeilingYuan');
  return cols;
}

function resultRow(row: number, app: { applicant: { id: string; name?: string } }, out: EvalOutput): ResultCell[] {
  const cells: ResultCell[] = [row, app.applicant.id, app.applicant.name ?? '', out.date];
  let total = 0;
  for (const r of out.results) {
    cells.push(r.eligible, fenToYuan(r.ceilingFen));
    total += r.ceilingFen;
  }
  cells.push(fenToYuan(total));
  return cells;
}

/** Each result's constant opening, `{"benefit":"…","measure":"…","eligible":`, written once per benefit. */
const openings = new Map<string, string>();

/**
 * One JSONL result, written out directly (the same text as JSON.stringify of
 * {row, applicant, policy, date, results: [{benefit, measure, eligible, ceilingFen, ceilingYuan, reasons?}], diagnostics?}),
 * which saves building an object per benefit and per row.
 */
function resultLine(row: number, applicant: string, out: EvalOutput, explain: boolean, yuan: (fen: number) => string): string {
  let line = `{"row":${row},"applicant":${JSON.stringify(applicant)},"policy":${JSON.stringify(out.policy)},"date":${JSON.stringify(out.date)},"results":[`;
  for (let i = 0; i < out.results.length; i++) {
    const x = out.results[i]!;
    const key = `${x.benefit}\u0000${x.measure}`;
    let open = openings.get(key);
    if (!open) openings.set(key, (open = `{"benefit":${JSON.stringify(x.benefit)},"measure":${JSON.stringify(x.measure)},"eligible":`));
    line += `${i ? ',' : ''}${open}${x.eligible},"ceilingFen":${x.ceilingFen},"ceilingYuan":"${yuan(x.ceilingFen)}"${explain ? `,"reasons":${JSON.stringify(x.reasons)}` : ''}}`;
  }
  line += ']';
  // a row's warnings (as in `pol eval --json`), only where there are some: most rows have none
  return (out.diagnostics.length ? `${line},"diagnostics":${JSON.stringify(out.diagnostics)}` : line) + '}';
}

interface Sink {
  write(row: ResultCell[] | string): Promise<void> | undefined;
  close(): Promise<void>;
  abort(): Promise<void>;
}

/** Results on stdout: JSON lines, or the aligned table; writes wait when the reader is behind. */
function stdoutSink(table: TextTable | undefined): Sink {
  let buf = '';
  const flush = async () => {
    const ok = process.stdout.write(buf);
    buf = '';
    if (!ok) await new Promise((r) => process.stdout.once('drain', r));
  };
  const put = (s: string): Promise<void> | undefined => {
    buf += s;
    return buf.length > 1 << 16 ? flush() : undefined;
  };
  return {
    write: (row) => (typeof row === 'string' ? put(row + '\n') : table ? table.add(row, put) : put(row.join(',') + '\n')),
    async close() {
      if (table) await table.end(put);
      if (buf) await flush();
    },
    async abort() {
      buf = '';
    },
  };
}

type Put = (s: string) => Promise<void> | undefined;

/** The aligned text table (without --out and --json): column widths from the first rows, then streamed. */
class TextTable {
  private readonly benefits: string[];
  private readonly head: string[];
  private first: string[][] | undefined = [];
  private widths: number[] = [];
  constructor(
    graph: Graph,
    private readonly columns: string[],
  ) {
    this.benefits = graph.benefits.filter((b) => b.hasAmount).map((b) => b.id);
    this.head = ['行', '申报主体', ...this.benefits, '合计上限（元）'];
  }
  private cells(r: ResultCell[]): string[] {
    return [
      String(r[0]),
      String(r[2] || r[1]),
      ...this.benefits.map((b) => {
        const i = this.columns.indexOf(`${b}.eligible`);
        return r[i] === true ? `${r[i + 1]}` : '—';
      }),
      String(r[r.length - 1]),
    ];
  }
  private line(r: string[]): string {
    return r.map((c, i) => c + ' '.repeat(Math.max(0, this.widths[i]! - displayWidth(c)))).join('  ').trimEnd() + '\n';
  }
  private async release(put: Put): Promise<void> {
    const rows = [this.head, ...this.first!];
    this.widths = this.head.map((_, i) => Math.max(...rows.map((r) => displayWidth(r[i]!))));
    this.first = undefined;
    for (const r of rows) await put(this.line(r));
  }
  add(r: ResultCell[], put: Put): Promise<void> | undefined {
    if (!this.first) return put(this.line(this.cells(r)));
    this.first.push(this.cells(r));
    return this.first.length >= 1000 ? this.release(put) : undefined;
  }
  async end(put: Put): Promise<void> {
    if (this.first) await this.release(put);
  }
}

async function progressBar(bytes: number): Promise<{ update(n: number, p: { rows: number }): void; stop(): void }> {
  const { default: cliProgress } = await import('cli-progress');
  const bar = new cliProgress.SingleBar(
    { format: '评估中 [{bar}] {percentage}% | 已读 {rows} 份', hideCursor: true, clearOnComplete: true, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  bar.start(Math.max(bytes, 1), 0, { rows: 0 });
  return { update: (n, p) => bar.update(n, p), stop: () => bar.stop() };
}
