import type { Command } from 'commander';
import { drawGraph, type DrawFormat } from '../../ir/draw.ts';
import type { Graph } from '../../ir/schema.ts';
import { loadGraph } from '../load.ts';
import { langOf, UserError, userError, writeFileAtomic, writeStdout } from '../io.ts';

export function register(program: Command): void {
  program
    .command('graph')
    .description('把政策画成图：措施、条款、责任单位、扶持项目与其输入（Mermaid 或 Graphviz DOT）')
    .argument('<file>', '.pol 文件')
    .option('--format <format>', '图的格式：mermaid 或 dot', 'mermaid')
    .option('-o, --out <path>', '写入文件而不是标准输出')
    .option('--workflow <benefit>', '改为画出该扶持项目审批流程的状态机（状态、动作、办理单位、期限）')
    .option('--lang <lang>', '诊断语言：zh 或 en', 'zh')
    .action(async (file: string, opts: { format: string; out?: string; lang?: string; workflow?: string }) => {
      const lang = langOf(opts.lang);
      if (opts.format !== 'mermaid' && opts.format !== 'dot') {
        throw userError('POL3051', ['--format', 'mermaid | dot', opts.format]);
      }
      const { graph } = loadGraph(file, lang, { quiet: true });
      const text = opts.workflow !== undefined ? await drawWorkflowOrExit(graph, opts.workflow, opts.format as DrawFormat) : drawGraph(graph, opts.format as DrawFormat);
      if (opts.out) writeFileAtomic(opts.out, text);
      else writeStdout(text);
    });
}

async function drawWorkflowOrExit(graph: Graph, benefit: string, format: DrawFormat): Promise<string> {
  const { drawWorkflow } = await import('../../workflow/draw.ts');
  const { WorkflowError } = await import('../../workflow/define.ts');
  try {
    return drawWorkflow(graph, benefit, format);
  } catch (e) {
    if (e instanceof WorkflowError) throw new UserError(e.text());
    throw e;
  }
}
