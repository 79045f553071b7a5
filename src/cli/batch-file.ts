/** Reading a `--batch` file for any command: its format from the name, its bytes, its rows — with clear errors. */
import { readFileSync } from 'node:fs';
import type { ExtraColumns, BatchInput, BatchRow } from '../eval/batch.ts';
import type { Application, EvalDiagnostic } from '../eval/types.ts';
import type { Graph } from '../ir/schema.ts';
import { EXIT, UserError, userError } from './io.ts';

export async function readBatchFile(graph: Graph, path: string, extra?: ExtraColumns): Promise<BatchInput> {
  const { formatOf, readBatch } = await import('../eval/batch.ts');
  const format = formatOf(path);
  if (!format) throw userError('POL3058', [{ zh: '批量文件', en: 'batch file' }, path]);
  let data: Uint8Array;
  try {
    data = readFileSync(path);
  } catch (e) {
    throw userError('POL4004', [path, (e as NodeJS.ErrnoException).code === 'ENOENT' ? { zh: '不存在', en: 'does not exist' } : (e as Error).message]);
  }
  try {
    return await readBatch(graph, data, format, extra);
  } catch (e) {
    throw userError('POL4004', [path, (e as Error).message]);
  }
}

/** One row as an application, or the line that says why it is skipped (`第 3 行：facts.x: …`). */
export function rowApplication(
  graph: Graph,
  r: BatchRow,
  validate: typeof import('../eval/schema.ts').validateApplication,
): { application: Application; warnings: EvalDiagnostic[] } | { bad: string } {
  if (r.error !== undefined) return { bad: `第 ${r.row} 行：${r.error}` };
  const v = validate(graph, r.raw);
  if (!v.ok) return { bad: `第 ${r.row} 行：${v.errors.map((e) => `${e.path}: ${e.message}`).join('；')}` };
  return { application: v.application, warnings: v.warnings };
}
