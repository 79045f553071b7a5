/**
 * The lexicon of .pol: every keyword has a Chinese and an English spelling that are one token
 * type, so the grammar is shared; full-width punctuation is the same token as its ASCII twin.
 * Pure Chevrotain: no semantic actions here.
 */
import './polyfill.ts';
import { createToken, Lexer, type ILexingResult, type IToken, type TokenType } from 'chevrotain';

const CJK = '\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff';

/**
 * What a token can start with, and that it never spans a line: Chevrotain's `start_chars_hint` and `line_breaks`.
 * Building the lexer then parses no regular expression but Identifier's (its thousands of CJK start characters
 * cost more as a list); analysing every pattern was the largest part of `pol check`'s start-up (#16.4).
 * test/language/lexer.test.ts checks that the hints give the very table Chevrotain builds from the patterns.
 */
function startsWith(chars: string): { start_chars_hint: number[]; line_breaks: false } {
  // ascending and unique, so that Chevrotain adds a token once to each of its first-character buckets
  return { start_chars_hint: [...new Set([...chars].map((c) => c.charCodeAt(0)))].sort((a, b) => a - b), line_breaks: false };
}
const DIGITS = '0123456789';

/** Identifiers may be Chinese. A Chinese identifier does not run into digits, so `不超过100万元` lexes as keyword + money. */
export const Identifier = createToken({
  name: 'Identifier',
  pattern: new RegExp(`[A-Za-z_][A-Za-z0-9_\\-${CJK}]*|[${CJK}][${CJK}A-Za-z_]*`),
});

/** The canonical spellings of one keyword, used by the formatter to convert between them. */
export interface Spelling {
  zh: string;
  en: string;
  /** Further accepted spellings (they format to the canonical zh/en). */
  alt?: string[];
}

export const keywordSpellings = new Map<TokenType, Spelling>();

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\\-]/g, '\\$&');
}

function kw(name: string, zh: string, en: string, alt: string[] = []): TokenType {
  const all = [zh, en, ...alt].sort((a, b) => b.length - a.length).map(escapeRe);
  const token = createToken({ name, pattern: new RegExp(all.join('|')), longer_alt: Identifier, ...startsWith([zh, en, ...alt].map((s) => s[0]!).join('')) });
  keywordSpellings.set(token, { zh, en, alt });
  return token;
}

// ---- declarations
export const Policy = kw('Policy', '政策', 'policy');
export const Status = kw('Status', '状态', 'status');
export const Draft = kw('Draft', '征求意见稿', 'draft');
export const Official = kw('Official', '正式', 'official');
export const Trial = kw('Trial', '试行', 'trial');
export const Interim = kw('Interim', '暂行', 'interim');
export const Repealed = kw('Repealed', '废止', 'repealed');
export const Issuer = kw('Issuer', '发布', 'issuer');
export const DocNumber = kw('DocNumber', '文号', 'doc-number');
export const Basis = kw('Basis', '依据', 'basis');
export const Issued = kw('Issued', '印发', 'issued');
export const Validity = kw('Validity', '有效期', 'valid');
export const FromIssuance = kw('FromIssuance', '自印发之日起', 'from-issuance');
export const To = kw('To', '至', 'to');
export const Preamble = kw('Preamble', '序言', 'preamble');
export const Closing = kw('Closing', '附则', 'closing');
/** 接续：旧名 → 新名 — the benefit that continues a dropped or renamed one (its grants count toward it). */
export const Successor = kw('Successor', '接续', 'successor');
export const UnitGroup = kw('UnitGroup', '单位组', 'unit-group');
export const Unit = kw('Unit', '单位', 'unit');
export const District = kw('District', '辖区', 'district');
export const ListKw = kw('ListKw', '名单', 'list');
export const KindKw = kw('KindKw', '主体', 'kind');
export const Measure = kw('Measure', '措施', 'measure');
export const Clause = kw('Clause', '条款', 'clause');
export const Text = kw('Text', '原文', 'text');
export const Lead = kw('Lead', '牵头', 'lead');
export const Responsible = kw('Responsible', '负责', 'responsible');
export const Cooperate = kw('Cooperate', '配合', 'cooperate');
export const Award = kw('Award', '奖励', 'award');
export const Support = kw('Support', '扶持', 'support');
export const Subsidy = kw('Subsidy', '补助', 'subsidy');
export const For = kw('For', '对象', 'for');
export const Condition = kw('Condition', '条件', 'when');
export const Input = kw('Input', '输入', 'input');
export const Define = kw('Define', '计算', 'let');
export const Amount = kw('Amount', '金额', 'amount', ['money']); // as a type, the English spelling is `money`
export const Max = kw('Max', '不超过', 'max', ['最高']);
export const PerYear = kw('PerYear', '每年', 'per-year', ['每企业每年', '每家每年', '每家企业每年', '每个企业每年', '单个企业每年', '单家企业每年']);
export const InTotal = kw('InTotal', '累计', 'in-total');
export const OneTime = kw('OneTime', '一次性', 'one-time');
export const Reference = kw('Reference', '参照', 'see');
export const Rules = kw('Rules', '规则', 'rules');
export const NoDoubleFunding = kw('NoDoubleFunding', '不重复支持', 'no-double-funding');
export const HighestOnly = kw('HighestOnly', '就高不就低', 'highest-only');
export const TopUp = kw('TopUp', '补足差额', 'top-up');
export const National = kw('National', '国家', 'national');
export const Provincial = kw('Provincial', '省', 'provincial');
export const Municipal = kw('Municipal', '市', 'municipal');
export const Workflow = kw('Workflow', '流程', 'workflow');
export const Applies = kw('Applies', '适用', 'applies-to');
export const Step = kw('Step', '步骤', 'step');
export const By = kw('By', '由', 'by');
export const Within = kw('Within', '限', 'within');
export const PublicityPeriod = kw('PublicityPeriod', '公示期', 'publicity');
export const ReturnTo = kw('ReturnTo', '退回', 'return-to');
export const ApplicantActor = kw('ApplicantActor', '申报人', 'applicant');
export const LeadUnits = kw('LeadUnits', '牵头单位', 'lead-units');
export const CoopUnits = kw('CoopUnits', '配合单位', 'cooperating-units');
// ---- types
export const CountType = kw('CountType', '数量', 'count');
export const PercentType = kw('PercentType', '比例', 'percent');
export const BoolType = kw('BoolType', '是否', 'bool');
export const DateType = kw('DateType', '日期', 'date');
export const StringType = kw('StringType', '文本', 'string');
export const DurationType = kw('DurationType', '期限', 'duration');
export const Choice = kw('Choice', '选项', 'one-of');
// ---- expressions
export const If = kw('If', '若', 'if');
export const Then = kw('Then', '则', 'then');
export const Else = kw('Else', '否则', 'else');
export const And = kw('And', '且', 'and');
export const Or = kw('Or', '或', 'or');
export const Not = kw('Not', '非', 'not');
export const FirstEntry = kw('FirstEntry', '首次入选', 'first-entry');
export const Member = kw('Member', '入选', 'member');
export const Since = kw('Since', '距今', 'since');
export const Growth = kw('Growth', '增长率', 'growth');
export const TimesGranted = kw('TimesGranted', '已获次数', 'times-granted');
export const GrantedLastYear = kw('GrantedLastYear', '上年度已获', 'granted-last-year');
export const RoundDown = kw('RoundDown', '取整', 'round-down', ['向下取整']);
export const YearsBetween = kw('YearsBetween', '整年数', 'years-between');
export const MonthsBetween = kw('MonthsBetween', '整月数', 'months-between');
export const AppDate = kw('AppDate', '申报日期', 'application-date');
// ---- item lists (#12 item 5): 输入 发票：清单(日期：日期，金额：金额，付款方：文本); 合计(发票.金额，…); 笔数(发票，…)
export const ItemsType = kw('ItemsType', '清单', 'items');
export const SumItems = kw('SumItems', '合计', 'sum-of');
export const CountItems = kw('CountItems', '笔数', 'count-of');
export const Tiers = kw('Tiers', '分档', 'tiers');
export const CountUnits = kw('CountUnits', '计量单位', 'count-units');
/** 汇率：1美元 = 7.1元 — an exchange rate the policy fixes (it wins over the application's exchangeRates). */
export const ExchangeRate = kw('ExchangeRate', '汇率', 'exchange-rate');
/** 年度资金总额：800万元 — the budget of a round, read by `pol allocate` when --budget is not given. */
export const Budget = kw('Budget', '年度资金总额', 'budget', ['资金总额']);
/** 分担：市、区 按 6:4 — cost sharing between funders, read by `pol allocate` when --share is not given. */
export const CostShare = kw('CostShare', '分担', 'cost-share');
/** 取整至 1万元 — rounding down after the caps (取整(x, 1万元) rounds before them). */
export const RoundTo = kw('RoundTo', '取整至', 'then-round-down-to', ['向下取整至']);
export const Lookup = kw('Lookup', '按', 'lookup');
export const EachFull = kw('EachFull', '每满', 'each');
export const Give = kw('Give', '给予', 'give');
export const AtLeast = kw('AtLeast', '不低于', 'at-least', ['不少于']);
export const Below = kw('Below', '低于', 'below', ['少于']);
export const Above = kw('Above', '超过', 'above', ['高于']);
export const Infinity = createToken({ name: 'Infinity', pattern: /∞|inf(?![A-Za-z0-9_])/, ...startsWith('∞i') });

// ---- literals (order matters: dates before numbers, units before bare numbers)
export const DateLit = createToken({ name: 'DateLit', pattern: /\d{4}-\d{2}-\d{2}/, ...startsWith(DIGITS) });
export const CURRENCIES = ['元', '美元', '港元', '欧元', '日元', '英镑', 'CNY', 'USD', 'HKD', 'EUR', 'JPY', 'GBP'];
export const COUNT_UNITS = ['平方米', '家', '场', '个', '次', '人', '项', '间', '批', '件', '期', '届', '间夜', '人次', '展位', '台', '套', '吨', '辆', '艘', '架'];
const alt = (xs: string[]) => [...xs].sort((a, b) => b.length - a.length).map(escapeRe).join('|');

/**
 * Count units a policy declares (`计量单位：间夜，标准展位`), beside the built-in ones. The lexer reads them
 * through the two literal patterns below, rebuilt by `useCountUnits` before each file is lexed.
 */
let countUnits: string[] = COUNT_UNITS;
let moneyRe: RegExp;
let countRe: RegExp;
function buildLiteralPatterns(): void {
  moneyRe = new RegExp(`\\d+(?:\\.\\d+)?(?:万|亿)?(?:${alt(CURRENCIES)})(?:(?:/|每)(?:${alt([...countUnits, ...CURRENCIES])}))?`, 'y');
  countRe = new RegExp(`\\d+(?:\\.\\d+)?(?:万|亿)?(?:${alt(countUnits)})`, 'y');
}
buildLiteralPatterns();

/** The count units of the file about to be lexed: the built-in ones and those it declares. */
export function useCountUnits(declared: readonly string[]): void {
  if (declared.length === 0 && countUnits === COUNT_UNITS) return; // most files declare none
  const next = [...new Set([...COUNT_UNITS, ...declared])];
  if (next.join('|') === countUnits.join('|')) return;
  countUnits = declared.length === 0 ? COUNT_UNITS : next;
  buildLiteralPatterns();
}

/** The count units known for the file being read. */
export function knownCountUnits(): readonly string[] {
  return countUnits;
}

/** Whether a unit is known for the file being read (built in or declared). */
export function isCountUnit(unit: string): boolean {
  return countUnits.includes(unit);
}

/** The declared units of a source text, found before lexing: `计量单位：间夜，标准展位` (`count-units:`). */
export function declaredCountUnits(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?:计量单位|count-units)\s*[:：]\s*([^\n#]*)/g)) {
    for (const u of m[1]!.split(/[,，、\s]+/)) if (/^[\u3400-\u9fffA-Za-z_]+$/.test(u)) out.push(u);
  }
  return out;
}

const sticky = (re: () => RegExp) => ({
  exec: (text: string, offset: number) => {
    const r = re();
    r.lastIndex = offset;
    return r.exec(text);
  },
});

export const MoneyLit = createToken({ name: 'MoneyLit', pattern: sticky(() => moneyRe), ...startsWith(DIGITS) });
/** `50%`; `3个百分点` (percentage points, for an uplift added to a rate) is a percentage too. */
export const PercentLit = createToken({ name: 'PercentLit', pattern: /\d+(?:\.\d+)?(?:[%％]|个百分点)/, ...startsWith(DIGITS) });
export const DurationLit = createToken({ name: 'DurationLit', pattern: /\d+(?:个月|工作日|年|日|天)/, ...startsWith(DIGITS) });
export const CountLit = createToken({ name: 'CountLit', pattern: sticky(() => countRe), ...startsWith(DIGITS) });
export const NumberLit = createToken({ name: 'NumberLit', pattern: /\d+(?:\.\d+)?(?:万|亿)?/, ...startsWith(DIGITS) });
export const StringLit = createToken({
  name: 'StringLit',
  pattern: /"(?:[^"\\]|\\.)*"|“[^”]*”/,
  line_breaks: true,
  start_chars_hint: ['"', '“'],
});

// ---- punctuation: full-width twins are the same token
export const Colon = createToken({ name: 'Colon', pattern: /[:：]/, ...startsWith(':：') });
export const Arrow = createToken({ name: 'Arrow', pattern: /→|->/, ...startsWith('→-') });
export const Comma = createToken({ name: 'Comma', pattern: /[,，、]/, ...startsWith(',，、') });
export const Semicolon = createToken({ name: 'Semicolon', pattern: /[;；]/, ...startsWith(';；') });
export const LParen = createToken({ name: 'LParen', pattern: /[(（]/, ...startsWith('(（') });
export const RParen = createToken({ name: 'RParen', pattern: /[)）]/, ...startsWith(')）') });
export const LBrace = createToken({ name: 'LBrace', pattern: /[{｛]/, ...startsWith('{｛') });
export const RBrace = createToken({ name: 'RBrace', pattern: /[}｝]/, ...startsWith('}｝') });
export const LBracket = createToken({ name: 'LBracket', pattern: /[[［]/, ...startsWith('[［') });
export const RBracket = createToken({ name: 'RBracket', pattern: /[\]］]/, ...startsWith(']］') });
export const Times = createToken({ name: 'Times', pattern: /[×*＊]/, ...startsWith('×*＊') });
export const Divide = createToken({ name: 'Divide', pattern: /[÷/]/, ...startsWith('÷/') });
export const Plus = createToken({ name: 'Plus', pattern: /[+＋]/, ...startsWith('+＋') });
export const Minus = createToken({ name: 'Minus', pattern: /[−\-－]/, ...startsWith('−-－') });
export const Ge = createToken({ name: 'Ge', pattern: />=|≥|＞＝/, ...startsWith('>≥＞') });
export const Le = createToken({ name: 'Le', pattern: /<=|≤|＜＝/, ...startsWith('<≤＜') });
export const Ne = createToken({ name: 'Ne', pattern: /!=|≠/, ...startsWith('!≠') });
export const Gt = createToken({ name: 'Gt', pattern: /[>＞]/, ...startsWith('>＞') });
export const Lt = createToken({ name: 'Lt', pattern: /[<＜]/, ...startsWith('<＜') });
export const Eq = createToken({ name: 'Eq', pattern: /[=＝]/, ...startsWith('=＝') });
/** `发票.金额`: a field of an item list. */
export const Dot = createToken({ name: 'Dot', pattern: /[.．]/, ...startsWith('.．') });

export const Comment = createToken({ name: 'Comment', pattern: /(?:#|\/\/)[^\n\r]*/, group: 'comments', ...startsWith('#/') });
export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n\u3000\ufeff]+/, group: Lexer.SKIPPED, line_breaks: true, start_chars_hint: [...' \t\r\n\u3000\ufeff'] });

const keywords = [...keywordSpellings.keys()].sort((a, b) => {
  const longest = (t: TokenType) => Math.max(...[...(t.PATTERN as RegExp).source.split('|')].map((s) => s.length));
  return longest(b) - longest(a);
});

export const allTokens: TokenType[] = [
  WhiteSpace,
  Comment,
  DateLit,
  MoneyLit,
  PercentLit,
  DurationLit,
  CountLit,
  NumberLit,
  StringLit,
  Infinity,
  ...keywords,
  Identifier,
  Colon,
  Arrow,
  Comma,
  Semicolon,
  LParen,
  RParen,
  LBrace,
  RBrace,
  LBracket,
  RBracket,
  Times,
  Divide,
  Plus,
  Minus,
  Ge,
  Le,
  Ne,
  Gt,
  Lt,
  Eq,
  Dot,
];

/**
 * The lexer. Chevrotain's definition checks are skipped at run time (they cost ~30 ms of start-up);
 * test/language/grammar.test.ts builds the lexer and parser with every check on. It tracks offsets only:
 * `polLexer` sets lines and columns in one pass over the text, at a quarter of what Chevrotain's tracking costs.
 */
export function makeLexer(skipValidations = true): Lexer {
  return new Lexer(allTokens, { positionTracking: 'onlyOffset', ensureOptimizations: false, skipValidations });
}

const offsetLexer = makeLexer();
// Tokens made with their end offset from the start, in one shape; their lines and columns are found from the
// offsets when needed (src/diagnostics/span.ts), which costs less than the larger tokens do. Chevrotain keeps the
// token maker it chose in this field; should a version not, `lex` sets the end offsets itself.
(offsetLexer as unknown as { createTokenInstance: unknown }).createTokenInstance = (image: string, startOffset: number, tokenTypeIdx: number, tokenType: TokenType): IToken =>
  ({ image, startOffset, endOffset: startOffset + image.length - 1, tokenTypeIdx, tokenType }) as IToken;

/**
 * The last text lexed, with the count units it was lexed with and its tokens: the formatter and the keyword
 * language (src/syntax/format.ts, keyword-language.ts) lex the text a parse has just lexed. Nothing changes
 * a lexing result after it is made.
 */
let last: { text: string; money: RegExp; result: ILexingResult } | undefined;

/** Lex a text into tokens with offsets only (start and end); the parser's lexer. */
export function lex(text: string): ILexingResult {
  if (last !== undefined && last.money === moneyRe && last.text === text) return last.result;
  const r = offsetLexer.tokenize(text);
  const first = r.tokens[0];
  if (first && first.endOffset === undefined) for (const t of r.tokens) t.endOffset = t.startOffset + t.image.length - 1;
  last = { text, money: moneyRe, result: r };
  return r;
}

/**
 * Lines and columns (1-based, as Chevrotain's full position tracking gives them: a line ends at \n, \r\n or \r;
 * the end is the last character's) of tokens in offset order, counted in one pass over the text.
 */
function setLines(text: string, tokens: IToken[]): void {
  let line = 1;
  let lineStart = 0;
  let at = 0;
  const advance = (to: number) => {
    for (; at < to; at++) {
      const c = text.charCodeAt(at);
      if (c === 10 || (c === 13 && text.charCodeAt(at + 1) !== 10)) {
        line++;
        lineStart = at + 1;
      }
    }
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    advance(t.startOffset);
    t.startLine = line;
    t.startColumn = t.startOffset - lineStart + 1;
    const end = t.startOffset + t.image.length - 1;
    t.endOffset = end;
    advance(end);
    t.endLine = line;
    t.endColumn = end - lineStart + 1;
  }
}

/** The lexer of .pol text: tokens with their lines and columns. */
export const polLexer = {
  tokenize(text: string): ILexingResult {
    const r = offsetLexer.tokenize(text);
    setLines(text, r.tokens);
    for (const group in r.groups) setLines(text, r.groups[group]!);
    for (const e of r.errors) {
      const at: IToken = { image: '', startOffset: e.offset, endOffset: e.offset, tokenTypeIdx: 0, tokenType: WhiteSpace };
      setLines(text, [at]);
      e.line = at.startLine;
      e.column = at.startColumn;
    }
    return r;
  },
};
