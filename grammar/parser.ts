/**
 * The .pol grammar: a Chevrotain parser with embedded actions. Each rule hands the tokens it consumed and what
 * its subrules built to one `Actions` method, which builds that rule's node (src/syntax/build-ast.ts builds the
 * AST); no CST is built. A text is parsed first without error recovery; only a text with a syntax error is
 * parsed again with recovery on, so that one run reports several errors and the editor gets a partial tree.
 */
import './polyfill.ts';
import {
  EmbeddedActionsParser,
  type IToken,
  type ILexingError,
  type IRecognitionException,
  type IParserErrorMessageProvider,
  type TokenType,
} from 'chevrotain';
import * as T from './tokens.ts';

/**
 * Errors carry what was expected as JSON token names; src/syntax/parse.ts words them for the drafter
 * in Chinese or English. Keeping wording out of the grammar keeps the grammar free of messages.
 */
const expectedOnly: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected }) => JSON.stringify({ expected: [expected.name] }),
  buildNotAllInputParsedMessage: () => JSON.stringify({ expected: [] }),
  buildNoViableAltMessage: ({ expectedPathsPerAlt }) =>
    JSON.stringify({ expected: firstTokens(expectedPathsPerAlt.flat()) }),
  buildEarlyExitMessage: ({ expectedIterationPaths }) => JSON.stringify({ expected: firstTokens(expectedIterationPaths) }),
};

function firstTokens(paths: TokenType[][]): string[] {
  return [...new Set(paths.map((p) => p[0]?.name).filter((n): n is string => !!n))];
}

/** A node some action built (the grammar does not know the AST's types). */
type Node = unknown;
type Tok = IToken;
type Opt = IToken | undefined;

/**
 * What the rules build with: one method per rule (or per alternative), given the rule's tokens, what its subrules
 * built, and its first and last token (`start`, `end`). The grammar only moves values from one to the next.
 */
export interface Actions {
  policy(id: Tok, title: Tok, items: Node[], start: Tok, end: Tok): Node;
  /** One policy item; `head` is its first token, `value` what the item says. */
  policyItem(head: Tok, value: PolicyItemValue, start: Tok, end: Tok): Node;
  rates(money: Tok[]): Node;
  budget(money: Tok): Node;
  share(funders: Tok[], weights: Tok[], start: Tok, end: Tok): Node;
  validity(duration: Opt, dates: Tok[], start: Tok, end: Tok): Node;
  unit(name: Tok, fullName: Tok, district: Opt, start: Tok, end: Tok): Node;
  group(name: Tok, fullName: Tok, members: Node, start: Tok, end: Tok): Node;
  list(name: Tok, title: Tok, start: Tok, end: Tok): Node;
  countUnits(names: Node, start: Tok, end: Tok): Node;
  applicantKind(name: Tok, title: Tok, code: Tok, start: Tok, end: Tok): Node;
  input(name: Tok, type: Node, description: Opt, start: Tok, end: Tok): Node;
  /** A type: its keyword, the identifier in 金额(美元) / 数量(平方米), the options of 选项, the fields of 清单. */
  typeRef(word: Tok, ident: Opt, options: Node, fields: Node[], start: Tok, end: Tok): Node;
  field(name: Tok, type: Node, start: Tok, end: Tok): Node;
  define(name: Tok, expr: Node, start: Tok, end: Tok): Node;
  measure(num: Tok, title: Tok, items: Node[], start: Tok, end: Tok): Node;
  clause(num: Tok, items: Node[], start: Tok, end: Tok): Node;
  text(value: Tok, start: Tok, end: Tok): Node;
  units(role: Tok, names: Node, start: Tok, end: Tok): Node;
  names(idents: Tok[]): Node;
  benefit(kind: Tok, name: Tok, title: Tok, items: Node[], start: Tok, end: Tok): Node;
  /** A benefit item other than 金额, 原文 and 输入: 对象 (names), 条件 (exprs), 一次性, 参照 (str). */
  benefitItem(head: Tok, names: Node, exprs: Node[], str: Opt, start: Tok, end: Tok): Node;
  amount(base: Node, caps: Node[], rounds: Node[], start: Tok, end: Tok): Node;
  cap(expr: Node, scope: Opt, start: Tok, end: Tok): Node;
  round(unit: Node, start: Tok, end: Tok): Node;
  /** The rules block; its keyword and level tokens in source order. */
  rules(words: Tok[], start: Tok, end: Tok): Node;
  workflow(name: Tok, title: Opt, items: Node[], start: Tok, end: Tok): Node;
  applies(names: Node, start: Tok, end: Tok): Node;
  step(name: Tok, actor: Opt, limit: Opt, publicity: Opt, returnTo: Opt, start: Tok, end: Tok): Node;
  // expressions
  logic(op: 'or' | 'and', parts: Node[], start: Tok, end: Tok): Node;
  not(arg: Node, start: Tok, end: Tok): Node;
  compare(left: Node, op: Opt, right: Node, start: Tok, end: Tok): Node;
  /** A chain of + − or × ÷, left to right: operands and the operators between them. */
  chain(operands: Node[], ops: Tok[]): Node;
  steps(value: Node, step: Node, each: Node, start: Tok, end: Tok): Node;
  /** A primary that is one token: a literal, 申报日期, 申报人, a name (with its field after a dot). */
  atom(t: Tok, field: Opt, start: Tok, end: Tok): Node;
  /** A type word as a name (日期 ≥ 2023-01-01 inside 合计(…)). */
  word(t: Tok, start: Tok, end: Tok): Node;
  paren(expr: Node, start: Tok, end: Tok): Node;
  ifExpr(cond: Node, then: Node, otherwise: Node, start: Tok, end: Tok): Node;
  call(fn: Tok, args: Node[], start: Tok, end: Tok): Node;
  tiers(value: Node, bands: Node[], start: Tok, end: Tok): Node;
  lookup(value: Node, keys: Tok[], values: Node[], start: Tok, end: Tok): Node;
  band(open: Tok, lower: Tok, upper: Tok, close: Tok, value: Node, start: Tok, end: Tok): Node;
}

/** What a policy item says, as the grammar read it (the builder words the node). */
export type PolicyItemValue =
  | { kind: 'status'; word: Tok; on: Opt }
  | { kind: 'token'; value: Tok }
  | { kind: 'tokens'; values: Tok[] }
  | { kind: 'successor'; from: Tok; to: Tok }
  | { kind: 'node'; node: Node };

/** Where error recovery stands in the grammar (Chevrotain's `ITokenGrammarPath`, not exported by its typings). */
interface GrammarPath {
  ruleStack: string[];
  occurrenceStack: number[];
  lastTok: TokenType;
  lastTokOccurrence: number;
}
const followsOfPath = (EmbeddedActionsParser.prototype as unknown as { getNextPossibleTokenTypes(this: unknown, path: GrammarPath): TokenType[] }).getNextPossibleTokenTypes;

/** Actions that build nothing: while Chevrotain records the grammar, and to list the errors when building failed. */
const NOTHING = new Proxy({}, { get: () => () => undefined }) as Actions;

export class PolParser extends EmbeddedActionsParser {
  /** The builder of this parse (set before each run). */
  build: Actions = NOTHING;
  /** With recovery: what recovery left is not to be trusted (a rule was cut short, or building failed on it). */
  broken = false;
  /** The declarations read so far, what `file` gives when recovery has to skip to the end. */
  private decls: Node[] = [];

  /**
   * `skipValidations`: Chevrotain's grammar checks are skipped at run time and run in test/language/grammar.test.ts.
   * `recovery`: error recovery (several errors per run, a partial tree); a valid text gives the same tree either way.
   */
  constructor(skipValidations = true, recovery = true) {
    super(T.allTokens, {
      skipValidations,
      recoveryEnabled: recovery,
      maxLookahead: 3,
      errorMessageProvider: expectedOnly,
    });
    this.performSelfAnalysis();
  }

  /**
   * Error recovery asks, at each point it tries, which tokens may follow there, and Chevrotain answers by walking
   * the grammar every time; the answer depends on the grammar path only, so each path's is kept (a text with
   * syntax errors parsed faster). The method is Chevrotain's, missing from its typings (see `followsOfPath`).
   */
  private readonly follows = new Map<string, TokenType[]>();
  getNextPossibleTokenTypes(path: GrammarPath): TokenType[] {
    const key = `${path.ruleStack.join(' ')}|${path.occurrenceStack.join(' ')}|${path.lastTok.name}|${path.lastTokOccurrence}`;
    let follows = this.follows.get(key);
    if (!follows) {
      if (this.follows.size >= 10_000) this.follows.clear();
      follows = followsOfPath.call(this, path);
      this.follows.set(key, follows);
    }
    return follows;
  }

  /**
   * A rule. When recovery skips the rest of one, what it built is lost: the partial tree is then not trusted
   * (a dropped declaration would make its uses look undeclared).
   */
  private rule<F extends () => unknown>(name: string, impl: F) {
    return this.RULE(name, impl, {
      recoveryValueFunc: () => {
        this.broken = true;
        return undefined as ReturnType<F>;
      },
    });
  }

  /** A rule's span ends at the last token consumed. */
  private get last(): IToken {
    return this.LA(0);
  }

  // Alternatives that use no rule's locals are built once: Chevrotain takes a fresh array on every call otherwise.
  private readonly topDecls = [
    { ALT: () => this.SUBRULE(this.policyDecl) },
    { ALT: () => this.SUBRULE(this.unitDecl) },
    { ALT: () => this.SUBRULE(this.groupDecl) },
    { ALT: () => this.SUBRULE(this.listDecl) },
    { ALT: () => this.SUBRULE(this.kindDecl) },
    { ALT: () => this.SUBRULE(this.countUnitsDecl) },
    { ALT: () => this.SUBRULE(this.inputDecl) },
    { ALT: () => this.SUBRULE(this.defineDecl) },
    { ALT: () => this.SUBRULE(this.measureDecl) },
    { ALT: () => this.SUBRULE(this.rulesBlock) },
    { ALT: () => this.SUBRULE(this.workflowDecl) },
  ];

  file = this.RULE(
    'file',
    () => {
      const decls: Node[] = [];
      this.decls = decls;
      this.MANY(() => {
        decls.push(this.OR(this.topDecls));
      });
      return decls;
    },
    { recoveryValueFunc: () => this.decls },
  );

  policyDecl = this.rule('policyDecl', () => {
    const start = this.LA(1);
    this.CONSUME(T.Policy);
    const id = this.CONSUME(T.Identifier);
    const title = this.CONSUME(T.StringLit);
    this.CONSUME(T.LBrace);
    const items: Node[] = [];
    this.MANY(() => {
      items.push(this.SUBRULE(this.policyItem));
    });
    this.CONSUME(T.RBrace);
    return this.build.policy(id, title, items, start, this.last);
  });

  policyItem = this.rule('policyItem', () => {
    const start = this.LA(1);
    const value = this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Status);
          this.CONSUME(T.Colon);
          let on: Opt;
          const word = this.OR2([
            { ALT: () => this.CONSUME(T.Draft) },
            { ALT: () => this.CONSUME(T.Official) },
            { ALT: () => this.CONSUME(T.Trial) },
            { ALT: () => this.CONSUME(T.Interim) },
            {
              ALT: () => {
                // 废止 [DATE]: repealed (from that day on, when a date is given)
                const r = this.CONSUME(T.Repealed);
                this.OPTION(() => {
                  on = this.CONSUME2(T.DateLit);
                });
                return r;
              },
            },
          ]);
          return { kind: 'status', word, on };
        },
      },
      // a lead unit stated once for the whole policy (clauses without their own lead take it)
      { ALT: () => ({ kind: 'node', node: this.SUBRULE(this.unitsItem) }) },
      {
        ALT: () => {
          this.CONSUME(T.Issuer);
          this.CONSUME2(T.Colon);
          return { kind: 'token', value: this.CONSUME(T.Identifier) };
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.DocNumber);
          this.CONSUME3(T.Colon);
          return { kind: 'token', value: this.CONSUME(T.StringLit) };
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Basis);
          this.CONSUME4(T.Colon);
          const values: Tok[] = [];
          this.AT_LEAST_ONE_SEP({
            SEP: T.Comma,
            DEF: () => {
              values.push(this.CONSUME2(T.StringLit));
            },
          });
          return { kind: 'tokens', values };
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Issued);
          this.CONSUME5(T.Colon);
          return { kind: 'token', value: this.CONSUME(T.DateLit) };
        },
      },
      { ALT: () => ({ kind: 'node', node: this.SUBRULE(this.validityItem) }) },
      {
        ALT: () => {
          this.OR3([{ ALT: () => this.CONSUME(T.Preamble) }, { ALT: () => this.CONSUME(T.Closing) }]);
          this.CONSUME6(T.Colon);
          return { kind: 'token', value: this.CONSUME3(T.StringLit) };
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Successor);
          this.CONSUME7(T.Colon);
          const from = this.CONSUME2(T.Identifier);
          this.CONSUME(T.Arrow);
          return { kind: 'successor', from, to: this.CONSUME3(T.Identifier) };
        },
      },
      { ALT: () => ({ kind: 'node', node: this.SUBRULE(this.rateItem) }) },
      { ALT: () => ({ kind: 'node', node: this.SUBRULE(this.budgetItem) }) },
      { ALT: () => ({ kind: 'node', node: this.SUBRULE(this.shareItem) }) },
    ]) as PolicyItemValue;
    return this.build.policyItem(start, value, start, this.last);
  });

  /** `汇率：1美元 = 7.1元，1欧元 = 7.8元`: exchange rates the policy fixes. */
  rateItem = this.rule('rateItem', () => {
    this.CONSUME(T.ExchangeRate);
    this.CONSUME(T.Colon);
    const money: Tok[] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: T.Comma,
      DEF: () => {
        money.push(this.CONSUME(T.MoneyLit));
        this.CONSUME(T.Eq);
        money.push(this.CONSUME2(T.MoneyLit));
      },
    });
    return this.build.rates(money);
  });

  /** `年度资金总额：800万元`: the budget of a round (pol allocate). */
  budgetItem = this.rule('budgetItem', () => {
    this.CONSUME(T.Budget);
    this.CONSUME(T.Colon);
    const money = this.CONSUME(T.MoneyLit);
    return this.build.budget(money);
  });

  /** `分担：市、区 按 6:4`: the funders' shares of each allocation (pol allocate); the funders may be left out. */
  shareItem = this.rule('shareItem', () => {
    const start = this.LA(1);
    this.CONSUME(T.CostShare);
    this.CONSUME(T.Colon);
    const funders: Tok[] = [];
    const weights: Tok[] = [];
    this.OPTION(() => {
      this.AT_LEAST_ONE_SEP({
        SEP: T.Comma,
        DEF: () => {
          funders.push(
            this.OR([
              { ALT: () => this.CONSUME(T.Identifier) },
              { ALT: () => this.CONSUME(T.National) },
              { ALT: () => this.CONSUME(T.Provincial) },
              { ALT: () => this.CONSUME(T.Municipal) },
            ]),
          );
        },
      });
      this.CONSUME(T.Lookup);
    });
    weights.push(this.CONSUME(T.NumberLit));
    this.AT_LEAST_ONE(() => {
      this.CONSUME2(T.Colon);
      weights.push(this.CONSUME2(T.NumberLit));
    });
    return this.build.share(funders, weights, start, this.last);
  });

  validityItem = this.rule('validityItem', () => {
    const start = this.LA(1);
    this.CONSUME(T.Validity);
    this.CONSUME(T.Colon);
    let duration: Opt;
    const dates: Tok[] = [];
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.FromIssuance);
          duration = this.CONSUME(T.DurationLit);
        },
      },
      {
        ALT: () => {
          dates.push(this.CONSUME(T.DateLit));
          this.CONSUME(T.To);
          dates.push(this.CONSUME2(T.DateLit));
        },
      },
    ]);
    return this.build.validity(duration, dates, start, this.last);
  });

  unitDecl = this.rule('unitDecl', () => {
    const start = this.LA(1);
    this.CONSUME(T.Unit);
    const name = this.CONSUME(T.Identifier);
    const fullName = this.CONSUME(T.StringLit);
    let district: Opt;
    this.OPTION(() => {
      this.CONSUME(T.District);
      district = this.CONSUME2(T.StringLit);
    });
    return this.build.unit(name, fullName, district, start, this.last);
  });

  groupDecl = this.rule('groupDecl', () => {
    const start = this.LA(1);
    this.CONSUME(T.UnitGroup);
    const name = this.CONSUME(T.Identifier);
    const fullName = this.CONSUME(T.StringLit);
    this.CONSUME(T.Eq);
    const members = this.SUBRULE(this.nameList);
    return this.build.group(name, fullName, members, start, this.last);
  });

  listDecl = this.rule('listDecl', () => {
    const start = this.LA(1);
    this.CONSUME(T.ListKw);
    const name = this.CONSUME(T.Identifier);
    const title = this.CONSUME(T.StringLit);
    return this.build.list(name, title, start, this.last);
  });

  /** `计量单位：间夜，标准展位`: count units this policy uses beside the built-in ones. */
  countUnitsDecl = this.rule('countUnitsDecl', () => {
    const start = this.LA(1);
    this.CONSUME(T.CountUnits);
    this.CONSUME(T.Colon);
    const names = this.SUBRULE(this.nameList);
    return this.build.countUnits(names, start, this.last);
  });

  kindDecl = this.rule('kindDecl', () => {
    const start = this.LA(1);
    this.CONSUME(T.KindKw);
    const name = this.CONSUME(T.Identifier);
    const title = this.CONSUME(T.StringLit);
    this.CONSUME(T.Eq);
    const code = this.CONSUME2(T.Identifier);
    return this.build.applicantKind(name, title, code, start, this.last);
  });

  inputDecl = this.rule('inputDecl', () => {
    const start = this.LA(1);
    this.CONSUME(T.Input);
    const name = this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    const type = this.SUBRULE(this.typeRef);
    let description: Opt;
    this.OPTION(() => {
      description = this.CONSUME(T.StringLit);
    });
    return this.build.input(name, type, description, start, this.last);
  });

  typeRef = this.rule('typeRef', () => {
    const start = this.LA(1);
    let ident: Opt;
    let options: Node;
    const fields: Node[] = [];
    const word = this.OR([
      {
        ALT: () => {
          const w = this.CONSUME(T.Amount);
          this.OPTION(() => {
            this.CONSUME(T.LParen);
            ident = this.CONSUME(T.Identifier);
            this.CONSUME(T.RParen);
          });
          return w;
        },
      },
      {
        ALT: () => {
          const w = this.CONSUME(T.CountType);
          this.OPTION2(() => {
            this.CONSUME2(T.LParen);
            ident = this.CONSUME2(T.Identifier);
            this.CONSUME2(T.RParen);
          });
          return w;
        },
      },
      { ALT: () => this.CONSUME(T.PercentType) },
      { ALT: () => this.CONSUME(T.BoolType) },
      { ALT: () => this.CONSUME(T.DateType) },
      { ALT: () => this.CONSUME(T.StringType) },
      { ALT: () => this.CONSUME(T.DurationType) },
      {
        // 选项(国家级，省级，市级): one of the declared options
        ALT: () => {
          const w = this.CONSUME(T.Choice);
          this.CONSUME3(T.LParen);
          options = this.SUBRULE(this.nameList);
          this.CONSUME3(T.RParen);
          return w;
        },
      },
      {
        // 清单(日期：日期，金额：金额，付款方：文本): a list of items with typed fields
        ALT: () => {
          const w = this.CONSUME(T.ItemsType);
          this.CONSUME4(T.LParen);
          this.AT_LEAST_ONE_SEP({
            SEP: T.Comma,
            DEF: () => {
              fields.push(this.SUBRULE(this.fieldDecl));
            },
          });
          this.CONSUME4(T.RParen);
          return w;
        },
      },
    ]);
    return this.build.typeRef(word, ident, options, fields, start, this.last);
  });

  /** One field of an item list: `金额：金额`. */
  fieldDecl = this.rule('fieldDecl', () => {
    const start = this.LA(1);
    const name = this.SUBRULE(this.fieldName);
    this.CONSUME(T.Colon);
    const type = this.SUBRULE(this.typeRef);
    return this.build.field(name, type, start, this.last);
  });

  /** A field's name: a name, or a type word a policy names fields by (日期, 金额, 数量, 比例, 文本, 期限). */
  private readonly fieldNames = [{ ALT: () => this.CONSUME(T.Identifier) }, { ALT: (): Tok => this.SUBRULE(this.fieldWord) }];
  fieldName = this.rule('fieldName', (): Tok => this.OR(this.fieldNames));

  /** A type word used as a field's name (日期 ≥ 2023-01-01 inside 合计(…)). */
  private readonly fieldWords = [
    { ALT: () => this.CONSUME(T.DateType) },
    { ALT: () => this.CONSUME(T.Amount) },
    { ALT: () => this.CONSUME(T.CountType) },
    { ALT: () => this.CONSUME(T.PercentType) },
    { ALT: () => this.CONSUME(T.StringType) },
    { ALT: () => this.CONSUME(T.DurationType) },
  ];
  fieldWord = this.rule('fieldWord', (): Tok => this.OR(this.fieldWords));

  defineDecl = this.rule('defineDecl', () => {
    const start = this.LA(1);
    this.CONSUME(T.Define);
    const name = this.CONSUME(T.Identifier);
    this.CONSUME(T.Eq);
    const expr = this.SUBRULE(this.expr);
    return this.build.define(name, expr, start, this.last);
  });

  private readonly measureItems = [
    { ALT: () => this.SUBRULE(this.textItem) },
    { ALT: () => this.SUBRULE(this.unitsItem) },
    { ALT: () => this.SUBRULE(this.clauseDecl) },
    { ALT: () => this.SUBRULE(this.benefitDecl) },
    { ALT: () => this.SUBRULE(this.inputDecl) },
    { ALT: () => this.SUBRULE(this.defineDecl) },
    { ALT: () => this.SUBRULE(this.rulesBlock) },
  ];

  measureDecl = this.rule('measureDecl', () => {
    const start = this.LA(1);
    this.CONSUME(T.Measure);
    const num = this.CONSUME(T.NumberLit);
    const title = this.CONSUME(T.StringLit);
    this.CONSUME(T.LBrace);
    const items: Node[] = [];
    this.MANY(() => {
      items.push(this.OR(this.measureItems));
    });
    this.CONSUME(T.RBrace);
    return this.build.measure(num, title, items, start, this.last);
  });

  private readonly clauseItems = [
    { ALT: () => this.SUBRULE(this.textItem) },
    { ALT: () => this.SUBRULE(this.unitsItem) },
    { ALT: () => this.SUBRULE(this.benefitDecl) },
    { ALT: () => this.SUBRULE(this.inputDecl) },
    { ALT: () => this.SUBRULE(this.defineDecl) },
  ];

  clauseDecl = this.rule('clauseDecl', () => {
    const start = this.LA(1);
    this.CONSUME(T.Clause);
    const num = this.CONSUME(T.NumberLit);
    this.CONSUME(T.LBrace);
    const items: Node[] = [];
    this.MANY(() => {
      items.push(this.OR(this.clauseItems));
    });
    this.CONSUME(T.RBrace);
    return this.build.clause(num, items, start, this.last);
  });

  textItem = this.rule('textItem', () => {
    const start = this.LA(1);
    this.CONSUME(T.Text);
    this.CONSUME(T.Colon);
    const value = this.CONSUME(T.StringLit);
    return this.build.text(value, start, this.last);
  });

  private readonly roles = [
    { ALT: () => this.CONSUME(T.Lead) },
    { ALT: () => this.CONSUME(T.Responsible) },
    { ALT: () => this.CONSUME(T.Cooperate) },
  ];

  unitsItem = this.rule('unitsItem', () => {
    const start = this.LA(1);
    const role = this.OR(this.roles);
    this.CONSUME(T.Colon);
    const names = this.SUBRULE(this.nameList);
    return this.build.units(role, names, start, this.last);
  });

  /** The names of the list being read (a name list holds no other rule, so one at a time). */
  private idents: Tok[] = [];
  private readonly identList = {
    SEP: T.Comma,
    DEF: () => {
      this.idents.push(this.CONSUME(T.Identifier));
    },
  };

  nameList = this.rule('nameList', () => {
    const idents: Tok[] = [];
    this.idents = idents;
    this.AT_LEAST_ONE_SEP(this.identList);
    return this.build.names(idents);
  });

  private readonly benefitKinds = [
    { ALT: () => this.CONSUME(T.Award) },
    { ALT: () => this.CONSUME(T.Support) },
    { ALT: () => this.CONSUME(T.Subsidy) },
  ];

  benefitDecl = this.rule('benefitDecl', () => {
    const start = this.LA(1);
    const kind = this.OR(this.benefitKinds);
    const name = this.CONSUME(T.Identifier);
    const title = this.CONSUME(T.StringLit);
    this.CONSUME(T.LBrace);
    const items: Node[] = [];
    this.MANY(() => {
      items.push(this.SUBRULE(this.benefitItem));
    });
    this.CONSUME(T.RBrace);
    return this.build.benefit(kind, name, title, items, start, this.last);
  });

  private readonly benefitItems = [
    {
      ALT: () => {
        const head = this.CONSUME(T.For);
        this.CONSUME(T.Colon);
        const names = this.SUBRULE(this.nameList);
        return this.build.benefitItem(head, names, [], undefined, head, this.last);
      },
    },
    {
      ALT: () => {
        const head = this.CONSUME(T.Condition);
        this.CONSUME2(T.Colon);
        const exprs: Node[] = [];
        this.AT_LEAST_ONE_SEP({
          SEP: T.Comma,
          DEF: () => {
            exprs.push(this.SUBRULE(this.expr));
          },
        });
        return this.build.benefitItem(head, undefined, exprs, undefined, head, this.last);
      },
    },
    {
      ALT: () => {
        this.CONSUME(T.Amount);
        this.CONSUME3(T.Colon);
        return this.SUBRULE(this.amountSpec);
      },
    },
    {
      ALT: () => {
        const head = this.CONSUME(T.OneTime);
        return this.build.benefitItem(head, undefined, [], undefined, head, head);
      },
    },
    {
      ALT: () => {
        const head = this.CONSUME(T.Reference);
        this.CONSUME4(T.Colon);
        const str = this.CONSUME(T.StringLit);
        return this.build.benefitItem(head, undefined, [], str, head, str);
      },
    },
    { ALT: () => this.SUBRULE(this.textItem) },
    { ALT: () => this.SUBRULE(this.inputDecl) },
  ];

  benefitItem = this.rule('benefitItem', () => this.OR(this.benefitItems));

  amountSpec = this.rule('amountSpec', () => {
    const start = this.LA(1);
    let base: Node;
    const caps: Node[] = [];
    const rounds: Node[] = [];
    this.OR([
      {
        ALT: () => {
          caps.push(this.SUBRULE(this.capSpec));
        },
      },
      {
        ALT: () => {
          base = this.SUBRULE(this.expr);
        },
      },
    ]);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.OR2([
        {
          ALT: () => {
            caps.push(this.SUBRULE2(this.capSpec));
          },
        },
        {
          ALT: () => {
            rounds.push(this.SUBRULE(this.roundSpec));
          },
        },
      ]);
    });
    return this.build.amount(base, caps, rounds, start, this.last);
  });

  /** `取整至 1万元`: the amount after its caps, rounded down to a multiple of this (取整(x, 1万元) rounds before them). */
  roundSpec = this.rule('roundSpec', () => {
    const start = this.LA(1);
    this.CONSUME(T.RoundTo);
    const unit = this.SUBRULE(this.addExpr);
    return this.build.round(unit, start, this.last);
  });

  capSpec = this.rule('capSpec', () => {
    const start = this.LA(1);
    this.CONSUME(T.Max);
    const expr = this.SUBRULE(this.addExpr);
    let scope: Opt;
    this.OPTION(() => {
      scope = this.OR([{ ALT: () => this.CONSUME(T.PerYear) }, { ALT: () => this.CONSUME(T.InTotal) }]);
    });
    return this.build.cap(expr, scope, start, this.last);
  });

  rulesBlock = this.rule('rulesBlock', () => {
    const start = this.LA(1);
    const words: Tok[] = [];
    this.CONSUME(T.Rules);
    this.CONSUME(T.LBrace);
    this.MANY(() =>
      this.OR([
        {
          ALT: () => {
            words.push(this.CONSUME(T.NoDoubleFunding));
            this.CONSUME(T.Colon);
            this.AT_LEAST_ONE_SEP({
              SEP: T.Comma,
              DEF: () => {
                words.push(
                  this.OR2([
                    { ALT: () => this.CONSUME(T.National) },
                    { ALT: () => this.CONSUME(T.Provincial) },
                    { ALT: () => this.CONSUME(T.Municipal) },
                  ]),
                );
              },
            });
          },
        },
        {
          ALT: () => {
            words.push(this.CONSUME(T.HighestOnly));
          },
        },
        {
          // 补足差额：国家，省 — 已获上级资金支持的，按就高原则补足差额
          ALT: () => {
            words.push(this.CONSUME(T.TopUp));
            this.CONSUME2(T.Colon);
            this.AT_LEAST_ONE_SEP2({
              SEP: T.Comma,
              DEF: () => {
                words.push(
                  this.OR3([
                    { ALT: () => this.CONSUME2(T.National) },
                    { ALT: () => this.CONSUME2(T.Provincial) },
                    { ALT: () => this.CONSUME2(T.Municipal) },
                  ]),
                );
              },
            });
          },
        },
      ]),
    );
    this.CONSUME(T.RBrace);
    return this.build.rules(words, start, this.last);
  });

  workflowDecl = this.rule('workflowDecl', () => {
    const start = this.LA(1);
    this.CONSUME(T.Workflow);
    const name = this.CONSUME(T.Identifier);
    let title: Opt;
    this.OPTION(() => {
      title = this.CONSUME(T.StringLit);
    });
    this.CONSUME(T.LBrace);
    const items: Node[] = [];
    this.MANY(() => {
      items.push(
        this.OR([
          {
            ALT: () => {
              this.CONSUME(T.Applies);
              this.CONSUME(T.Colon);
              const from = this.LA(1);
              const names = this.SUBRULE(this.nameList);
              return this.build.applies(names, from, this.last);
            },
          },
          { ALT: () => this.SUBRULE(this.stepDecl) },
        ]),
      );
    });
    this.CONSUME(T.RBrace);
    return this.build.workflow(name, title, items, start, this.last);
  });

  stepDecl = this.rule('stepDecl', () => {
    const start = this.LA(1);
    let actor: Opt;
    let limit: Opt;
    let publicity: Opt;
    let returnTo: Opt;
    this.CONSUME(T.Step);
    const name = this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.By);
      actor = this.OR([
        { ALT: () => this.CONSUME(T.ApplicantActor) },
        { ALT: () => this.CONSUME(T.LeadUnits) },
        { ALT: () => this.CONSUME(T.CoopUnits) },
        { ALT: () => this.CONSUME2(T.Identifier) },
      ]);
    });
    this.OPTION2(() => {
      this.CONSUME(T.Within);
      limit = this.CONSUME(T.DurationLit);
    });
    this.OPTION3(() => {
      this.CONSUME(T.PublicityPeriod);
      publicity = this.CONSUME2(T.DurationLit);
    });
    this.OPTION4(() => {
      this.CONSUME(T.ReturnTo);
      returnTo = this.CONSUME3(T.Identifier);
    });
    return this.build.step(name, actor, limit, publicity, returnTo, start, this.last);
  });

  // ---- expressions
  expr = this.rule('expr', (): Node => {
    const start = this.LA(1);
    const first = this.SUBRULE(this.andExpr);
    let parts: Node[] | undefined;
    this.MANY(() => {
      this.CONSUME(T.Or);
      (parts ??= [first]).push(this.SUBRULE2(this.andExpr));
    });
    return parts ? this.build.logic('or', parts!, start, this.last) : first;
  });

  andExpr = this.rule('andExpr', (): Node => {
    const start = this.LA(1);
    const first = this.SUBRULE(this.notExpr);
    let parts: Node[] | undefined;
    this.MANY(() => {
      this.CONSUME(T.And);
      (parts ??= [first]).push(this.SUBRULE2(this.notExpr));
    });
    return parts ? this.build.logic('and', parts!, start, this.last) : first;
  });

  private readonly notOrCompare = [
    {
      ALT: () => {
        const not = this.CONSUME(T.Not);
        const arg = this.SUBRULE(this.notExpr);
        return this.build.not(arg, not, this.last);
      },
    },
    { ALT: (): Node => this.SUBRULE(this.cmpExpr) },
  ];

  notExpr = this.rule('notExpr', (): Node => this.OR(this.notOrCompare));

  private readonly comparisons = [
    { ALT: () => this.CONSUME(T.Ge) },
    { ALT: () => this.CONSUME(T.Le) },
    { ALT: () => this.CONSUME(T.Gt) },
    { ALT: () => this.CONSUME(T.Lt) },
    { ALT: () => this.CONSUME(T.Eq) },
    { ALT: () => this.CONSUME(T.Ne) },
    { ALT: () => this.CONSUME(T.AtLeast) },
    { ALT: () => this.CONSUME(T.Below) },
    { ALT: () => this.CONSUME(T.Above) },
    { ALT: () => this.CONSUME(T.Max) },
  ];

  cmpExpr = this.rule('cmpExpr', (): Node => {
    const start = this.LA(1);
    const left = this.SUBRULE(this.addExpr);
    let op: Opt;
    let right: Node;
    this.OPTION(() => {
      op = this.OR(this.comparisons);
      right = this.SUBRULE2(this.addExpr);
    });
    return op ? this.build.compare(left, op, right, start, this.last) : left;
  });

  private readonly additions = [{ ALT: () => this.CONSUME(T.Plus) }, { ALT: () => this.CONSUME(T.Minus) }];
  private readonly multiplications = [{ ALT: () => this.CONSUME(T.Times) }, { ALT: () => this.CONSUME(T.Divide) }];

  addExpr = this.rule('addExpr', (): Node => {
    const first = this.SUBRULE(this.mulExpr);
    let operands: Node[] | undefined;
    const ops: Tok[] = [];
    this.MANY(() => {
      ops.push(this.OR(this.additions));
      (operands ??= [first]).push(this.SUBRULE2(this.mulExpr));
    });
    return operands ? this.build.chain(operands!, ops) : first;
  });

  mulExpr = this.rule('mulExpr', (): Node => {
    const first = this.SUBRULE(this.stepExpr);
    let operands: Node[] | undefined;
    const ops: Tok[] = [];
    this.MANY(() => {
      ops.push(this.OR(this.multiplications));
      (operands ??= [first]).push(this.SUBRULE2(this.stepExpr));
    });
    return operands ? this.build.chain(operands!, ops) : first;
  });

  /** `增量 每满 1000万元 给予 1万元`: per-increment awards. */
  stepExpr = this.rule('stepExpr', (): Node => {
    const start = this.LA(1);
    const value = this.SUBRULE(this.primary);
    let steps: Node;
    this.OPTION(() => {
      this.CONSUME(T.EachFull);
      const step = this.SUBRULE2(this.primary);
      this.CONSUME(T.Give);
      const each = this.SUBRULE3(this.primary);
      steps = this.build.steps(value, step, each, start, this.last);
    });
    return steps ?? value;
  });

  private readonly primaries = [
    { ALT: () => this.literal(this.CONSUME(T.MoneyLit)) },
    { ALT: () => this.literal(this.CONSUME(T.PercentLit)) },
    { ALT: () => this.literal(this.CONSUME(T.CountLit)) },
    { ALT: () => this.literal(this.CONSUME(T.NumberLit)) },
    { ALT: () => this.literal(this.CONSUME(T.DurationLit)) },
    { ALT: () => this.literal(this.CONSUME(T.DateLit)) },
    { ALT: () => this.literal(this.CONSUME(T.AppDate)) },
    // 申报人: the applicant, in a comparison with a field (付款方 = 申报人)
    { ALT: () => this.literal(this.CONSUME(T.ApplicantActor)) },
    {
      ALT: () => {
        const name = this.CONSUME(T.Identifier);
        let field: Opt;
        // 发票.金额: a field of an item list
        this.OPTION(() => {
          this.CONSUME(T.Dot);
          field = this.SUBRULE(this.fieldName);
        });
        return this.build.atom(name, field, name, this.last);
      },
    },
    // a field of the current item named by a type word (日期 ≥ 2023-01-01 inside 合计(…))
    {
      ALT: () => {
        const word = this.SUBRULE(this.fieldWord);
        return this.build.word(word, word, word);
      },
    },
    {
      ALT: () => {
        const open = this.CONSUME(T.LParen);
        const expr = this.SUBRULE(this.expr);
        const close = this.CONSUME(T.RParen);
        return this.build.paren(expr, open, close);
      },
    },
    { ALT: (): Node => this.SUBRULE(this.ifExpr) },
    { ALT: (): Node => this.SUBRULE(this.callExpr) },
    { ALT: (): Node => this.SUBRULE(this.tiersExpr) },
    { ALT: (): Node => this.SUBRULE(this.lookupExpr) },
  ];

  /** A primary that is one token (a literal, 申报日期, 申报人). */
  private literal(t: Tok): Node {
    return this.build.atom(t, undefined, t, t);
  }

  primary = this.rule('primary', (): Node => this.OR(this.primaries));

  ifExpr = this.rule('ifExpr', () => {
    const start = this.LA(1);
    this.CONSUME(T.If);
    const cond = this.SUBRULE(this.expr);
    this.CONSUME(T.Then);
    const then = this.SUBRULE2(this.expr);
    this.CONSUME(T.Else);
    const otherwise = this.SUBRULE3(this.expr);
    return this.build.ifExpr(cond, then, otherwise, start, this.last);
  });

  private readonly functions = [
    { ALT: () => this.CONSUME(T.Member) },
    { ALT: () => this.CONSUME(T.FirstEntry) },
    { ALT: () => this.CONSUME(T.Since) },
    { ALT: () => this.CONSUME(T.Growth) },
    { ALT: () => this.CONSUME(T.RoundDown) },
    { ALT: () => this.CONSUME(T.TimesGranted) },
    { ALT: () => this.CONSUME(T.GrantedLastYear) },
    { ALT: () => this.CONSUME(T.YearsBetween) },
    { ALT: () => this.CONSUME(T.MonthsBetween) },
    { ALT: () => this.CONSUME(T.SumItems) },
    { ALT: () => this.CONSUME(T.CountItems) },
  ];

  callExpr = this.rule('callExpr', () => {
    const start = this.LA(1);
    const fn = this.OR(this.functions);
    this.CONSUME(T.LParen);
    const args: Node[] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: T.Comma,
      DEF: () => {
        args.push(this.SUBRULE(this.expr));
      },
    });
    this.CONSUME(T.RParen);
    return this.build.call(fn, args, start, this.last);
  });

  /** `分档 年交易额 { [1亿元, 5亿元)：50万元 [5亿元, ∞)：100万元 }` */
  tiersExpr = this.rule('tiersExpr', () => {
    const start = this.LA(1);
    this.CONSUME(T.Tiers);
    const value = this.SUBRULE(this.primary);
    this.CONSUME(T.LBrace);
    const bands: Node[] = [];
    this.MANY(() => {
      bands.push(this.SUBRULE(this.band));
    });
    this.CONSUME(T.RBrace);
    return this.build.tiers(value, bands, start, this.last);
  });

  /** `按 展会级别 { 国家级：50万元，省级：30万元 }`: a value picked by the option of a choice input. */
  lookupExpr = this.rule('lookupExpr', () => {
    const start = this.LA(1);
    this.CONSUME(T.Lookup);
    const value = this.SUBRULE(this.primary);
    this.CONSUME(T.LBrace);
    const keys: Tok[] = [];
    const values: Node[] = [];
    this.MANY(() => {
      keys.push(this.CONSUME(T.Identifier));
      this.CONSUME(T.Colon);
      values.push(this.SUBRULE(this.addExpr));
      this.OPTION(() => this.CONSUME(T.Comma));
    });
    this.CONSUME(T.RBrace);
    return this.build.lookup(value, keys, values, start, this.last);
  });

  band = this.rule('band', () => {
    const start = this.LA(1);
    const open = this.OR([{ ALT: () => this.CONSUME(T.LBracket) }, { ALT: () => this.CONSUME(T.LParen) }]);
    const lower = this.SUBRULE(this.bound);
    this.CONSUME(T.Comma);
    const upper = this.SUBRULE2(this.bound);
    const close = this.OR2([{ ALT: () => this.CONSUME(T.RBracket) }, { ALT: () => this.CONSUME(T.RParen) }]);
    this.CONSUME(T.Colon);
    const value = this.SUBRULE(this.addExpr);
    this.OPTION(() => this.CONSUME2(T.Comma));
    return this.build.band(open, lower, upper, close, value, start, this.last);
  });

  private readonly bounds = [
    { ALT: () => this.CONSUME(T.MoneyLit) },
    { ALT: () => this.CONSUME(T.PercentLit) },
    { ALT: () => this.CONSUME(T.CountLit) },
    { ALT: () => this.CONSUME(T.NumberLit) },
    { ALT: () => this.CONSUME(T.Infinity) },
  ];
  bound = this.rule('bound', (): Tok => this.OR(this.bounds));
}

/** One shared parser instance of each kind: building one is the expensive part. */
let shared: PolParser | undefined;
let fast: PolParser | undefined;
/** The parser with error recovery. */
export function polParser(): PolParser {
  shared ??= new PolParser();
  return shared;
}
/** The parser without error recovery: faster on a valid text, and it stops at the first error. */
function fastParser(): PolParser {
  fast ??= new PolParser(true, false);
  return fast;
}

export interface ParsedText {
  /** The top-level declarations as the actions built them; with syntax errors, what recovery kept (see `broken`). */
  decls: Node[];
  /** With syntax errors: an action failed on a partial rule, so `decls` is not to be trusted. */
  broken: boolean;
  tokens: IToken[];
  comments: IToken[];
  lexErrors: ILexingError[];
  parseErrors: IRecognitionException[];
  /** The token that made `refuse` stop the parse. */
  refused?: IToken;
}

/**
 * Lex and parse, building with `actions()` (asked once per parse run: a run with recovery after a failed fast run
 * gets a fresh builder); errors are returned as values.
 * `refuse`: asked with the tokens before parsing; when it names a token, nothing is parsed (see src/syntax/limits.ts).
 */
export function parseText(text: string, actions: () => Actions, refuse?: (tokens: IToken[]) => IToken | undefined): ParsedText {
  const lexed = T.lex(text);
  const refused = refuse?.(lexed.tokens);
  let parser = fastParser();
  parser.build = actions();
  parser.input = refused ? [] : lexed.tokens;
  let decls = parser.file();
  if (parser.errors.length > 0) {
    parser = polParser();
    parser.build = actions();
    parser.broken = false;
    parser.input = lexed.tokens;
    // recovery makes an exception (an Error) at each point it tries; their stack traces are never read
    const traces = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      decls = parser.file();
    } catch {
      // building failed on what recovery left: parse again building nothing, for the errors
      parser.build = NOTHING;
      parser.input = lexed.tokens;
      decls = parser.file();
      parser.broken = true;
    } finally {
      Error.stackTraceLimit = traces;
    }
  }
  return {
    decls: decls ?? [],
    broken: parser.broken,
    tokens: lexed.tokens,
    comments: lexed.groups.comments ?? [],
    lexErrors: lexed.errors,
    parseErrors: refused ? [] : [...parser.errors],
    refused,
  };
}
