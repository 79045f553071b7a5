/**
 * Printing evaluation results for people: the Chinese summary of `pol eval`, and the indented
 * trace tree of `pol explain` (benefit → conditions, amount, caps → the nodes they read).
 */
import type { Graph } from '../ir/schema.ts';
import { measureCitation } from '../values/numerals.ts';
import type { EvalOutput, EvalResult, TraceEntry } from './types.ts';
import { formatMoney } from '../values/money.ts';

function verdict(r: EvalResult): string {
  return r.eligible ? `符合，上限 ${formatMoney(r.ceilingFen)}` : '不符合';
}

/** The readable summary of one evaluation: one block per benefit with its reasons. */
export function summaryText(graph: Graph, out: EvalOutput): string {
  const lines = [`${graph.policy.title}（${out.policy}）  申报日期 ${out.date}`];
  for (const d of out.diagnostics) lines.push(`${d.severity === 'error' ? '错误' : '注意'}：${d.message}`);
  for (const r of out.results) {
    const b = graph.benefits.find((x) => x.id === r.benefit);
    lines.push('', `${r.eligible ? '✓' : '✗'} ${r.benefit}「${b?.title ?? ''}」（${measureCitation(r.measure)}）：${verdict(r)}`);
    for (const reason of r.reasons) lines.push(`    ${reason}`);
  }
  const total = out.results.reduce((s, r) => s + (r.eligible ? r.ceilingFen : 0), 0);
  const n = out.results.filter((r) => r.eligible).length;
  lines.push('', `合计：${n} 项符合，上限合计 ${formatMoney(total)}`);
  return lines.join('\n') + '\n';
}

/** The trace of one benefit as an indented tree a person can follow. */
export function explainTree(graph: Graph, out: EvalOutput, benefitId: string): string | undefined {
  const r = out.results.find((x) => x.benefit === benefitId);
  const b = graph.benefits.find((x) => x.id === benefitId);
  if (!r || !b) return undefined;
  const byId = new Map<string, TraceEntry>(r.trace.map((t) => [t.node, t]));
  const lines = [`${b.id}「${b.title}」（${measureCitation(b.measure)}）`, `结论：${verdict(r)}`];

  type Item = { label: string; children: Item[] };
  const nodeItem = (id: string, depth = 0): Item => {
    const t = byId.get(id);
    if (!t) return { label: id, children: [] };
    const tag = t.op === 'input' ? ' 〔输入〕' : t.op === 'define' ? ' 〔计算项〕' : t.op === 'literal' ? '' : ` 〔${OP_WORDS[t.op] ?? t.op}〕`;
    const label = t.op === 'literal' ? t.display : `${t.text} = ${t.display}${tag}`;
    return { label, children: depth > 40 ? [] : t.args.map((a) => nodeItem(a, depth + 1)) };
  };
  const items: Item[] = [];
  const kinds = b.applicants.map((k) => graph.kinds.find((x) => x.code === k)?.title ?? k).join('、');
  items.push({ label: `对象：${kinds}`, children: [] });
  for (const c of b.conditions) items.push({ label: `条件 ${nodeItem(c.node).label}`, children: nodeItem(c.node).children });
  if (b.base) items.push({ label: `金额 ${nodeItem(b.base).label}`, children: nodeItem(b.base).children });
  b.caps.forEach((c, k) => {
    const scope = c.scope === 'perYear' ? '（每年）' : c.scope === 'total' ? '（累计）' : '';
    const left = byId.get(`cap:${b.id}/${k + 1}`);
    const rest = left && c.scope !== 'once' ? `，${left.text.match(/（(.*)）$/)?.[1] ?? ''}，尚余 ${left.display}` : '';
    items.push({ label: `上限${scope} ${nodeItem(c.node).label}${rest}`, children: nodeItem(c.node).children });
  });
  const final = byId.get(`benefit:${b.id}`);
  if (final) items.push({ label: `可获上限 = ${final.display}${b.base || b.caps.length > 1 ? '（金额与各上限余额中的最小者）' : ''}`, children: [] });
  items.push({ label: '理由', children: r.reasons.map((x) => ({ label: x, children: [] })) });

  const draw = (xs: Item[], prefix: string) => {
    xs.forEach((x, i) => {
      const last = i === xs.length - 1;
      lines.push(`${prefix}${last ? '└─ ' : '├─ '}${x.label}`);
      draw(x.children, prefix + (last ? '   ' : '│  '));
    });
  };
  draw(items, '');
  return lines.join('\n') + '\n';
}

const OP_WORDS: Record<string, string> = {
  add: '加',
  sub: '减',
  mul: '乘',
  div: '除',
  cmp: '比较',
  and: '且',
  or: '或',
  not: '非',
  if: '若…则…否则',
  member: '入选',
  firstEntry: '首次入选',
  since: '距今',
  growth: '增长率',
  tiers: '分档',
  steps: '每满',
};
