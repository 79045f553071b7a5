/**
 * The checker: names resolve, types agree, every clause has its lead unit, every amount its base,
 * and the gaps a drafter should know of (no ceiling, no validity) are warned about.
 */
import type * as A from '../syntax/ast.ts';
import { didYouMean } from '../text.ts';
import { diag, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { buildScope, type Scope } from './scope.ts';
import { ExprTyper, typeName, unparen } from './types.ts';
import { isCalendarDate } from '../syntax/literals.ts';

export interface Checked {
  scope: Scope;
  typer: ExprTyper;
  diagnostics: Diagnostic[];
}

export function check(file: A.PolFile, source: string): Checked {
  const out: Diagnostic[] = [];
  const f = file.file;
  const scope = buildScope(file, out);
  const text = (s: A.Expr['span']) => source.slice(s.offset, s.endOffset);
  const typer = new ExprTyper(scope, f, out, text);

  const unitKnown = (n: A.Name) => {
    if (!scope.units.has(n.text)) out.push(diag('POL2001', f, n.span, n.text, didYouMean(n.text, scope.units.keys())));
  };
  const noRepeats = (names: A.Name[], where: { zh: string; en: string }) => {
    const seen = new Set<string>();
    for (const n of names) {
      if (seen.has(n.text)) out.push(diag('POL1010', f, n.span, n.text, where));
      seen.add(n.text);
    }
  };

  // ---- the policy header
  const p = scope.policy;
  if (!p) out.push(diag('POL2013', f, { line: 1, col: 1, endLine: 1, endCol: 1, offset: 0, endOffset: 0 }));
  else {
    if (p.issuer) unitKnown(p.issuer);
    p.lead?.names.forEach(unitKnown);
    if (p.repealedOn && p.validity?.kind === 'range' && p.repealedOn.value < p.validity.from) out.push(diag('POL2029', f, p.repealedOn.span, p.repealedOn.value, p.validity.from));
    if (p.status?.value === 'official' && !p.issued) out.push(diag('POL2012', f, p.status.span));
    if (!p.validity) out.push(diag('POL2102', f, p.id.span));
    else if (p.validity.kind === 'range') {
      if (!isCalendarDate(p.validity.from) || !isCalendarDate(p.validity.to)) {
        // reported by the literal reader
      } else if (p.validity.from > p.validity.to) out.push(diag('POL2020', f, p.validity.span, p.validity.from, p.validity.to));
    }
    for (const s of p.successors) {
      if (scope.benefits.has(s.from.text)) out.push(diag('POL5203', f, s.from.span, s.from.text, s.to.text));
      if (!scope.benefits.has(s.to.text)) out.push(diag('POL5202', f, s.to.span, s.from.text, s.to.text));
    }
  }

  // ---- units
  for (const u of scope.units.values()) {
    if (u.kind === 'group') {
      u.members.forEach(unitKnown);
      noRepeats(u.members, { zh: '单位组', en: 'unit group' });
    }
  }

  // ---- measures and clauses
  const numbers = new Map<number, A.MeasureDecl>();
  for (const ms of scope.measures) {
    const m = ms.measure;
    if (numbers.has(m.number.value)) out.push(diag('POL2025', f, m.number.span, m.number.value));
    numbers.set(m.number.value, m);
    const hasText = m.items.some((i) => i.kind === 'text') || ms.clauses.some((c) => c.items.some((i) => i.kind === 'text'));
    if (!hasText) out.push(diag('POL2103', f, m.title.span));
    const clauseNumbers = new Set<number>();
    for (const c of ms.clauses) {
      if (c.decl) {
        if (clauseNumbers.has(c.number)) out.push(diag('POL1010', f, c.decl.number.span, c.number, { zh: '措施', en: 'measure' }));
        clauseNumbers.add(c.number);
      }
      const units = c.items.filter((i): i is A.UnitsItem => i.kind === 'units');
      for (const u of units) {
        u.names.forEach(unitKnown);
        noRepeats(u.names, { zh: '条款的单位名单', en: "clause's list of units" });
      }
      const leads = units.filter((u) => u.role !== 'cooperate');
      const needsLead = c.decl !== undefined || units.length > 0 || c.items.some((i) => i.kind === 'benefit');
      if (needsLead && leads.length === 0 && !p?.lead) out.push(diag('POL2008', f, c.decl ? c.decl.number.span : m.number.span));
    }
  }

  // ---- benefits
  const used = new Set<string>();
  const markUsed = (e: A.Expr) => walk(e, (x) => (x.kind === 'ref' && used.add(x.name.text)) || (x.kind === 'field' && used.add(x.list.text)));
  for (const def of scope.defines.values()) {
    typer.defineType(def.decl.name.text);
    markUsed(def.decl.expr);
  }
  for (const { decl: b } of scope.benefits.values()) {
    if (b.applicants.length === 0) out.push(diag('POL2016', f, b.name.span));
    for (const k of b.applicants) if (!scope.kinds.has(k.text)) out.push(diag('POL2005', f, k.span, k.text));
    noRepeats(b.applicants, { zh: '申报对象', en: 'list of applicant kinds' });
    for (const c of b.conditions) {
      typer.expectBool(c);
      markUsed(c);
    }
    if (b.amount && b.reference) out.push(diag('POL2015', f, b.reference.span));
    if (!b.amount && !b.reference) out.push(diag('POL2105', f, b.name.span, b.name.text));
    if (b.amount) checkAmount(b, b.amount);
  }

  function checkAmount(b: A.BenefitDecl, a: A.AmountSpec) {
    const moneyCNY = (e: A.Expr) => {
      markUsed(e);
      const t = typer.type(e);
      if (!t) return;
      if (t.kind === 'percent') out.push(diag('POL2009', f, e.span, text(e.span)));
      else if (t.kind !== 'money' || t.currency !== 'CNY' || t.perUnit) out.push(diag('POL2010', f, e.span, typeName(t)));
    };
    if (a.base) moneyCNY(a.base);
    for (const c of a.caps) moneyCNY(c.expr);
    if (a.caps.length === 0 && !(a.base && isFixed(a.base))) out.push(diag('POL2101', f, b.name.span, b.name.text));
    if (b.oneTime) {
      const perYear = a.caps.find((c) => c.scope === 'perYear');
      if (perYear) out.push(diag('POL2024', f, perYear.span));
    }
  }

  // ---- rules
  for (const { block } of scope.rules) {
    const seen = new Set<string>();
    for (const it of block.items) {
      if (seen.has(it.kind)) out.push(diag('POL1010', f, it.span, text(it.span), { zh: '规则块', en: 'rules block' }));
      seen.add(it.kind);
    }
  }

  // ---- workflows
  const attached = new Map<string, string>();
  for (const w of scope.workflows.values()) {
    if (w.applies.length === 0) out.push(diag('POL2106', f, w.name.span, w.name.text));
    for (const b of w.applies) {
      if (!scope.benefits.has(b.text)) out.push(diag('POL2004', f, b.span, b.text));
      else if (attached.has(b.text)) out.push(diag('POL2023', f, b.span, b.text));
      attached.set(b.text, w.name.text);
    }
    const steps = new Map<string, A.StepDecl>();
    for (const s of w.steps) {
      const prior = steps.get(s.name.text);
      if (prior) out.push(diag('POL2006', f, s.name.span, { zh: '流程步骤', en: 'workflow step' }, s.name.text, prior.name.span.line));
      steps.set(s.name.text, s);
      if (s.actor?.kind === 'unit') unitKnown(s.actor.name);
    }
    for (const s of w.steps) if (s.returnTo && !steps.has(s.returnTo.text)) out.push(diag('POL2018', f, s.returnTo.span, s.returnTo.text));
  }

  // ---- item lists: each field once, no list inside a list
  for (const { decl } of scope.inputs.values()) {
    if (decl.type.kind !== 'items') continue;
    const seen = new Set<string>();
    for (const fd of decl.type.fields) {
      if (seen.has(fd.name.text)) out.push(diag('POL2046', f, fd.name.span, fd.name.text));
      seen.add(fd.name.text);
      if (fd.type.kind === 'items') out.push(diag('POL2047', f, fd.name.span, fd.name.text));
    }
  }

  // ---- inputs no rule reads
  for (const { decl } of scope.inputs.values()) {
    if (!used.has(decl.name.text)) out.push(diag('POL2104', f, decl.name.span, decl.name.text));
  }

  return { scope, typer, diagnostics: out };
}

/** A fixed amount (a literal, tiers of literals, a choice between them) is its own ceiling. */
function isFixed(e: A.Expr): boolean {
  const x = unparen(e);
  if (x.kind === 'literal') return true;
  if (x.kind === 'tiers') return x.bands.every((b) => isFixed(b.value));
  if (x.kind === 'if') return isFixed(x.then) && isFixed(x.else);
  return false;
}

/** Visit an expression and every expression inside it. */
export function walk(e: A.Expr, visit: (e: A.Expr) => unknown): void {
  visit(e);
  for (const x of children(e)) walk(x, visit);
}

/** The expressions directly inside `e`. */
function children(e: A.Expr): A.Expr[] {
  switch (e.kind) {
    case 'paren':
      return [e.expr];
    case 'binary':
    case 'compare':
      return [e.left, e.right];
    case 'logic':
    case 'call':
      return e.args;
    case 'not':
      return [e.arg];
    case 'if':
      return [e.cond, e.then, e.else];
    case 'steps':
      return [e.value, e.step, e.each];
    case 'tiers':
      return [e.value, ...e.bands.map((b) => b.value)];
    case 'lookup':
      return [e.value, ...e.entries.map((x) => x.value)];
    default:
      return [];
  }
}
