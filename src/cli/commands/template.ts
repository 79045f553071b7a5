/**
 * `pol template FILE.pol --benefit ID --format xlsx|csv [-o OUT] [--force]`: the empty batch template of one
 * benefit — a header row with the 申报表's Chinese labels of exactly the fields that benefit reads, which
 * `pol eval --batch` and `pol doc --batch` read back. Exit 0 written, 1 bad options or an existing file.
 */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { formatMessage } from '../../diagnostics/catalog.ts';
import { EXIT, userError, writeFileAtomic } from '../io.ts';
import { loadGraph } from '../load.ts';

interface TemplateOpts {
  benefit?: string;
  format?: string;
  out?: string;
  force?: boolean;
}

export function register(program: Command): void {
  program
    .command('template')
    .description('生成某个扶持项目的空白批量模板（.xlsx 或 .csv）：列名为申报表上的字段名称，填好后可用于 pol eval --batch 与 pol doc --batch。退出码：0 已生成，1 选项有误，2 政策文件有错误')
    .argument('<file>', '.pol 政策文件')
    .option('--benefit <id>', '扶持项目（如 品牌推广扶持）')
    .option('--format <format>', '模板格式：xlsx 或 csv', 'xlsx')
    .option('-o, --out <file>', '模板文件（默认：<扶持项目>批量模板.<格式>）')
    .option('--force', '覆盖已存在的文件')
    .action(async (file: string, opts: TemplateOpts) => {
      const format = opts.format ?? 'xlsx';
      if (format !== 'xlsx' && format !== 'csv') throw userError('POL9050', [format]);
      const { graph } = loadGraph(file, 'zh', { quiet: true });
      const { benefitColumns } = await import('../../io/columns.ts');
      const withAmount = graph.benefits.filter((b) => b.hasAmount).map((b) => b.id);
      if (!opts.benefit) throw userError('POL6007', [withAmount.join('、')]);
      const columns = benefitColumns(graph, opts.benefit);
      if (!columns) throw userError('POL6006', [opts.benefit, withAmount.join('、')]);
      const out = opts.out ?? `${opts.benefit}批量模板.${format}`;
      if (!out.toLowerCase().endsWith(`.${format}`)) throw userError('POL9064', [out, format]);
      if (existsSync(out) && !opts.force) throw userError('POL9012', [out]);
      const labels = columns.map((c) => c.label);
      if (format === 'csv') {
        const { csvLine } = await import('../../io/write.ts');
        writeFileAtomic(out, '\uFEFF' + csvLine(labels));
      } else {
        const ExcelJS = await (await import('../../io/xlsx.ts')).loadExcel();
        const wb = new ExcelJS.Workbook();
        const ws = wb.addWorksheet('申报', { views: [{ state: 'frozen', ySplit: 1 }] });
        ws.columns = labels.map((l) => ({ width: Math.max(12, Math.min(40, [...l].length * 2 + 2)) }));
        const head = ws.addRow(labels);
        head.font = { bold: true };
        for (const [i, c] of columns.entries()) head.getCell(i + 1).note = `对应字段 ${c.path}`;
        writeFileAtomic(out, new Uint8Array(await wb.xlsx.writeBuffer()));
      }
      process.stderr.write(`pol: ${formatMessage('POL9051', [opts.benefit, out, labels.length])}\n`);
      process.exitCode = EXIT.ok;
    });
}
