/**
 * The .pol grammar: a Chevrotain CstParser with no semantic actions. The CST it builds is turned
 * into the AST by src/syntax/cst-to-ast.ts. A text is parsed first without error recovery (Chevrotain then
 * sets each node's location once, at its end, rather than after every token); only a text with a syntax error
 * is parsed again with recovery on, so that one run reports several errors and the editor gets a partial tree.
 */
import './polyfill.ts';
import {
  CstParser,
  type CstNode,
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

export class PolParser extends CstParser {
  /**
   * `skipValidations`: Chevrotain's grammar checks are skipped at run time and run in test/language/grammar.test.ts.
   * `recovery`: error recovery (several errors per run, a partial tree); a valid text gives the same tree either way.
   */
  constructor(skipValidations = true, recovery = true) {
    super(T.allTokens, {
      skipValidations,
      recoveryEnabled: recovery,
      maxLookahead: 3,
      nodeLocationTracking: 'full',
      errorMessageProvider: expectedOnly,
    });
    this.performSelfAnalysis();
  }

  file = this.RULE('file', () => {
    this.MANY(() =>
      this.OR([
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
      ]),
    );
  });

  policyDecl = this.RULE('policyDecl', () => {
    this.CONSUME(T.Policy);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.StringLit);
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.policyItem));
    this.CONSUME(T.RBrace);
  });

  policyItem = this.RULE('policyItem', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Status);
          this.CONSUME(T.Colon);
          this.OR2([
            { ALT: () => this.CONSUME(T.Draft) },
            { ALT: () => this.CONSUME(T.Official) },
            { ALT: () => this.CONSUME(T.Trial) },
            { ALT: () => this.CONSUME(T.Interim) },
            {
              ALT: () => {
                // 废止 [DATE]: repealed (from that day on, when a date is given)
                this.CONSUME(T.Repealed);
                this.OPTION(() => this.CONSUME2(T.DateLit));
              },
            },
          ]);
        },
      },
      // a lead unit stated once for the whole policy (clauses without their own lead take it)
      { ALT: () => this.SUBRULE(this.unitsItem) },
      {
        ALT: () => {
          this.CONSUME(T.Issuer);
          this.CONSUME2(T.Colon);
          this.CONSUME(T.Identifier);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.DocNumber);
          this.CONSUME3(T.Colon);
          this.CONSUME(T.StringLit);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Basis);
          this.CONSUME4(T.Colon);
          this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.CONSUME2(T.StringLit) });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Issued);
          this.CONSUME5(T.Colon);
          this.CONSUME(T.DateLit);
        },
      },
      { ALT: () => this.SUBRULE(this.validityItem) },
      {
        ALT: () => {
          this.OR3([{ ALT: () => this.CONSUME(T.Preamble) }, { ALT: () => this.CONSUME(T.Closing) }]);
          this.CONSUME6(T.Colon);
          this.CONSUME3(T.StringLit);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Successor);
          this.CONSUME7(T.Colon);
          this.CONSUME2(T.Identifier);
          this.CONSUME(T.Arrow);
          this.CONSUME3(T.Identifier);
        },
      },
      { ALT: () => this.SUBRULE(this.rateItem) },
      { ALT: () => this.SUBRULE(this.budgetItem) },
      { ALT: () => this.SUBRULE(this.shareItem) },
    ]);
  });

  /** `汇率：1美元 = 7.1元，1欧元 = 7.8元`: exchange rates the policy fixes. */
  rateItem = this.RULE('rateItem', () => {
    this.CONSUME(T.ExchangeRate);
    this.CONSUME(T.Colon);
    this.AT_LEAST_ONE_SEP({
      SEP: T.Comma,
      DEF: () => {
        this.CONSUME(T.MoneyLit);
        this.CONSUME(T.Eq);
        this.CONSUME2(T.MoneyLit);
      },
    });
  });

  /** `年度资金总额：800万元`: the budget of a round (pol allocate). */
  budgetItem = this.RULE('budgetItem', () => {
    this.CONSUME(T.Budget);
    this.CONSUME(T.Colon);
    this.CONSUME(T.MoneyLit);
  });

  /** `分担：市、区 按 6:4`: the funders' shares of each allocation (pol allocate); the funders may be left out. */
  shareItem = this.RULE('shareItem', () => {
    this.CONSUME(T.CostShare);
    this.CONSUME(T.Colon);
    this.OPTION(() => {
      this.AT_LEAST_ONE_SEP({
        SEP: T.Comma,
        DEF: () =>
          this.OR([
            { ALT: () => this.CONSUME(T.Identifier) },
            { ALT: () => this.CONSUME(T.National) },
            { ALT: () => this.CONSUME(T.Provincial) },
            { ALT: () => this.CONSUME(T.Municipal) },
          ]),
      });
      this.CONSUME(T.Lookup);
    });
    this.CONSUME(T.NumberLit);
    this.AT_LEAST_ONE(() => {
      this.CONSUME2(T.Colon);
      this.CONSUME2(T.NumberLit);
    });
  });

  validityItem = this.RULE('validityItem', () => {
    this.CONSUME(T.Validity);
    this.CONSUME(T.Colon);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.FromIssuance);
          this.CONSUME(T.DurationLit);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.DateLit);
          this.CONSUME(T.To);
          this.CONSUME2(T.DateLit);
        },
      },
    ]);
  });

  unitDecl = this.RULE('unitDecl', () => {
    this.CONSUME(T.Unit);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.StringLit);
    this.OPTION(() => {
      this.CONSUME(T.District);
      this.CONSUME2(T.StringLit);
    });
  });

  groupDecl = this.RULE('groupDecl', () => {
    this.CONSUME(T.UnitGroup);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.StringLit);
    this.CONSUME(T.Eq);
    this.SUBRULE(this.nameList);
  });

  listDecl = this.RULE('listDecl', () => {
    this.CONSUME(T.ListKw);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.StringLit);
  });

  /** `计量单位：间夜，标准展位`: count units this policy uses beside the built-in ones. */
  countUnitsDecl = this.RULE('countUnitsDecl', () => {
    this.CONSUME(T.CountUnits);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.nameList);
  });

  kindDecl = this.RULE('kindDecl', () => {
    this.CONSUME(T.KindKw);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.StringLit);
    this.CONSUME(T.Eq);
    this.CONSUME2(T.Identifier);
  });

  inputDecl = this.RULE('inputDecl', () => {
    this.CONSUME(T.Input);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeRef);
    this.OPTION(() => this.CONSUME(T.StringLit));
  });

  typeRef = this.RULE('typeRef', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Amount);
          this.OPTION(() => {
            this.CONSUME(T.LParen);
            this.CONSUME(T.Identifier);
            this.CONSUME(T.RParen);
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.CountType);
          this.OPTION2(() => {
            this.CONSUME2(T.LParen);
            this.CONSUME2(T.Identifier);
            this.CONSUME2(T.RParen);
          });
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
          this.CONSUME(T.Choice);
          this.CONSUME3(T.LParen);
          this.SUBRULE(this.nameList);
          this.CONSUME3(T.RParen);
        },
      },
      {
        // 清单(日期：日期，金额：金额，付款方：文本): a list of items with typed fields
        ALT: () => {
          this.CONSUME(T.ItemsType);
          this.CONSUME4(T.LParen);
          this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.fieldDecl) });
          this.CONSUME4(T.RParen);
        },
      },
    ]);
  });

  /** One field of an item list: `金额：金额`. */
  fieldDecl = this.RULE('fieldDecl', () => {
    this.SUBRULE(this.fieldName);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeRef);
  });

  /** A field's name: a name, or a type word a policy names fields by (日期, 金额, 数量, 比例, 文本, 期限). */
  fieldName = this.RULE('fieldName', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Identifier) }, { ALT: () => this.SUBRULE(this.fieldWord) }]);
  });

  /** A type word used as a field's name (日期 ≥ 2023-01-01 inside 合计(…)). */
  fieldWord = this.RULE('fieldWord', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.DateType) },
      { ALT: () => this.CONSUME(T.Amount) },
      { ALT: () => this.CONSUME(T.CountType) },
      { ALT: () => this.CONSUME(T.PercentType) },
      { ALT: () => this.CONSUME(T.StringType) },
      { ALT: () => this.CONSUME(T.DurationType) },
    ]);
  });

  defineDecl = this.RULE('defineDecl', () => {
    this.CONSUME(T.Define);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Eq);
    this.SUBRULE(this.expr);
  });

  measureDecl = this.RULE('measureDecl', () => {
    this.CONSUME(T.Measure);
    this.CONSUME(T.NumberLit);
    this.CONSUME(T.StringLit);
    this.CONSUME(T.LBrace);
    this.MANY(() =>
      this.OR([
        { ALT: () => this.SUBRULE(this.textItem) },
        { ALT: () => this.SUBRULE(this.unitsItem) },
        { ALT: () => this.SUBRULE(this.clauseDecl) },
        { ALT: () => this.SUBRULE(this.benefitDecl) },
        { ALT: () => this.SUBRULE(this.inputDecl) },
        { ALT: () => this.SUBRULE(this.defineDecl) },
        { ALT: () => this.SUBRULE(this.rulesBlock) },
      ]),
    );
    this.CONSUME(T.RBrace);
  });

  clauseDecl = this.RULE('clauseDecl', () => {
    this.CONSUME(T.Clause);
    this.CONSUME(T.NumberLit);
    this.CONSUME(T.LBrace);
    this.MANY(() =>
      this.OR([
        { ALT: () => this.SUBRULE(this.textItem) },
        { ALT: () => this.SUBRULE(this.unitsItem) },
        { ALT: () => this.SUBRULE(this.benefitDecl) },
        { ALT: () => this.SUBRULE(this.inputDecl) },
        { ALT: () => this.SUBRULE(this.defineDecl) },
      ]),
    );
    this.CONSUME(T.RBrace);
  });

  textItem = this.RULE('textItem', () => {
    this.CONSUME(T.Text);
    this.CONSUME(T.Colon);
    this.CONSUME(T.StringLit);
  });

  unitsItem = this.RULE('unitsItem', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Lead) },
      { ALT: () => this.CONSUME(T.Responsible) },
      { ALT: () => this.CONSUME(T.Cooperate) },
    ]);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.nameList);
  });

  nameList = this.RULE('nameList', () => {
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.CONSUME(T.Identifier) });
  });

  benefitDecl = this.RULE('benefitDecl', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Award) },
      { ALT: () => this.CONSUME(T.Support) },
      { ALT: () => this.CONSUME(T.Subsidy) },
    ]);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.StringLit);
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.benefitItem));
    this.CONSUME(T.RBrace);
  });

  benefitItem = this.RULE('benefitItem', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.For);
          this.CONSUME(T.Colon);
          this.SUBRULE(this.nameList);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Condition);
          this.CONSUME2(T.Colon);
          this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expr) });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Amount);
          this.CONSUME3(T.Colon);
          this.SUBRULE(this.amountSpec);
        },
      },
      { ALT: () => this.CONSUME(T.OneTime) },
      {
        ALT: () => {
          this.CONSUME(T.Reference);
          this.CONSUME4(T.Colon);
          this.CONSUME(T.StringLit);
        },
      },
      { ALT: () => this.SUBRULE(this.textItem) },
      { ALT: () => this.SUBRULE(this.inputDecl) },
    ]);
  });

  amountSpec = this.RULE('amountSpec', () => {
    this.OR([{ ALT: () => this.SUBRULE(this.capSpec) }, { ALT: () => this.SUBRULE(this.expr) }]);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.OR2([{ ALT: () => this.SUBRULE2(this.capSpec) }, { ALT: () => this.SUBRULE(this.roundSpec) }]);
    });
  });

  /** `取整至 1万元`: the amount after its caps, rounded down to a multiple of this (取整(x, 1万元) rounds before them). */
  roundSpec = this.RULE('roundSpec', () => {
    this.CONSUME(T.RoundTo);
    this.SUBRULE(this.addExpr);
  });

  capSpec = this.RULE('capSpec', () => {
    this.CONSUME(T.Max);
    this.SUBRULE(this.addExpr);
    this.OPTION(() =>
      this.OR([{ ALT: () => this.CONSUME(T.PerYear) }, { ALT: () => this.CONSUME(T.InTotal) }]),
    );
  });

  rulesBlock = this.RULE('rulesBlock', () => {
    this.CONSUME(T.Rules);
    this.CONSUME(T.LBrace);
    this.MANY(() =>
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.NoDoubleFunding);
            this.CONSUME(T.Colon);
            this.AT_LEAST_ONE_SEP({
              SEP: T.Comma,
              DEF: () =>
                this.OR2([
                  { ALT: () => this.CONSUME(T.National) },
                  { ALT: () => this.CONSUME(T.Provincial) },
                  { ALT: () => this.CONSUME(T.Municipal) },
                ]),
            });
          },
        },
        { ALT: () => this.CONSUME(T.HighestOnly) },
        {
          // 补足差额：国家，省 — 已获上级资金支持的，按就高原则补足差额
          ALT: () => {
            this.CONSUME(T.TopUp);
            this.CONSUME2(T.Colon);
            this.AT_LEAST_ONE_SEP2({
              SEP: T.Comma,
              DEF: () =>
                this.OR3([
                  { ALT: () => this.CONSUME2(T.National) },
                  { ALT: () => this.CONSUME2(T.Provincial) },
                  { ALT: () => this.CONSUME2(T.Municipal) },
                ]),
            });
          },
        },
      ]),
    );
    this.CONSUME(T.RBrace);
  });

  workflowDecl = this.RULE('workflowDecl', () => {
    this.CONSUME(T.Workflow);
    this.CONSUME(T.Identifier);
    this.OPTION(() => this.CONSUME(T.StringLit));
    this.CONSUME(T.LBrace);
    this.MANY(() =>
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.Applies);
            this.CONSUME(T.Colon);
            this.SUBRULE(this.nameList);
          },
        },
        { ALT: () => this.SUBRULE(this.stepDecl) },
      ]),
    );
    this.CONSUME(T.RBrace);
  });

  stepDecl = this.RULE('stepDecl', () => {
    this.CONSUME(T.Step);
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.By);
      this.OR([
        { ALT: () => this.CONSUME(T.ApplicantActor) },
        { ALT: () => this.CONSUME(T.LeadUnits) },
        { ALT: () => this.CONSUME(T.CoopUnits) },
        { ALT: () => this.CONSUME2(T.Identifier) },
      ]);
    });
    this.OPTION2(() => {
      this.CONSUME(T.Within);
      this.CONSUME(T.DurationLit);
    });
    this.OPTION3(() => {
      this.CONSUME(T.PublicityPeriod);
      this.CONSUME2(T.DurationLit);
    });
    this.OPTION4(() => {
      this.CONSUME(T.ReturnTo);
      this.CONSUME3(T.Identifier);
    });
  });

  // ---- expressions
  expr = this.RULE('expr', () => {
    this.SUBRULE(this.andExpr);
    this.MANY(() => {
      this.CONSUME(T.Or);
      this.SUBRULE2(this.andExpr);
    });
  });

  andExpr = this.RULE('andExpr', () => {
    this.SUBRULE(this.notExpr);
    this.MANY(() => {
      this.CONSUME(T.And);
      this.SUBRULE2(this.notExpr);
    });
  });

  notExpr = this.RULE('notExpr', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Not);
          this.SUBRULE(this.notExpr);
        },
      },
      { ALT: () => this.SUBRULE(this.cmpExpr) },
    ]);
  });

  cmpExpr = this.RULE('cmpExpr', () => {
    this.SUBRULE(this.addExpr);
    this.OPTION(() => {
      this.OR([
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
      ]);
      this.SUBRULE2(this.addExpr);
    });
  });

  addExpr = this.RULE('addExpr', () => {
    this.SUBRULE(this.mulExpr);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Plus) }, { ALT: () => this.CONSUME(T.Minus) }]);
      this.SUBRULE2(this.mulExpr);
    });
  });

  mulExpr = this.RULE('mulExpr', () => {
    this.SUBRULE(this.stepExpr);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Times) }, { ALT: () => this.CONSUME(T.Divide) }]);
      this.SUBRULE2(this.stepExpr);
    });
  });

  /** `增量 每满 1000万元 给予 1万元`: per-increment awards. */
  stepExpr = this.RULE('stepExpr', () => {
    this.SUBRULE(this.primary);
    this.OPTION(() => {
      this.CONSUME(T.EachFull);
      this.SUBRULE2(this.primary);
      this.CONSUME(T.Give);
      this.SUBRULE3(this.primary);
    });
  });

  primary = this.RULE('primary', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.MoneyLit) },
      { ALT: () => this.CONSUME(T.PercentLit) },
      { ALT: () => this.CONSUME(T.CountLit) },
      { ALT: () => this.CONSUME(T.NumberLit) },
      { ALT: () => this.CONSUME(T.DurationLit) },
      { ALT: () => this.CONSUME(T.DateLit) },
      { ALT: () => this.CONSUME(T.AppDate) },
      // 申报人: the applicant, in a comparison with a field (付款方 = 申报人)
      { ALT: () => this.CONSUME(T.ApplicantActor) },
      {
        ALT: () => {
          this.CONSUME(T.Identifier);
          // 发票.金额: a field of an item list
          this.OPTION(() => {
            this.CONSUME(T.Dot);
            this.SUBRULE(this.fieldName);
          });
        },
      },
      // a field of the current item named by a type word (日期 ≥ 2023-01-01 inside 合计(…))
      { ALT: () => this.SUBRULE(this.fieldWord) },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.expr);
          this.CONSUME(T.RParen);
        },
      },
      { ALT: () => this.SUBRULE(this.ifExpr) },
      { ALT: () => this.SUBRULE(this.callExpr) },
      { ALT: () => this.SUBRULE(this.tiersExpr) },
      { ALT: () => this.SUBRULE(this.lookupExpr) },
    ]);
  });

  ifExpr = this.RULE('ifExpr', () => {
    this.CONSUME(T.If);
    this.SUBRULE(this.expr);
    this.CONSUME(T.Then);
    this.SUBRULE2(this.expr);
    this.CONSUME(T.Else);
    this.SUBRULE3(this.expr);
  });

  callExpr = this.RULE('callExpr', () => {
    this.OR([
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
    ]);
    this.CONSUME(T.LParen);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expr) });
    this.CONSUME(T.RParen);
  });

  /** `分档 年交易额 { [1亿元, 5亿元)：50万元 [5亿元, ∞)：100万元 }` */
  tiersExpr = this.RULE('tiersExpr', () => {
    this.CONSUME(T.Tiers);
    this.SUBRULE(this.primary);
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.band));
    this.CONSUME(T.RBrace);
  });

  /** `按 展会级别 { 国家级：50万元，省级：30万元 }`: a value picked by the option of a choice input. */
  lookupExpr = this.RULE('lookupExpr', () => {
    this.CONSUME(T.Lookup);
    this.SUBRULE(this.primary);
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      this.CONSUME(T.Identifier);
      this.CONSUME(T.Colon);
      this.SUBRULE(this.addExpr);
      this.OPTION(() => this.CONSUME(T.Comma));
    });
    this.CONSUME(T.RBrace);
  });

  band = this.RULE('band', () => {
    this.OR([{ ALT: () => this.CONSUME(T.LBracket) }, { ALT: () => this.CONSUME(T.LParen) }]);
    this.SUBRULE(this.bound);
    this.CONSUME(T.Comma);
    this.SUBRULE2(this.bound);
    this.OR2([{ ALT: () => this.CONSUME(T.RBracket) }, { ALT: () => this.CONSUME(T.RParen) }]);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.addExpr);
    this.OPTION(() => this.CONSUME2(T.Comma));
  });

  bound = this.RULE('bound', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.MoneyLit) },
      { ALT: () => this.CONSUME(T.PercentLit) },
      { ALT: () => this.CONSUME(T.CountLit) },
      { ALT: () => this.CONSUME(T.NumberLit) },
      { ALT: () => this.CONSUME(T.Infinity) },
    ]);
  });
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

export interface CstParseResult {
  cst: CstNode;
  tokens: IToken[];
  comments: IToken[];
  lexErrors: ILexingError[];
  parseErrors: IRecognitionException[];
  /** The token that made `refuse` stop the parse. */
  refused?: IToken;
}

/**
 * Lex and parse into a CST; errors are returned as values.
 * `refuse`: asked with the tokens before parsing; when it names a token, nothing is parsed (see src/syntax/limits.ts).
 */
export function parseCst(text: string, refuse?: (tokens: IToken[]) => IToken | undefined): CstParseResult {
  const lexed = T.polLexer.tokenize(text);
  const refused = refuse?.(lexed.tokens);
  let parser = fastParser();
  parser.input = refused ? [] : lexed.tokens;
  let cst = parser.file();
  if (parser.errors.length > 0) {
    parser = polParser();
    parser.input = lexed.tokens;
    cst = parser.file();
  }
  return {
    cst,
    tokens: lexed.tokens,
    comments: lexed.groups.comments ?? [],
    lexErrors: lexed.errors,
    parseErrors: refused ? [] : [...parser.errors],
    refused,
  };
}
