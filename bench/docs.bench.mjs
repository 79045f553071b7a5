// bench/docs: 1,000 award certificates as PDF and as DOCX — documents per second and bytes per PDF — with, in the
// same run, a bare pdfmake document of the same text and font as the baseline.
// Targets: ≥ 50 PDF certificates per second on this 2-core machine, ≤ 40 KB per one-page certificate, and
// pol's own work (validation, evaluation, template, model, layout, font check) ≤ 1.25× a bare pdfmake document.
//
// Throughput: the 1,000 certificates go through the batch path of `pol doc --batch` (one worker thread per core,
// worker start-up included). Overhead: one thread, pol's renderDocument against pdfmake given only the text
// of the same certificate (its paragraphs and table cells) in the same font, alternating in rounds; the ratio is
// the median of the per-round ratios. The baseline uses the font as pol shares it (parsed once per process);
// pdfmake's stock use of the same TTF (the file's bytes handed over per document, parsed each time) is shown too.
// Runs the built dist/ (npm run build first).
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const { compile, renderDocument, buildModel } = await import(resolve(root, 'dist/src/index.js'));
const { renderBatch } = await import(resolve(root, 'dist/src/documents/batch.js'));
const { pdfEngine } = await import(resolve(root, 'dist/src/documents/to-pdf.js'));
const { loadFonts, fontPath } = await import(resolve(root, 'dist/src/documents/fonts.js'));

const N = Number(process.env.BENCH_DOCS_N ?? 1000);
const ROUNDS = 5;
const PER_ROUND = 40;
const opts = { benefit: '品牌推广扶持', issued: '2024-01-01', date: '2025-03-10' };

const { graph } = compile(readFileSync(resolve(root, 'dsl/guangzhou-cbec.pol'), 'utf8'), 'dsl/guangzhou-cbec.pol');
if (!graph) throw new Error('the seed does not compile');

// ---- 1,000 eligible applications with varied names (so every subset differs)
let seed = 20250310;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const CHARS = '华南粤海珠江天河白云黄埔番禺花都南沙从化增城越秀荔湾信达恒通宏远新创联合智汇明德启航锦程泰丰盛隆鑫源博睿嘉禾瑞祥永安凯旋';
const SUFFIX = ['科技有限公司', '贸易有限公司', '电子商务有限公司', '供应链管理有限公司', '跨境电商股份有限公司'];
const name = () => `广州${Array.from({ length: 2 + Math.floor(rnd() * 3) }, () => CHARS[Math.floor(rnd() * CHARS.length)]).join('')}${SUFFIX[Math.floor(rnd() * SUFFIX.length)]}`;
const apps = Array.from({ length: N }, (_, i) => {
  const fee = 10_000 + Math.floor(rnd() * 1_900_000);
  const ceilingFen = Math.min(fee * 50, 100_000_000); // 50% of the fee, at most 100万元
  return {
    date: '2025-03-01',
    applicant: { id: `91440101MA5${String(i).padStart(7, '0')}`, name: name(), kind: 'enterprise', district: '天河区' },
    project: `P-${i}`,
    facts: { 推广费用: fee },
    lists: { 品牌出海企业: { member: true } },
    grantedFen: ceilingFen - Math.floor(rnd() * Math.min(ceilingFen, 100_000)),
  };
});

// ---- throughput: the batch path, every core
async function batch(format, threads = availableParallelism(), extra = {}, count = N) {
  const bytes = [];
  const t0 = performance.now();
  await renderBatch('certificate', graph, apps.slice(0, count).map((raw, index) => ({ index, raw })), { ...opts, ...extra }, format, {
    threads,
    onResult: (r) => {
      if (!r.ok) throw new Error(`certificate ${r.index} refused: ${JSON.stringify(r.problems ?? r.internal)}`);
      bytes.push((r.pdf ?? r.docx).length);
      if (r.pdf && (Buffer.from(r.pdf).toString('latin1').match(/\/Type \/Page\b/g) ?? []).length !== 1) throw new Error(`certificate ${r.index} is not one page`);
    },
  });
  const seconds = (performance.now() - t0) / 1000;
  return { perSec: count / seconds, seconds, avg: bytes.reduce((a, b) => a + b, 0) / bytes.length, max: Math.max(...bytes) };
}
const pdf = await batch('pdf');
// the default -j is chosen from this: one thread against one per core, the same 1,000 PDFs
const pdfOneThread = await batch('pdf', 1);
// DOCX without the embedded font subsets (the layout and the writer), then with them (each worker reads each
// 15 MB font into harfbuzz once, then subsets by character set: about a millisecond each)
const docx = await batch('docx', availableParallelism(), { embedFonts: false });
const docxEmbedded = await batch('docx', availableParallelism());

// ---- overhead: one thread, pol against bare pdfmake with the same text and font
const { pdfmake } = pdfEngine();
const faces = loadFonts();
pdfmake.virtualfs.writeFileSync('stock-regular.ttf', readFileSync(fontPath('normal')));
pdfmake.virtualfs.writeFileSync('stock-bold.ttf', readFileSync(fontPath('bold')));
void faces;

/**
 * The text of a certificate's model as a plain pdfmake document: the title in the bold weight (as pol sets it),
 * paragraphs and a table in the regular weight, nothing else (no frame, spacing, justification or seal).
 */
function bare(model, family) {
  const content = [];
  for (const b of model.blocks) {
    if (b.type === 'table') content.push({ table: { widths: ['auto', '*'], body: b.rows.map((r) => r.map((c) => ({ text: c }))) } });
    else if (b.type === 'signature') content.push({ text: b.unit }, { text: b.date });
    else if (b.type === 'title') content.push({ text: b.text, bold: true, fontSize: 36 });
    else if ('text' in b) content.push({ text: b.text });
  }
  return { pageSize: 'A4', pageMargins: 85, defaultStyle: { font: family, fontSize: 16 }, content };
}
const models = [];
for (const app of apps.slice(0, PER_ROUND)) models.push((await buildModel('certificate', graph, app, opts)).model);

async function time(fn) {
  const t0 = performance.now();
  for (let i = 0; i < PER_ROUND; i++) await fn(i);
  return (performance.now() - t0) / PER_ROUND;
}
const polDoc = (i) => renderDocument('certificate', graph, apps[i], 'pdf', opts);
const bareShared = (i) => {
  pdfmake.setFonts({ NotoSerifSC: { normal: 'NotoSerifSC-normal', bold: 'NotoSerifSC-bold' } });
  return pdfmake.createPdf(bare(models[i], 'NotoSerifSC')).getBuffer();
};
const bareStock = (i) => {
  pdfmake.setFonts({ Stock: { normal: 'stock-regular.ttf', bold: 'stock-bold.ttf' } });
  return pdfmake.createPdf(bare(models[i], 'Stock')).getBuffer();
};
await time(polDoc);
await time(bareShared); // warm-up
const ratios = [];
const polMs = [];
const bareMs = [];
for (let r = 0; r < ROUNDS; r++) {
  const b = await time(bareShared);
  const p = await time(polDoc);
  bareMs.push(b);
  polMs.push(p);
  ratios.push(p / b);
}
const stockMs = await time(bareStock);
const bareSize = (await bareShared(0)).length;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const result = {
  bench: 'docs',
  certificates: N,
  cores: availableParallelism(),
  pdfPerSec: Math.round(pdf.perSec),
  pdfPerSecOneThread: Math.round(pdfOneThread.perSec),
  targetPdfPerSec: 50,
  docxPerSec: Math.round(docx.perSec),
  docxEmbeddedPerSec: Math.round(docxEmbedded.perSec * 10) / 10,
  docxEmbeddedBytesAvg: Math.round(docxEmbedded.avg),
  pdfBytesAvg: Math.round(pdf.avg),
  pdfBytesMax: pdf.max,
  targetPdfBytes: 40 * 1024,
  docxBytesAvg: Math.round(docx.avg),
  polMsPerPdf: +median(polMs).toFixed(2),
  barePdfmakeMsPerPdf: +median(bareMs).toFixed(2),
  barePdfmakeBytes: bareSize,
  overVsBarePdfmake: +median(ratios).toFixed(2),
  targetOverVsBarePdfmake: 1.25,
  stockPdfmakeMsPerPdf: +stockMs.toFixed(2),
};
console.log(
  `${N} certificates (one page each) on ${result.cores} cores, worker start-up included\n` +
    `PDF:  ${result.pdfPerSec}/s (target ≥ 50), ${(pdf.avg / 1024).toFixed(1)} KB average, ${(pdf.max / 1024).toFixed(1)} KB largest (target ≤ 40 KB)\n` +
    `PDF, one thread (-j 1): ${result.pdfPerSecOneThread}/s\n` +
    `DOCX: ${result.docxPerSec}/s, ${(docx.avg / 1024).toFixed(1)} KB average (fonts not embedded); with the fonts embedded ${result.docxEmbeddedPerSec}/s, ${(docxEmbedded.avg / 1024).toFixed(1)} KB average\n` +
    `one thread: pol ${result.polMsPerPdf} ms per PDF, bare pdfmake (same text and font) ${result.barePdfmakeMsPerPdf} ms → ${result.overVsBarePdfmake}× (target ≤ 1.25×)\n` +
    `pdfmake's stock use of the same TTF (parsed per document): ${result.stockPdfmakeMsPerPdf} ms per PDF`,
);
console.log(JSON.stringify(result));
