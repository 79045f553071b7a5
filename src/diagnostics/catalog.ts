/**
 * The one catalog of diagnostics. Codes are stable: POL1xxx syntax, 2xxx names and types,
 * 3xxx graph, 4xxx evaluation input, 5xxx workflow, 6xxx documents, 7xxx export.
 * Messages are Chinese by default, English with `--lang en`; `{0}`, `{1}` … are arguments.
 */
export type Severity = 'error' | 'warning' | 'info';

export interface MessageDef {
  severity: Severity;
  zh: string;
  en: string;
}

export const catalog = {
  // ---- 1xxx syntax
  POL1001: { severity: 'error', zh: '无法识别的字符“{0}”', en: 'unrecognised character "{0}"' },
  POL1002: { severity: 'error', zh: '此处应为{0}，实际为“{1}”', en: 'expected {0} here, found "{1}"' },
  POL1003: { severity: 'error', zh: '文件在此处意外结束，应为{0}', en: 'unexpected end of file, expected {0}' },
  POL1004: { severity: 'error', zh: '多余的内容“{0}”：此处应为声明（政策、单位、措施、流程等）', en: 'unexpected "{0}": a declaration (policy, unit, measure, workflow …) was expected' },
  POL1005: { severity: 'error', zh: '无效的日期 {0}', en: 'invalid date {0}' },
  POL1006: { severity: 'error', zh: '金额“{0}”的精度超过分', en: 'money "{0}" is more precise than one fen' },
  POL1007: { severity: 'error', zh: '数值“{0}”过大', en: 'number "{0}" is too large' },
  POL1008: { severity: 'error', zh: '未知的货币“{0}”', en: 'unknown currency "{0}"' },
  POL1009: { severity: 'error', zh: '未知的数量单位“{0}”', en: 'unknown unit of count "{0}"' },
  POL1010: { severity: 'error', zh: '“{0}”在同一{1}中出现多次', en: '"{0}" appears more than once in the same {1}' },
  // ---- 2xxx names and types
  POL2001: { severity: 'error', zh: '未定义的单位“{0}”', en: 'unknown unit "{0}"' },
  POL2002: { severity: 'error', zh: '未定义的名单“{0}”', en: 'unknown list "{0}"' },
  POL2003: { severity: 'error', zh: '未定义的输入或计算项“{0}”', en: 'unknown input or definition "{0}"' },
  POL2004: { severity: 'error', zh: '未定义的扶持项目“{0}”', en: 'unknown benefit "{0}"' },
  POL2005: { severity: 'error', zh: '未定义的申报主体“{0}”', en: 'unknown applicant kind "{0}"' },
  POL2006: { severity: 'error', zh: '重复定义的{0}“{1}”（首次定义于第 {2} 行）', en: 'duplicate {0} "{1}" (first defined on line {2})' },
  POL2007: { severity: 'error', zh: '类型错误：{0}', en: 'type error: {0}' },
  POL2008: { severity: 'error', zh: '条款没有牵头（负责）单位', en: 'the clause has no lead (responsible) unit' },
  POL2009: { severity: 'error', zh: '金额缺少基数：比例“{0}”须乘以一个金额或数量', en: 'the amount has no base: the rate "{0}" must multiply a money or count value' },
  POL2010: { severity: 'error', zh: '金额应为人民币金额，实际为{0}', en: 'an amount must be money in yuan, found {0}' },
  POL2011: { severity: 'error', zh: '条件应为是/否判断，实际为{0}', en: 'a condition must be true or false, found {0}' },
  POL2012: { severity: 'error', zh: '正式文件须写明印发日期（印发：YYYY-MM-DD）', en: 'an official policy needs its issuance date (issued: YYYY-MM-DD)' },
  POL2013: { severity: 'error', zh: '缺少政策声明（政策 编号 "标题" {…}）', en: 'the file has no policy declaration (policy ID "title" {…})' },
  POL2014: { severity: 'error', zh: '只能有一个政策声明', en: 'there can be only one policy declaration' },
  POL2015: { severity: 'error', zh: '扶持项目既写了金额又写了参照，二者只能取其一', en: 'a benefit states both an amount and a reference; keep one' },
  POL2016: { severity: 'error', zh: '扶持项目缺少申报对象（对象：…）', en: 'the benefit names no applicant kind (for: …)' },
  POL2017: { severity: 'error', zh: '分档区间有误：{0}', en: 'bad tier bands: {0}' },
  POL2018: { severity: 'error', zh: '流程步骤“{0}”不存在', en: 'no workflow step "{0}"' },
  POL2019: { severity: 'error', zh: '{0}不能比较：{1} 与 {2}', en: 'cannot compare {0}: {1} with {2}' },
  POL2020: { severity: 'error', zh: '有效期起止日期颠倒：{0} 晚于 {1}', en: 'validity ends before it starts: {0} is after {1}' },
  POL2021: { severity: 'error', zh: '每单位金额“{0}”的单位与数量“{1}”的单位（{2}）不一致', en: 'the per-unit money "{0}" does not match the unit of "{1}" ({2})' },
  POL2022: { severity: 'error', zh: '“{0}”应为{1}', en: '"{0}" should be {1}' },
  POL2023: { severity: 'error', zh: '扶持项目“{0}”适用了多个流程', en: 'benefit "{0}" is attached to more than one workflow' },
  POL2024: { severity: 'error', zh: '一次性奖励不能再设每年上限', en: 'a one-time award cannot also have a per-year cap' },
  POL2025: { severity: 'error', zh: '措施编号 {0} 重复', en: 'measure number {0} is used twice' },
  POL2101: { severity: 'warning', zh: '扶持项目“{0}”的金额没有上限（不超过/最高）', en: 'benefit "{0}" has no ceiling (max)' },
  POL2102: { severity: 'warning', zh: '政策未写明有效期', en: 'the policy states no validity' },
  POL2103: { severity: 'warning', zh: '措施没有写明原文', en: 'the measure has no text' },
  POL2104: { severity: 'warning', zh: '输入“{0}”未被任何规则使用', en: 'input "{0}" is not used by any rule' },
  POL2105: { severity: 'warning', zh: '扶持项目“{0}”既无金额也无参照', en: 'benefit "{0}" states neither an amount nor a reference' },
  POL2106: { severity: 'warning', zh: '流程“{0}”没有适用的扶持项目', en: 'workflow "{0}" applies to no benefit' },
  // ---- 3xxx graph
  POL3001: { severity: 'error', zh: '计算项之间存在循环依赖：{0}', en: 'definitions depend on each other in a cycle: {0}' },
  POL3002: { severity: 'error', zh: '内部错误：规则图不符合 pol-graph/1 格式：{0}', en: 'internal error: the rule graph does not match pol-graph/1: {0}' },
} as const satisfies Record<string, MessageDef>;

export type Code = keyof typeof catalog;

export type Lang = 'zh' | 'en';

/** An argument of a message: plain, or worded per language (a keyword's spelling, a type's name). */
export type MessageArg = string | number | { zh: string; en: string };

export function formatMessage(code: Code, args: readonly MessageArg[], lang: Lang = 'zh'): string {
  const def: MessageDef = catalog[code];
  return def[lang].replace(/\{(\d+)\}/g, (_, i: string) => {
    const a = args[Number(i)];
    return a === undefined ? '' : typeof a === 'object' ? a[lang] : String(a);
  });
}
