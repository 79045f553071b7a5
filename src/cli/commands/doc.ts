/**
 * `pol doc KIND FILE.pol [--benefit ID] [--input APP.json | --batch FILE] [--format pdf|docx|both] [-o DIR]`:
 * official documents from the policy (DESIGN §6). Exit 0 made; 1 bad input (each problem named, bad
 * batch rows reported by number and skipped); 2 the .pol has errors; 3 refused (a certificate above the
 * evaluated ceiling, a rejection of an eligible application …). Nothing is written for a refused or
 * invalid document. pdfmake, docx and handlebars load only inside the action.
 */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { isCalendarDate } from '../../syntax/literals.ts';
import type { Graph } from '../../ir/schema.ts';
import { readBatchFile } from '../batch-file.ts';
import { EXIT, readJsonFile, UserError, writeFileAtomic, writeStdout, writeStderr, userError } from '../io.ts';
import { checkOutputFiles } from '../output.ts';
import { checkTextOption } from '../options.ts';
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
  force?: boolean;
  seal?: string;
  contact?: string;
  phone?: string;
  address?: string;
  cc?: string;
  reviewAuthority?: string;
  numberPending?: boolean;
  fonts?: string;
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
    .option('-i, --input <app.json>', '一份申报数据（JSON；- 表示从标准输入读取）')
    .option('--batch <file>', '批量：.jsonl、.csv 或 .xlsx，每行一份申报，每份生成一个文档（公示则合成一张名单）')
    .option('-f, --format <format>', '输出格式：pdf、docx 或 both', 'pdf')
    .option('-o, --out <dir>', '输出目录（已有同名文件时拒绝，除非加 --force）', '.')
    .option('--force', '覆盖输出目录中已有的同名文件')
    .option('--issued <date>', '政策印发日期 YYYY-MM-DD（征求意见稿尚无印发日期时用于计算有效期）')
    .option('--date <date>', '成文日期 YYYY-MM-DD（默认今天）')
    .option('--doc-number <no>', '发文字号，如 穗商务函〔2025〕12号（证书则为证书编号）')
    .option('--amount <yuan>', '证书的核定金额（元）；不得超过评估上限')
    .option('--reason <text>', '不予支持的补充理由（可重复）', (v: string, prev: string[] = []) => [...prev, v])
    .option('--seal <png>', '本单位印章图片（PNG），压盖在署名和成文日期上；不给则不印印章')
    .option('--contact <name>', '联系人（受理、不予支持通知书和公示中写明）')
    .option('--phone <tel>', '联系电话')
    .option('--address <addr>', '联系地址（公示中受理异议的地址）')
    .option('--cc <units>', '版记中的抄送机关，如 市财政局，市市场监管局')
    .option('--review-authority <name>', '不予支持通知书中的行政复议机关（默认为发文机关所在市的人民政府）')
    .option('--number-pending', '发文字号留待手工填写（打印“〔年份〕　号”占位，不作为正式文件拒绝）')
    .option('--fonts <dir|file.json>', '公文字体：字体目录，或按角色（标题、正文、黑体、楷体、页码）指定字体文件的 JSON；也可用环境变量 POL_FONTS')
    .option('-j, --jobs <n>', '批量时同时生成的线程数（默认为空闲的核数：核数减去当前负载，至少 1；1 表示只用主线程）')
    .option('--json', '以 JSON 输出生成的文件、跳过的行和提示')
    .action(async (kindArg: string, file: string, opts: DocOpts) => {
      const kind = checkKind(kindArg);
      const format = checkFormat(opts.format);
      for (const [flag, v] of [['--issued', opts.issued], ['--date', opts.date]] as const) {
        if (v !== undefined && !isCalendarDate(v)) throw userError('POL3050', [flag, v]);
      }
      checkTextOption('--doc-number', opts.docNumber, 'docNumber');
      for (const r of opts.reason ?? []) checkTextOption('--reason', r, 'text');
      if (opts.input && opts.batch) throw userError('POL3052', ['--input', '--batch']);
      if (opts.batch && (kind === 'call' || kind === 'policy')) throw userError('POL3063', [kind]);
      if (opts.batch && opts.amount !== undefined) throw userError('POL6016', ['--amount（批量时在每行写 grantedFen 或 grantedYuan）']);
      const jobs = opts.jobs === undefined ? undefined : Number(opts.jobs);
      if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1 && jobs <= 64)) throw userError('POL3064', ['--jobs', 1, 64, String(opts.jobs)]);
      if (NEEDS_DATA.includes(kind) && !opts.input && !opts.batch) {
        throw userError('POL6008', [kindName(kind)]);
      }
      const { todayInShanghai } = await import('../../documents/chinese.ts');
      const { parseYuan } = await import('../../values/money.ts');
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
        ...(opts.contact || opts.phone || opts.address ? { contact: { ...(opts.contact ? { person: opts.contact } : {}), ...(opts.phone ? { phone: opts.phone } : {}), ...(opts.address ? { address: opts.address } : {}) } } : {}),
        ...(opts.cc ? { cc: opts.cc } : {}),
        ...(opts.reviewAuthority ? { reviewAuthority: opts.reviewAuthority } : {}),
        ...(opts.numberPending ? { numberPending: true } : {}),
        ...(opts.seal ? { seal: readSeal(opts.seal) } : {}),
        ...(opts.fonts ? { fonts: opts.fonts } : {}),
      };
      const written: Written = { files: [], skipped: [], warnings: [] };
      let code: number = EXIT.ok;
      const out = { dir: opts.out ?? '.', force: !!opts.force, inputs: [file, opts.input, opts.batch] };
      if (opts.batch) code = await batch(kind, graph, opts.batch, format, out, docOpts, jobs, written);
      else await single(kind, graph, opts.input, format, out, docOpts, written);
      // which roles are the office's fonts and which Noto Serif SC stood in for (when fonts were asked for)
      if ((opts.fonts ?? process.env.POL_FONTS) && written.files.length) {
        const { standInText } = await import('../../documents/fonts.ts');
        written.warnings.push(...(await warningText([{ code: 'POL6104', args: [standInText()] }])));
      }
      if (opts.json) writeStdout(JSON.stringify(written, null, 2));
      else {
        for (const w of written.warnings) writeStderr(`pol: 注意：${w}`);
        for (const s of written.skipped) writeStderr(`pol: 第 ${s.row} 行：${s.messages.join('；')}（已跳过）`);
        if (opts.batch) writeStderr(`pol: 已生成 ${written.files.length} 个文件，${written.skipped.length} 行有误已跳过`);
        for (const f of written.files) writeStdout(f);
      }
      process.exitCode = code;
    });
}

function readSeal(path: string): Uint8Array {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw userError('POL9063', [path, (e as NodeJS.ErrnoException).code ?? (e as Error).message]);
  }
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 24 || png.some((b, i) => bytes[i] !== b)) throw userError('POL6022', [path]);
  return new Uint8Array(bytes);
}

function checkKind(k: string): Kind {
  if ((KINDS as readonly string[]).includes(k)) return k as Kind;
  throw userError('POL3051', ['文档类型', KINDS.join('、'), k]);
}

function checkFormat(f: string | undefined): 'pdf' | 'docx' | 'both' {
  if (f === undefined || f === 'pdf' || f === 'docx' || f === 'both') return f ?? 'pdf';
  throw userError('POL3051', ['--format', 'pdf、docx、both', f]);
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

function rawField(raw: unknown, ...path: string[]): string | undefined {
  let v: unknown = raw;
  for (const k of path) {
    if (v === null || typeof v !== 'object' || !Object.prototype.hasOwnProperty.call(v, k)) return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return typeof v === 'string' ? v : undefined;
}

/** The file name (no extension) of a document, from the kind, benefit and applicant. */
async function baseName(kind: Kind, graph: Graph, raw: unknown, opts: { benefit?: string; date: string; seal?: Uint8Array }): Promise<string> {
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

/** Where documents go: a folder, never over an input, never over an existing file unless --force. */
interface OutDir {
  dir: string;
  force: boolean;
  inputs: (string | undefined)[];
}

/** The paths of a document's files, checked (see src/cli/output.ts) before any is written. */
async function docPaths(out: OutDir, base: string, exts: readonly ('pdf' | 'docx')[]): Promise<string[]> {
  const { pathIn } = await import('../../documents/files.ts');
  const paths = exts.map((ext) => pathIn(out.dir, `${base}.${ext}`));
  checkOutputFiles(paths, { inputs: out.inputs, refuseExisting: true, force: out.force });
  return paths;
}

const extsOf = (format: 'pdf' | 'docx' | 'both'): ('pdf' | 'docx')[] => (format === 'both' ? ['pdf', 'docx'] : [format]);

async function writeDocs(out: OutDir, base: string, files: { pdf?: Uint8Array; docx?: Uint8Array }, written: Written): Promise<void> {
  const exts = (['pdf', 'docx'] as const).filter((ext) => files[ext]);
  const paths = await docPaths(out, base, exts);
  for (const [i, ext] of exts.entries()) {
    const bytes = files[ext]!;
    const path = paths[i]!;
    writeFileAtomic(path, bytes);
    const rel = relative(process.cwd(), path);
    written.files.push(rel.startsWith('..') || isAbsolute(rel) ? path : rel);
  }
}

async function warningText(ps: { code: string; args: unknown[] }[]): Promise<string[]> {
  const { codedMessage } = await import('../../diagnostics/catalog.ts');
  return ps.map((p) => codedMessage(p.code as never, p.args as never));
}

async function single(kind: Kind, graph: Graph, input: string | undefined, format: 'pdf' | 'docx' | 'both', out: OutDir, opts: { benefit?: string; date: string; seal?: Uint8Array }, written: Written): Promise<void> {
  const raw = input ? readJsonFile(input) : undefined;
  const base = await baseName(kind, graph, raw, opts);
  await docPaths(out, base, extsOf(format)); // refused before the document is made, not after
  const { renderDocument } = await import('../../documents/index.ts');
  let doc: Awaited<ReturnType<typeof renderDocument>>;
  try {
    doc = await renderDocument(kind, graph, kind === 'publicity' && raw !== undefined ? [raw] : raw, format, opts);
  } catch (e) {
    return asUserError(e, kindName(kind));
  }
  written.warnings.push(...(await warningText(doc.warnings)));
  await writeDocs(out, base, doc, written);
}

async function batch(
  kind: Kind,
  graph: Graph,
  path: string,
  format: 'pdf' | 'docx' | 'both',
  out: OutDir,
  opts: { benefit?: string; date: string; seal?: Uint8Array },
  jobs: number | undefined,
  written: Written,
): Promise<number> {
  const { DOC_COLUMNS } = await import('../../documents/batch-input.ts');
  const input = await readBatchFile(graph, path, DOC_COLUMNS);
  written.warnings.push(...input.notes);
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
    let built: Awaited<ReturnType<typeof buildModelFrom>>;
    try {
      built = await buildModelFrom('publicity', graph, entries, opts);
    } catch (e) {
      return asUserError(e, kindName(kind));
    }
    for (const w of built.warnings) {
      if (w.code === 'POL6011') written.skipped.push({ row: Number(w.args[0]), messages: [String(w.args[1])] });
      else written.warnings.push(...(await warningText([w])));
    }
    await writeDocs(out, await baseName(kind, graph, undefined, opts), await writeModel(built.model, format, { date: opts.date, ...(opts.seal ? { seal: opts.seal } : {}) }), written);
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
  // every file of the batch checked before the first is written: a refusal leaves the folder as it was
  const all: string[] = [];
  for (const name of names) all.push(...(await docPaths(out, name, extsOf(format))));
  checkOutputFiles(all, { inputs: out.inputs, refuseExisting: true, force: out.force });
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
        await writeDocs(out, names[res.index]!, res, written);
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
