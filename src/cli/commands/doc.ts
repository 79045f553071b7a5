/**
 * `pol doc KIND FILE.pol [--benefit ID] [--input APP.json | --batch FILE] [--format pdf|docx|both] [-o DIR]`:
 * official documents from the policy (DESIGN §6). Exit 0 made; 1 bad input (each problem named, bad
 * batch rows reported by number and skipped); 2 the .pol has errors; 3 refused (a certificate above the
 * evaluated ceiling, a rejection of an eligible application …). Nothing is written for a refused or
 * invalid document. pdfmake, docx and handlebars load only inside the action.
 */
import type { Command } from 'commander';
import { isAbsolute, relative } from 'node:path';
import { isCalendarDate } from '../../syntax/literals.ts';
import type { Graph } from '../../ir/schema.ts';
import { readBatchFile } from '../batch-file.ts';
import { EXIT, readText, UserError, userError, writeFileAtomic, writeStdout } from '../io.ts';
import { loadGraph } from '../load.ts';

const KINDS = ['form', 'call', 'acceptance', 'rejection', 'publicity', 'certificate', 'policy'] as const;
type Kind = (typeof KINDS)[number];
const NEEDS_DATA: Kind[] = ['acceptance', 'rejection', 'publicity', 'certificate'];
/** Refusals of a well-formed request: exit 3. */
const REFUSALS = ['POL6002', 'POL6003', 'POL6010'];

interface DocOpts {
  benefit?: string;
  input?: string;
  batch?: string;
  format?: string;
  out?: string;
  issued?: string;
  date?: string;
  docNumber?: string;
  amount?: string;
  reason?: string[];
  jobs?: string;
  json?: boolean;
}

interface Written {
  files: string[];
  skipped: { row: number; messages: string[] }[];
  warnings: string[];
}

export function register(program: Command): void {
  program
    .command('doc')
    .description(
      '生成公文：申报表（form）、申报通知（call）、受理通知书（acceptance）、不予支持通知书（rejection）、公示（publicity）、' +
        '奖励证书/资金扶持确认书（certificate）、政策文件（policy），输出 PDF 和/或 DOCX。' +
        '退出码：0 已生成，1 输入有误，2 政策文件有错误，3 拒绝生成（如核定金额超过评估上限）',
    )
    .argument('<kind>', `文档类型：${KINDS.join('、')}`)
    .argument('<file>', '.pol 政策文件')
    .option('-b, --benefit <id>', '扶持项目标识（如 品牌推广扶持）')
    .option('-i, --input <app.json>', '一份申报数据（JSON）')
    .option('--batch <file>', '批量：.jsonl、.csv 或 .xlsx，每行一份申报，每份生成一个文档（公示则合成一张名单）')
    .option('-f, --format <format>', '输出格式：pdf、docx 或 both', 'pdf')
    .option('-o, --out <dir>', '输出目录', '.')
    .option('--issued <date>', '政策印发日期 YYYY-MM-DD（征求意见稿尚无印发日期时用于计算有效期）')
    .option('--date <date>', '成文日期 YYYY-MM-DD（默认今天）')
    .option('--doc-number <no>', '发文字号，如 穗商务函〔2025〕12号（证书则为证书编号）')
    .option('--amount <yuan>', '证书的核定金额（元）；不得超过评估上限')
    .option('--reason <text>', '不予支持的补充理由（可重复）', (v: string, prev: string[] = []) => [...prev, v])
    .option('-j, --jobs <n>', '批量时同时生成的线程数（默认每核一个；1 表示只用主线程）')
    .option('--json', '以 JSON 输出生成的文件、跳过的行和提示')
    .action(async (kindArg: string, file: string, opts: DocOpts) => {
      const kind = checkKind(kindArg);
      const format = checkFormat(opts.format);
      for (const [flag, v] of [['--issued', opts.issued], ['--date', opts.date]] as const) {
        if (v !== undefined && !isCalendarDate(v)) throw userError('POL3050', [flag, v]);
      }
      if (opts.input && opts.batch) throw userError('POL3052', ['--input', '--batch']);
      if (opts.batch && (kind === 'call' || kind === 'policy')) throw userError('POL3063', [kind]);
      if (opts.batch && opts.amount !== undefined) throw userError('POL6016', ['--amount（批量时在每行写 grantedFen 或 grantedYuan）']);
      const jobs = opts.jobs === undefined ? undefined : Number(opts.jobs);
      if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1 && jobs <= 64)) throw userError('POL3064', ['--jobs', 1, 64, String(opts.jobs)]);
      if (NEEDS_DATA.includes(kind) && !opts.input && !opts.batch) {
        throw userError('POL6008', [kindName(kind)]);
      }
      const { parseYuan, todayInShanghai } = await import('../../documents/chinese.ts');
      let amountFen: number | undefined;
      if (opts.amount !== undefined) {
        amountFen = parseYuan(opts.amount);
        if (amountFen === undefined) throw userError('POL6005', [String(opts.amount)]);
      }
      const { graph } = loadGraph(file, 'zh', { quiet: true });
      const docOpts = {
        date: opts.date ?? todayInShanghai(),
        ...(opts.benefit ? { benefit: opts.benefit } : {}),
        ...(opts.issued ? { issued: opts.issued } : {}),
        ...(opts.docNumber ? { docNumber: opts.docNumber } : {}),
        ...(amountFen !== undefined ? { amountFen } : {}),
        ...(opts.reason?.length ? { reasons: opts.reason } : {}),
      };
      const written: Written = { files: [], skipped: [], warnings: [] };
      let code: number = EXIT.ok;
      if (opts.batch) code = await batch(kind, graph, opts.batch, format, opts.out ?? '.', docOpts, jobs, written);
      else await single(kind, graph, opts.input, format, opts.out ?? '.', docOpts, written);
      if (opts.json) writeStdout(JSON.stringify(written, null, 2));
      else {
        for (const w of written.warnings) process.stderr.write(`pol: 注意：${w}\n`);
        for (const s of written.skipped) process.stderr.write(`pol: 第 ${s.row} 行：${s.messages.join('；')}（已跳过）\n`);
        if (opts.batch) process.stderr.write(`pol: 已生成 ${written.files.length} 个文件，${written.skipped.length} 行有误已跳过\n`);
        for (const f of written.files) writeStdout(f);
      }
      process.exitCode = code;
    });
}

function checkKind(k: string): Kind {
  if ((KINDS as readonly string[]).includes(k)) return k as Kind;
  throw new UserError(`未知的文档类型“${k}”：应为 ${KINDS.join('、')} 之一`, EXIT.input);
}

function checkFormat(f: string | undefined): 'pdf' | 'docx' | 'both' {
  if (f === undefined || f === 'pdf' || f === 'docx' || f === 'both') return f ?? 'pdf';
  throw new UserError(`--format 应为 pdf、docx 或 both（收到 ${f}）`, EXIT.input);
}

function kindName(kind: Kind): string {
  return { form: '申报表', call: '申报通知', acceptance: '受理通知书', rejection: '不予支持通知书', publicity: '公示', certificate: '奖励证书', policy: '政策文件' }[kind];
}

/** A DocumentError as a UserError: every problem on its own line, exit 3 for refusals, 1 otherwise. */
async function asUserError(e: unknown, what: string): Promise<never> {
  const { DocumentError } = await import('../../documents/errors.ts');
  if (e instanceof DocumentError) {
    const refused = e.problems.some((p) => REFUSALS.includes(p.code));
    const lines = e.messages();
    const body = lines.length === 1 ? lines[0]! : '\n' + lines.map((l) => `  ${l}`).join('\n');
    throw new UserError(refused ? body : `${what}有误，未生成：${body}`, refused ? EXIT.refused : EXIT.input);
  }
  throw e;
}

function readJson(path: string): unknown {
  const text = readText(path, { zh: '申报数据文件', en: 'application file' }, 'zh', EXIT.input);
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new UserError(`申报数据 ${path} 不是有效的 JSON：${(e as Error).message}`, EXIT.input);
  }
}

function rawField(raw: unknown, ...path: string[]): string | undefined {
  let v: unknown = raw;
  for (const k of path) {
    if (v === null || typeof v !== 'object' || !Object.prototype.hasOwnProperty.call(v, k)) return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return typeof v === 'string' ? v : undefined;
}

/** The file name (no extension) of a document, from the kind, benefit and applicant. */
async function baseName(kind: Kind, graph: Graph, raw: unknown, opts: { benefit?: string; date: string }): Promise<string> {
  const { cleanPart, fileBase, idPart } = await import('../../documents/files.ts');
  const benefit = opts.benefit ?? rawField(raw, 'benefit');
  if (kind === 'call' || kind === 'policy' || (kind === 'form' && raw === undefined)) {
    return fileBase([kind, cleanPart(benefit ?? graph.policy.id)]);
  }
  if (kind === 'publicity') return fileBase([kind, cleanPart(benefit ?? graph.policy.id), opts.date]);
  const id = rawField(raw, 'applicant', 'id') ?? '';
  const name = rawField(raw, 'applicant', 'name');
  const project = rawField(raw, 'project');
  return fileBase([kind, benefit ? cleanPart(benefit) : undefined, name ? cleanPart(name, 90) : undefined, idPart(id), project ? cleanPart(project, 40) : undefined]);
}

async function writeDocs(dir: string, base: string, files: { pdf?: Uint8Array; docx?: Uint8Array }, written: Written): Promise<void> {
  const { pathIn } = await import('../../documents/files.ts');
  for (const ext of ['pdf', 'docx'] as const) {
    const bytes = files[ext];
    if (!bytes) continue;
    const path = pathIn(dir, `${base}.${ext}`);
    writeFileAtomic(path, bytes);
    const rel = relative(process.cwd(), path);
    written.files.push(rel.startsWith('..') || isAbsolute(rel) ? path : rel);
  }
}

async function warningText(ps: { code: string; args: unknown[] }[]): Promise<string[]> {
  const { codedMessage } = await import('../../diagnostics/catalog.ts');
  return ps.map((p) => codedMessage(p.code as never, p.args as never));
}

async function single(kind: Kind, graph: Graph, input: string | undefined, format: 'pdf' | 'docx' | 'both', dir: string, opts: { benefit?: string; date: string }, written: Written): Promise<void> {
  const raw = input ? readJson(input) : undefined;
  const { renderDocument } = await import('../../documents/index.ts');
  let doc;
  try {
    doc = await renderDocument(kind, graph, kind === 'publicity' && raw !== undefined ? [raw] : raw, format, opts);
  } catch (e) {
    return asUserError(e, kindName(kind));
  }
  written.warnings.push(...(await warningText(doc.warnings)));
  await writeDocs(dir, await baseName(kind, graph, raw, opts), doc, written);
}

async function batch(
  kind: Kind,
  graph: Graph,
  path: string,
  format: 'pdf' | 'docx' | 'both',
  dir: string,
  opts: { benefit?: string; date: string },
  jobs: number | undefined,
  written: Written,
): Promise<number> {
  const { DOC_COLUMNS } = await import('../../documents/batch-input.ts');
  const input = await readBatchFile(graph, path, DOC_COLUMNS);
  for (const c of input.unknownColumns) written.warnings.push(`列“${c}”不是已知的字段，已忽略（可能是拼写错误）`);
  for (const r of input.rows) if (r.error !== undefined) written.skipped.push({ row: r.row, messages: [r.error] });
  const good = input.rows.filter((r) => r.error === undefined);
  const { DocumentError } = await import('../../documents/errors.ts');

  if (kind === 'publicity') {
    const { readApplication } = await import('../../documents/application.ts');
    const entries = [];
    for (const r of good) {
      try {
        entries.push({ row: r.row, data: readApplication(graph, r.raw) });
      } catch (e) {
        if (!(e instanceof DocumentError)) throw e;
        written.skipped.push({ row: r.row, messages: e.messages() });
      }
    }
    const { buildModelFrom, writeModel } = await import('../../documents/index.ts');
    let built;
    try {
      built = await buildModelFrom('publicity', graph, entries, opts);
    } catch (e) {
      return asUserError(e, kindName(kind));
    }
    for (const w of built.warnings) {
      if (w.code === 'POL6011') written.skipped.push({ row: Number(w.args[0]), messages: [String(w.args[1])] });
      else written.warnings.push(...(await warningText([w])));
    }
    await writeDocs(dir, await baseName(kind, graph, undefined, opts), await writeModel(built.model, format, { date: opts.date }), written);
    written.skipped.sort((a, b) => a.row - b.row);
    return written.skipped.length > 0 ? EXIT.input : EXIT.ok;
  }

  // one document per row: names decided here, in row order, so they do not depend on which worker finishes first
  const { NameBook } = await import('../../documents/files.ts');
  const book = new NameBook();
  const names: string[] = [];
  const firstRowOf = new Map<string, number>();
  for (const r of good) {
    const base = await baseName(kind, graph, r.raw, opts);
    const { name, duplicateOf } = book.take(base);
    if (duplicateOf !== undefined) written.warnings.push(...(await warningText([{ code: 'POL6102', args: [r.row, firstRowOf.get(base.toLowerCase()) ?? 0, name.slice(base.length)] }])));
    else firstRowOf.set(base.toLowerCase(), r.row);
    names.push(name);
  }
  const bar = process.stderr.isTTY ? await progressBar(good.length) : undefined;
  const { renderBatch } = await import('../../documents/batch.ts');
  await renderBatch(
    kind,
    graph,
    good.map((r, index) => ({ index, raw: r.raw })),
    opts,
    format,
    {
      ...(jobs !== undefined ? { threads: jobs } : {}),
      onResult: async (res) => {
        bar?.increment();
        const row = good[res.index]!.row;
        if (!res.ok) {
          if (res.internal !== undefined) throw new Error(`第 ${row} 行：${res.internal}`);
          written.skipped.push({ row, messages: new DocumentError(res.problems).messages() });
          return;
        }
        for (const w of await warningText(res.warnings)) if (!written.warnings.includes(w)) written.warnings.push(w);
        await writeDocs(dir, names[res.index]!, res, written);
      },
    },
  );
  bar?.stop();
  written.skipped.sort((a, b) => a.row - b.row);
  written.files.sort();
  return written.skipped.length > 0 ? EXIT.input : EXIT.ok;
}

async function progressBar(total: number): Promise<{ increment(): void; stop(): void }> {
  const { default: cliProgress } = await import('cli-progress');
  const bar = new cliProgress.SingleBar(
    { format: '生成中 [{bar}] {percentage}% | {value}/{total} 份 | 预计剩余 {eta_formatted}', hideCursor: true, clearOnComplete: true, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return { increment: () => bar.increment(), stop: () => bar.stop() };
}
