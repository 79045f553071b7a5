/**
 * `pol diff OLD.pol NEW.pol [--json]`: what changed in the rules between two versions of a policy
 * (征求意见稿 → 正式): measures, amounts, rates and caps, lead and cooperating units, validity.
 * Exit 0 when both compile to the same rules, 1 when they differ, 2 when either has errors.
 */
import type { Command } from 'commander';
import { hasErrors } from '../../diagnostics/diagnostic.ts';
import type { Lang } from '../../diagnostics/catalog.ts';
import type { Graph } from '../../ir/schema.ts';
import { codedMessage } from '../../diagnostics/catalog.ts';
import { EXIT, langOf, printDiagnostics, UserError, writeStdout } from '../io.ts';
import { compileFile } from '../load.ts';

export function register(program: Command): void {
  program
    .command('diff')
    .description('比较同一政策的两个版本（如征求意见稿与正式稿）编译后的规则：措施的增删与标题、金额、比例与上限、牵头与配合单位、有效期、状态与印发日期。退出码：0 规则相同，1 有不同，2 政策文件有错误')
    .argument('<old>', '旧版本 .pol')
    .argument('<new>', '新版本 .pol')
    .option('--json', '以 JSON 输出（{ same, changes: [{area, action, subject, field, old, new, text}] }）')
    .option('--lang <lang>', '诊断语言：zh 或 en', 'zh')
    .action(async (oldFile: string, newFile: string, opts: { json?: boolean; lang?: string }) => {
      const lang = langOf(opts.lang);
      const { validateGraph } = await import('../../ir/validate.ts');
      const load = (file: string): Graph | undefined => {
        const { source, result } = compileFile(file, lang, { validate: validateGraph });
        if (hasErrors(result.diagnostics) || !result.graph) {
          printDiagnostics(result.diagnostics, new Map([[file, source]]), lang);
          return undefined;
        }
        return result.graph;
      };
      const a = load(oldFile);
      const b = load(newFile);
      if (!a || !b) throw new UserError(bad([!a ? oldFile : '', !b ? newFile : ''].filter(Boolean), lang), EXIT.source);
      const { diffGraphs, renderDiff } = await import('../../diff/index.ts');
      const d = diffGraphs(a, b);
      writeStdout(opts.json ? JSON.stringify(d, null, 2) : renderDiff(d));
      process.exitCode = d.same ? EXIT.ok : EXIT.input;
    });
}

function bad(files: string[], lang: Lang): string {
  return codedMessage('POL3055', [files.join(lang === 'zh' ? '、' : ', '), { zh: '无法比较', en: 'nothing compared' }], lang);
}
