/** A batch file that cannot be read or written as a whole: a catalog code and its arguments (the CLI words it). */
import { formatMessage, type Code, type MessageArg } from '../diagnostics/catalog.ts';

export class BatchFileError extends Error {
  constructor(
    readonly code: Code,
    readonly args: readonly MessageArg[],
  ) {
    super(formatMessage(code, args));
  }
}

/** Bytes as people read them: 2.1 GB, 312 KB. */
export function sizeText(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${Math.ceil(n / 1024)} KB`;
}
