/** `pol test FILE.pol…`: run the scenarios beside each policy (`<name>.scenarios.yaml`); exit 1 when one fails. */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { EXIT, readText, UserError, userError, writeStdout } from '../io.ts';
import { loadGraph } from '../load.ts';

/** `dsl/x.pol` → `dsl/x.scenarios.yaml` (or .yml). */
export function scenarioFileOf(pol: string): string | undefined {
  const stem = pol.replace(/\.pol$/i, '');
  return [`${stem}.scenarios.yaml`, `${stem}.scenarios.yml`].find((f) => existsSync(f));
}

export function register(program: Command): void {
  program
    .command('test')
    .description('运行政策旁的场景测试（<名称>.scenarios.yaml）：逐个报告通过或失败（期望与实际），有失败时退出码 1')
    .argument('<files...>', '.pol 政策文件')
    .option('--scenarios <file>', '指定场景文件（只测一个政策时）')
    .option('--json', '以 JSON 输出测试报告')
    .action(async (files: string[], opts: { scenarios?: string; json?: boolean }) => {
      if (opts.scenarios && files.length > 1) throw userError('POL3061', ['--scenarios']);
      const { runScenarioFile, reportText } = await import('../../eval/scenarios.ts');
      const reports = [];
      for (const file of files) {
        const { graph } = loadGraph(file, 'zh', { quiet: true });
        const sf = opts.scenarios ?? scenarioFileOf(file);
        if (!sf) throw userError('POL3062', [file, `${file.replace(/\.pol$/i, '')}.scenarios.yaml`]);
        const text = readText(sf, { zh: '场景文件', en: 'scenario file' }, 'zh', EXIT.input);
        reports.push(runScenarioFile(graph, sf, text));
      }
      if (opts.json) writeStdout(JSON.stringify({ reports }, null, 2));
      else writeStdout(reports.map(reportText).join('\n'));
      const bad = reports.some((r) => r.failed > 0 || r.errors.length > 0);
      process.exitCode = bad ? EXIT.input : EXIT.ok;
    });
}
