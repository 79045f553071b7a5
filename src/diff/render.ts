/** A policy diff as Chinese text, grouped by what changed. */
import type { ChangeArea, PolicyDiff } from './diff.ts';

const HEADINGS: [ChangeArea[], string][] = [
  [['policy'], '政策'],
  [['measure', 'clause'], '措施与责任单位'],
  [['benefit'], '扶持项目（金额、比例、上限、条件）'],
  [['rule'], '规则'],
  [['unit', 'kind', 'list', 'input'], '单位、申报主体、名单与申报事实'],
  [['workflow'], '流程'],
  [['other'], '其他'],
];

export function renderDiff(d: PolicyDiff): string {
  const head = `${d.old.file}（${d.old.policy}）→ ${d.new.file}（${d.new.policy}）`;
  if (d.same) return `${head}\n两者编译后的规则相同。\n`;
  const lines = [`${head}\n共 ${d.changes.length} 处不同：`];
  for (const [areas, title] of HEADINGS) {
    const cs = d.changes.filter((c) => areas.includes(c.area));
    if (cs.length === 0) continue;
    lines.push('', title);
    for (const c of cs) lines.push(`  · ${c.text}`);
  }
  return lines.join('\n') + '\n';
}
