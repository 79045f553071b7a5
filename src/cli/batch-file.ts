/** Reading a `--batch` file for any command: its format from the name, its bytes, its rows — with clear errors. */
import { readFileSync } from 'node:fs';
import type { ExtraColumns, BatchInput } from '../eval/batch.ts';
import type { Graph } from '../ir/schema.ts';
import { EXIT, UserError } from './io.ts';

export async function readBatchFile(graph: Graph, path: string, extra?: ExtraColumns): Promise<BatchInput> {
  const { formatOf, readBatch } = await import('../eval/batch.ts');
  // `-`: JSON Lines on standard input
  const format = path === '-' ? 'jsonl' : formatOf(path);
  if (!format) throw new UserError(`无法识别批量文件 ${path} 的格式：应为 .jsonl、.csv 或 .xlsx`, EXIT.input);
  let data: Uint8Array;
  try {
    data = readFileSync(path === '-' ? 0 : path);
  } catch (e) {
    throw new UserError(`无法读取批量文件 ${path}：${(e as NodeJS.ErrnoException).code === 'ENOENT' ? '不存在' : (e as Error).message}`, EXIT.input);
  }
  try {
    return await readBatch(graph, data, format, extra);
  } catch (e) {
    throw new UserError(`无法读取批量文件 ${path}：${(e as Error).message}`, EXIT.input);
  }
}
