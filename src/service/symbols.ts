/**
 * The symbol index of a parsed .pol file: every declared name (its definition) and every place that names
 * it (its references), found by one walk of the AST. The walk is generic — any `Name` (`{text, span}`) that
 * is the `name` of a declaring node is a definition, every other `Name` a reference — so a construct added
 * to the language is indexed without touching this file, unless it declares a new kind of name.
 */
import type { Span } from '../diagnostics/span.ts';
import type * as A from '../syntax/ast.ts';

/** What a declared name is: the namespaces of a .pol file. */
export type SymbolKind = 'unit' | 'group' | 'list' | 'kind' | 'input' | 'define' | 'benefit' | 'workflow' | 'step' | 'measure';

export interface SymbolDef {
  name: string;
  kind: SymbolKind;
  /** The span of the name where it is declared. */
  nameSpan: Span;
  /** The whole declaration. */
  node: unknown;
  /** The measure it is declared in, if any. */
  measure?: A.MeasureDecl;
}

export interface SymbolRef {
  name: string;
  span: Span;
}

export interface SymbolIndex {
  defs: SymbolDef[];
  refs: SymbolRef[];
  /** Definitions by name (a name may be declared more than once in a file with errors). */
  byName: Map<string, SymbolDef[]>;
}

/** AST node kinds whose `name` declares a symbol, and the symbol kind it declares. */
const DECLARING: Record<string, SymbolKind> = {
  unit: 'unit',
  group: 'group',
  list: 'list',
  applicantKind: 'kind',
  input: 'input',
  define: 'define',
  benefit: 'benefit',
  workflow: 'workflow',
  step: 'step',
};

/** Fields that hold no names a drafter refers to elsewhere (the policy's own id, an applicant kind's code). */
const SKIPPED_FIELDS = new Set(['comments', 'id', 'code']);
/** Node kinds whose `items` repeat, in source order, what their other fields already hold (for the formatter). */
const ITEMS_REPEATED = new Set(['benefit', 'workflow']);

function isName(v: unknown): v is A.Name {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as A.Name).text === 'string' &&
    typeof (v as A.Name).span === 'object' &&
    !('kind' in v) &&
    !('type' in v)
  );
}

/** Index a file's names. Iterative, so a deeply nested expression cannot overflow the stack. */
export function indexSymbols(file: A.PolFile): SymbolIndex {
  const defs: SymbolDef[] = [];
  const refs: SymbolRef[] = [];
  const stack: { node: unknown; measure?: A.MeasureDecl }[] = [{ node: file }];
  while (stack.length > 0) {
    const { node, measure } = stack.pop()!;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push({ node: node[i], measure });
      continue;
    }
    if (typeof node !== 'object' || node === null) continue;
    if (isName(node)) {
      refs.push({ name: node.text, span: node.span });
      continue;
    }
    const rec = node as Record<string, unknown>;
    const kind = typeof rec.kind === 'string' ? rec.kind : undefined;
    let inMeasure = measure;
    if (kind === 'measure') {
      const m = node as A.MeasureDecl;
      inMeasure = m;
      defs.push({ name: String(m.number.value), kind: 'measure', nameSpan: m.number.span, node: m });
    }
    const declares = kind ? DECLARING[kind] : undefined;
    for (const [field, value] of Object.entries(rec)) {
      if (field === 'span' || SKIPPED_FIELDS.has(field)) continue;
      if (field === 'items' && kind && ITEMS_REPEATED.has(kind)) continue;
      if (declares && field === 'name' && isName(value)) {
        defs.push({ name: value.text, kind: declares, nameSpan: value.span, node, measure: inMeasure });
        continue;
      }
      if (typeof value === 'object' && value !== null) stack.push({ node: value, measure: inMeasure });
    }
  }
  const byName = new Map<string, SymbolDef[]>();
  for (const d of defs) {
    if (d.kind === 'measure') continue;
    const list = byName.get(d.name) ?? [];
    list.push(d);
    byName.set(d.name, list);
  }
  const known = refs.filter((r) => byName.has(r.name));
  known.sort((a, b) => a.span.offset - b.span.offset);
  return { defs, refs: known, byName };
}

/** The definition or reference whose name covers `offset`, if any. */
export function symbolAt(index: SymbolIndex, offset: number): { name: string; span: Span; def?: SymbolDef } | undefined {
  const within = (s: Span) => offset >= s.offset && offset <= s.endOffset;
  for (const d of index.defs) {
    if (within(d.nameSpan)) return { name: d.name, span: d.nameSpan, def: d };
  }
  for (const r of index.refs) {
    if (within(r.span)) return { name: r.name, span: r.span, def: index.byName.get(r.name)?.[0] };
  }
  return undefined;
}

/** Every span that names `name`: its definitions first, then its references in source order. */
export function occurrences(index: SymbolIndex, name: string): Span[] {
  const defs = (index.byName.get(name) ?? []).map((d) => d.nameSpan);
  return [...defs, ...index.refs.filter((r) => r.name === name).map((r) => r.span)];
}
