/** Batch files for any command: io's readers and writers, their file-level errors turned into exit 1 with the code. */
import type { ExtraColumns } from '../io/columns.ts';
import type { BatchRow } from '../io/read.ts';
import type { Application, EvalDiagnostic } from '../eval/types.ts';
import type { Validated } from '../eval/validator.ts';
import type { Graph } from '../ir/schema.ts';
import { userError } from './io.ts';

/** Run `f`, turning a BatchFileError into a UserError (exit 1) that shows its code. */
export async function batchErrors<T>(f: () => Promise<T>): Promise<T> {
  const { BatchFileError } = await import('../io/errors.ts');
  try {
    return await f();
  } catch (e) {
    if (e instanceof BatchFileError) throw userError(e.code, e.args);
    throw e;
  }
}

/** A note on stderr when a text batch was not UTF-8. */
export async function encodingNote(path: string, encoding: string | undefined): Promise<string | undefined> {
  if (encoding !== 'gb18030') return undefined;
  const { codedMessage } = await import('../diagnostics/catalog.ts');
  return codedMessage('POL4202', [path]);
}

/** Every row of a `--batch` file (documents), with clear errors. */
export async function readBatchFile(graph: Graph, path: string, extra?: ExtraColumns): Promise<{ rows: BatchRow[]; notes: string[] }> {
  const { readAllRows } = await import('../io/read.ts');
  const { rows, encoding } = await batchErrors(() => readAllRows(graph, path, extra ? { extra } : {}));
  const note = await encodingNote(path, encoding);
  return { rows, notes: note ? [note] : [] };
}

/**
 * `--batch -`: JSON Lines on standard input, copied to a private temporary file that the streaming reader
 * reads like any batch file; `done()` removes it.
 */
export async function stdinBatch(): Promise<{ path: string; done(): void }> {
  const { mkdtempSync, rmSync, createWriteStream } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { pipeline } = await import('node:stream/promises');
  const dir = mkdtempSync(join(tmpdir(), 'pol-stdin-'));
  const path = join(dir, 'stdin.jsonl');
  await pipeline(process.stdin, createWriteStream(path));
  return { path, done: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * One row as an application, or the line that says why it is skipped (`第 3 行：facts.x: …`); undefined when
 * `validate` leaves the row undecided (the compiled check alone, `acceptApplication`, refusing it).
 */
export function rowApplication(
  graph: Graph,
  r: BatchRow,
  validate: (graph: Graph, raw: unknown) => Validated | undefined,
): { application: Application; warnings: EvalDiagnostic[] } | { bad: string } | undefined {
  if (r.error !== undefined) return { bad: `第 ${r.row} 行：${r.error}` };
  const v = validate(graph, r.raw);
  if (!v) return undefined;
  if (!v.ok) return { bad: `第 ${r.row} 行：${v.errors.map((e) => `${e.path}: ${e.message}`).join('；')}` };
  return { application: v.application, warnings: v.warnings };
}
