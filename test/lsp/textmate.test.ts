/**
 * The VS Code TextMate grammar: the committed file is the one generated from the lexicon, it tokenizes the
 * seed and the English demo as the golden token lists say (vscode-textmate + oniguruma, the engine VS Code
 * runs), and it agrees with pol's own lexer on every keyword and name of both files.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';
import * as T from '../../grammar/tokens.ts';
import { textMateGrammar } from '../../src/lsp/textmate.ts';
import { expectGolden } from '../support/golden.ts';
import { ROOT } from '../support/cli.ts';

const require = createRequire(import.meta.url);
const GRAMMAR_FILE = resolve(ROOT, 'editors/vscode/syntaxes/pol.tmLanguage.json');
const FILES = ['dsl/guangzhou-cbec.pol', 'dsl/expo-support-en.pol'];

interface Token {
  line: number;
  col: number;
  text: string;
  scope: string;
}

let grammar: vsctm.IGrammar;

beforeAll(async () => {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName: string) =>
      scopeName === 'source.pol' ? vsctm.parseRawGrammar(readFileSync(GRAMMAR_FILE, 'utf8'), GRAMMAR_FILE) : null,
  });
  grammar = (await registry.loadGrammar('source.pol'))!;
});

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let state = vsctm.INITIAL;
  text.split('\n').forEach((line, i) => {
    const r = grammar.tokenizeLine(line, state);
    for (const t of r.tokens) {
      const piece = line.slice(t.startIndex, t.endIndex);
      if (piece.trim() === '') continue;
      out.push({ line: i + 1, col: t.startIndex + 1, text: piece, scope: t.scopes[t.scopes.length - 1]! });
    }
    state = r.ruleStack;
  });
  return out;
}

describe('TextMate grammar', () => {
  it('is the committed file generated from the lexicon (npm run build:vscode rewrites it)', () => {
    expect(JSON.parse(readFileSync(GRAMMAR_FILE, 'utf8'))).toEqual(JSON.parse(JSON.stringify(textMateGrammar())));
  });

  for (const file of FILES) {
    it(`tokenizes ${file} as the golden token list says`, () => {
      const tokens = tokenize(readFileSync(resolve(ROOT, file), 'utf8'));
      const lines = tokens.map((t) => `${t.line}:${t.col}\t${t.scope}\t${t.text.length > 40 ? `${t.text.slice(0, 40)}…` : t.text}`);
      expectGolden(resolve(ROOT, 'test/lsp/golden', `${file.split('/').pop()}.tokens.txt`), lines.join('\n') + '\n');
    });

    it(`agrees with pol's lexer on every keyword and name of ${file}`, () => {
      const text = readFileSync(resolve(ROOT, file), 'utf8');
      const tm = tokenize(text);
      const lineStarts = [0];
      for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
      const scopeAt = new Map<number, Token>();
      for (const t of tm) scopeAt.set(lineStarts[t.line - 1]! + t.col - 1, t);
      const lexed = T.polLexer.tokenize(text);
      let keywords = 0;
      let names = 0;
      for (const tok of lexed.tokens) {
        const isKeyword = T.keywordSpellings.has(tok.tokenType);
        if (!isKeyword && tok.tokenType !== T.Identifier) continue;
        const t = scopeAt.get(tok.startOffset);
        expect(t, `${file}:${tok.startLine}:${tok.startColumn} ${tok.image}`).toBeDefined();
        expect(t!.text, `${file}:${tok.startLine}:${tok.startColumn}`).toBe(tok.image);
        const keywordScope = /^(keyword|storage|support\.type)/.test(t!.scope);
        expect(keywordScope, `${file}:${tok.startLine}:${tok.startColumn} ${tok.image} → ${t!.scope}`).toBe(isKeyword);
        if (isKeyword) keywords++;
        else names++;
      }
      expect(keywords).toBeGreaterThan(100);
      expect(names).toBeGreaterThan(50);
    });
  }
});
