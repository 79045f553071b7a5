import type { Command } from 'commander';
import { compileFile } from '../load.ts';
import { EXIT, langOf, printDiagnostics, UserError, userError, writeFileAtomic, writeStdout } from '../io.ts';

export function register(program: Command): void {
  program
    .command('compile')
    .description('把 .pol 编译为规则图（pol-graph/1 JSON），输出到标准输出或文件')
    .argument('<file>', '.pol 文件')
    .option('-o, --out <path>', '写入文件而不是标准输出')
    .option('--lang <lang>', '诊断语言：zh 或 en', 'zh')
    .option('--dump', '输出便于阅读的规则图文本（而非 JSON）')
    .action(async (file: string, opts: { out?: string; lang?: string; dump?: boolean }) => {
      const lang = langOf(opts.lang);
      const { validateGraph } = await import('../../ir/validate.ts');
      const { source, result } = compileFile(file, lang, { validate: validateGraph });
      printDiagnostics(result.diagnostics, new Map([[file, source]]), lang);
      if (!result.graph) throw userError('POL3055', [file, { zh: '未生成规则图', en: 'no graph written' }], EXIT.source, lang);
      const json = opts.dump ? (await import('../../ir/print.ts')).printGraph(result.graph) : JSON.stringify(result.graph, null, 2) + '\n';
      if (opts.out) writeFileAtomic(opts.out, json);
      else writeStdout(json);
    });
}
