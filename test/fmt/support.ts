/** Helpers of the formatter tests: parse-or-fail, format, and the comparisons that must survive formatting. */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect } from 'vitest';
import { parse } from '../../src/syntax/parse.ts';
import { format } from '../../src/syntax/format.ts';
import type { PolFile } from '../../src/syntax/ast.ts';
import { hasErrors } from '../../src/diagnostics/diagnostic.ts';
import { ROOT } from '../support/cli.ts';
import { expectEqual } from '../support/equal.ts';

export type FmtLang = 'zh' | 'en';

export function parsed(source: string, file = 'input.pol'): PolFile {
  const r = parse(source, file);
  if (!r.ast || hasErrors(r.diagnostics)) {
    throw new Error(`${file} does not parse:\n${r.diagnostics.map((d) => `${d.span.line}:${d.span.col} ${d.code} ${JSON.stringify(d.args)}`).join('\n')}\n${source}`);
  }
  return r.ast;
}

export function fmt(source: string, lang: FmtLang, file = 'input.pol', normalize = false): string {
  return format(parsed(source, file), source, { lang, normalize });
}

/**
 * Every .pol the formatter must handle: all of dsl/ (so a policy added there is covered at once), the
 * golden language cases that compile, and the formatter's own cases.
 */
export function polFiles(): { rel: string; path: string }[] {
  const out: string[] = [];
  const add = (dir: string) => {
    let names: string[] = [];
    try {
      names = readdirSync(join(ROOT, dir));
    } catch {
      return;
    }
    for (const n of names.sort()) if (n.endsWith('.pol')) out.push(join(ROOT, dir, n));
  };
  add('dsl');
  let features: string[] = [];
  try {
    features = readdirSync(join(ROOT, 'test/cases'));
  } catch {
    features = [];
  }
  for (const f of features.sort()) {
    if (f === 'fmt') add('test/cases/fmt');
    else add(`test/cases/${f}/good`);
  }
  return out.map((path) => ({ rel: relative(ROOT, path), path }));
}

/**
 * The AST with everything layout may change taken out: spans, the drafter's parentheses (only the tree
 * they leave matters), the spelling of a word comparison (不少于 → 不低于: still a word, same op), and
 * comments (compared on their own).
 */
export function coreTree(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(coreTree);
  if (x && typeof x === 'object') {
    const o = x as Record<string, unknown>;
    if (o.kind === 'paren') return coreTree(o.expr);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) {
      if (k === 'span' || k === 'comments') continue;
      // `oneTime` of a benefit is a bare span: only its presence counts
      out[k] = k === 'word' || k === 'oneTime' ? v !== undefined : coreTree(v);
    }
    return out;
  }
  return x;
}

const isNode = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;

/**
 * Whether `coreTree(a)` and `coreTree(b)` are equal, decided without building them (the property tests compare
 * thousands of trees): the same walk as `coreTree`, compared as test/support/equal.ts's plain comparison would.
 */
function sameCore(a: unknown, b: unknown): boolean {
  while (isNode(a) && a.kind === 'paren') a = a.expr;
  while (isNode(b) && b.kind === 'paren') b = b.expr;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameCore(a[i], b[i])) return false;
    return true;
  }
  if (!isNode(a) || !isNode(b)) return Object.is(a, b);
  let count = 0;
  for (const k of Object.keys(a)) {
    if (k === 'span' || k === 'comments') continue;
    count++;
    if (!Object.hasOwn(b, k)) return false;
    if (k === 'word' || k === 'oneTime' ? (a[k] !== undefined) !== (b[k] !== undefined) : !sameCore(a[k], b[k])) return false;
  }
  for (const k of Object.keys(b)) if (k !== 'span' && k !== 'comments') count--;
  return count === 0;
}

/** `expect(coreTree(actual)).toEqual(coreTree(expected))`, the trees built only to show a difference. */
export function expectSameTree(actual: unknown, expected: unknown): void {
  if (!sameCore(actual, expected)) expectEqual(coreTree(actual), coreTree(expected));
}

/** Comment texts (right-trimmed), sorted: formatting may move a comment within its item, never drop one. */
export function commentsOf(tree: PolFile): string[] {
  return tree.comments.map((c) => c.text.trimEnd()).sort();
}

export function commentTexts(source: string): string[] {
  return commentsOf(parsed(source));
}

export function expectSameComments(original: string, formatted: string): void {
  expect(commentTexts(formatted)).toEqual(commentTexts(original));
}
