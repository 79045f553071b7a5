/**
 * Name resolution: the symbol tables of a .pol file, built once and read by the checks and the lowering.
 * Every name is declared once; a second declaration is POL2006 pointing at both places.
 */
import type * as A from '../syntax/ast.ts';
import { diag, type Diagnostic } from '../diagnostics/diagnostic.ts';

export interface MeasureScope {
  measure: A.MeasureDecl;
  /** The clauses, with the measure-level items forming an implicit clause 1 when the measure has no explicit clauses. */
  clauses: { number: number; decl?: A.ClauseDecl; items: A.ClauseItem[]; span: A.MeasureDecl['span'] }[];
}

export interface BenefitSite {
  decl: A.BenefitDecl;
  measure: A.MeasureDecl;
  clause: number;
}

export interface Scope {
  policy?: A.PolicyDecl;
  units: Map<string, A.UnitDecl | A.GroupDecl>;
  lists: Map<string, A.ListDecl>;
  kinds: Map<string, A.KindDecl>;
  inputs: Map<string, { decl: A.InputDecl; measure?: A.MeasureDecl }>;
  defines: Map<string, { decl: A.DefineDecl; measure?: A.MeasureDecl }>;
  benefits: Map<string, BenefitSite>;
  workflows: Map<string, A.WorkflowDecl>;
  measures: MeasureScope[];
  rules: { block: A.RulesBlock; measure?: A.MeasureDecl }[];
}

const WHAT = {
  unit: { zh: '单位', en: 'unit' },
  list: { zh: '名单', en: 'list' },
  kind: { zh: '申报主体', en: 'applicant kind' },
  name: { zh: '输入或计算项', en: 'input or definition' },
  benefit: { zh: '扶持项目', en: 'benefit' },
  workflow: { zh: '流程', en: 'workflow' },
  policy: { zh: '政策', en: 'policy' },
} as const;

export function buildScope(file: A.PolFile, out: Diagnostic[]): Scope {
  const s: Scope = {
    units: new Map(),
    lists: new Map(),
    kinds: new Map(),
    inputs: new Map(),
    defines: new Map(),
    benefits: new Map(),
    workflows: new Map(),
    measures: [],
    rules: [],
  };
  const f = file.file;

  const declare = <T>(map: Map<string, T>, name: A.Name, value: T, what: keyof typeof WHAT, firstSpan: (v: T) => A.Name['span']) => {
    const prior = map.get(name.text);
    if (prior !== undefined) {
      out.push(diag('POL2006', f, name.span, WHAT[what], name.text, firstSpan(prior).line));
      return;
    }
    map.set(name.text, value);
  };
  const inputOrDefine = (name: A.Name) => {
    const prior = s.inputs.get(name.text)?.decl.name ?? s.defines.get(name.text)?.decl.name;
    if (prior) {
      out.push(diag('POL2006', f, name.span, WHAT.name, name.text, prior.span.line));
      return false;
    }
    return true;
  };
  const addInput = (decl: A.InputDecl, measure?: A.MeasureDecl) => {
    if (inputOrDefine(decl.name)) s.inputs.set(decl.name.text, { decl, measure });
  };
  const addDefine = (decl: A.DefineDecl, measure?: A.MeasureDecl) => {
    if (inputOrDefine(decl.name)) s.defines.set(decl.name.text, { decl, measure });
  };
  const addClauseItems = (items: A.ClauseItem[], measure: A.MeasureDecl, clause: number) => {
    for (const it of items) {
      if (it.kind === 'input') addInput(it, measure);
      else if (it.kind === 'define') addDefine(it, measure);
      else if (it.kind === 'benefit') {
        declare(s.benefits, it.name, { decl: it, measure, clause }, 'benefit', (b) => b.decl.name.span);
        for (const i of it.inputs) addInput(i, measure);
      }
    }
  };

  for (const d of file.decls) {
    switch (d.kind) {
      case 'policy':
        if (s.policy) out.push(diag('POL2014', f, d.id.span));
        else s.policy = d;
        break;
      case 'unit':
      case 'group':
        declare(s.units, d.name, d, 'unit', (u) => u.name.span);
        break;
      case 'list':
        declare(s.lists, d.name, d, 'list', (u) => u.name.span);
        break;
      case 'applicantKind':
        declare(s.kinds, d.name, d, 'kind', (u) => u.name.span);
        break;
      case 'input':
        addInput(d);
        break;
      case 'define':
        addDefine(d);
        break;
      case 'rules':
        s.rules.push({ block: d });
        break;
      case 'workflow':
        declare(s.workflows, d.name, d, 'workflow', (u) => u.name.span);
        break;
      case 'measure': {
        const ms: MeasureScope = { measure: d, clauses: [] };
        const own: A.ClauseItem[] = [];
        for (const it of d.items) {
          if (it.kind === 'clause') ms.clauses.push({ number: it.number.value, decl: it, items: it.items, span: it.span });
          else if (it.kind === 'rules') s.rules.push({ block: it, measure: d });
          else own.push(it);
        }
        if (ms.clauses.length === 0) ms.clauses.push({ number: 1, items: own, span: d.span });
        else addClauseItems(own, d, ms.clauses[0]!.number);
        for (const c of ms.clauses) addClauseItems(c.items, d, c.number);
        s.measures.push(ms);
        break;
      }
    }
  }
  return s;
}
