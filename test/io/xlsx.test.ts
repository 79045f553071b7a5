/**
 * Excel batches read through exceljs's streaming reader alone (src/io/xlsx.ts): a Chinese character that a zip
 * chunk splits in two comes out whole (exceljs 4.4 decodes each chunk on its own; pol's streaming decoder fixes it).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadExcel, xlsxRows } from '../../src/io/xlsx.ts';

it('reads 3,000 Chinese names from a sheet whose XML spans many chunks, none with U+FFFD', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'pol-xlsx-')), 'names.xlsx');
  // exceljs as pol loads it (its decoder fixed before any of its modules loads). Every test file loads exceljs
  // this way: the files of a worker share its modules, and one that imported exceljs itself first would leave
  // the reader the unfixed decoder (exceljs's parse-sax.js takes it when it loads)
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('申报');
  ws.addRow(['申报单位名称', '序号']);
  for (let i = 0; i < 3000; i++) ws.addRow([`广州市天河区跨境电子商务集团股份有限公司第${i}号`, i]);
  await wb.xlsx.writeFile(file);
  const names: string[] = [];
  for await (const batch of xlsxRows(file)) for (const r of batch) if (typeof r.cells[0] === 'string' && r.row > 1) names.push(r.cells[0]);
  expect(names.filter((n) => n.includes('\ufffd'))).toEqual([]);
  expect(names).toHaveLength(3000);
  expect(names[2999]).toBe('广州市天河区跨境电子商务集团股份有限公司第2999号');
});
