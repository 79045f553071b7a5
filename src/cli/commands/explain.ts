/** `pol explain FILE.pol --input APP.json --benefit ID`: the trace of one benefit as an indented tree. */
import type { Command } from 'commander';
import { EXIT, UserError, userError, writeStdout } from '../io.ts';
import { loadPolicyOrGraph } from '../load.ts';
import { evaluateOrExit, issuedOption, readApplication } from './eval.ts';

export function register(program: Command): void {
  program
    .command('explain')
    .description('逐步解释一项扶持的评估：条件、金额、上限所读取的每个规则节点及其数值（缩进树）')
    .argument('<file>', '.pol 政策文件，或导出的规则图（.json）')
    .requiredOption('-i, --input <app.json>', '申报数据（JSON）')
    .requiredOption('-b, --benefit <id>', '扶持项目标识，如 品牌推广扶持')
    .option('--issued <date>', '印发日期 YYYY-MM-DD（征求意见稿必填）')
    .option('--json', '以 JSON 输出该项的评估结果与完整追踪')
    .action(async (file: string, opts: { input: string; benefit: string; issued?: string; json?: boolean }) => {
      const issued = issuedOption(opts.issued);
      const graph = await loadPolicyOrGraph(file, 'zh');
      const ids = graph.benefits.filter((b) => b.hasAmount).map((b) => b.id);
      if (!ids.includes(opts.benefit)) {
        const other = graph.benefits.find((b) => b.id === opts.benefit);
        throw other ? userError('POL3065', [opts.benefit, other.reference ?? '—', ids.join('、')]) : userError('POL6006', [opts.benefit, ids.join('、')]);
      }
      const app = await readApplication(graph, opts.input);
      const out = await evaluateOrExit(graph, app, issued);
      const { explainTree } = await import('../../eval/tree.ts');
      if (opts.json) writeStdout(JSON.stringify(out.results.find((r) => r.benefit === opts.benefit), null, 2));
      else writeStdout(explainTree(graph, out, opts.benefit)!);
    });
}
