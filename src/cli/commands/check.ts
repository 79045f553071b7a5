import type { Command } from 'commander';
import { hasErrors, type Diagnostic } from '../../diagnostics/diagnostic.ts';
import { compileFile } from '../load.ts';
import { diagnosticsJson, EXIT, langOf, printDiagnostics, writeStdout } from '../io.ts';

export function register(program: Command): void {
  program
    .command('check')
    .description('检查 .pol 文件：报告全部错误与警告（行、列、代码框）；无错误时退出码 0，有错误时 2')
    .argument('<files...>', '.pol 文件')
    .option('--json', '以 JSON 输出诊断 {"diagnostics":[…]}')
    .option('--lang <lang>', '诊断语言：zh 或 en', 'zh')
    .action((files: string[], opts: { json?: boolean; lang?: string }) => {
      const lang = langOf(opts.lang);
      const all: Diagnostic[] = [];
      const sources = new Map<string, string>();
      for (const file of files) {
        // diagnostics only: the graph is lowered only when lowering could report (a cycle of definitions)
        const { source, result } = compileFile(file, lang, { diagnosticsOnly: true });
        sources.set(file, source);
        for (const d of result.diagnostics) all.push(d);
      }
      if (opts.json) writeStdout(JSON.stringify(diagnosticsJson(all, lang), null, 2));
      else {
        printDiagnostics(all, sources, lang);
        const errors = all.filter((d) => d.severity === 'error').length;
        const warnings = all.filter((d) => d.severity === 'warning').length;
        process.stderr.write(
          lang === 'zh'
            ? `${files.length} 个文件：${errors} 个错误，${warnings} 个警告\n`
            : `${files.length} file(s): ${errors} error(s), ${warnings} warning(s)\n`,
        );
      }
      process.exitCode = hasErrors(all) ? EXIT.source : EXIT.ok;
    });
}
