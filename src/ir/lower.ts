/**
 * Lowering: checked AST → rule graph (pol-graph/1). Every node keeps its source span and measure;
 * every edge keeps the span that caused it; definitions that depend on each other in a cycle are
 * reported at the reference that closes the cycle.
 */
import { createHash } from 'node:crypto';
import type * as A from '../syntax/ast.ts';
import type { Checked } from '../check/check.ts';
import { unparen } from '../check/types.ts';
import { diag, type Diagnostic } from '../diagnostics/diagnostic.ts';
import type { Span } from '../diagnostics/span.ts';
import { VERSION } from '../version.ts';
import { chineseNumber, measureCitation } from '../values/numerals.ts';
import { GRAPH_FORMAT } from './format.ts';
import { reachable } from './walk.ts';
import type {
  Benefit,
  Edge,
  ExprNode,
  Graph,
  GraphLiteral,
  GraphNode,
  Measure,
  ValueType,
} from './schema.ts';

type Op = ExprNode['op'];

const ARITH: Record<A.ArithOp, Op> = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div' };

export function lower(file: A.PolFile, source: string, checked: Checked): { graph: Graph; diagnostics: Diagnostic[] } {
  const { scope, typer } = checked;
  const diagnostics: Diagnostic[] = [];
  const nodes: GraphNode[] = [];
  const edges: Edge[] = [];
  const byId = new Map<string, GraphNode>();
  const add = <N extends GraphNode>(n: N): N => {
    if (!byId.has(n.id)) {
      byId.set(n.id, n);
      nodes.push(n);
    }
    return n;
  };
  const edge = (from: string, to: string, kind: Edge['kind'], span: Span) => edges.push({ from, to, kind, span });
  const unknownType: ValueType = { kind: 'number' };

  const p = scope.policy;
  add({ id: 'policy', kind: 'policy', label: p?.title.value ?? '', span: p?.span ?? file.span });

  // ---- registries
  for (const u of scope.units.values()) {
    add({ id: `unit:${u.name.text}`, kind: u.kind === 'group' ? 'group' : 'unit', label: u.fullName.value, span: u.span });
    if (u.kind === 'group') for (const m of u.members) edge(`unit:${u.name.text}`, `unit:${m.text}`, 'member', m.span);
  }
  for (const l of scope.lists.values()) add({ id: `list:${l.name.text}`, kind: 'list', label: l.title.value, span: l.span });

  // ---- executable nodes
  const defineState = new Map<string, 'busy' | 'done'>();

  const lowerDefine = (name: string, via: Span): string => {
    const id = `define:${name}`;
    const state = defineState.get(name);
    if (state === 'done') return id;
    const d = scope.defines.get(name)!;
    if (state === 'busy') {
      const cycle = [...defineState.entries()].filter(([, s]) => s === 'busy').map(([n]) => n);
      const from = cycle.indexOf(name);
      diagnostics.push(diag('POL3001', file.file, via, [...cycle.slice(from), name].join(' → ')));
      return id;
    }
    defineState.set(name, 'busy');
    const arg = lowerExpr(d.decl.expr, `expr:${name}`, d.measure);
    add({
      id,
      kind: 'define',
      name,
      type: typer.defineType(name) ?? unknownType,
      args: [arg],
      span: d.decl.span,
      ...(d.measure ? { measure: String(d.measure.number.value) } : {}),
    });
    edge(id, arg, 'arg', d.decl.expr.span);
    defineState.set(name, 'done');
    return id;
  };

  const lowerInput = (name: string): string => {
    const id = `input:${name}`;
    const i = scope.inputs.get(name)!;
    add({
      id,
      kind: 'input',
      name,
      type: typer.type({ kind: 'ref', name: i.decl.name, span: i.decl.name.span }) ?? unknownType,
      ...(i.decl.description ? { description: i.decl.description.value } : {}),
      span: i.decl.span,
      ...(i.measure ? { measure: String(i.measure.number.value) } : {}),
    });
    return id;
  };

  function lowerExpr(e0: A.Expr, id: string, measure?: A.MeasureDecl): string {
    const e = unparen(e0);
    if (e.kind === 'ref') {
      if (scope.inputs.has(e.name.text)) return lowerInput(e.name.text);
      if (scope.defines.has(e.name.text)) return lowerDefine(e.name.text, e.name.span);
    }
    const node: ExprNode = {
      id,
      kind: 'expr',
      op: 'literal',
      type: typer.type(e0) ?? unknownType,
      args: [],
      span: e0.span,
      ...(measure ? { measure: String(measure.number.value) } : {}),
    };
    const arg = (x: A.Expr, i: number | string) => {
      const a = lowerExpr(x, `${id}.${i}`, measure);
      node.args.push(a);
      edge(id, a, 'arg', x.span);
    };
    switch (e.kind) {
      case 'literal':
        node.value = graphLiteral(e.value);
        break;
      case 'binary':
        node.op = typer.type(e.left)?.kind === 'date' ? (e.op === '-' ? 'dateMinus' : 'datePlus') : ARITH[e.op];
        arg(e.left, 0);
        arg(e.right, 1);
        break;
      case 'compare':
        node.op = 'cmp';
        node.cmp = e.op;
        arg(e.left, 0);
        arg(e.right, 1);
        break;
      case 'logic':
        node.op = e.op;
        e.args.forEach(arg);
        break;
      case 'not':
        node.op = 'not';
        arg(e.arg, 0);
        break;
      case 'if':
        node.op = 'if';
        arg(e.cond, 0);
        arg(e.then, 1);
        arg(e.else, 2);
        break;
      case 'call':
        node.op = e.fn;
        if (e.fn === 'timesGranted' || e.fn === 'grantedLastYear') {
          const b = unparen(e.args[0]!);
          if (b.kind === 'ref') {
            node.benefit = b.name.text;
            edge(id, `benefit:${b.name.text}`, 'reads', b.span);
          }
        } else if (e.fn === 'member' || e.fn === 'firstEntry') {
          const l = unparen(e.args[0]!);
          if (l.kind === 'ref') {
            node.list = l.name.text;
            edge(id, `list:${l.name.text}`, 'reads', l.span);
          }
        } else e.args.forEach(arg);
        break;
      case 'steps':
        node.op = 'steps';
        arg(e.value, 0);
        arg(e.step, 1);
        arg(e.each, 2);
        break;
      case 'tiers':
        node.op = 'tiers';
        arg(e.value, 0);
        node.bands = e.bands.map((b) => ({
          lower: b.lower.kind === 'infinity' ? null : graphLiteral(b.lower.value),
          upper: b.upper.kind === 'infinity' ? null : graphLiteral(b.upper.value),
          lowerInclusive: b.lowerInclusive,
          upperInclusive: b.upperInclusive,
          span: b.span,
        }));
        for (const [i, b] of e.bands.entries()) arg(b.value, `band${i + 1}`);
        break;
      case 'appDate':
        node.op = 'appDate';
        break;
      case 'lookup':
        node.op = 'lookup';
        arg(e.value, 0);
        node.keys = e.entries.map((x) => x.key.text);
        for (const [i, x] of e.entries.entries()) arg(x.value, `entry${i + 1}`);
        break;
      case 'ref': {
        // an option of a choice input (国家级); otherwise unresolved (already reported by the checker)
        const option = typer.options.get(e);
        if (option !== undefined) node.value = { type: 'text', value: option };
        break;
      }
    }
    add(node);
    return id;
  }

  // ---- measures, clauses, benefits
  const measures: Measure[] = [];
  const benefits: Benefit[] = [];
  for (const ms of scope.measures) {
    const m = ms.measure;
    const num = String(m.number.value);
    const mid = `measure:${num}`;
    add({ id: mid, kind: 'measure', label: m.title.value, measure: num, span: m.span });
    const ownText = m.items.find((i): i is A.TextItem => i.kind === 'text')?.value.value;
    const clauses: Measure['clauses'] = [];
    for (const c of ms.clauses) {
      const cid = `${num}.${c.number}`;
      const units = c.items.filter((i): i is A.UnitsItem => i.kind === 'units');
      const own = units.filter((u) => u.role !== 'cooperate').flatMap((u) => u.names);
      const lead = own.length > 0 || !p?.lead ? own : p.lead.names;
      const coop = units.filter((u) => u.role === 'cooperate').flatMap((u) => u.names);
      const ctext = c.decl ? c.items.find((i): i is A.TextItem => i.kind === 'text')?.value.value : undefined;
      clauses.push({
        id: cid,
        number: c.number,
        ...(ctext !== undefined ? { text: ctext } : {}),
        leadWord: units.some((u) => u.role === 'responsible') ? '负责' : '牵头',
        lead: lead.map((n) => n.text),
        cooperate: coop.map((n) => n.text),
        span: c.span,
      });
      add({ id: `clause:${cid}`, kind: 'clause', label: `${measureCitation(num)}第${chineseNumber(c.number)}款`, measure: num, span: c.span });
      edge(`clause:${cid}`, mid, 'in', c.span);
      for (const n of lead) edge(`clause:${cid}`, `unit:${n.text}`, 'lead', n.span);
      for (const n of coop) edge(`clause:${cid}`, `unit:${n.text}`, 'cooperate', n.span);
    }
    const joined = clauses.map((c) => c.text ?? '').join('');
    measures.push({ number: num, title: m.title.value, text: ownText ?? joined, clauses, span: m.span });
  }

  // What a benefit reads, in declaration order (linear in what it reaches).
  const inputOrder = new Map([...scope.inputs.keys()].map((n, i) => [n, i]));
  const listOrder = new Map([...scope.lists.keys()].map((n, i) => [n, i]));
  const readsOf = (reach: Set<string>) => {
    const inputs: string[] = [];
    const lists = new Set<string>();
    for (const id of reach) {
      const n = byId.get(id);
      if (n?.kind === 'input') inputs.push(n.name);
      else if (n?.kind === 'expr' && n.list) lists.add(n.list);
    }
    const by = (order: Map<string, number>) => (a: string, b: string) => (order.get(a) ?? 0) - (order.get(b) ?? 0);
    return { inputs: inputs.sort(by(inputOrder)), lists: [...lists].sort(by(listOrder)) };
  };
  for (const site of scope.benefits.values()) {
    const b = site.decl;
    const num = String(site.measure.number.value);
    const bid = `benefit:${b.name.text}`;
    add({ id: bid, kind: 'benefit', label: b.title.value, measure: num, span: b.span });
    edge(bid, `clause:${num}.${site.clause}`, 'in', b.name.span);
    const conditions = b.conditions.map((c, i) => {
      const node = lowerExpr(c, `expr:${b.name.text}/condition${i + 1}`, site.measure);
      edge(bid, node, 'condition', c.span);
      return { node, span: c.span };
    });
    let baseNode: string | undefined;
    if (b.amount?.base) {
      baseNode = lowerExpr(b.amount.base, `expr:${b.name.text}/base`, site.measure);
      edge(bid, baseNode, 'amount', b.amount.base.span);
    }
    const caps = (b.amount?.caps ?? []).map((c, i) => {
      const node = lowerExpr(c.expr, `expr:${b.name.text}/cap${i + 1}`, site.measure);
      edge(bid, node, 'cap', c.span);
      return { node, scope: c.scope, span: c.span };
    });
    const roots = [...conditions.map((c) => c.node), ...(baseNode ? [baseNode] : []), ...caps.map((c) => c.node)];
    const reach = reachable(roots, byId);
    benefits.push({
      id: b.name.text,
      title: b.title.value,
      kind: b.benefitKind,
      measure: num,
      clause: `${num}.${site.clause}`,
      applicants: b.applicants.map((k) => scope.kinds.get(k.text)?.code.text ?? k.text),
      ...(b.text ? { text: b.text.value } : {}),
      ...(b.reference ? { reference: b.reference.value } : {}),
      oneTime: !!b.oneTime,
      conditions,
      ...(baseNode ? { base: baseNode } : {}),
      caps,
      hasAmount: !!b.amount,
      ...readsOf(reach),
      span: b.span,
    });
  }
  // definitions and inputs no benefit reads still belong in the graph
  for (const name of scope.defines.keys()) lowerDefine(name, scope.defines.get(name)!.decl.name.span);
  for (const name of scope.inputs.keys()) lowerInput(name);

  // ---- rules
  const rules: Graph['rules'] = {};
  for (const { block, measure } of scope.rules) {
    const m = measure ? String(measure.number.value) : undefined;
    for (const it of block.items) {
      const rid = `rule:${it.kind}`;
      add({ id: rid, kind: 'rule', label: { highestOnly: '就高不就低', noDoubleFunding: '不重复支持', topUp: '补足差额' }[it.kind], span: it.span, ...(m ? { measure: m } : {}) });
      if (m) edge(rid, `measure:${m}`, 'in', it.span);
      if (it.kind === 'noDoubleFunding' || it.kind === 'topUp') {
        rules[it.kind] = { levels: it.levels.map((l) => l.value), ...(m ? { measure: m } : {}), span: it.span };
      } else rules.highestOnly = { ...(m ? { measure: m } : {}), span: it.span };
    }
  }

  // ---- workflows
  const workflows: Graph['workflows'] = [];
  for (const w of scope.workflows.values()) {
    const wid = `workflow:${w.name.text}`;
    add({ id: wid, kind: 'workflow', label: w.title?.value ?? w.name.text, span: w.span });
    for (const b of w.applies) {
      edge(wid, `benefit:${b.text}`, 'workflow', b.span);
      const target = benefits.find((x) => x.id === b.text);
      if (target && !target.workflow) target.workflow = w.name.text;
    }
    workflows.push({
      id: w.name.text,
      ...(w.title ? { title: w.title.value } : {}),
      benefits: w.applies.map((b) => b.text),
      steps: w.steps.map((s) => {
        add({ id: `step:${w.name.text}/${s.name.text}`, kind: 'step', label: s.name.text, span: s.span });
        edge(`step:${w.name.text}/${s.name.text}`, wid, 'in', s.span);
        return {
          id: s.name.text,
          actor: !s.actor ? { kind: 'applicant' as const } : s.actor.kind === 'unit' ? { kind: 'unit' as const, unit: s.actor.name.text } : { kind: s.actor.kind },
          ...(s.limit ? { limit: { amount: s.limit.amount, unit: s.limit.unit } } : {}),
          ...(s.publicity ? { publicity: { amount: s.publicity.amount, unit: s.publicity.unit } } : {}),
          ...(s.returnTo ? { returnTo: s.returnTo.text } : {}),
          span: s.span,
        };
      }),
      span: w.span,
    });
  }

  const graph: Graph = {
    format: GRAPH_FORMAT,
    compiler: { name: 'pol', version: VERSION },
    source: { file: file.file, sha256: createHash('sha256').update(source).digest('hex') },
    policy: {
      id: p?.id.text ?? '',
      title: p?.title.value ?? '',
      status: p?.status?.value ?? 'draft',
      ...(p?.repealedOn ? { repealedOn: p.repealedOn.value } : {}),
      ...(p?.lead ? { lead: p.lead.names.map((n) => n.text) } : {}),
      ...(p?.issuer ? { issuer: p.issuer.text } : {}),
      ...(p?.docNumber ? { docNumber: p.docNumber.value } : {}),
      basis: p?.basis.map((b) => b.value) ?? [],
      issued: p?.issued?.value ?? null,
      validity: p?.validity ?? null,
      ...(p?.preamble ? { preamble: p.preamble.value } : {}),
      ...(p?.closing ? { closing: p.closing.value } : {}),
      ...(p?.successors.length ? { successors: p.successors.map((s) => ({ from: s.from.text, to: s.to.text, span: s.span })) } : {}),
      span: p?.span ?? file.span,
    },
    kinds: [...scope.kinds.values()].map((k) => ({ id: k.name.text, code: k.code.text, title: k.title.value, span: k.span })),
    units: [...scope.units.values()].map((u) => ({
      id: u.name.text,
      fullName: u.fullName.value,
      ...(u.kind === 'unit' && u.district ? { district: u.district.value } : {}),
      ...(u.kind === 'group' ? { members: u.members.map((m) => m.text) } : {}),
      span: u.span,
    })),
    lists: [...scope.lists.values()].map((l) => ({ id: l.name.text, title: l.title.value, span: l.span })),
    inputs: [...scope.inputs.values()].map(({ decl, measure }) => ({
      name: decl.name.text,
      type: (byId.get(`input:${decl.name.text}`) as { type: ValueType }).type,
      ...(decl.description ? { description: decl.description.value } : {}),
      ...(measure ? { measure: String(measure.number.value) } : {}),
      span: decl.span,
    })),
    measures,
    benefits,
    rules,
    workflows,
    nodes,
    edges,
    order: topoOrder(nodes),
  };
  return { graph, diagnostics };
}

/** Executable nodes, every node after its args (depth-first post-order; cycles were reported and are cut). */
function topoOrder(nodes: GraphNode[]): string[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const order: string[] = [];
  const state = new Map<string, 1 | 2>();
  const visit = (id: string) => {
    if (state.get(id)) return;
    state.set(id, 1);
    const n = byId.get(id);
    if (n && (n.kind === 'expr' || n.kind === 'define')) for (const a of n.args) visit(a);
    state.set(id, 2);
    if (n && (n.kind === 'expr' || n.kind === 'define' || n.kind === 'input')) order.push(id);
  };
  for (const n of nodes) visit(n.id);
  return order;
}

/** A literal as the graph keeps it: its value, and for money the multiple it is stated in (万, 亿), not its source text. */
function graphLiteral(l: A.Literal): GraphLiteral {
  const { text, ...value } = l;
  if (value.type !== 'money') return value;
  const scale = /^\d+(?:\.\d+)?(万|亿)/.exec(text)?.[1] as '万' | '亿' | undefined;
  return scale ? { ...value, scale } : value;
}
