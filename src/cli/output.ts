/**
 * Where a command may write. One rule set for every output path of the CLI:
 * - never over one of the command's inputs (`pol eval --batch a.csv --out a.csv`), even with --force;
 * - never over an existing .pol (`pol compile p.pol -o p.pol` would replace the policy with its graph);
 * - documents (`pol doc`, `pol wf docs`) never over an existing file unless --force.
 * Checked before anything is written, so a refusal leaves every file as it was.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { userError } from './io.ts';

export interface OutputRules {
  /** Files the command reads: the output may not be one of them. */
  inputs?: readonly (string | undefined)[];
  /** An existing file is refused unless `force` (documents); otherwise it is replaced (generated files). */
  refuseExisting?: boolean;
  force?: boolean;
}

/** The same file on disk (following links), or the same path when it does not exist yet. */
function sameFile(a: string, b: string): boolean {
  try {
    const sa = statSync(a);
    const sb = statSync(b);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return resolve(a) === resolve(b);
  }
}

/** Refuse, with a coded message and exit 1, an output path that breaks the rules above. */
export function checkOutputFile(path: string, rules: OutputRules = {}): void {
  for (const input of rules.inputs ?? []) {
    if (input !== undefined && input !== '-' && sameFile(path, input)) throw userError('POL9010', [path]);
  }
  const exists = existsSync(path);
  if (exists && statSync(path).isDirectory()) throw userError('POL9013', [path]);
  if (exists && extname(path).toLowerCase() === '.pol') throw userError('POL9011', [path]);
  if (exists && rules.refuseExisting && !rules.force) throw userError('POL9012', [path]);
}

/** checkOutputFile for every path, before any is written. */
export function checkOutputFiles(paths: readonly string[], rules: OutputRules = {}): void {
  for (const p of paths) checkOutputFile(p, rules);
  const seen = new Set<string>();
  for (const p of paths) {
    const key = realKey(p);
    if (seen.has(key)) throw userError('POL9012', [p]);
    seen.add(key);
  }
}

function realKey(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
}
