/** Precedence and shape of expressions, as the formatter needs them to print only the parentheses the tree needs. */
import type * as A from './ast.ts';

/** Binding strength of each expression form, as grammar/parser.ts nests them (or < and < not < compare < + < × < 每满 < primary). */
export function prec(e: A.Expr): number {
  switch (e.kind) {
    case 'logic':
      return e.op === 'or' ? 1 : 2;
    case 'not':
      return 3;
    case 'compare':
      return 4;
    case 'binary':
      return e.op === '+' || e.op === '-' ? 5 : 6;
    case 'steps':
      return 7;
    default:
      return 8;
  }
}

/** Whether the printed expression ends in a bare 若…则…否则…, whose else-branch would swallow an operator after it. */
export function endsOpen(e: A.Expr): boolean {
  switch (e.kind) {
    case 'if':
      return true;
    case 'binary':
    case 'compare':
      return endsOpen(e.right);
    case 'logic':
      return endsOpen(e.args[e.args.length - 1]!);
    case 'not':
      return endsOpen(e.arg);
    case 'steps':
      return endsOpen(e.each);
    default:
      return false;
  }
}

/** Whether `e` can stand bare where the grammar expects binding strength `min` (closed: nothing that continues an expression follows). */
export function fits(e: A.Expr, min: number, closed: boolean): boolean {
  return e.kind === 'paren' || (prec(e) >= min && (closed || !endsOpen(e)));
}

/** The outermost tiers inside an expression (tiers inside tiers belong to their band). */
export function tiersIn(e: A.Expr | undefined, out: Extract<A.Expr, { kind: 'tiers' }>[] = []): Extract<A.Expr, { kind: 'tiers' }>[] {
  if (!e) return out;
  switch (e.kind) {
    case 'tiers':
      out.push(e);
      break;
    case 'paren':
      tiersIn(e.expr, out);
      break;
    case 'binary':
    case 'compare':
      tiersIn(e.left, out);
      tiersIn(e.right, out);
      break;
    case 'logic':
    case 'call':
      for (const a of e.args) tiersIn(a, out);
      break;
    case 'not':
      tiersIn(e.arg, out);
      break;
    case 'if':
      for (const a of [e.cond, e.then, e.else]) tiersIn(a, out);
      break;
    case 'steps':
      for (const a of [e.value, e.step, e.each]) tiersIn(a, out);
      break;
    case 'lookup':
      for (const x of e.entries) tiersIn(x.value, out);
      break;
  }
  return out;
}
