/** A revised copy of the seed, as a drafter would make it: 征求意见稿 → 正式 and a few real edits. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../support/cli.ts';

export const SEED_FILE = 'dsl/guangzhou-cbec.pol';
export const SEED = readFileSync(join(ROOT, SEED_FILE), 'utf8');

function replaceOnce(s: string, a: string, b: string): string {
  if (s.split(a).length !== 2) throw new Error(`expected exactly one "${a}" in the seed`);
  return s.replace(a, b);
}

/** The official version: issued 2024-03-01, a raised cap, a changed unit, one more measure. */
export function revisedSeed(): string {
  let s = SEED;
  s = replaceOnce(s, '状态：征求意见稿', '状态：正式\n  印发：2024-03-01\n  文号："穗商务规字〔2024〕1号"');
  // measure 3: the annual cap raised from 100万元 to 120万元, the rate from 50% to 60%
  s = replaceOnce(s, '推广费用 × 50%，不超过 100万元', '推广费用 × 60%，不超过 120万元');
  // measure 3: the market regulator no longer cooperates, the science bureau does
  s = replaceOnce(s, '  配合：市市场监管局，各区政府，广州空港委\n  扶持 品牌推广扶持', '  配合：市科技局，各区政府，广州空港委\n  扶持 品牌推广扶持');
  // measure 16 retitled
  s = replaceOnce(s, '措施 16 "加大行业宣传推广"', '措施 16 "加大跨境电商行业宣传推广"');
  // a new measure 18, with its lead and cooperating units
  s = replaceOnce(
    s,
    '# 审批流程',
    '措施 18 "支持跨境电商人才实训基地建设" {\n  原文："支持建设跨境电商人才实训基地。（市人力资源社会保障局牵头，市商务局配合）"\n  牵头：市人力资源社会保障局\n  配合：市商务局\n}\n\n# 审批流程',
  );
  return s;
}
