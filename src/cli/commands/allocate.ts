/**
 * `pol allocate FILE.pol --batch apps [--budget 800万元] [--benefit ID] [--share 6:4]`: evaluate every
 * application of a round, then divide a budget pool among the eligible ceilings — pro rata when they
 * exceed it, by the rule of src/eval/allocate.ts (down to the fen, leftover fen to the largest remainders,
 * ties in file order) — and split each allocation between funders by a cost share. Without --budget or
 * --share, the policy's own 年度资金总额 and 分担 are used; the flags override them, and the output says
 * which was used.
 */
import type { Command } from 'commander';
import { readBatchFile, rowApplication } from '../batch-file.ts';
import { EXIT, userError, writeStdout } from '../io.ts';
import { loadGraph } from '../load.ts';
import { requireValidity } from './eval.ts';

interface Opts {
  batch: string;
  budget?: string;
  benefit?: string;
  share?: string;
  issued?: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('allocate')
    .description('资金池分配：评估一批申报，把资金总额按上限分配；上限合计超过总额时按比例核减（向下取整到分，余下的分按余数从大到小逐一补足，余数相同按文件顺序）')
    .argument('<file>', '.pol 政策文件')
    .requiredOption('--batch <file>', '本轮申报：.jsonl、.csv 或 .xlsx，每行一份')
    .option('--budget <amount>', '资金总额，如 800万元、8000000（元）；默认用政策声明的“年度资金总额”')
    .option('--benefit <id>', '只分配这一扶持项目（默认：所有有金额的扶持项目合用一个资金池）')
    .option('--share <ratio>', '出资分担比例，如 6:4（市、区按6:4分担）；默认用政策声明的“分担”')
    .option('--issued <date>', '印发日期 YYYY-MM-DD（征求意见稿尚无印发日期时）')
    .option('--json', '以 JSON 输出分配结果')
    .action(async (file: string, opts: Opts) => {
      const { graph } = loadGraph(file, 'zh', { quiet: true });
      const { parseYuan, fenToYuan, formatMoney } = await import('../../values/money.ts');
      // --budget / --share override the policy's 年度资金总额 / 分担
      const declared = graph.policy;
      let budgetFen: number | undefined;
      if (opts.budget !== undefined) {
        // the one amount reader of the values floor: 800万元, 8000000, 8,000,000.00元, ¥800万
        budgetFen = parseYuan(opts.budget);
        if (budgetFen === undefined) throw userError('POL4110', [opts.budget]);
      } else budgetFen = declared.budget?.fen;
      if (budgetFen === undefined) throw userError('POL4121', []);
      const budgetSource = opts.budget !== undefined ? 'option' : 'policy';
      let share = opts.share?.split(/[:：]/).map(Number);
      if (share && (share.length < 2 || share.some((x) => !Number.isInteger(x) || x <= 0))) throw userError('POL4111', [opts.share!]);
      const shareSource = opts.share !== undefined ? 'option' : declared.share ? 'policy' : undefined;
      if (!share && declared.share) share = declared.share.weights;
      const funders = shareSource === 'policy' && declared.share?.funders.length ? declared.share.funders : undefined;
      const amounts = graph.benefits.filter((b) => b.hasAmount).map((b) => b.id);
      if (opts.benefit && !amounts.includes(opts.benefit)) throw userError('POL4112', [opts.benefit, amounts.join('、')]);
      await requireValidity(graph, opts.issued);

      const { evaluate } = await import('../../eval/evaluate.ts');
      const { acceptApplication } = await import('../../eval/validator.ts');
      const { allocate } = await import('../../eval/allocate.ts');
      const input = await readBatchFile(graph, opts.batch);
      const items: { key: string; row: number; applicant: string; benefit: string; ceilingFen: number }[] = [];
      const bad: string[] = [];
      for (const r of input.rows) {
        // zod words a refused row's errors: loaded only for such a row
        const v = rowApplication(graph, r, acceptApplication) ?? rowApplication(graph, r, (await import('../../eval/schema.ts')).validateApplication)!;
        if ('bad' in v) {
          bad.push(v.bad);
          continue;
        }
        const out = evaluate(graph, v.application, { ...(opts.issued ? { issued: opts.issued } : {}), explain: false });
        for (const x of out.results) {
          if (!x.eligible || (opts.benefit && x.benefit !== opts.benefit)) continue;
          items.push({ key: `${r.row}/${x.benefit}`, row: r.row, applicant: v.application.applicant.id, benefit: x.benefit, ceilingFen: x.ceilingFen });
        }
      }
      for (const b of bad) process.stderr.write(`pol: ${b}\n`);
      const result = allocate(items, budgetFen, share);
      const rows = result.allocations.map((a, i) => ({ ...items[i]!, allocatedFen: a.allocatedFen, ...(a.sharesFen ? { sharesFen: a.sharesFen } : {}) }));
      if (opts.json) {
        writeStdout(
          JSON.stringify(
            {
              policy: graph.policy.id,
              budgetFen,
              budgetSource,
              totalCeilingFen: result.totalCeilingFen,
              allocatedFen: result.allocatedFen,
              reduced: result.reduced,
              rounding: '按比例核减时每项向下取整到分，余下的分按余数从大到小逐一补足，余数相同按文件顺序',
              ...(share ? { share, shareSource, ...(funders ? { funders } : {}) } : {}),
              allocations: rows,
            },
            null,
            2,
          ),
        );
      } else {
        const lines = rows.map(
          (r) =>
            `第 ${r.row} 行  ${r.applicant}  ${r.benefit}  上限 ${formatMoney(r.ceilingFen)}  分配 ${formatMoney(r.allocatedFen)}（${fenToYuan(r.allocatedFen)} 元）` +
            (r.sharesFen ? `  分担 ${r.sharesFen.map((f, k) => `${funders?.[k] ?? ''}${formatMoney(f)}`).join(' : ')}` : ''),
        );
        lines.push(
          `资金总额 ${formatMoney(budgetFen)}（${budgetSource === 'policy' ? '政策声明的年度资金总额' : '--budget 指定'}）` +
            (share ? `，分担比例 ${funders ? `${funders.join('、')}按` : ''}${share.join(':')}（${shareSource === 'policy' ? '政策声明' : '--share 指定'}）` : '') +
            `，符合条件 ${rows.length} 项，上限合计 ${formatMoney(result.totalCeilingFen)}；` +
            (result.reduced ? `超过总额，按比例核减，分配合计 ${formatMoney(result.allocatedFen)}` : `未超过总额，按上限分配，合计 ${formatMoney(result.allocatedFen)}`),
        );
        writeStdout(lines.join('\n') + '\n');
      }
      process.exitCode = bad.length > 0 ? EXIT.input : EXIT.ok;
    });
}
