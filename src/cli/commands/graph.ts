import type { Command } from 'commander';
import { drawGraph, type DrawFormat } from '../../ir/draw.ts';
import { loadGraph } from '../load.ts';
import { langOf, UserError, writeFileAtomic, writeStdout } from '../io.ts';

export function register(program: Command): void {
  program
    .command('graph')
    .description('把政策画成图：措施、条款、责任单位、扶持项目与其输入（Mermaid 或 Graphviz DOT）')
    .argument('<file>', '.pol 文件')
    .option('--format <format>', '图的格式：mermaid 或 dot', 'mermaid')
    .option('-o, --out <path>', '写入文件而不是标准输出')
    .option('--lang <lang>', '诊断语言：zh 或 en', 'zh')
    .action((file: string, opts: { format: string; out?: string; lang?: string }) => {
      const lang = langOf(opts.lang);
      if (opts.format !== 'mermaid' && opts.format !== 'dot') {
        throw new UserError(`--format 只能是 mermaid 或 dot（收到 ${opts.format}）`);
      }
      const { graph } = loadGraph(file, lang, { quiet: true });
      const text = drawGraph(graph, opts.format as DrawFormat);
      if (opts.out) writeFileAtomic(opts.out, text);
      else writeStdout(text);
    });
}
