/** Text given on the command line (--note, --by, --reason, --doc-number), held to the intake limits of src/values/limits.ts. */
import { charCount, TEXT_LIMITS, withinChars } from '../values/limits.ts';
import { userError } from './io.ts';

/** Refuse (exit 1, POL9004) an option value longer than its limit. */
export function checkTextOption(flag: string, value: string | undefined, limit: keyof typeof TEXT_LIMITS): void {
  if (value === undefined) return;
  if (!withinChars(value, TEXT_LIMITS[limit])) throw userError('POL9004', [flag, charCount(value), TEXT_LIMITS[limit]]);
}
