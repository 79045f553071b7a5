/**
 * One document per application, many applications: rendered in worker threads (one per core) so a
 * batch uses the whole machine; each worker loads the fonts and templates once. A row that cannot be
 * made (invalid data, a certificate above its ceiling …) comes back with its problems and the others
 * go on. Documents are pure functions of (graph, application, options), so the same split works
 * across machines through any job queue.
 */
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Graph } from '../ir/schema.ts';
import { readApplication } from './application.ts';
import { DocumentError, type DocumentProblem } from './errors.ts';
import { loadFonts } from './fonts.ts';
import type { DocFormat } from './index.ts';
import type { DocKind } from './model.ts';
import type { DocOptions } from './views.ts';

export interface BatchTask {
  index: number;
  raw: unknown;
}

export type BatchResult =
  | { index: number; ok: true; pdf?: Uint8Array; docx?: Uint8Array; warnings: DocumentProblem[] }
  | { index: number; ok: false; problems: DocumentProblem[]; internal?: string };

/** Render one application (in a worker or in this thread). */
export async function renderOne(kind: DocKind, graph: Graph, task: BatchTask, opts: DocOptions, format: DocFormat): Promise<BatchResult> {
  try {
    const { buildModelFrom, writeModel } = await import('./index.ts');
    const data = readApplication(graph, task.raw);
    const { model, warnings } = await buildModelFrom(kind, graph, data, opts);
    const files = await writeModel(model, format, { ...(opts.date ? { date: opts.date } : {}), ...(opts.seal ? { seal: opts.seal } : {}), ...(opts.embedFonts === false ? { embedFonts: false } : {}) });
    return { index: task.index, ok: true, ...files, warnings };
  } catch (e) {
    if (e instanceof DocumentError) return { index: task.index, ok: false, problems: e.problems };
    return { index: task.index, ok: false, problems: [], internal: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * The default number of rendering threads: the cores other work leaves free (cores − 1-minute load
 * average, at least 1). Measured on the project's 2-core machine under a load of 5–20 from other
 * work, one thread beat one per core in every run (12 vs 5 certificates/s at load 20; 48 vs 39/s at
 * load 5–9, review of 2026-11-27): each worker parses the two 15 MB fonts again and competes for the
 * same busy cores. On an idle machine every core is used. `-j N` overrides.
 */
export function spareCores(): number {
  return Math.max(1, Math.min(availableParallelism(), Math.round(availableParallelism() - (loadavg()[0] ?? 0))));
}

export interface BatchRun {
  /**
   * Threads that render, this one included: this thread renders too and `threads − 1` worker threads
   * help it. Default: the spare cores (`spareCores()`) for a batch of a dozen or more, else this thread alone.
   */
  threads?: number;
  /** Called as each document is done (in completion order). */
  onResult: (r: BatchResult) => void | Promise<void>;
}

/**
 * The worker module: the compiled dist/src/documents/worker.js of this package, found from here whether
 * this code runs from dist/src, from a bundled chunk in dist/bin, or from the TypeScript sources
 * (then only once built). Undefined when there is none: documents are then made in this thread.
 */
function workerUrl(): URL | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json'))) {
      const p = join(dir, 'dist/src/documents/worker.js');
      return existsSync(p) ? pathToFileURL(p) : undefined;
    }
    dir = dirname(dir);
  }
  return undefined;
}

/** Render every task; resolves when all are done. */
export async function renderBatch(kind: DocKind, graph: Graph, tasks: BatchTask[], opts: DocOptions, format: DocFormat, run: BatchRun): Promise<void> {
  const url = workerUrl();
  // a worker costs about a second to start (fonts, templates): small batches stay in this thread
  const threads = run.threads ?? (tasks.length >= 12 ? spareCores() : 1);
  const count = url ? Math.max(0, Math.min(threads - 1, Math.ceil(tasks.length / 8))) : 0;
  const queue = [...tasks];
  const CHUNK = 4;
  let failure: unknown;

  // this thread takes one task at a time from the same queue as the workers; between two it yields to
  // the event loop (rendering settles through promises only, and the workers' messages would wait)
  const local = async (): Promise<void> => {
    for (let t = queue.shift(); t && failure === undefined; t = queue.shift()) {
      await run.onResult(await renderOne(kind, graph, t, opts, format));
      if (count > 0) await new Promise((r) => setImmediate(r));
    }
  };

  const helpers = new Promise<void>((resolveAll, rejectAll) => {
    if (count === 0) return resolveAll();
    // the fonts' bytes, read before the workers start, are theirs too (fonts.ts: not read again by each)
    loadFonts();
    let live = count;
    const workers: Worker[] = [];
    const fail = (e: unknown): void => {
      if (failure !== undefined) return;
      failure = e;
      for (const x of workers) void x.terminate();
      rejectAll(e);
    };
    const feed = (w: Worker): void => {
      const chunk = failure === undefined ? queue.splice(0, CHUNK) : [];
      w.postMessage(chunk.length ? { type: 'tasks', tasks: chunk } : { type: 'exit' });
    };
    for (let i = 0; i < count; i++) {
      const w = new Worker(url!, { workerData: { kind, graph, opts, format } });
      workers.push(w);
      w.on('message', (results: BatchResult[]) => {
        void (async () => {
          try {
            for (const r of results) await run.onResult(r);
            feed(w);
          } catch (e) {
            fail(e);
          }
        })();
      });
      w.on('error', fail);
      w.on('exit', () => {
        if (--live === 0 && failure === undefined) resolveAll();
      });
      feed(w);
    }
  });
  await Promise.all([local(), helpers]);
  if (failure !== undefined) throw failure;
}
