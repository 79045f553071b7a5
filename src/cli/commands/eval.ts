/**
 * `pol eval FILE.pol --input APP.json [--issued DATE] [--json]`: evaluate one application (DESIGN §5);
 * `pol eval FILE.pol --batch apps.jsonl|csv|xlsx [--out results.jsonl|csv|xlsx]`: evaluate many.
 * Exit 0 evaluated, 1 invalid input (each bad field named, nothing on stdout), 2 the .pol has errors.
 * The evaluator (and zod, for validation) load only when a command runs: the CLI starts light.
 */
import type { Command } from 'commander';
import { EXIT, UserError, userError, writeStdout } from '../io.ts';
import { checkOutputFile } from '../output.ts';
import { loadGraph, loadGraphFile } from '../load.ts';
import { evaluateOrExit, issuedOption, ledgerOf, readApplication } from './eval-common.ts';
import { register as registerExplain } from './explain.ts';
import { register as registerTest } from './test.ts';

interface EvalOpts {
  db?: string;
  graph?: string;
  input?: string;
  batch?: string;
  out?: string;
  issued?: string;
  json?: boolean;
  explain?: boolean;
  maxRows?: string;
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
    .option('-i, --input <app.json>', '一份申报数据（JSON，见 docs/eval.md；- 表示从标准输入读取）')
    .option('--batch <file>', '批量评估：.jsonl、.csv 或 .xlsx，每行一份申报（- 表示从标准输入读取 JSONL）')
    .option('-o, --out <file>', '批量结果写入 .jsonl、.csv 或 .xlsx（省略时输出到标准输出）')
    .option('--issued <date>', '印发日期 YYYY-MM-DD（征求意见稿尚无印发日期时必填，亦可覆盖文件中的日期）')
    .option('--json', '以 JSON 输出（DESIGN §5 的格式；批量时为 JSONL）')
    .option('--explain', '批量时在 JSONL 结果中附上理由（较慢；单份申报的 --json 输出总含理由）')
    .option('--max-rows <n>', '批量文件的行数上限（默认 1048576，即 Excel 工作表的上限）')
    .option('--db <path>', '同时读取审批流程数据库（pol wf 的 SQLite 文件）中的已核定金额台账，用于年度上限与一次性奖励')
    .action(async (file: string | undefined, opts: EvalOpts) => {
      const issued = issuedOption(opts.issued);
      if (!opts.input && !opts.batch) throw userError('POL3059', []);
      if (opts.input && opts.batch) throw userError('POL3052', ['--input', '--batch']);
      if (opts.out && !opts.batch) throw userError('POL3053', ['--out', '--batch']);
      if (opts.out) checkOutputFile(opts.out, { inputs: [file, opts.batch] });
      if ((opts.explain || opts.maxRows) && !opts.batch) throw userError('POL3053', ['--explain 与 --max-rows', '--batch（单份申报的 --json 输出总含理由；逐步说明见 pol explain）']);
      if (opts.graph && file) throw userError('POL3052', [{ zh: '.pol 政策文件', en: 'a .pol policy file' }, '--graph']);
      if (!opts.graph && !file) throw userError('POL3060', []);
      const graph = opts.graph ? await loadGraphFile(opts.graph) : loadGraph(file!, 'zh', { quiet: true }).graph;
      if (opts.batch) {
        const maxRows = opts.maxRows === undefined ? undefined : Number(opts.maxRows);
        if (maxRows !== undefined && !(Number.isInteger(maxRows) && maxRows > 0)) throw userError('POL9060', ['--max-rows', String(opts.maxRows)]);
        const { runBatch } = await import('./eval-batch.ts');
        const stdin = opts.batch === '-' ? await (await import('../batch-file.ts')).stdinBatch() : undefined;
        try {
          process.exitCode = await runBatch(graph, stdin ? stdin.path : opts.batch, { out: opts.out, issued, json: opts.json, explain: opts.explain, db: opts.db, maxRows });
        } finally {
          stdin?.done();
        }
        return;
      }
      const app = await readApplication(graph, opts.input!);
      const out = await evaluateOrExit(graph, app, issued, opts.db ? await ledgerOf(opts.db, graph.policy.id, app.applicant.id) : undefined);
      const { summaryText } = await import('../../eval/tree.ts');
      writeStdout(opts.json ? JSON.stringify(out, null, 2) : summaryText(graph, out));
      process.exitCode = EXIT.ok;
    });
}

// kept for modules that import these from here
export { evaluateOrExit, issuedOption, ledgerOf, readApplication, requireValidity } from './eval-common.ts';
