/**
 * `pol eval FILE.pol --input APP.json [--issued DATE] [--json]`: evaluate one application (DESIGN §5);
 * `pol eval FILE.pol --batch apps.jsonl|csv|xlsx [--out results.jsonl|csv|xlsx]`: evaluate many.
 * Exit 0 evaluated, 1 invalid input (each bad field named, nothing on stdout), 2 the .pol has errors.
 * The evaluator (and zod, for validation) load only when a command runs: the CLI starts light.
 */
import type { Command } from 'commander';
import type { Application, EvalOutput, GrantRecord } from '../../eval/types.ts';
import type { Graph } from '../../ir/schema.ts';
import { isCalendarDate } from '../../syntax/literals.ts';
import { EXIT, readText, UserError, writeStdout } from '../io.ts';
import { loadGraph, loadGraphFile } from '../load.ts';
import { readBatchFile } from '../batch-file.ts';
import { register as registerExplain } from './explain.ts';
import { register as registerTest } from './test.ts';

/** `--issued`, checked. */
export function issuedOption(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  if (!isCalendarDate(v)) throw new UserError(`--issued 应为 YYYY-MM-DD 格式的有效日期（收到 ${v}）`, EXIT.input);
  return v;
}

/** Stop with exit 1 when the policy runs from an issuance date it does not have and --issued is missing. */
export async function requireValidity(graph: Graph, issued: string | undefined): Promise<void> {
  const { validityWindow } = await import('../../eval/evaluate.ts');
  const { error } = validityWindow(graph, issued);
  if (error) throw new UserError(error, EXIT.input);
}

/** Read, parse and validate an application file: the application, or exit 1 naming every bad field. */
export async function readApplication(graph: Graph, path: string): Promise<Application> {
  const text = readText(path, { zh: '申报数据文件', en: 'application file' }, 'zh', EXIT.input);
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new UserError(`申报数据 ${path} 不是有效的 JSON：${(e as Error).message}`, EXIT.input);
  }
  const { validateApplication } = await import('../../eval/schema.ts');
  const v = validateApplication(graph, raw);
  if (!v.ok) {
    throw new UserError(`申报数据 ${path} 有 ${v.errors.length} 处错误：\n${v.errors.map((e) => `  ${e.path}: ${e.message}`).join('\n')}`, EXIT.input);
  }
  for (const w of v.warnings) process.stderr.write(`pol: 注意：${w.path}: ${w.message}\n`);
  return v.application;
}

/** Evaluate, turning a missing issuance date into exit 1. */
export async function evaluateOrExit(graph: Graph, app: Application, issued: string | undefined, ledger?: GrantRecord[]): Promise<EvalOutput> {
  await requireValidity(graph, issued);
  const { evaluate } = await import('../../eval/evaluate.ts');
  const out = evaluate(graph, app, { ...(issued ? { issued } : {}), ...(ledger ? { ledger } : {}) });
  const err = out.diagnostics.find((d) => d.severity === 'error');
  if (err) throw new UserError(err.message, EXIT.input);
  return out;
}

/** The grants the workflow's ledger (`--db`) holds for an applicant; a bad database file stops with exit 1. */
export async function ledgerOf(db: string, policyId: string, applicantId: string): Promise<GrantRecord[]> {
  const { ledgerFor } = await import('../../workflow/open.ts');
  const { WorkflowError } = await import('../../workflow/define.ts');
  try {
    return await ledgerFor(db, policyId, applicantId);
  } catch (e) {
    if (e instanceof WorkflowError) throw new UserError(e.text(), EXIT.input);
    throw e;
  }
}

interface EvalOpts {
  db?: string;
  graph?: string;
  input?: string;
  batch?: string;
  out?: string;
  issued?: string;
  json?: boolean;
}

/** Registers `pol eval`, `pol explain` and `pol test`. */
export function register(program: Command): void {
  registerEval(program);
  registerExplain(program);
  registerTest(program);
}

function registerEval(program: Command): void {
  program
    .command('eval')
    .description('按政策规则评估申报：每个有金额的扶持项目是否符合、可获上限（元）及理由。退出码：0 已评估，1 申报数据有误，2 政策文件有错误')
    .argument('[file]', '.pol 政策文件（或用 --graph 指定已导出的规则图）')
    .option('--graph <graph.json>', '评估已导出的规则图（pol export --format graph 的输出）而不是 .pol；文件先按 pol-graph/1 校验')
    .option('-i, --input <app.json>', '一份申报数据（JSON，见 docs/eval.md）')
    .option('--batch <file>', '批量评估：.jsonl、.csv 或 .xlsx，每行一份申报')
    .option('-o, --out <file>', '批量结果写入 .jsonl、.csv 或 .xlsx（省略时输出到标准输出）')
    .option('--issued <date>', '印发日期 YYYY-MM-DD（征求意见稿尚无印发日期时必填，亦可覆盖文件中的日期）')
    .option('--json', '以 JSON 输出（DESIGN §5 的格式；批量时为 JSONL）')
    .option('--db <path>', '同时读取审批流程数据库（pol wf 的 SQLite 文件）中的已核定金额台账，用于年度上限与一次性奖励')
    .action(async (file: string | undefined, opts: EvalOpts) => {
      const issued = issuedOption(opts.issued);
      if (!opts.input && !opts.batch) throw new UserError('请用 --input APP.json 指定一份申报，或用 --batch FILE 批量评估', EXIT.input);
      if (opts.input && opts.batch) throw new UserError('--input 与 --batch 只能选其一', EXIT.input);
      if (opts.out && !opts.batch) throw new UserError('--out 只用于 --batch', EXIT.input);
      if (opts.graph && file) throw new UserError('.pol 政策文件与 --graph 只能选其一', EXIT.input);
      if (!opts.graph && !file) throw new UserError('请指定 .pol 政策文件，或用 --graph 指定已导出的规则图', EXIT.input);
      const graph = opts.graph ? await loadGraphFile(opts.graph) : loadGraph(file!, 'zh', { quiet: true }).graph;
      if (opts.batch) {
        process.exitCode = await runBatch(graph, opts.batch, { out: opts.out, issued, json: opts.json, db: opts.db });
        return;
      }
      const app = await readApplication(graph, opts.input!);
      const out = await evaluateOrExit(graph, app, issued, opts.db ? await ledgerOf(opts.db, graph.policy.id, app.applicant.id) : undefined);
      const { summaryText } = await import('../../eval/tree.ts');
      writeStdout(opts.json ? JSON.stringify(out, null, 2) : summaryText(graph, out));
      process.exitCode = EXIT.ok;
    });
}

/** Evaluate every row of a batch file; bad rows are reported with their number and skipped. Returns the exit code. */
async function runBatch(graph: Graph, path: string, opts: { out?: string; issued?: string; json?: boolean; db?: string }): Promise<number> {
  const { formatOf, resultColumns, resultRow, writeBatch } = await import('../../eval/batch.ts');
  const { evaluate } = await import('../../eval/evaluate.ts');
  const { validateApplication } = await import('../../eval/schema.ts');
  const { fenToYuan } = await import('../../eval/values.ts');
  const outFormat = opts.out ? formatOf(opts.out) : undefined;
  if (opts.out && !outFormat) throw new UserError(`无法识别结果文件 ${opts.out} 的格式：应为 .jsonl、.csv 或 .xlsx`, EXIT.input);
  await requireValidity(graph, opts.issued);
  const input = await readBatchFile(graph, path);
  for (const c of input.unknownColumns) process.stderr.write(`pol: 注意：列“${c}”不是已知的字段，已忽略（可能是拼写错误；列名见 docs/eval.md）\n`);

  const bar = process.stderr.isTTY ? await progressBar(input.rows.length) : undefined;
  const columns = resultColumns(graph);
  const rows: (string | number | boolean)[][] = [];
  const jsonl: string[] = [];
  const bad: string[] = [];
  /** Each distinct warning once, with the rows it concerns. */
  const warned = new Map<string, number[]>();
  const wantReasons = !outFormat ? !!opts.json : outFormat === 'jsonl';
  const ledgers = new Map<string, GrantRecord[]>();
  for (const r of input.rows) {
    bar?.increment();
    if (r.error !== undefined) {
      bad.push(`第 ${r.row} 行：${r.error}`);
      continue;
    }
    const v = validateApplication(graph, r.raw);
    if (!v.ok) {
      bad.push(`第 ${r.row} 行：${v.errors.map((e) => `${e.path}: ${e.message}`).join('；')}`);
      continue;
    }
    for (const w of v.warnings) {
      if (input.unknownColumns.some((c) => c === w.path || c.startsWith(`${w.path}.`))) continue; // said once for the column
      const key = `${w.path}: ${w.message}`;
      warned.set(key, [...(warned.get(key) ?? []), r.row]);
    }
    const id = v.application.applicant.id;
    if (opts.db && !ledgers.has(id)) ledgers.set(id, await ledgerOf(opts.db, graph.policy.id, id));
    const ledger = ledgers.get(id);
    const out = evaluate(graph, v.application, { ...(opts.issued ? { issued: opts.issued } : {}), ...(ledger ? { ledger } : {}), explain: wantReasons });
    rows.push(resultRow(r.row, v.application, out));
    if (wantReasons) {
      jsonl.push(
        JSON.stringify({
          row: r.row,
          applicant: v.application.applicant.id,
          policy: out.policy,
          date: out.date,
          results: out.results.map((x) => ({ benefit: x.benefit, measure: x.measure, eligible: x.eligible, ceilingFen: x.ceilingFen, ceilingYuan: fenToYuan(x.ceilingFen), reasons: x.reasons })),
        }),
      );
    }
  }
  bar?.stop();
  for (const [w, rs] of warned) process.stderr.write(`pol: 注意：${w}（第 ${rs.slice(0, 10).join('、')}${rs.length > 10 ? ' 等' : ''} 行，共 ${rs.length} 行）\n`);
  for (const b of bad) process.stderr.write(`pol: ${b}\n`);

  if (opts.out) await writeBatch(opts.out, outFormat!, columns, rows, jsonl);
  else if (opts.json) writeStdout(jsonl.join('\n'));
  else writeStdout(batchTable(graph, columns, rows));
  const eligible = rows.reduce((n, r) => n + (r.some((c, i) => columns[i]!.endsWith('.eligible') && c === true) ? 1 : 0), 0);
  process.stderr.write(
    `pol: 共 ${input.rows.length} 份申报：已评估 ${rows.length} 份（其中 ${eligible} 份至少符合一项），${bad.length} 份有误已跳过` +
      (opts.out ? `；结果已写入 ${opts.out}` : '') +
      '\n',
  );
  return bad.length > 0 ? EXIT.input : EXIT.ok;
}

async function progressBar(total: number): Promise<{ increment(): void; stop(): void }> {
  const { default: cliProgress } = await import('cli-progress');
  const bar = new cliProgress.SingleBar(
    { format: '评估中 [{bar}] {percentage}% | {value}/{total} 份', hideCursor: true, clearOnComplete: true, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return { increment: () => bar.increment(), stop: () => bar.stop() };
}

/** Results as an aligned text table (without --out and --json). */
function batchTable(graph: Graph, columns: string[], rows: (string | number | boolean)[][]): string {
  const benefits = graph.benefits.filter((b) => b.hasAmount).map((b) => b.id);
  const head = ['行', '申报主体', ...benefits, '合计上限（元）'];
  const body = rows.map((r) => [
    String(r[0]),
    String(r[2] || r[1]),
    ...benefits.map((b) => {
      const i = columns.indexOf(`${b}.eligible`);
      return r[i] === true ? `${r[i + 1]}` : '—';
    }),
    String(r[r.length - 1]),
  ]);
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0);
  const cols = head.map((_, i) => Math.max(...[head, ...body].map((r) => width(r[i]!))));
  const line = (r: string[]) => r.map((c, i) => c + ' '.repeat(cols[i]! - width(c))).join('  ').trimEnd();
  return [line(head), ...body.map(line)].join('\n') + '\n';
}
