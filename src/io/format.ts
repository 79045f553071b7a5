/** Batch file formats, told by the file name. */
import { extname } from 'node:path';

export type BatchFormat = 'jsonl' | 'csv' | 'xlsx';

export function formatOf(path: string): BatchFormat | undefined {
  const ext = extname(path).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.csv') return 'csv';
  if (ext === '.xlsx') return 'xlsx';
  return undefined;
}
