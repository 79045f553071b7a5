// The streaming floor of bench/batch: read every row of a batch file and write one output row per input row,
// with the same libraries pol uses (line splitting + JSON.parse, csv-parse, exceljs's streaming reader and
// writer) and nothing else: no header mapping, validation or evaluation.
// node bench/lib/batch-floor.mjs IN OUT
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

const [inPath, outPath] = process.argv.slice(2);
const fmt = inPath.split('.').pop();

async function textOut(path) {
  const s = createWriteStream(path);
  let buf = '';
  return {
    async put(line) {
      buf += line + '\n';
      if (buf.length > 65536) {
        if (!s.write(buf)) await once(s, 'drain');
        buf = '';
      }
    },
    async end() {
      s.end(buf);
      await once(s, 'finish');
    },
  };
}

if (fmt === 'jsonl') {
  const out = await textOut(outPath);
  let n = 0;
  for await (const line of createInterface({ input: createReadStream(inPath, { encoding: 'utf8' }), crlfDelay: Infinity })) {
    if (!line) continue;
    const app = JSON.parse(line);
    app.row = ++n;
    await out.put(JSON.stringify(app));
  }
  await out.end();
} else if (fmt === 'csv') {
  const { parse } = await import('csv-parse');
  const out = await textOut(outPath);
  let n = 0;
  // eslint-disable-next-line
  for await (const rec of createReadStream(inPath).pipe(parse({ relax_column_count: true, bom: true }))) await out.put(`${++n},${rec.join(',')}`);
  await out.end();
} else {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: outPath, useSharedStrings: false });
  const ws = wb.addWorksheet('out');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(inPath, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' });
  for await (const sheet of reader) {
    for await (const row of sheet) ws.addRow([row.number, ...row.values.slice(1)]).commit();
    break;
  }
  ws.commit();
  await wb.commit();
}
