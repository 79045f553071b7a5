/**
 * Lowering: checked AST → rule graph (pol-graph/1). Every node keeps its source span and measure;
 * every edge keeps the span that caused it; definitions that depend on each other in a cycle are
 * reported at the reference that closes the cycle.
 */
import { createHash } from 'node:crypto';
import type * as A from '../syntax/ast.ts';
import type { Checked } from '../check/check.ts';
import { walk } from '../check/check.ts';
import { typeOfDecl, unparen } from '../check/types.ts';
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
  return new Lowering(file, checked).graph(source);
}

/** Arg: lower an operand of the node being built, under the sub-id `i`, and link it. */
type ArgFn = (x: A.Expr, i: number | string) => void;

/** One lowering of a checked file: the nodes (once per id) and edges it emits, in named steps. */
class Lowering implements Emit {
  readonly diagnostics: Diagnostic[] = [];
  readonly nodes: GraphNode[] = [];
  readonly edges: Edge[] = [];
  readonly byId = new Map<string, GraphNode>();
  private readonly scope: Scope;
  private readonly typer: Checked['typer'];
  private readonly defineState = new Map<string, 'busy' | 'done'>();
  private readonly unknownType: ValueType = { kind: 'number' };
  // what a benefit reads is listed in declaration order
  private readonly inputOrder: Map<string, number>;
  private readonly listOrder: Map<string, number>;

  constructor(
    private readonly file: A.PolFile,
    checked: Checked,
  ) {
    this.scope = checked.scope;
    this.typer = checked.typer;
    this.inputOrder = new Map([...this.scope.inputs.keys()].map((n, i) => [n, i]));
    this.listOrder = new Map([...this.scope.lists.keys()].map((n, i) => [n, i]));
  }

  readonly add = <N extends GraphNode>(n: N): N => {
    if (!this.byId.has(n.id)) {
      this.byId.set(n.id, n);
      this.nodes.push(n);
    }
    return n;
  };

  readonly edge = (from: string, to: string, kind: Edge['kind'], span: Span): void => {
    this.edges.push({ from, to, kind, span });
  };

  /** The whole graph: registries, measures, benefits (with what they read), the rest of the definitions and inputs, rules, workflows. */
  graph(source: string): { graph: Graph; diagnostics: Diagnostic[] } {
    const { scope, file } = this;
    const p = scope.policy;
    this.add({ id: 'policy', kind: 'policy', label: p?.title.value ?? '', span: p?.span ?? file.span });
    lowerRegistries(scope, this);
    const measures = lowerMeasures(scope, this);
    const benefits = [...scope.benefits.values()].map((site) => this.lowerBenefit(site));
    // definitions and inputs no benefit reads still belong in the graph
    for (const name of scope.defines.keys()) this.lowerDefine(name, scope.defines.get(name)!.decl.name.span);
    for (const name of scope.inputs.keys()) this.lowerInput(name);
    const rules = lowerRules(scope, this);
    const workflows = lowerWorkflows(scope, benefits, this);
    const graph: Graph = {
      format: GRAPH_FORMAT,
      compiler: { name: 'pol', version: VERSION },
      source: { file: file.file, sha256: createHash('sha256').update(source).digest('hex') },
      policy: policyHeader(p, file),
      ...registryLists(scope, this.byId),
      measures,
      benefits,
      rules,
      workflows,
      nodes: this.nodes,
      edges: this.edges,
      order: topoOrder(this.nodes, this.byId),
    };
    return { graph, diagnostics: this.diagnostics };
  }

  /** A definition's node (once), its expression lowered first; a definition met again while lowering it is a cycle (POL3001). */
  lowerDefine(name: string, via: Span): string {
    const id = `define:${name}`;
    const state = this.defineState.get(name);
    if (state === 'done') return id;
    const d = this.scope.defines.get(name)!;
    if (state === 'busy') {
      const cycle = [...this.defineState.entries()].filter(([, s]) => s === 'busy').map(([n]) => n);
      const from = cycle.indexOf(name);
      this.diagnostics.push(diag('POL3001', this.file.file, via, [...cycle.slice(from), name].join(' → ')));
      return id;
    }
    this.defineState.set(name, 'busy');
    const arg = this.lowerExpr(d.decl.expr, `expr:${name}`, d.measure);
    this.add({
      id,
      kind: 'define',
      name,
      type: this.typer.defineType(name) ?? this.unknownType,
      args: [arg],
      span: d.decl.span,
      ...(d.measure ? { measure: String(d.measure.number.value) } : {}),
    });
    this.edge(id, arg, 'arg', d.decl.expr.span);
    this.defineState.set(name, 'done');
    return id;
  }

  private lowerInput(name: string): string {
    const id = `input:${name}`;
    const i = this.scope.inputs.get(name)!;
    this.add({
      id,
      kind: 'input',
      name,
      type: i.decl.type.kind === 'items' ? typeOfDecl(i.decl.type) : (this.typer.type({ kind: 'ref', name: i.decl.name, span: i.decl.name.span }) ?? this.unknownType),
      ...(i.decl.description ? { description: i.decl.description.value } : {}),
      span: i.decl.span,
      ...(i.measure ? { measure: String(i.measure.number.value) } : {}),
    });
    return id;
  }

  private lowerExpr(e0: A.Expr, id: string, measure?: A.MeasureDecl): string {
    const e = unparen(e0);
    const itemField = this.typer.itemFields.get(e);
    if (itemField) {
      // a field of the current item (inside 合计 / 笔数): reads the list input
      const input = this.lowerInput(itemField.list);
      this.add({ id, kind: 'expr', op: 'itemField', type: this.typer.type(e0) ?? this.unknownType, args: [input], items: itemField.list, field: itemField.field, span: e0.span, ...(measure ? { measure: String(measure.number.value) } : {}) });
      this.edge(id, input, 'arg', e0.span);
      return id;
    }
    if (e.kind === 'ref') {
      if (this.scope.inputs.has(e.name.text)) return this.lowerInput(e.name.text);
      if (this.scope.defines.has(e.name.text)) return this.lowerDefine(e.name.text, e.name.span);
    }
    const node: ExprNode = {
      id,
      kind: 'expr',
      op: 'literal',
      type: this.typer.type(e0) ?? this.unknownType,
      args: [],
      span: e0.span,
      ...(measure ? { measure: String(measure.number.value) } : {}),
    };
    const arg = (x: A.Expr, i: number | string) => {
      const a = this.lowerExpr(x, `${id}.${i}`, measure);
      node.args.push(a);
      this.edge(id, a, 'arg', x.span);
    };
    switch (e.kind) {
      case 'literal':
        node.value = graphLiteral(e.value);
        break;
      case 'binary':
        node.op = this.typer.type(e.left)?.kind === 'date' ? (e.op === '-' ? 'dateMinus' : 'datePlus') : ARITH[e.op];
        arg(e.left, 0);
        arg(e.right, 1);
        break;
      case 'compare':
        this.lowerCompare(e, node, arg, measure);
        break;
      case 'field':
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
        this.lowerCall(e, node, arg);
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
        const option = this.typer.options.get(e);
        if (option !== undefined) node.value = { type: 'text', value: option };
        break;
      }
    }
    this.add(node);
    return id;
  }

  /** A comparison; 付款方 = 申报人 becomes isApplicant, and ≠ its negation. */
  private lowerCompare(e: A.Expr & { kind: 'compare' }, node: ExprNode, arg: ArgFn, measure?: A.MeasureDecl): void {
    const other = this.typer.applicantCompares.get(e);
    if (other) {
      // 付款方 = 申报人; 付款方 ≠ 申报人 is 非 (付款方 = 申报人)
      if (e.op === '!=') {
        node.op = 'not';
        const inner = `${node.id}.0`;
        const a = this.lowerExpr(other, `${inner}.0`, measure);
        this.add({ ...node, id: inner, op: 'isApplicant', args: [a] });
        this.edge(inner, a, 'arg', other.span);
        node.args.push(inner);
        this.edge(node.id, inner, 'arg', e.span);
      } else {
        node.op = 'isApplicant';
        arg(other, 0);
      }
      return;
    }
    node.op = 'cmp';
    node.cmp = e.op;
    arg(e.left, 0);
    arg(e.right, 1);
  }

  /** A call: 合计 / 笔数 over a list, the history functions (a benefit), the list functions (a list), or plain operands. */
  private lowerCall(e: A.Expr & { kind: 'call' }, node: ExprNode, arg: ArgFn): void {
    node.op = e.fn;
    if (e.fn === 'sumItems' || e.fn === 'countItems') {
      // [the list input, (the summed value,) the conditions…]; the value and conditions are read per item
      const first = unparen(e.args[0]!);
      const list = first.kind === 'field' ? first.list.text : first.kind === 'ref' ? first.name.text : '';
      node.items = list;
      const input = this.lowerInput(list);
      node.args.push(input);
      this.edge(node.id, input, 'arg', first.span);
      for (const [i, x] of (e.fn === 'sumItems' ? e.args : e.args.slice(1)).entries()) arg(x, i + 1);
    } else if (e.fn === 'timesGranted' || e.fn === 'grantedLastYear') {
      const b = unparen(e.args[0]!);
      if (b.kind === 'ref') {
        node.benefit = b.name.text;
        this.edge(node.id, `benefit:${b.name.text}`, 'reads', b.span);
      }
    } else if (e.fn === 'member' || e.fn === 'firstEntry') {
      const l = unparen(e.args[0]!);
      if (l.kind === 'ref') {
        node.list = l.name.text;
        this.edge(node.id, `list:${l.name.text}`, 'reads', l.span);
      }
    } else e.args.forEach(arg);
  }

  /** What a benefit reads, in declaration order (linear in what it reaches). */
  private readsOf(reach: Set<string>): { inputs: string[]; lists: string[] } {
    const inputs: string[] = [];
    const lists = new Set<string>();
    for (const id of reach) {
      const n = this.byId.get(id);
      if (n?.kind === 'input') inputs.push(n.name);
      else if (n?.kind === 'expr' && n.list) lists.add(n.list);
    }
    const by = (order: Map<string, number>) => (a: string, b: string) => (order.get(a) ?? 0) - (order.get(b) ?? 0);
    return { inputs: inputs.sort(by(this.inputOrder)), lists: [...lists].sort(by(this.listOrder)) };
  }

  /** A benefit: its node, conditions, base, caps and rounding lowered, and what they read. */
  private lowerBenefit(site: Scope['benefits'] extends Map<string, infer S> ? S : never): Benefit {
    const b = site.decl;
    const num = String(site.measure.number.value);
    const bid = `benefit:${b.name.text}`;
    this.add({ id: bid, kind: 'benefit', label: b.title.value, measure: num, span: b.span });
    this.edge(bid, `clause:${num}.${site.clause}`, 'in', b.name.span);
    const conditions = b.conditions.map((c, i) => {
      const node = this.lowerExpr(c, `expr:${b.name.text}/condition${i + 1}`, site.measure);
      this.edge(bid, node, 'condition', c.span);
      return { node, span: c.span };
    });
    let baseNode: string | undefined;
    if (b.amount?.base) {
      baseNode = this.lowerExpr(b.amount.base, `expr:${b.name.text}/base`, site.measure);
      this.edge(bid, baseNode, 'amount', b.amount.base.span);
    }
    const caps = (b.amount?.caps ?? []).map((c, i) => {
      const node = this.lowerExpr(c.expr, `expr:${b.name.text}/cap${i + 1}`, site.measure);
      this.edge(bid, node, 'cap', c.span);
      return { node, scope: c.scope, span: c.span };
    });
    // 取整至 1万元: rounded down after the caps (only the first; a second is reported by the checker)
    const round = b.amount?.roundAfter?.[0];
    let roundAfter: Benefit['roundAfter'];
    if (round) {
      roundAfter = { node: this.lowerExpr(round.unit, `expr:${b.name.text}/round`, site.measure), span: round.span };
      this.edge(bid, roundAfter.node, 'amount', round.span);
    }
    const roots = [...conditions.map((c) => c.node), ...(baseNode ? [baseNode] : []), ...caps.map((c) => c.node), ...(roundAfter ? [roundAfter.node] : [])];
    const reach = reachable(roots, this.byId);
    return {
      id: b.name.text,
      title: b.title.value,
      kind: b.benefitKind,
      measure: num,
      clause: `${num}.${site.clause}`,
      applicants: b.applicants.map((k) => this.scope.kinds.get(k.text)?.code.text ?? k.text),
      ...(b.text ? { text: b.text.value } : {}),
      ...(b.reference ? { reference: b.reference.value } : {}),
      oneTime: !!b.oneTime,
      conditions,
      ...(baseNode ? { base: baseNode } : {}),
      caps,
      ...(roundAfter ? { roundAfter } : {}),
      hasAmount: !!b.amount,
      ...this.readsOf(reach),
      span: b.span,
    };
  }
}

/** What the lowering steps write into: nodes (once per id) and edges. */
interface Emit {
  add: <N extends GraphNode>(n: N) => N;
  edge: (from: string, to: string, kind: Edge['kind'], span: Span) => void;
}

type Scope = Checked['scope'];

/** Units, unit groups and lists as nodes. */
function lowerRegistries(scope: Scope, { add, edge }: Emit): void {
  for (const u of scope.units.values()) {
    add({ id: `unit:${u.name.text}`, kind: u.kind === 'group' ? 'group' : 'unit', label: u.fullName.value, span: u.span });
    if (u.kind === 'group') for (const m of u.members) edge(`unit:${u.name.text}`, `unit:${m.text}`, 'member', m.span);
  }
  for (const l of scope.lists.values()) add({ id: `list:${l.name.text}`, kind: 'list', label: l.title.value, span: l.span });
}

/** Measures and their clauses, with the lead and cooperating units of each clause. */
function lowerMeasures(scope: Scope, { add, edge }: Emit): Measure[] {
  const p = scope.policy;
  const measures: Measure[] = [];
  for (const ms of scope.measures) {
    const m = ms.measure;
    const num = String(m.number.value);
    const mid = `measure:${num}`;
    const citation = measureCitation(num);
    add({ id: mid, kind: 'measure', label: m.title.value, measure: num, span: m.span });
    const ownText = m.items.find((i): i is A.TextItem => i.kind === 'text')?.value.value;
    const clauses: Measure['clauses'] = [];
    let joined = '';
    for (const c of ms.clauses) {
      const cid = `${num}.${c.number}`;
      // one pass over the items: the clause's own lead (牵头/负责) and cooperating units, whether it says 负责, its text
      const own: A.Name[] = [];
      const coop: A.Name[] = [];
      let responsible = false;
      let ctext: string | undefined;
      for (const i of c.items) {
        if (i.kind === 'units') {
          if (i.role === 'cooperate') for (const n of i.names) coop.push(n);
          else {
            for (const n of i.names) own.push(n);
            if (i.role === 'responsible') responsible = true;
          }
        } else if (i.kind === 'text' && ctext === undefined && c.decl) ctext = i.value.value;
      }
      const lead = own.length > 0 || !p?.lead ? own : p.lead.names;
      clauses.push({
        id: cid,
        number: c.number,
        ...(ctext !== undefined ? { text: ctext } : {}),
        leadWord: responsible ? '负责' : '牵头',
        lead: lead.map((n) => n.text),
        cooperate: coop.map((n) => n.text),
        span: c.span,
      });
      if (ctext !== undefined) joined += ctext;
      const clauseId = `clause:${cid}`;
      add({ id: clauseId, kind: 'clause', label: `${citation}第${chineseNumber(c.number)}款`, measure: num, span: c.span });
      edge(clauseId, mid, 'in', c.span);
      for (const n of lead) edge(clauseId, `unit:${n.text}`, 'lead', n.span);
      for (const n of coop) edge(clauseId, `unit:${n.text}`, 'cooperate', n.span);
    }
    measures.push({ number: num, title: m.title.value, text: ownText ?? joined, clauses, span: m.span });
  }
  return measures;
}

/** 不重复支持, 就高不就低, 补足差额, each citing the measure it stands in. */
function lowerRules(scope: Scope, { add, edge }: Emit): Graph['rules'] {
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
  return rules;
}

/** Workflows and their steps; each benefit takes the first workflow that applies to it. */
function lowerWorkflows(scope: Scope, benefits: Benefit[], { add, edge }: Emit): Graph['workflows'] {
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
  return workflows;
}

/** Applicant kinds, units, lists and inputs as the graph lists them (inputs with the type their node has). */
function registryLists(scope: Scope, byId: ReadonlyMap<string, GraphNode>): Pick<Graph, 'kinds' | 'units' | 'lists' | 'inputs'> {
  return {
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
  };
}

/** The policy header as the graph keeps it. */
function policyHeader(p: Scope['policy'], file: A.PolFile): Graph['policy'] {
  return {
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
    ...policyFigures(p),
    span: p?.span ?? file.span,
  };
}

/** Executable nodes, every node after its args (depth-first post-order; cycles were reported and are cut). */
function topoOrder(nodes: GraphNode[], byId: ReadonlyMap<string, GraphNode>): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (id: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    const n = byId.get(id);
    if (n && (n.kind === 'expr' || n.kind === 'define')) for (const a of n.args) visit(a);
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

/** 汇率, 年度资金总额, 分担 as the graph keeps them (what the checker accepted). */
function policyFigures(p: A.PolicyDecl | undefined): Pick<Graph['policy'], 'exchangeRates' | 'budget' | 'share'> {
  if (!p) return {};
  const rates: Record<string, number> = {};
  for (const r of p.exchangeRates ?? []) if (r.foreign.type === 'money' && r.foreign.fen > 0) rates[r.foreign.currency] = r.yuan.value / (r.foreign.fen / 100);
  const budget = p.budget?.value.type === 'money' ? graphLiteral(p.budget.value) : undefined;
  return {
    ...(Object.keys(rates).length > 0 ? { exchangeRates: rates } : {}),
    ...(budget?.type === 'money' ? { budget: { fen: budget.fen, ...(budget.scale ? { scale: budget.scale } : {}) } } : {}),
    ...(p.share ? { share: { funders: p.share.funders.map((n) => n.text), weights: p.share.weights.map((w) => w.value) } } : {}),
  };
}

/**
 * Whether `lower` could report anything for this checked file. Its one diagnostic is a cycle among definitions
 * (POL3001), so it can report only when the definitions' references — every name in a definition's expression
 * that is another definition, a superset of what the lowering follows — form a cycle. The editor (src/service/)
 * asks this to skip the lowering, which it needs only for its diagnostics. A diagnostic added to `lower` must
 * be added here too (test/lsp/check-incremental.test.ts holds the list).
 */
export function lowerMayReport(checked: Checked): boolean {
  const { defines } = checked.scope;
  const state = new Map<string, 'busy' | 'done'>();
  const cycles = (name: string): boolean => {
    const s = state.get(name);
    if (s) return s === 'busy';
    state.set(name, 'busy');
    let found = false;
    walk(defines.get(name)!.decl.expr, (e) => {
      if (!found && e.kind === 'ref' && defines.has(e.name.text)) found = cycles(e.name.text);
    });
    state.set(name, 'done');
    return found;
  };
  for (const name of defines.keys()) if (cycles(name)) return true;
  return false;
}
