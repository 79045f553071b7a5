/**
 * Pictures of a benefit's approval workflow: its state machine as Mermaid (stateDiagram-v2) and as
 * Graphviz DOT. States show who acts there and the time limit; transitions the action, its document and guard
 * (the 奖励证书 / 资金扶持确认书 on the first step after publicity, or on approval where there is none).
 */
import type { Graph } from '../ir/schema.ts';
import { roleText, roleUnits, type ActorSpec } from './actors.ts';
import { limitText } from './calendar.ts';
import { ACTION_ZH, CLOSED, DISBURSED, REJECTED, type Machine, type TransitionDef } from './machine.ts';
import { machineForBenefit } from './define.ts';

export type WorkflowDrawFormat = 'mermaid' | 'dot';

interface Box {
  id: string;
  title: string;
  lines: string[];
  final: boolean;
}

function actorLine(graph: Graph, benefit: string, actor: ActorSpec): string {
  if (actor.kind === 'applicant') return '由 申报人';
  const groups = new Set(graph.units.filter((u) => u.members).map((u) => u.id));
  const units = roleUnits(graph, benefit, actor).map((u) => (groups.has(u) ? `${u}（申报人所在区）` : u));
  return actor.kind === 'unit' ? `由 ${actor.unit}` : `由 ${roleText(actor)}：${units.join('、') || '（无）'}`;
}

function edgeLabel(t: TransitionDef, m: Machine, award: boolean): string {
  const parts = [`${t.action} ${ACTION_ZH[t.action]}`];
  if (t.effect === 'grant') parts.push('核定金额 ≤ 上限，记入台账');
  if (t.effect === 'voidGrant') parts.push('撤销核定，冲回台账');
  if (t.effect === 'openPublicity' && m.publicity) parts.push(`公示期 ${limitText(m.publicity)}`);
  if (t.guard === 'afterPublicity') parts.push('公示期满后');
  if (t.guard === 'duringPublicity') parts.push('公示期内');
  const title = (k: string) => (k === '奖励证书' && !award ? '资金扶持确认书' : k);
  if (t.document) parts.push(`出具《${title(t.document)}》${t.document === '奖励证书' && t.guard === 'afterPublicity' ? '（公示无异议）' : ''}`);
  if (t.certificateAfterPeriod) parts.push(`公示期满无异议后出具《${title('奖励证书')}》`);
  return parts.join('\n');
}

function boxes(graph: Graph, benefit: string, m: Machine): Box[] {
  const ids = new Map(m.states.map((s, i) => [s.id, `s${i + 1}`]));
  return m.states.map((s) => {
    const out = m.transitions.find((t) => t.from === s.id && t.step === s.step);
    const lines: string[] = [];
    if (out) lines.push(actorLine(graph, benefit, out.actor));
    if (s.step === m.publicityStep && m.publicity) lines.push(`公示期 ${limitText(m.publicity)}`);
    const afterPublicity = m.transitions.some((t) => t.from === s.id && t.guard === 'afterPublicity');
    if (s.limit) lines.push(`限 ${limitText(s.limit)}${afterPublicity ? '（自公示期满起算）' : ''}`);
    const final = [REJECTED, DISBURSED, CLOSED].includes(s.id);
    return { id: ids.get(s.id)!, title: s.label, lines, final };
  });
}

/** Draw the state machine of the workflow `benefit` goes through. */
export function drawWorkflow(graph: Graph, benefit: string, format: WorkflowDrawFormat): string {
  const m = machineForBenefit(graph, benefit);
  const bs = boxes(graph, benefit, m);
  const id = new Map(m.states.map((s, i) => [s.id, bs[i]!.id]));
  const filing = graph.workflows.find((w) => w.id === m.workflow)!.steps[0]!;
  const title = `${benefit}：流程 ${m.workflow}${m.title ? `（${m.title}）` : ''}`;
  const award = graph.benefits.find((b) => b.id === benefit)?.kind === 'award';
  const label = (t: TransitionDef) => edgeLabel(t, m, award);
  const start = `apply 申报（${filing.id === '申报' ? '' : `步骤 ${filing.id}，`}由 申报人）`;
  return format === 'mermaid' ? mermaid(title, m, bs, id, start, label) : dot(title, m, bs, id, start, label);
}

function mermaid(title: string, m: Machine, bs: Box[], id: Map<string, string>, start: string, label: (t: TransitionDef) => string): string {
  const q = (s: string) => s.replace(/"/g, '#quot;').replace(/\n/g, '<br/>');
  const out = ['---', `title: "${q(title)}"`, '---', 'stateDiagram-v2', '  direction TB'];
  for (const b of bs) {
    out.push(`  state "${q(b.title)}" as ${b.id}`);
    for (const l of b.lines) out.push(`  ${b.id} : ${q(l).replace(/:/g, '：')}`);
  }
  out.push(`  [*] --> ${id.get(m.initial)} : ${q(start).replace(/:/g, '：')}`);
  for (const t of m.transitions) out.push(`  ${id.get(t.from)} --> ${id.get(t.to)} : ${q(label(t)).replace(/:/g, '：')}`);
  for (const b of bs) if (b.final) out.push(`  ${b.id} --> [*]`);
  return out.join('\n') + '\n';
}

function dot(title: string, m: Machine, bs: Box[], id: Map<string, string>, start: string, label: (t: TransitionDef) => string): string {
  const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
  const out = [
    'digraph workflow {',
    `  label=${q(title)}; labelloc=t; fontname="Noto Serif SC";`,
    '  rankdir=TB; node [shape=box, style=rounded, fontname="Noto Serif SC"]; edge [fontname="Noto Serif SC", fontsize=10];',
    '  start [shape=point, width=0.15];',
  ];
  for (const b of bs) {
    const attrs = b.final ? ', peripheries=2' : '';
    out.push(`  ${b.id} [label=${q([b.title, ...b.lines].join('\n'))}${attrs}];`);
  }
  out.push(`  start -> ${id.get(m.initial)} [label=${q(start.replace('（', '\n（'))}];`);
  for (const t of m.transitions) {
    const style = t.action === 'return' || t.action === 'object' ? ', style=dashed' : t.action === 'reject' ? ', color=red, fontcolor=red' : '';
    out.push(`  ${id.get(t.from)} -> ${id.get(t.to)} [label=${q(label(t))}${style}];`);
  }
  out.push('}');
  return out.join('\n') + '\n';
}
