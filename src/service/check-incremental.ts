/**
 * The editor's checker: `check`'s diagnostics, but an edit inside one measure checks that measure again
 * and keeps the rest. It works on the pieces of the document's IncrementalParser (one top-level declaration
 * each).
 *
 * A measure's diagnostics depend on the rest of the file through the names it declares (inputs, definitions,
 * benefits: duplicates, references, "did you mean" lists), their types, its number, the lines it spans, and
 * the names its conditions and amounts read (an input no rule reads is warned about); the other pieces'
 * diagnostics depend on the measure through the same things. So when an edit changed one measure's text
 * and not its interface — the names it declares with their declarations' text and relative lines, its number,
 * its line count — and the names it stopped or started reading are no input declared elsewhere, the other
 * pieces' diagnostics are the last ones, moved, and the measure's own are those `check` gives on a reduced
 * file: the other declarations as they are, but each run of other measures one measure holding only their
 * declarations (benefits without conditions or amounts, one of them reading the changed measure's inputs
 * that others read). That check costs about a quarter of the whole one on 2,000 measures. Anything else — a
 * second piece changed, a header, unit, list or workflow edited, a measure number used twice, a cycle of
 * definitions possible — checks the whole file. A rule added to the checker that reads across measures
 * something other than these must be added here; test/lsp/check-incremental.test.ts compares the result
 * with a fresh `pol check` through random edits.
 */
import { check, walk, type Checked } from '../check/check.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { lowerMayReport } from '../ir/lower.ts';
import type * as A from '../syntax/ast.ts';
import type { Entry, IncrementalParser } from './incremental.ts';
import { indexSymbols } from './symbols.ts';

/** A piece as last checked: its diagnostics as copies, at the position the piece then had. */
interface Checkpoint {
  entry: Entry;
  offset: number;
  line: number;
  diagnostics: Diagnostic[];
}

const copy = (d: Diagnostic, dOffset: number, dLine: number): Diagnostic => ({
  ...d,
  span: { ...d.span, offset: d.span.offset + dOffset, endOffset: d.span.endOffset + dOffset, line: d.span.line + dLine, endLine: d.span.endLine + dLine },
});

const lineCount = (text: string) => {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
};

/** The inputs, definitions and benefits a measure declares, in the order the scope registers them. */
function declared(m: A.MeasureDecl): (A.InputDecl | A.DefineDecl | A.BenefitDecl)[] {
  const own = m.items.filter((i) => i.kind !== 'clause' && i.kind !== 'rules');
  const clauses = m.items.filter((i): i is A.ClauseDecl => i.kind === 'clause');
  const items = [...own, ...clauses.flatMap((c) => c.items)];
  return items.filter((i): i is A.InputDecl | A.DefineDecl | A.BenefitDecl => i.kind === 'input' || i.kind === 'define' || i.kind === 'benefit');
}

/** The names a benefit's conditions and amount read. */
function benefitReads(b: A.BenefitDecl): Set<string> {
  const names = new Set<string>();
  const add = (e: A.Expr) => walk(e, (x) => x.kind === 'ref' && names.add(x.name.text));
  b.conditions.forEach(add);
  if (b.amount?.base) add(b.amount.base);
  for (const c of b.amount?.caps ?? []) add(c.expr);
  return names;
}

/** The names of the inputs a measure declares. */
const inputsOf = (m: A.MeasureDecl) =>
  new Set(declared(m).flatMap((d) => (d.kind === 'input' ? [d] : d.kind === 'benefit' ? d.inputs : [])).map((d) => d.name.text));

/** The one measure a piece holds, if it holds exactly one declaration and that is a measure. */
const measureOf = (e: Entry): A.MeasureDecl | undefined => {
  const decls = e.result.ast?.decls;
  return decls?.length === 1 && decls[0]!.kind === 'measure' ? decls[0] : undefined;
};

/** A checker for one document, over the pieces of its parser. */
export class IncrementalChecker {
  private last?: { pieces: Checkpoint[]; inputs: Map<string, number>; numbers: Map<number, number> };
  private readonly interfaces = new WeakMap<Entry, string>();
  private readonly reads = new WeakMap<A.MeasureDecl, Set<string>>();
  private stubs = new WeakMap<A.MeasureDecl, A.MeasureItem[]>();
  /** Whether the last call checked one measure only (for tests and the bench). */
  lastIncremental = false;

  constructor(private readonly parser: IncrementalParser) {}

  check = (file: A.PolFile, source: string): Checked => {
    this.lastIncremental = false;
    const entries = this.parser.last?.ast === file ? this.parser.last.entries : undefined;
    const last = this.last;
    this.last = undefined;
    if (!entries) return check(file, source);
    const k = last ? this.changedMeasure(last, entries) : -1;
    if (last && k >= 0) {
      const r = this.checkOne(file, source, last, entries, k);
      if (r) return r;
    }
    return this.checkAll(file, source, entries);
  };

  /** The index of the one measure whose text changed, when the rest can be kept; -1 otherwise. */
  private changedMeasure(last: NonNullable<IncrementalChecker['last']>, entries: readonly Entry[]): number {
    if (entries.length !== last.pieces.length) return -1;
    let k = -1;
    for (let i = 0; i < entries.length; i++) {
      if (entries[i] === last.pieces[i]!.entry) continue;
      if (k >= 0) return -1;
      k = i;
    }
    if (k < 0) return -1;
    const before = last.pieces[k]!.entry;
    const after = entries[k]!;
    const m0 = measureOf(before);
    const m1 = measureOf(after);
    if (!m0 || !m1 || lineCount(before.text) !== lineCount(after.text) || this.interfaceOf(before, m0) !== this.interfaceOf(after, m1)) return -1;
    // a number another measure has too (reported on the later one)
    if (last.numbers.get(m1.number.value)! > 1) return -1;
    // an input declared elsewhere that the measure stopped or started reading: its warning may change
    const r0 = this.readsOf(m0);
    const r1 = this.readsOf(m1);
    const ownInputs = inputsOf(m1);
    for (const [a, b] of [
      [r0, r1],
      [r1, r0],
    ] as const) {
      for (const n of a) if (!b.has(n) && last.inputs.has(n) && !(ownInputs.has(n) && last.inputs.get(n) === 1)) return -1;
    }
    return k;
  }

  /** What other pieces' diagnostics can read of a measure: its number, declared names (relative lines) and their declarations. */
  private interfaceOf(e: Entry, m: A.MeasureDecl): string {
    let s = this.interfaces.get(e);
    if (s === undefined) {
      const span = { line: 1, col: 1, endLine: 1, endCol: 1, offset: 0, endOffset: 0 };
      const defs = indexSymbols({ kind: 'file', file: '', decls: [m], comments: [], span }).defs;
      const text = (d: { span: A.Name['span'] }) => e.text.slice(d.span.offset - e.offset, d.span.endOffset - e.offset);
      s = JSON.stringify([
        defs.map((d) => [d.kind, d.name, d.nameSpan.line - e.line]),
        declared(m).flatMap((d) => (d.kind === 'benefit' ? d.inputs.map(text) : [text(d)])),
      ]);
      this.interfaces.set(e, s);
    }
    return s;
  }

  /** The names a measure's conditions, amounts and definitions read. */
  private readsOf(m: A.MeasureDecl): Set<string> {
    let names = this.reads.get(m);
    if (!names) {
      names = new Set<string>();
      for (const d of declared(m)) {
        if (d.kind === 'benefit') for (const n of benefitReads(d)) names.add(n);
        else if (d.kind === 'define') walk(d.expr, (x) => x.kind === 'ref' && names!.add(x.name.text));
      }
      this.reads.set(m, names);
    }
    return names;
  }

  /**
   * What the changed measure's diagnostics read of another measure: its declarations, in the order the scope
   * registers them, with benefits that have no conditions or amount (what reads the changed measure's inputs
   * is added by `checkOne`).
   */
  private stub(m: A.MeasureDecl): A.MeasureItem[] {
    let s = this.stubs.get(m);
    if (!s) {
      s = declared(m).map((d): A.MeasureItem =>
        d.kind === 'benefit' ? { ...d, conditions: [], amount: undefined, oneTime: undefined, reference: d.reference ?? { value: '', span: d.name.span }, items: [] } : d,
      );
      this.stubs.set(m, s);
    }
    return s;
  }

  private checkOne(file: A.PolFile, source: string, last: NonNullable<IncrementalChecker['last']>, entries: readonly Entry[], k: number): Checked | undefined {
    // every run of other measures becomes one measure holding their declarations (numbered below any real one)
    const m = measureOf(entries[k]!)!;
    const ownInputs = inputsOf(m);
    const read = new Set<string>();
    const decls: A.TopDecl[] = [];
    let run: A.MeasureDecl | undefined;
    for (const [i, e] of entries.entries()) {
      for (const d of e.result.ast!.decls) {
        if (i === k || d.kind !== 'measure') {
          run = undefined;
          decls.push(d);
          continue;
        }
        for (const n of this.readsOf(d)) if (ownInputs.has(n)) read.add(n);
        if (run) run.items.push(...this.stub(d));
        else decls.push((run = { ...d, number: { value: -1 - decls.length, span: d.number.span }, items: [...this.stub(d)] }));
      }
    }
    // the changed measure's inputs other measures read, read by one benefit of theirs
    const reader = decls.find((d): d is A.MeasureDecl => d.kind === 'measure' && d !== m && d.items.some((x) => x.kind === 'benefit'));
    if (read.size > 0 && reader) {
      const at = reader.items.findIndex((x) => x.kind === 'benefit');
      const b = reader.items[at] as A.BenefitDecl;
      const ref = (n: string): A.Expr => ({ kind: 'ref', name: { text: n, span: b.name.span }, span: b.name.span });
      // `x = x` is a true/false judgement whatever x's type: the condition reads x and is no error
      reader.items[at] = { ...b, conditions: [...read].map((n): A.Expr => ({ kind: 'compare', op: '=', left: ref(n), right: ref(n), span: b.name.span })) };
    }
    const reduced = check({ ...file, decls }, source);
    if (lowerMayReport(reduced)) return undefined;
    const e = entries[k]!;
    const own = reduced.diagnostics.filter((d) => d.span.offset >= e.offset && d.span.offset < e.offset + e.text.length);
    const pieces: Checkpoint[] = [];
    const diagnostics: Diagnostic[] = [];
    for (const [i, p] of last.pieces.entries()) {
      const now = entries[i]!;
      if (i === k) {
        pieces.push({ entry: now, offset: now.offset, line: now.line, diagnostics: own.map((d) => copy(d, 0, 0)) });
        diagnostics.push(...own);
      } else {
        pieces.push(p);
        for (const d of p.diagnostics) diagnostics.push(copy(d, now.offset - p.offset, now.line - p.line));
      }
    }
    this.last = { ...last, pieces };
    this.lastIncremental = true;
    return { ...reduced, diagnostics };
  }

  private checkAll(file: A.PolFile, source: string, entries: readonly Entry[]): Checked {
    const checked = check(file, source);
    const pieces: Checkpoint[] = entries.map((e) => ({ entry: e, offset: e.offset, line: e.line, diagnostics: [] }));
    for (const d of checked.diagnostics) {
      // the piece the diagnostic starts in (binary search); one that runs past its piece's end is not kept
      let lo = 0;
      let hi = pieces.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (pieces[mid]!.offset <= d.span.offset) lo = mid;
        else hi = mid - 1;
      }
      const p = pieces[lo]!;
      if (d.span.offset < p.offset || d.span.endOffset > p.offset + p.entry.text.length) return checked;
      p.diagnostics.push(copy(d, 0, 0));
    }
    // how many times each input name and each measure number is declared (the scope keeps only the first)
    const inputs = new Map<string, number>();
    const numbers = new Map<number, number>();
    const count = (d: A.InputDecl) => inputs.set(d.name.text, (inputs.get(d.name.text) ?? 0) + 1);
    for (const d of file.decls) {
      if (d.kind === 'input') count(d);
      else if (d.kind === 'measure') {
        numbers.set(d.number.value, (numbers.get(d.number.value) ?? 0) + 1);
        for (const x of declared(d)) x.kind === 'input' ? count(x) : x.kind === 'benefit' && x.inputs.forEach(count);
      }
    }
    this.stubs = new WeakMap();
    this.last = { pieces, inputs, numbers };
    return checked;
  }
}
