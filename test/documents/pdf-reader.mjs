/**
 * The worker behind test/documents/support.ts `readPdf`: reads PDFs with pdfjs-dist in this thread, so the
 * polyfills of pdfjs's legacy build (core-js: Array.prototype.push, JSON.parse and Function.prototype.toString
 * replaced, globals such as pdfjsLib, DOMMatrix and Iterator added) never reach the test worker, whose module
 * graph and globals the test files share (isolate: false). Here, the replaced built-ins are put back after
 * pdfjs loads (core-js's push, kept, made every push of pdfjs several times slower); what it added stays.
 */
import Module from 'node:module';
import { parentPort } from 'node:worker_threads';

const natives = [
  [Array.prototype, 'push'],
  [JSON, 'parse'],
  [Function.prototype, 'toString'],
].map(([owner, key]) => [owner, key, Object.getOwnPropertyDescriptor(owner, key)]);
// pdfjs's Node build loads @napi-rs/canvas (a native module: about a fifth of this thread's start) to polyfill
// DOMMatrix, ImageData and Path2D, which only drawing a page uses; text and operator lists need none of them.
// Refused while pdfjs loads, and its warnings about it (console.log) left unsaid.
const { _load: load } = Module;
const { log } = console;
Module._load = function (request, ...rest) {
  if (request === '@napi-rs/canvas') throw new Error('no page is drawn here');
  return load.call(this, request, ...rest);
};
console.log = (...args) => (/@napi-rs\/canvas|Cannot polyfill/.test(String(args[0])) ? undefined : log(...args));
const { getDocument, OPS } = await import('pdfjs-dist/legacy/build/pdf.mjs');
Module._load = load;
console.log = log;
for (const [owner, key, descriptor] of natives) Object.defineProperty(owner, key, descriptor);

/** Every page of a PDF with its text items (see PdfPage in support.ts). */
async function read(data) {
  const doc = await getDocument({ data, verbosity: 0, isEvalSupported: false }).promise;
  try {
    const pages = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i);
      const [x0, y0, x1, y1] = page.view;
      const height = y1 - y0;
      const items = [];
      for (const it of (await page.getTextContent()).items) {
        if (!it.str) continue;
        items.push({ str: it.str, x: it.transform[4], top: height - it.transform[5], size: Math.hypot(it.transform[0], it.transform[1]), width: it.width });
      }
      pages.push({ width: x1 - x0, height, items });
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}

/** The colours set and the paths drawn on one page, in drawing order (see PdfDrawing in support.ts). */
async function drawing(data, pageNumber) {
  const doc = await getDocument({ data, verbosity: 0, isEvalSupported: false }).promise;
  try {
    const ops = await (await doc.getPage(pageNumber)).getOperatorList();
    const out = { fills: [], strokes: [], paths: [] };
    ops.fnArray.forEach((fn, i) => {
      const a = ops.argsArray[i];
      if (fn === OPS.setFillRGBColor) out.fills.push(Object.values(a));
      if (fn === OPS.setStrokeRGBColor) out.strokes.push(Object.values(a));
      if (fn === OPS.constructPath) out.paths.push(Array.from(a[1]));
    });
    return out;
  } finally {
    await doc.destroy();
  }
}

parentPort.on('message', ({ id, data, page }) => {
  (page === undefined ? read(data) : drawing(data, page)).then(
    (result) => parentPort.postMessage({ id, result }),
    (e) => parentPort.postMessage({ id, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) }),
  );
});
