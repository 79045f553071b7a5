/**
 * Editor features over an Analysis, in character offsets (UTF-16 code units, as JavaScript strings and the
 * LSP count them): hover, definition, references, rename, document symbols, completion, semantic tokens,
 * code actions and formatting. Each is a plain function, so the LSP server and the browser playground share
 * them and tests call them directly.
 */
import type { IToken } from 'chevrotain';
import * as T from '../../grammar/tokens.ts';
import { messageOf, type Diagnostic } from '../diagnostics/diagnostic.ts';
import type { Span } from '../diagnostics/span.ts';
import { rmbCapitals } from '../values/money.ts';
import type * as A from '../syntax/ast.ts';
import { format } from '../syntax/format.ts';
import { measureCitation } from '../values/numerals.ts';
import { editDistance } from '../text.ts';
import type { Analysis } from './analysis.ts';
import { occurrences, symbolAt, type SymbolDef, type SymbolKind } from './symbols.ts';

/** A replacement of the text in [offset, endOffset). */
export interface TextEdit {
  offset: number;
  endOffset: number;
  newText: string;
}

const KIND_WORD: Record<SymbolKind, string> = {
  unit: '单位',
  group: '单位组',
  list: '名单',
  kind: '申报主体',
  input: '输入',
  define: '计算项',
  benefit: '扶持项目',
  workflow: '流程',
  step: '流程步骤',
  measure: '措施',
};

const TYPE_WORD: Record<A.TypeRef['kind'], string> = {
  money: '金额',
  count: '数量',
  percent: '比例',
  bool: '是否',
  date: '日期',
  text: '文本',
  duration: '期限',
  choice: '选项',
  items: '清单',
};

function src(a: Analysis, span: Span): string {
  return a.source.slice(span.offset, span.endOffset);
}

function measureLine(m: A.MeasureDecl | undefined): string {
  return m ? `${measureCitation(m.number.value)}（措施 ${m.number.value}）“${m.title.value}”` : '';
}

function measureText(m: A.MeasureDecl): string | undefined {
  for (const it of m.items) if (it.kind === 'text') return it.value.value;
  return undefined;
}

/** A money literal written in yuan, with its amount in RMB capitals: `100万元（人民币壹佰万元整）`. */
function moneyInWords(e: A.Expr): string | undefined {
  if (e.kind !== 'literal' || e.value.type !== 'money' || e.value.currency !== 'CNY' || e.value.perUnit) return undefined;
  try {
    return `${e.value.text}（${rmbCapitals(e.value.fen)}）`;
  } catch {
    return undefined;
  }
}

const CAP_SCOPE: Record<A.Cap['scope'], string> = { once: '', perYear: '每年', total: '累计' };

function benefitHover(a: Analysis, b: A.BenefitDecl, measure: A.MeasureDecl | undefined): string[] {
  const lines = [`**扶持项目 ${b.name.text}**：${b.title.value}`];
  if (measure) lines.push(`依据：${measureLine(measure)}`);
  if (b.applicants.length) lines.push(`对象：${b.applicants.map((n) => n.text).join('、')}`);
  for (const c of b.conditions) lines.push(`条件：${src(a, c.span)}`);
  if (b.amount) {
    lines.push(`金额：${src(a, b.amount.span).replace(/^(金额|amount)\s*[:：]\s*/, '')}`);
    for (const cap of b.amount.caps) {
      const words = moneyInWords(cap.expr);
      if (words) lines.push(`上限：${CAP_SCOPE[cap.scope]}不超过${words}`);
    }
  }
  if (b.oneTime) lines.push('一次性：已获本项支持的不再支持');
  if (b.reference) lines.push(`参照：${b.reference.value}`);
  if (b.text) lines.push('', `> ${b.text.value}`);
  return lines;
}

function defHover(a: Analysis, d: SymbolDef): string {
  const n = d.node as Record<string, unknown>;
  let lines: string[];
  switch (d.kind) {
    case 'input': {
      const i = d.node as A.InputDecl;
      const unit = i.type.kind === 'count' && i.type.unit ? `（${i.type.unit}）` : i.type.kind === 'money' && i.type.currency !== 'CNY' ? `（${i.type.currency}）` : '';
      lines = [`**输入 ${i.name.text}**：${TYPE_WORD[i.type.kind]}${unit}`];
      if (i.description) lines.push(i.description.value);
      break;
    }
    case 'define':
      lines = [`**计算项 ${d.name}** = ${src(a, (d.node as A.DefineDecl).expr.span)}`];
      break;
    case 'benefit':
      return benefitHover(a, d.node as A.BenefitDecl, d.measure).join('\n\n');
    case 'unit': {
      const u = d.node as A.UnitDecl;
      lines = [`**单位 ${u.name.text}**：${u.fullName.value}${u.district ? `（辖区：${u.district.value}）` : ''}`];
      break;
    }
    case 'group': {
      const g = d.node as A.GroupDecl;
      lines = [`**单位组 ${g.name.text}**：${g.fullName.value}`, `成员：${g.members.map((m) => m.text).join('、')}`];
      break;
    }
    case 'list':
      lines = [`**名单 ${d.name}**：${(d.node as A.ListDecl).title.value}`];
      break;
    case 'kind': {
      const k = d.node as A.KindDecl;
      lines = [`**申报主体 ${k.name.text}**：${k.title.value}（applicant.kind = \`${k.code.text}\`）`];
      break;
    }
    case 'measure': {
      const m = d.node as A.MeasureDecl;
      lines = [`**${measureLine(m)}**`];
      const text = measureText(m);
      if (text) lines.push(`> ${text}`);
      return lines.join('\n\n');
    }
    default:
      lines = [`**${KIND_WORD[d.kind]} ${d.name}**${typeof (n.title as A.Str | undefined)?.value === 'string' ? `：${(n.title as A.Str).value}` : ''}`];
  }
  if (d.measure) {
    lines.push(`见${measureLine(d.measure)}`);
    const text = measureText(d.measure);
    if (text) lines.push(`> ${text}`);
  }
  return lines.join('\n\n');
}

/** Hover: what the name under the cursor is (type, unit, its measure and the measure's 原文). Markdown. */
export function hover(a: Analysis, offset: number): { contents: string; span: Span } | undefined {
  if (!a.index) return undefined;
  const at = symbolAt(a.index, offset);
  if (!at?.def) return undefined;
  return { contents: defHover(a, at.def), span: at.span };
}

/** Go to definition: where the name under the cursor is declared. */
export function definition(a: Analysis, offset: number): Span[] {
  if (!a.index) return [];
  const at = symbolAt(a.index, offset);
  if (!at) return [];
  return (a.index.byName.get(at.name) ?? []).filter((d) => d.kind !== 'measure').map((d) => d.nameSpan);
}

/** Find references: every place the name under the cursor is declared or used. */
export function references(a: Analysis, offset: number, includeDeclaration = true): Span[] {
  if (!a.index) return [];
  const at = symbolAt(a.index, offset);
  if (!at || at.def?.kind === 'measure') return [];
  const all = occurrences(a.index, at.name);
  if (includeDeclaration) return all;
  const defs = new Set((a.index.byName.get(at.name) ?? []).map((d) => d.nameSpan.offset));
  return all.filter((s) => !defs.has(s.offset));
}

/** Whether `name` lexes as one identifier (and not as a keyword or literal): what a rename may produce. */
export function isIdentifier(name: string): boolean {
  const lexed = T.lex(name);
  return lexed.errors.length === 0 && lexed.tokens.length === 1 && lexed.tokens[0]!.tokenType === T.Identifier && lexed.tokens[0]!.image === name;
}

export type RenameResult = { edits: TextEdit[] } | { error: string };

/** Rename the symbol under the cursor everywhere in the file. Refused for a name that is not an identifier or is taken. */
export function rename(a: Analysis, offset: number, newName: string): RenameResult {
  if (!a.index) return { error: '文件有语法错误，无法重命名' };
  const at = symbolAt(a.index, offset);
  if (!at?.def || at.def.kind === 'measure') return { error: '此处不是可重命名的名称' };
  if (!isIdentifier(newName)) return { error: `“${newName}”不是有效的名称（不能是关键字、数字或含标点）` };
  if (newName !== at.name && a.index.byName.has(newName)) return { error: `名称“${newName}”已被使用` };
  return { edits: occurrences(a.index, at.name).map((s) => ({ offset: s.offset, endOffset: s.endOffset, newText: newName })) };
}

/** The symbol under the cursor that a rename would change, or why none. */
export function prepareRename(a: Analysis, offset: number): { span: Span; name: string } | undefined {
  if (!a.index) return undefined;
  const at = symbolAt(a.index, offset);
  if (!at?.def || at.def.kind === 'measure') return undefined;
  return { span: at.span, name: at.name };
}

export interface OutlineSymbol {
  name: string;
  detail?: string;
  kind: SymbolKind | 'policy';
  span: Span;
  selection: Span;
  children: OutlineSymbol[];
}

/** Document symbols: the policy, its units, lists, measures (with their benefits, inputs and definitions), workflows (with steps). */
export function documentSymbols(a: Analysis): OutlineSymbol[] {
  if (!a.index) return [];
  const top: OutlineSymbol[] = [];
  const policy = a.ast?.decls.find((d): d is A.PolicyDecl => d.kind === 'policy');
  if (policy) top.push({ name: policy.id.text, detail: policy.title.value, kind: 'policy', span: policy.span, selection: policy.id.span, children: [] });
  const measures = new Map<A.MeasureDecl, OutlineSymbol>();
  const workflows = new Map<unknown, OutlineSymbol>();
  const ordered = [...a.index.defs].sort((x, y) => x.nameSpan.offset - y.nameSpan.offset);
  for (const d of ordered) {
    const node = d.node as { span: Span; title?: A.Str };
    const sym: OutlineSymbol = {
      name: d.kind === 'measure' ? `措施 ${d.name}` : d.name,
      detail: node.title?.value,
      kind: d.kind,
      span: node.span,
      selection: d.nameSpan,
      children: [],
    };
    if (d.kind === 'measure') {
      measures.set(d.node as A.MeasureDecl, sym);
      top.push(sym);
    } else if (d.kind === 'workflow') {
      workflows.set(d.node, sym);
      top.push(sym);
    } else if (d.kind === 'step') {
      const wf = [...workflows.entries()].find(([w]) => (w as A.WorkflowDecl).steps.includes(d.node as A.StepDecl));
      (wf ? wf[1].children : top).push(sym);
    } else if (d.measure && measures.has(d.measure)) {
      measures.get(d.measure)!.children.push(sym);
    } else top.push(sym);
  }
  return top;
}

// ---- semantic tokens

/** The token types of the legend, in order (the LSP sends their indexes). */
export const SEMANTIC_TOKEN_TYPES = ['keyword', 'string', 'number', 'comment', 'operator', 'namespace', 'enum', 'type', 'parameter', 'variable', 'function', 'event'] as const;
export const SEMANTIC_TOKEN_MODIFIERS = ['declaration'] as const;
export type SemanticTokenType = (typeof SEMANTIC_TOKEN_TYPES)[number];

const SYMBOL_TOKEN: Record<SymbolKind, SemanticTokenType> = {
  unit: 'namespace',
  group: 'namespace',
  list: 'enum',
  kind: 'type',
  input: 'parameter',
  define: 'variable',
  benefit: 'function',
  workflow: 'event',
  step: 'event',
  measure: 'number',
};

const LITERALS = new Set([T.DateLit, T.MoneyLit, T.PercentLit, T.DurationLit, T.CountLit, T.NumberLit, T.Infinity]);
const OPERATORS = new Set([T.Times, T.Divide, T.Plus, T.Minus, T.Ge, T.Le, T.Ne, T.Gt, T.Lt, T.Eq]);

export interface SemanticToken {
  offset: number;
  length: number;
  type: SemanticTokenType;
  declaration: boolean;
}

/** Every token of the file with its semantic type; names typed by what they name. In source order. */
export function semanticTokens(a: Analysis): SemanticToken[] {
  const lexed = T.lex(a.source);
  const declared = new Set((a.index?.defs ?? []).map((d) => d.nameSpan.offset));
  const all: IToken[] = [...lexed.tokens, ...((lexed.groups.comments as IToken[] | undefined) ?? [])].sort((x, y) => x.startOffset - y.startOffset);
  const out: SemanticToken[] = [];
  for (const t of all) {
    const length = t.image.length;
    const offset = t.startOffset;
    let type: SemanticTokenType | undefined;
    if (t.tokenType === T.Comment) type = 'comment';
    else if (t.tokenType === T.StringLit) type = 'string';
    else if (LITERALS.has(t.tokenType)) type = 'number';
    else if (OPERATORS.has(t.tokenType)) type = 'operator';
    else if (T.keywordSpellings.has(t.tokenType)) type = 'keyword';
    else if (t.tokenType === T.Identifier) {
      const def = a.index?.byName.get(t.image)?.[0];
      type = def ? SYMBOL_TOKEN[def.kind] : 'variable';
    }
    if (type) out.push({ offset, length, type, declaration: declared.has(offset) });
  }
  return out;
}

// ---- completion

export type CompletionKind = 'keyword' | 'snippet' | 'unit' | SymbolKind;

export interface CompletionItem {
  label: string;
  kind: CompletionKind;
  detail?: string;
  /** Text to insert (a snippet with ${1:…} placeholders when kind is 'snippet'); the label when absent. */
  insertText?: string;
}

const MONEY_UNITS = ['元', '万元', '亿元', '美元', '万美元', '港元', '欧元'];
const OTHER_SUFFIXES = ['%', '年', '个月', '日', '工作日'];

const SNIPPETS: Record<'zh' | 'en', CompletionItem[]> = {
  zh: [
    { label: '措施 …', kind: 'snippet', detail: '新的措施', insertText: '措施 ${1:编号} "${2:标题}" {\n  原文："${3}"\n  牵头：${4:单位}\n  配合：${5:单位}\n}' },
    {
      label: '扶持 …',
      kind: 'snippet',
      detail: '扶持项目（按比例，设上限）',
      insertText: '扶持 ${1:名称} "${2:标题}" {\n  对象：${3:企业}\n  条件：${4:入选(名单)}\n  输入 ${5:费用}：金额 "${6:说明}"\n  金额：${5:费用} × ${7:50%}，不超过 ${8:100万元} 每年\n}',
    },
    { label: '输入 …', kind: 'snippet', detail: '申报数据中的一项', insertText: '输入 ${1:名称}：${2|金额,数量,比例,是否,日期,文本|} "${3:说明}"' },
    { label: '金额 …', kind: 'snippet', detail: '金额：基数 × 比例，不超过 上限 每年', insertText: '金额：${1:基数} × ${2:50%}，不超过 ${3:100万元} 每年' },
    { label: '分档 …', kind: 'snippet', detail: '分档给予', insertText: '分档 ${1:数值} {\n  [${2:0元}, ${3:100万元}) 给予 ${4:10万元}\n  [${3:100万元}, ∞) 给予 ${5:20万元}\n}' },
    { label: '流程 …', kind: 'snippet', detail: '审批流程', insertText: '流程 ${1:标准申报} {\n  适用：${2:扶持项目}\n  步骤 申报 由 申报人\n  步骤 初审 由 配合单位 限 10工作日\n  步骤 审核 由 牵头单位 限 15工作日\n  步骤 公示 公示期 5工作日\n  步骤 拨付 由 牵头单位\n}' },
  ],
  en: [
    { label: 'measure …', kind: 'snippet', detail: 'a new measure', insertText: 'measure ${1:number} "${2:title}" {\n  text: "${3}"\n  lead: ${4:unit}\n  cooperate: ${5:unit}\n}' },
    {
      label: 'support …',
      kind: 'snippet',
      detail: 'a benefit (rate with a cap)',
      insertText: 'support ${1:name} "${2:title}" {\n  for: ${3:enterprise}\n  when: ${4:member(list)}\n  input ${5:cost}: money "${6:description}"\n  amount: ${5:cost} * ${7:50%}, max ${8:100万元} per-year\n}',
    },
    { label: 'input …', kind: 'snippet', detail: 'one item of the application data', insertText: 'input ${1:name}: ${2|money,count,percent,bool,date,string|} "${3:description}"' },
    { label: 'amount …', kind: 'snippet', detail: 'amount: base × rate, max cap per-year', insertText: 'amount: ${1:base} * ${2:50%}, max ${3:100万元} per-year' },
    { label: 'workflow …', kind: 'snippet', detail: 'an approval workflow', insertText: 'workflow ${1:standard} {\n  applies-to: ${2:benefit}\n  step apply by applicant\n  step review by lead-units within 15工作日\n  step publicity publicity 5工作日\n  step pay by lead-units\n}' },
  ],
};

/** The symbol kinds that fit where the cursor is, judged from the keyword just before it. */
function expectedKinds(before: string): SymbolKind[] | undefined {
  if (/(首次入选|入选|first-entry|member)\s*[(（]\s*[^)）]*$/.test(before)) return ['list'];
  if (/(牵头|负责|配合|发布|lead|responsible|cooperate|issuer)\s*[:：][^\n]*$/.test(before)) return ['unit', 'group'];
  if (/(由|by)\s+[^\s]*$/.test(before)) return ['unit', 'group'];
  if (/(对象|for)\s*[:：][^\n]*$/.test(before)) return ['kind'];
  if (/(适用|applies-to)\s*[:：][^\n]*$/.test(before)) return ['benefit'];
  if (/(退回|return-to)\s+[^\s]*$/.test(before)) return ['step'];
  return undefined;
}

/**
 * Completion at `offset`: units after a number; list names inside 入选(…); unit names after 牵头/配合/由;
 * applicant kinds after 对象; otherwise keywords in the file's own keyword language, declared names,
 * the next measure number after 措施, and snippets of common clause shapes. `lastParsed` lends its names
 * while the current text does not parse.
 */
export function complete(a: Analysis, offset: number, lastParsed?: Analysis): CompletionItem[] {
  const lineStart = a.source.lastIndexOf('\n', offset - 1) + 1;
  const before = a.source.slice(lineStart, offset);
  const number = /(\d+(?:\.\d+)?)$/.exec(before);
  if (number) {
    const n = number[1]!;
    return [...MONEY_UNITS, ...T.COUNT_UNITS, ...OTHER_SUFFIXES].map((u) => ({ label: `${n}${u}`, kind: 'unit' as const, insertText: u, detail: '单位' }));
  }
  // while the text has a syntax error, names come from the last version that parsed
  const defs = (a.index ?? lastParsed?.index)?.defs ?? [];
  const names = (kinds?: SymbolKind[]) => {
    const seen = new Set<string>();
    const out: CompletionItem[] = [];
    for (const d of defs) {
      if (d.kind === 'measure' || (kinds && !kinds.includes(d.kind)) || seen.has(d.name)) continue;
      seen.add(d.name);
      const title = (d.node as { title?: A.Str; fullName?: A.Str }).title?.value ?? (d.node as { fullName?: A.Str }).fullName?.value;
      out.push({ label: d.name, kind: d.kind, detail: `${KIND_WORD[d.kind]}${title ? `：${title}` : ''}` });
    }
    return out;
  };
  const kinds = expectedKinds(before);
  if (kinds) return names(kinds);
  if (/(措施|measure)\s+$/.test(before)) {
    const used = defs.filter((d) => d.kind === 'measure').map((d) => Number(d.name));
    const next = used.length ? Math.max(...used) + 1 : 1;
    return [{ label: String(next), kind: 'measure', detail: '下一个措施编号' }];
  }
  const keywords: CompletionItem[] = [];
  for (const sp of T.keywordSpellings.values()) {
    keywords.push({ label: a.lang === 'zh' ? sp.zh : sp.en, kind: 'keyword', detail: a.lang === 'zh' ? sp.en : sp.zh });
  }
  return [...SNIPPETS[a.lang], ...keywords, ...names()];
}

// ---- code actions

export interface CodeAction {
  title: string;
  /** The diagnostic it fixes. */
  diagnostic: Diagnostic;
  edit: TextEdit;
}

/** The candidates closest to `word` (at most a third of its length away, at least one edit allowed), best first. */
export function suggestions(word: string, candidates: Iterable<string>, max = 3): string[] {
  const limit = Math.max(1, Math.floor([...word].length / 3));
  return [...new Set(candidates)]
    .map((c) => ({ c, d: editDistance(word, c) }))
    .filter((x) => x.d <= limit && x.c !== word)
    .sort((p, q) => p.d - q.d || p.c.localeCompare(q.c))
    .slice(0, max)
    .map((x) => x.c);
}

/** Unknown-name codes and the symbol kinds that could have been meant. */
const UNKNOWN_NAME: Partial<Record<Diagnostic['code'], SymbolKind[]>> = {
  POL2001: ['unit', 'group'],
  POL2002: ['list'],
  POL2003: ['input', 'define'],
  POL2004: ['benefit'],
  POL2005: ['kind'],
};

/** Punctuation a drafter types by habit, and the character pol reads in its place. */
const PUNCTUATION_FIXES: Record<string, string> = {
  '。': '；',
  '﹕': '：',
  '＂': '"',
  '‘': '“',
  '’': '”',
  '．': '.',
  '〈': '《',
  '〉': '》',
  '｜': '，',
};

/** Code actions for the diagnostics that have an obvious fix: a "did you mean" name or unit, a punctuation twin. */
export function codeActions(a: Analysis, range: { offset: number; endOffset: number }): CodeAction[] {
  const out: CodeAction[] = [];
  for (const d of a.diagnostics) {
    if (d.span.endOffset < range.offset || d.span.offset > range.endOffset) continue;
    const word = a.source.slice(d.span.offset, d.span.endOffset);
    const kinds = UNKNOWN_NAME[d.code];
    if (kinds && a.index) {
      const candidates = a.index.defs.filter((x) => kinds.includes(x.kind)).map((x) => x.name);
      for (const s of suggestions(word, candidates)) {
        out.push({ title: `改为“${s}”`, diagnostic: d, edit: { offset: d.span.offset, endOffset: d.span.endOffset, newText: s } });
      }
    } else if (d.code === 'POL1009') {
      const unit = String(d.args[0] ?? '');
      const at = word.lastIndexOf(unit);
      if (unit && at >= 0) {
        for (const s of suggestions(unit, T.COUNT_UNITS)) {
          const offset = d.span.offset + at;
          out.push({ title: `单位改为“${s}”`, diagnostic: d, edit: { offset, endOffset: offset + unit.length, newText: s } });
        }
      }
    } else if (d.code === 'POL1001') {
      const fix = PUNCTUATION_FIXES[word];
      if (fix) out.push({ title: `把“${word}”改为“${fix}”`, diagnostic: d, edit: { offset: d.span.offset, endOffset: d.span.endOffset, newText: fix } });
    }
  }
  return out;
}

// ---- formatting

/** `pol fmt` of the whole text as one edit, or none when it is already formatted or has syntax errors. */
export function formatEdits(a: Analysis): TextEdit[] {
  if (!a.ast) return [];
  const formatted = format(a.ast, a.source, { lang: a.lang });
  if (formatted === a.source) return [];
  return [{ offset: 0, endOffset: a.source.length, newText: formatted }];
}

/** A diagnostic's message as `pol check` words it. */
export function diagnosticMessage(d: Diagnostic): string {
  return messageOf(d, 'zh');
}
