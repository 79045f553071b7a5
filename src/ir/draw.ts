/**
 * Pictures of the rule graph: measures, clauses, units, benefits and the inputs and lists they read,
 * as Mermaid (for Markdown) and as Graphviz DOT (rendered to SVG by the demo).
 */
import type { Graph } from './schema.ts';
import { printExpr } from './prose.ts';
import { moneyInScale } from '../values/money.ts';
import { chineseNumber } from '../values/numerals.ts';

export type DrawFormat = 'mermaid' | 'dot';

interface Picture {
  clusters: { id: string; label: string; nodes: { id: string; label: string; shape: 'box' | 'round' | 'note' | 'diamond' }[] }[];
  loose: { id: string; label: string; shape: 'box' | 'round' | 'note' | 'diamond' }[];
  links: { from: string; to: string; label?: string; dashed?: boolean }[];
}

/** What the picture shows, independent of the notation. */
function picture(g: Graph): Picture {
  const pic: Picture = { clusters: [], loose: [], links: [] };
  const ids = new Map<string, string>();
  const sid = (key: string) => {
    let v = ids.get(key);
    if (!v) {
      v = `n${ids.size}`;
      ids.set(key, v);
    }
    return v;
  };
  const usedUnits = new Set<string>();
  for (const m of g.measures) {
    const cluster: Picture['clusters'][number] = { id: sid(`m:${m.number}`), label: `第${chineseNumber(Number(m.number))}条 ${m.title}`, nodes: [] };
    for (const c of m.clauses) {
      const cid = sid(`c:${c.id}`);
      cluster.nodes.push({ id: cid, label: m.clauses.length > 1 ? `第${c.number}款` : '条款', shape: 'box' });
      for (const u of c.lead) {
        usedUnits.add(u);
        pic.links.push({ from: sid(`u:${u}`), to: cid, label: c.leadWord });
      }
      for (const u of c.cooperate) {
        usedUnits.add(u);
        pic.links.push({ from: sid(`u:${u}`), to: cid, label: '配合', dashed: true });
      }
    }
    for (const b of g.benefits.filter((x) => x.measure === m.number)) {
      const bid = sid(`b:${b.id}`);
      const caps = b.caps.map((c) => {
        const n = g.nodes.find((x) => x.id === c.node);
        const lit = n?.kind === 'expr' && n.value?.type === 'money' ? moneyInScale(n.value.fen, n.value.scale, n.value.currency) : printExpr(g, c.node, 'zh');
        return `≤${lit}${c.scope === 'perYear' ? '/年' : c.scope === 'total' ? '（累计）' : ''}`;
      });
      const label = b.hasAmount ? `${b.id}${caps.length ? `\n${caps.join('，')}` : ''}${b.oneTime ? '\n一次性' : ''}` : `${b.id}\n参照${b.reference ?? ''}`;
      cluster.nodes.push({ id: bid, label, shape: 'round' });
      pic.links.push({ from: sid(`c:${b.clause}`), to: bid });
      for (const i of b.inputs) pic.links.push({ from: sid(`i:${i}`), to: bid, label: '输入', dashed: true });
      for (const l of b.lists) pic.links.push({ from: sid(`l:${l}`), to: bid, label: '名单', dashed: true });
    }
    pic.clusters.push(cluster);
  }
  for (const u of g.units) if (usedUnits.has(u.id)) pic.loose.push({ id: sid(`u:${u.id}`), label: u.id, shape: 'box' });
  for (const i of g.inputs) pic.loose.push({ id: sid(`i:${i.name}`), label: i.name, shape: 'note' });
  for (const l of g.lists) pic.loose.push({ id: sid(`l:${l.id}`), label: `名单：${l.id}`, shape: 'diamond' });
  return pic;
}

const mermaidText = (s: string) => `"${s.replace(/"/g, '#quot;').replace(/\n/g, '<br/>')}"`;

export function toMermaid(g: Graph): string {
  const p = picture(g);
  const shape = (n: Picture['loose'][number]) =>
    n.shape === 'round' ? `${n.id}(${mermaidText(n.label)})` : n.shape === 'diamond' ? `${n.id}{${mermaidText(n.label)}}` : n.shape === 'note' ? `${n.id}[/${mermaidText(n.label)}/]` : `${n.id}[${mermaidText(n.label)}]`;
  const lines = ['flowchart LR'];
  for (const c of p.clusters) {
    lines.push(`  subgraph ${c.id}[${mermaidText(c.label)}]`);
    for (const n of c.nodes) lines.push(`    ${shape(n)}`);
    lines.push('  end');
  }
  for (const n of p.loose) lines.push(`  ${shape(n)}`);
  for (const l of p.links) lines.push(`  ${l.from} ${l.dashed ? '-.->' : '-->'}${l.label ? `|${mermaidText(l.label)}|` : ''} ${l.to}`);
  return lines.join('\n') + '\n';
}

const dotText = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

export function toDot(g: Graph): string {
  const p = picture(g);
  const attrs = (n: Picture['loose'][number]) =>
    `label=${dotText(n.label)}, shape=${n.shape === 'round' ? 'box, style="rounded,filled", fillcolor="#fde7e7"' : n.shape === 'note' ? 'note' : n.shape === 'diamond' ? 'diamond' : 'box'}`;
  const lines = [
    `digraph ${dotText(g.policy.id)} {`,
    '  rankdir=LR;',
    '  fontname="Noto Serif SC,serif"; node [fontname="Noto Serif SC,serif", fontsize=10]; edge [fontname="Noto Serif SC,serif", fontsize=9];',
    `  label=${dotText(g.policy.title)}; labelloc=t;`,
  ];
  for (const c of p.clusters) {
    lines.push(`  subgraph cluster_${c.id} {`, `    label=${dotText(c.label)};`);
    for (const n of c.nodes) lines.push(`    ${n.id} [${attrs(n)}];`);
    lines.push('  }');
  }
  for (const n of p.loose) lines.push(`  ${n.id} [${attrs(n)}];`);
  for (const l of p.links) lines.push(`  ${l.from} -> ${l.to} [${[l.label ? `label=${dotText(l.label)}` : '', l.dashed ? 'style=dashed' : ''].filter(Boolean).join(', ')}];`);
  lines.push('}');
  return lines.join('\n') + '\n';
}

export function drawGraph(g: Graph, format: DrawFormat): string {
  return format === 'mermaid' ? toMermaid(g) : toDot(g);
}
