/** The grammar passes Chevrotain's own checks (skipped at run time for start-up speed). */
import { describe, expect, it } from 'vitest';
import { makeLexer } from '../../grammar/tokens.ts';
import { PolParser } from '../../grammar/parser.ts';

describe('grammar definition', () => {
  it('the lexer has no definition errors', () => {
    const lexer = makeLexer(false);
    expect(lexer.lexerDefinitionErrors).toEqual([]);
  });

  it('the parser has no ambiguities or left recursion', () => {
    expect(() => new PolParser(false)).not.toThrow();
  });
});
