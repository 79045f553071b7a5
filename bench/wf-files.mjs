// Shared by bench/workflow and bench/wf-cli: file n applications for 品牌推广扶持 through the library.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const lib = await import(resolve(root, 'dist/src/index.js'));
const { withUsccCheck } = await import(resolve(root, 'dist/src/values/uscc.js'));

/** File n applications (valid 统一社会信用代码, one project each) in a new database; their ids and the filing rate. */
export async function fileBrandApplications(db, graph, n) {
  const store = await lib.openStore(db, { create: true });
  const filing = await lib.prepareFiling(store, graph, '品牌推广扶持', '2024-01-01');
  const ids = [];
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const app = {
      date: '2025-03-03',
      applicant: { id: withUsccCheck(`91440101MA59${String(i).padStart(5, '0')}`), name: `企业${i}`, kind: 'enterprise', district: '天河区' },
      project: `P-${i}`,
      facts: { 推广费用: 100_000 + i },
      lists: { 品牌出海企业: { member: true } },
    };
    const r = await lib.fileApplication(store, filing, app, { today: '2025-03-03', by: 'bench' });
    if (!r.ok) throw new Error(r.error.message);
    ids.push(r.record.id);
  }
  const ms = performance.now() - t0;
  await store.close();
  return { ids, perSec: n / (ms / 1000) };
}
