/**
 * The TextMate grammar of .pol for editors (VS Code's syntax colouring before the language server answers),
 * generated from the lexicon in grammar/tokens.ts so that every keyword spelling (Chinese, English and the
 * accepted alternatives) is coloured exactly when the lexer reads it as a keyword. The build writes it to
 * editors/vscode/syntaxes/pol.tmLanguage.json; a test checks the committed file matches.
 */
import * as T from '../../grammar/tokens.ts';

/** Keyword tokens by the TextMate scope they get. */
const GROUPS: { scope: string; tokens: readonly unknown[] }[] = [
  { scope: 'keyword.control.pol', tokens: [T.If, T.Then, T.Else, T.And, T.Or, T.Not] },
  {
    scope: 'keyword.operator.word.pol',
    tokens: [T.Max, T.AtLeast, T.Below, T.Above, T.PerYear, T.InTotal, T.EachFull, T.Give, T.Tiers, T.FirstEntry, T.Member, T.Since, T.Growth],
  },
  { scope: 'support.type.pol', tokens: [T.CountType, T.PercentType, T.BoolType, T.DateType, T.StringType] },
  {
    scope: 'storage.type.declaration.pol',
    tokens: [T.Policy, T.UnitGroup, T.Unit, T.ListKw, T.KindKw, T.Measure, T.Clause, T.Award, T.Support, T.Subsidy, T.Input, T.Define, T.Rules, T.Workflow, T.Step],
  },
];

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\\-]/g, '\\$&');
}

/** One alternation of every spelling of the given keyword tokens, longest first (as the lexer tries them). */
function alternation(tokens: Iterable<unknown>): string {
  const words: string[] = [];
  for (const t of tokens) {
    const sp = T.keywordSpellings.get(t as Parameters<typeof T.keywordSpellings.get>[0]);
    if (sp) words.push(sp.zh, sp.en, ...(sp.alt ?? []));
  }
  return [...new Set(words)].sort((a, b) => b.length - a.length || a.localeCompare(b)).map(escapeRe).join('|');
}

/** Characters that continue an identifier: a keyword touching one of them is part of a name, not a keyword. */
const NAME_CHAR = '\\p{Han}A-Za-z0-9_\\-';

function keywordMatch(words: string): string {
  return `(?<![${NAME_CHAR}])(?:${words})(?![${NAME_CHAR.replace('0-9', '')}])`;
}

export interface TextMateGrammar {
  name: string;
  scopeName: string;
  fileTypes: string[];
  patterns: unknown[];
  repository: Record<string, unknown>;
}

/** The grammar as a JSON-ready object. */
export function textMateGrammar(): TextMateGrammar {
  const grouped = new Set(GROUPS.flatMap((g) => g.tokens));
  const rest = [...T.keywordSpellings.keys()].filter((t) => !grouped.has(t));
  const currencies = T.CURRENCIES.map(escapeRe).join('|');
  const counts = [...T.COUNT_UNITS].sort((a, b) => b.length - a.length).map(escapeRe).join('|');
  return {
    name: 'pol',
    scopeName: 'source.pol',
    fileTypes: ['pol'],
    patterns: [
      { include: '#comment' },
      { include: '#string' },
      { include: '#declaration' },
      { include: '#literal' },
      { include: '#keyword' },
      { include: '#operator' },
      { include: '#punctuation' },
      { include: '#name' },
    ],
    repository: {
      comment: { name: 'comment.line.pol', match: '(?:#|//).*$' },
      string: {
        patterns: [
          { name: 'string.quoted.double.pol', begin: '"', end: '"', patterns: [{ name: 'constant.character.escape.pol', match: '\\\\.' }] },
          { name: 'string.quoted.other.pol', begin: '“', end: '”' },
        ],
      },
      declaration: {
        comment: 'a declaring keyword and the name it declares',
        match: `(${keywordMatch(alternation(GROUPS[3]!.tokens))})\\s+([^\\s:：,，、;；(（){}｛｝"“]+)`,
        captures: { 1: { name: 'storage.type.declaration.pol' }, 2: { name: 'entity.name.pol' } },
      },
      literal: {
        patterns: [
          { name: 'constant.numeric.date.pol', match: '\\d{4}-\\d{2}-\\d{2}' },
          { name: 'constant.numeric.money.pol', match: `\\d+(?:\\.\\d+)?(?:万|亿)?(?:${currencies})(?:(?:/|每)(?:${counts}))?` },
          { name: 'constant.numeric.percent.pol', match: '\\d+(?:\\.\\d+)?[%％]' },
          { name: 'constant.numeric.duration.pol', match: '\\d+(?:个月|工作日|年|日|天)' },
          { name: 'constant.numeric.count.pol', match: `\\d+(?:\\.\\d+)?(?:万|亿)?(?:${counts})` },
          { name: 'constant.numeric.pol', match: '\\d+(?:\\.\\d+)?(?:万|亿)?' },
          { name: 'constant.numeric.infinity.pol', match: '∞|inf(?![A-Za-z0-9_])' },
        ],
      },
      keyword: {
        patterns: [
          ...GROUPS.map((g) => ({ name: g.scope, match: keywordMatch(alternation(g.tokens)) })),
          { name: 'keyword.other.pol', match: keywordMatch(alternation(rest)) },
        ],
      },
      operator: { name: 'keyword.operator.pol', match: '>=|<=|!=|≥|≤|≠|＞＝|＜＝|[×*＊÷/+＋−\\-－>＞<＜=＝]' },
      punctuation: {
        patterns: [
          { name: 'punctuation.separator.pol', match: '[:：,，、;；]' },
          { name: 'punctuation.section.pol', match: '[{}｛｝()（）\\[\\]［］]' },
        ],
      },
      name: { name: 'variable.other.pol', match: `[A-Za-z_][A-Za-z0-9_\\-\\p{Han}]*|\\p{Han}[\\p{Han}A-Za-z_]*` },
    },
  };
}
