/**
 * `pol export FILE.pol --format graph|graph-schema|app-schema|jsonlogic|python|java|cases [-o OUT]
 * [--issued DATE] [--count N]`: compiled rules for other systems (DESIGN §8). FILE may also be an
 * exported graph (.json).
 * Exit 0 written; 1 bad options; 2 the .pol (or graph file) has errors, or a rule cannot be exported.
 * zod and the exporters load only inside the action.
 */
import type { Command } from 'commander';
import { hasErrors, type Diagnostic } from '../../diagnostics/diagnostic.ts';
import type { Lang } from '../../diagnostics/catalog.ts';
import type { Graph } from '../../ir/schema.ts';
import { isCalendarDate } from '../../syntax/literals.ts';
import { EXIT, langOf, printDiagnostics, UserError, userError, writeFileAtomic, writeStdout } from '../io.ts';
import { checkOutputFile } from '../output.ts';
import { compileFile, loadGraphFile } from '../load.ts';

const FORMATS = ['graph', 'graph-schema', 'app-schema', 'jsonlogic', 'python', 'java', 'cases'];
/** Most random cases `--count` asks for. */
const MAX_COUNT = 1_000_000;

interface ExportOpts {
  format?: string;
  out?: string;
  issued?: string;
  count?: string;
  lang?: string;
}

export function register(program: Command): void {
  program
    .command('export')
    .description(
      '导出编译后的规则供其他系统使用：graph 规则图（pol-graph/1 JSON），graph-schema 规则图的 JSON Schema，' +
        'app-schema 本政策申报数据的 JSON Schema，jsonlogic 每个扶持项目的资格与上限（JSON Logic），' +
        'python 一个无依赖的 Python 3.9+ 模块，java 一个 Java 17 源文件，cases 带预期结果的一致性测试用例。' +
        '退出码：0 已导出，1 参数有误，2 政策文件有错误或规则无法导出',
    )
    .argument('[file]', '.pol 政策文件，或已导出的规则图 .json（graph-schema 不需要）')
    .requiredOption('-f, --format <format>', '导出格式：graph、graph-schema、app-schema、jsonlogic、python、java 或 cases')
    .option('-o, --out <path>', '写入文件而不是标准输出')
    .option('--issued <date>', '印发日期 YYYY-MM-DD：征求意见稿导出 jsonlogic、python、java、cases 时必填（写入规则的有效期）')
    .option('--count <n>', 'cases：边界用例之外的随机用例数（默认 100）')
    .option('--lang <lang>', '诊断语言：zh 或 en', 'zh')
    .action(async (file: string | undefined, opts: ExportOpts) => {
      const lang = langOf(opts.lang);
      const format = opts.format ?? '';
      if (!FORMATS.includes(format)) throw userError('POL7004', [format], EXIT.input, lang);
      if (opts.issued !== undefined && !isCalendarDate(opts.issued)) {
        throw userError('POL3050', ['--issued', String(opts.issued)]);
      }
      let count: number | undefined;
      if (opts.count !== undefined) {
        count = Number(opts.count);
        if (!/^\d+$/.test(opts.count) || count > MAX_COUNT) throw userError('POL7006', [MAX_COUNT, opts.count], EXIT.input, lang);
      }
      const { exportGraph, graphJsonSchema } = await import('../../export/index.ts');
      let value: unknown;
      if (format === 'graph-schema' && !file) value = graphJsonSchema();
      else {
        if (!file) throw userError('POL9061', []);
        const { graph, source } = await loadAny(file, lang);
        const r = exportGraph(graph, format as 'graph', { ...(opts.issued ? { issued: opts.issued } : {}), ...(count !== undefined ? { count } : {}) });
        if (r.diagnostics.length > 0) report(r.diagnostics, file, source, lang);
        value = r.value;
      }
      // JSON Logic rules nest deeply: each is written on one line, the document around them indented
      // source code as it is; JSON Logic rules and cases nest deeply: each written on one line, the document around them indented
      const json = typeof value === 'string' ? value : (format === 'jsonlogic' || format === 'cases' ? indentTo(value, 3) : JSON.stringify(value, null, 2)) + '\n';
      if (opts.out) {
        checkOutputFile(opts.out, { inputs: [file] });
        writeFileAtomic(opts.out, json);
        process.stderr.write(`pol: 已导出 ${format} → ${opts.out}（${Buffer.byteLength(json)} 字节）\n`);
      } else writeStdout(json);
    });
}

/** JSON indented down to `depth` levels, each value below written compactly. */
function indentTo(v: unknown, depth: number, pad = ''): string {
  if (depth === 0 || v === null || typeof v !== 'object') return JSON.stringify(v);
  const inner = pad + '  ';
  if (Array.isArray(v)) return v.length === 0 ? '[]' : `[\n${v.map((x) => inner + indentTo(x, depth - 1, inner)).join(',\n')}\n${pad}]`;
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([key, x]) => `${inner}${JSON.stringify(key)}: ${indentTo(x, depth - 1, inner)}`).join(',\n')}\n${pad}}`;
}

function report(ds: Diagnostic[], file: string, source: string | undefined, lang: Lang): void {
  printDiagnostics(ds, source === undefined ? new Map() : new Map([[file, source]]), lang);
  if (hasErrors(ds)) throw new UserError(lang === 'zh' ? `${file}：未导出（见上）` : `${file}: nothing exported (see above)`, EXIT.source);
}

/** A .pol compiled (graph validated), or a graph .json read and validated. */
async function loadAny(file: string, lang: Lang): Promise<{ graph: Graph; source?: string }> {
  if (file.endsWith('.json')) return { graph: await loadGraphFile(file, lang) };
  const { validateGraph } = await import('../../ir/validate.ts');
  const { source, result } = compileFile(file, lang, { validate: validateGraph });
  if (hasErrors(result.diagnostics) || !result.graph) {
    printDiagnostics(result.diagnostics, new Map([[file, source]]), lang);
    throw new UserError(lang === 'zh' ? `${file} 有错误，未能编译` : `${file} has errors and was not compiled`, EXIT.source);
  }
  return { graph: result.graph, source };
}

