/**
 * A readable dump of the rule graph, one line per fact, for golden tests and for people
 * (`pol compile --dump`). Spans are printed as line:col so a change of meaning shows in review.
 */
import { literalText, printCap, Prose } from './prose.ts';
import type { Graph, GraphNode } from './schema.ts';
import type { Span } from '../diagnostics/span.ts';

const at = (s: Span) => `@${s.line}:${s.col}`;

function nodeLine(n: GraphNode): string {
  const m = n.measure ? ` m${n.measure}` : '';
  switch (n.kind) {
    case 'input':
      return `${n.id} : ${JSON.stringify(n.type)}${n.description ? ` "${n.description}"` : ''}${m} ${at(n.span)}`;
    case 'define':
      return `${n.id} = ${n.args[0]} : ${JSON.stringify(n.type)}${m} ${at(n.span)}`;
    case 'expr': {
      const extra = [
        n.value ? `value=${literalText(n.value, 'pol')}` : '',
        n.cmp ? `cmp=${n.cmp}` : '',
        n.list ? `list=${n.list}` : '',
        n.field ? `field=${n.field}` : '',
        n.bands
          ? `bands=${n.bands.map((b) => `${b.lowerInclusive ? '[' : '('}${b.lower ? literalText(b.lower, 'pol') : '-∞'},${b.upper ? literalText(b.upper, 'pol') : '∞'}${b.upperInclusive ? ']' : ')'}`).join(' ')}`
          : '',
      ].filter(Boolean);
      return `${n.id} = ${n.op}(${n.args.join(', ')})${extra.length ? ` ${extra.join(' ')}` : ''} : ${JSON.stringify(n.type)}${m} ${at(n.span)}`;
    }
    default:
      return `${n.id} [${n.kind}] "${n.label}"${m} ${at(n.span)}`;
  }
}

export function printGraph(g: Graph): string {
  const out: string[] = [];
  const prose = new Prose(g, 'pol');
  const p = g.policy;
  out.push(`policy ${p.id} "${p.title}" status=${p.status} issued=${p.issued ?? '-'} validity=${p.validity ? (p.validity.kind === 'range' ? `${p.validity.from}..${p.validity.to}` : `${p.validity.amount}${p.validity.unit} from issuance`) : '-'}${p.issuer ? ` issuer=${p.issuer}` : ''}${p.docNumber ? ` number=${p.docNumber}` : ''}`);
  for (const b of p.basis) out.push(`  basis "${b}"`);
  for (const s of p.successors ?? []) out.push(`  successor ${s.from} -> ${s.to} ${at(s.span)}`);
  for (const k of g.kinds) out.push(`kind ${k.id} = ${k.code} "${k.title}"`);
  for (const u of g.units) out.push(`unit ${u.id} "${u.fullName}"${u.district ? ` district=${u.district}` : ''}${u.members ? ` = ${u.members.join(', ')}` : ''}`);
  for (const l of g.lists) out.push(`list ${l.id} "${l.title}"`);
  for (const m of g.measures) {
    out.push(`measure ${m.number} "${m.title}" text=${m.text.length}chars ${at(m.span)}`);
    for (const c of m.clauses) out.push(`  clause ${c.id} ${c.leadWord}=[${c.lead.join(', ')}] 配合=[${c.cooperate.join(', ')}]${c.text ? ` text=${c.text.length}chars` : ''}`);
  }
  for (const b of g.benefits) {
    out.push(`benefit ${b.id} (${b.kind}) "${b.title}" measure=${b.measure} clause=${b.clause} for=[${b.applicants.join(', ')}]${b.oneTime ? ' one-time' : ''}${b.workflow ? ` workflow=${b.workflow}` : ''}`);
    if (b.reference) out.push(`  reference "${b.reference}"`);
    for (const c of b.conditions) out.push(`  when ${c.node} "${prose.expr(c.node)}"`);
    if (b.base) out.push(`  base ${b.base}`);
    for (const c of b.caps) out.push(`  cap ${c.scope} ${c.node} "${printCap(g, b, c, 'pol', prose)}"`);
    out.push(`  reads inputs=[${b.inputs.join(', ')}] lists=[${b.lists.join(', ')}]`);
  }
  if (g.rules.noDoubleFunding) out.push(`rule no-double-funding [${g.rules.noDoubleFunding.levels.join(', ')}] measure=${g.rules.noDoubleFunding.measure ?? '-'}`);
  if (g.rules.highestOnly) out.push(`rule highest-only measure=${g.rules.highestOnly.measure ?? '-'}`);
  for (const w of g.workflows) {
    out.push(`workflow ${w.id} for [${w.benefits.join(', ')}]`);
    for (const s of w.steps) {
      const actor = s.actor.kind === 'unit' ? `unit:${s.actor.unit}` : s.actor.kind;
      out.push(`  step ${s.id} by ${actor}${s.limit ? ` within ${s.limit.amount}${s.limit.unit}` : ''}${s.publicity ? ` publicity ${s.publicity.amount}${s.publicity.unit}` : ''}${s.returnTo ? ` return-to ${s.returnTo}` : ''}`);
    }
  }
  out.push('nodes:');
  for (const n of g.nodes) out.push(`  ${nodeLine(n)}`);
  out.push('edges:');
  for (const e of g.edges) out.push(`  ${e.from} -${e.kind}-> ${e.to} ${at(e.span)}`);
  out.push(`order: ${g.order.join(' ')}`);
  return out.join('\n') + '\n';
}
