/**
 * A batch worker thread: receives chunks of applications, renders each (fonts and templates loaded
 * once per thread), and posts the bytes back with their buffers transferred, not copied.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Graph } from '../ir/schema.ts';
import { renderOne, type BatchResult, type BatchTask } from './batch.ts';
import type { DocFormat } from './index.ts';
import type { DocKind } from './model.ts';
import type { DocOptions } from './views.ts';

const { kind, graph, opts, format } = workerData as { kind: DocKind; graph: Graph; opts: DocOptions; format: DocFormat };

parentPort!.on('message', (msg: { type: 'tasks'; tasks: BatchTask[] } | { type: 'exit' }) => {
  if (msg.type === 'exit') {
    parentPort!.close();
    return;
  }
  void (async () => {
    const results: BatchResult[] = [];
    for (const t of msg.tasks) results.push(await renderOne(kind, graph, t, opts, format));
    const transfer: ArrayBuffer[] = [];
    // own each file's memory before transferring it (a pooled Buffer shares its ArrayBuffer with others)
    const owned = (b: Uint8Array | undefined): Uint8Array | undefined => {
      if (!b) return b;
      const copy = b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && b.buffer instanceof ArrayBuffer ? b : b.slice();
      transfer.push(copy.buffer as ArrayBuffer);
      return copy;
    };
    for (const r of results) {
      if (!r.ok) continue;
      r.pdf = owned(r.pdf);
      r.docx = owned(r.docx);
    }
    parentPort!.postMessage(results, transfer);
  })();
});
