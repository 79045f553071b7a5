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
  POL1011: { severity: 'error', zh: '字符串缺少结束引号', en: 'the string has no closing quote' },
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
  // ---- 4xxx evaluation input
  POL4001: { severity: 'error', zh: '申报数据有误：{0}: {1}', en: 'invalid application: {0}: {1}' },
  POL4002: { severity: 'error', zh: '政策 {0} 尚无印发日期，无法确定有效期（自印发之日起 {1}）：请用 --issued YYYY-MM-DD 指定印发日期', en: 'policy {0} has no issuance date, so its validity ({1} from issuance) is unknown: pass --issued YYYY-MM-DD' },
  POL4003: { severity: 'error', zh: '第 {0} 行：{1}', en: 'row {0}: {1}' },
  POL4004: { severity: 'error', zh: '无法读取批量文件 {0}：{1}', en: 'cannot read batch file {0}: {1}' },
  POL4005: { severity: 'error', zh: '场景文件 {0} 有误：{1}', en: 'bad scenario file {0}: {1}' },
  POL4101: { severity: 'warning', zh: '政策未声明事实“{0}”，已忽略（可能是拼写错误）{1}', en: 'the policy declares no fact "{0}"; ignored (a typo?) {1}' },
  POL4102: { severity: 'warning', zh: '政策未声明名单“{0}”，已忽略（可能是拼写错误）{1}', en: 'the policy declares no list "{0}"; ignored (a typo?) {1}' },
  POL4103: { severity: 'warning', zh: '历史记录中的扶持项目“{0}”不在本政策中，已忽略', en: 'history names benefit "{0}", which is not in this policy; ignored' },
  // ---- 5xxx workflow (50xx: the workflow as written; 51xx: actions refused; 52xx: warnings)
  POL5001: { severity: 'error', zh: '流程“{0}”的第一个步骤应由申报人办理，且至少还有一个办理步骤', en: 'workflow "{0}" must start with a step by the applicant and have at least one more step' },
  POL5002: { severity: 'error', zh: '步骤“{0}”退回到“{1}”，但“{1}”不在它之前', en: 'step "{0}" returns to "{1}", which does not come before it' },
  POL5003: { severity: 'error', zh: '流程“{0}”没有由单位办理的审核步骤', en: 'workflow "{0}" has no review step done by a unit' },
  POL5004: { severity: 'error', zh: '公示步骤“{0}”之前没有核定金额的审核步骤', en: 'publicity step "{0}" has no approval step before it' },
  POL5005: { severity: 'error', zh: '流程“{0}”有多个公示步骤，只支持一个', en: 'workflow "{0}" has more than one publicity step; only one is supported' },
  POL5006: { severity: 'error', zh: '没有名为“{0}”的流程', en: 'no workflow named "{0}"' },
  POL5007: { severity: 'error', zh: '扶持项目“{0}”没有适用的流程（在流程中写“适用：{0}”）', en: 'benefit "{0}" has no workflow (add it to a workflow\'s "applies")' },
  POL5008: { severity: 'error', zh: '没有扶持项目“{0}”；有流程的扶持项目：{1}', en: 'no benefit "{0}"; benefits with a workflow: {1}' },
  POL5101: { severity: 'error', zh: '当前状态为“{0}”，不能执行 {1}；此时可执行：{2}', en: 'the application is at "{0}": {1} is not allowed; allowed now: {2}' },
  POL5102: { severity: 'error', zh: '“{0}”不是步骤“{1}”的办理单位；本申请此步由 {2} 办理', en: '"{0}" does not act at step "{1}"; for this application it is done by {2}' },
  POL5103: { severity: 'error', zh: '申请 {0} 的状态已被另一操作改变（读取时为“{1}”，现为“{2}”）；本次操作未生效，请查看后重试', en: 'application {0} was changed by another action (read at "{1}", now "{2}"); nothing was done, check it and retry' },
  POL5104: { severity: 'error', zh: '核定金额 {0} 超过此刻的上限 {1}', en: 'the amount {0} exceeds the ceiling at this moment, {1}' },
  POL5105: { severity: 'error', zh: '申报不符合“{0}”的条件，未予登记', en: 'the application does not qualify for "{0}" and was not filed' },
  POL5106: { severity: 'error', zh: '没有编号为 {0} 的申请', en: 'no application {0}' },
  POL5107: { severity: 'error', zh: '{0} 不是 pol 的数据库：{1}', en: '{0} is not a pol database: {1}' },
  POL5108: { severity: 'error', zh: '数据库 {0} 的结构版本为 {1}，高于本程序支持的版本 {2}；请升级 pol', en: 'database {0} has schema version {1}, newer than {2} which this pol supports; upgrade pol' },
  POL5109: { severity: 'error', zh: '公示期至 {0} 届满，期满后方可{1}', en: 'the publicity period runs until {0}; {1} only after it' },
  POL5110: { severity: 'error', zh: '不在公示期内（公示期截至 {0}），不能提出异议', en: 'not within the publicity period (until {0}): no objection can be raised' },
  POL5111: { severity: 'error', zh: '{0} 须用 --note 写明理由', en: '{0} needs a reason (--note)' },
  POL5112: { severity: 'error', zh: '操作日期 {0} 早于申请进入当前步骤的日期 {1}', en: 'the action date {0} is before the application entered its current step on {1}' },
  POL5113: { severity: 'error', zh: '“{0}”是单位组，请以其成员单位的身份办理（本申请此步由 {1} 办理）', en: '"{0}" is a unit group; act as one of its members (for this application: {1})' },
  POL5114: { severity: 'error', zh: '“{0}”不是本政策中的单位，也不是本申请的申报人', en: '"{0}" is neither a unit of this policy nor the applicant' },
  POL5115: { severity: 'error', zh: '此刻已不符合“{0}”的条件，不能核定金额', en: 'the application no longer qualifies for "{0}" and cannot be approved' },
  POL5116: { severity: 'error', zh: '数据库文件 {0} 已损坏：{1}', en: 'database file {0} is corrupt: {1}' },
  POL5117: { severity: 'error', zh: '核定金额须为大于 0 的金额（元，最多两位小数）', en: 'the granted amount must be more than 0 (yuan, at most two decimals)' },
  POL5118: { severity: 'error', zh: '--amount 只用于 approve（审核通过）', en: '--amount is only for approve' },
  POL5201: { severity: 'warning', zh: '{0} 年的节假日数据不在日历中（覆盖 {1}–{2} 年），该年只按周末计算工作日', en: 'holidays of {0} are not in the calendar (it covers {1}–{2}); only weekends are days off that year' },
  // ---- 6xxx documents
  POL6001: { severity: 'error', zh: '字体缺少字符“{0}”（{1}），出现在“{2}”中：该字无法印出，请改用规范字或联系维护者', en: 'the font has no glyph for "{0}" ({1}), in "{2}": it cannot be printed; use a standard character' },
  POL6002: { severity: 'error', zh: '核定金额 {0} 元超过评估上限 {1} 元（{2}），未生成证书', en: 'the granted amount {0} yuan exceeds the evaluated ceiling {1} yuan ({2}); no certificate made' },
  POL6003: { severity: 'error', zh: '申报不符合“{0}”的条件，未生成证书：{1}', en: 'the application does not qualify for "{0}"; no certificate made: {1}' },
  POL6004: { severity: 'error', zh: '缺少核定金额：请用 --amount 指定（元），或在申报数据中提供 grantedFen（分）', en: 'no granted amount: pass --amount (yuan) or give grantedFen (fen) in the application' },
  POL6005: { severity: 'error', zh: '金额“{0}”无效：应为以元为单位、最多两位小数的非负金额', en: 'amount "{0}" is invalid: a non-negative amount in yuan with at most two decimals is expected' },
  POL6006: { severity: 'error', zh: '政策中没有扶持项目“{0}”；可选：{1}', en: 'the policy has no benefit "{0}"; choose one of: {1}' },
  POL6007: { severity: 'error', zh: '请用 --benefit 指定扶持项目；可选：{0}', en: 'name the benefit with --benefit; choose one of: {0}' },
  POL6008: { severity: 'error', zh: '{0}需要申报数据：请用 --input APP.json 或 --batch 文件', en: 'a {0} needs application data: pass --input APP.json or --batch FILE' },
  POL6009: { severity: 'error', zh: '发文字号“{0}”不合格式：应如“穗商务规字〔2024〕1号”（年份用六角括号〔〕，序号不编虚位，不加“第”字）', en: 'document number "{0}" is malformed: write it like 穗商务规字〔2024〕1号 (year in 〔〕, no leading zeros, no 第)' },
  POL6010: { severity: 'error', zh: '申报符合“{0}”的支持条件，不生成不予支持通知书；如因其他原因不予支持，请用 --reason 写明理由', en: 'the application qualifies for "{0}"; no rejection made — pass --reason to reject it for another reason' },
  POL6011: { severity: 'error', zh: '第 {0} 行：{1}（已跳过）', en: 'row {0}: {1} (skipped)' },
  POL6012: { severity: 'error', zh: '没有可以公示的拟支持申报（{0}）', en: 'no proposed award to publish ({0})' },
  POL6013: { severity: 'error', zh: '扶持项目“{0}”没有金额（{1}），不能生成{2}', en: 'benefit "{0}" states no amount ({1}); no {2} can be made' },
  POL6014: { severity: 'error', zh: '无法读取批量文件 {0}：{1}', en: 'cannot read batch file {0}: {1}' },
  POL6015: { severity: 'error', zh: '日期“{0}”无效：应为 YYYY-MM-DD 格式的日历日期', en: 'date "{0}" is invalid: a calendar date YYYY-MM-DD is expected' },
  POL6016: { severity: 'error', zh: '{0}只针对单个申报，不能与 --batch 同用', en: '{0} is for one application and cannot be used with --batch' },
  POL6017: { severity: 'error', zh: '申报数据有误：{0}: {1}', en: 'invalid application: {0}: {1}' },
  POL6018: { severity: 'error', zh: '“{0}”的申报主体类型为 {1}，不是“{2}”的申报对象（{3}）', en: '"{0}" is of kind {1}, which may not apply for "{2}" ({3})' },
  POL6019: { severity: 'error', zh: '成文日期 {0} 早于申报日期 {1}：请用 --date 指定不早于申报日期的成文日期', en: 'the document date {0} is before the application date {1}: pass a later --date' },
  POL6020: { severity: 'error', zh: '{0}未指定发文字号：正式文件请用 --doc-number 填写（如 穗商务函〔2025〕12号）；征求意见稿可不填', en: 'the {0} has no document number: pass --doc-number for a final document (a draft may go without)' },
  POL6021: { severity: 'error', zh: '征求意见稿不得使用规范性文件字号“{0}”（规字）：正式印发时请用 --issued 给出印发日期', en: 'a draft for comment may not carry the normative-document number "{0}" (规字); pass --issued when it is issued' },
  POL6022: { severity: 'error', zh: '印章图片“{0}”不是 PNG 文件', en: 'the seal image "{0}" is not a PNG file' },
  POL6023: { severity: 'error', zh: '字体设置有误：{0}', en: 'font settings: {0}' },
  POL6101: { severity: 'warning', zh: '未指定发文字号，暂以“{0}”占位：正式印发前请用 --doc-number 填写', en: 'no document number given; "{0}" is a placeholder: pass --doc-number before issuing' },
  POL6103: { severity: 'warning', zh: '{0}未写明联系人、联系电话和地址，已留空待填：请用 --contact、--phone、--address 填写', en: 'the {0} names no contact person, phone or address; blanks are left to fill in: pass --contact, --phone, --address' },
  POL6104: { severity: 'warning', zh: '公文字体：{0}', en: 'typefaces: {0}' },
  POL6102: { severity: 'warning', zh: '第 {0} 行与第 {1} 行是同一申报主体的同一项目，文件名加后缀“{2}”以免覆盖', en: 'row {0} is the same applicant and project as row {1}; its file name gets the suffix "{2}" so neither is overwritten' },
  // ---- 7xxx export
  POL7001: { severity: 'error', zh: 'JSON Logic 无法表达{0}（“{1}”，扶持项目“{2}”）：未导出任何规则，以免给出错误的结果', en: 'JSON Logic cannot express {0} ("{1}", benefit "{2}"): nothing was exported, rather than a wrong rule' },
  POL7002: { severity: 'error', zh: '政策 {0} 尚无印发日期，其有效期（自印发之日起 {1}）无法写入规则：导出 JSON Logic 须用 --issued YYYY-MM-DD 指定印发日期', en: 'policy {0} has no issuance date, so its validity ({1} from issuance) cannot be fixed in the rules: pass --issued YYYY-MM-DD to export JSON Logic' },
  POL7003: { severity: 'error', zh: '规则图文件 {0} 不是有效的 pol-graph/1：{1}', en: 'graph file {0} is not a valid pol-graph/1: {1}' },
  POL7004: { severity: 'error', zh: '未知的导出格式“{0}”：应为 graph、graph-schema、app-schema 或 jsonlogic', en: 'unknown export format "{0}": use graph, graph-schema, app-schema or jsonlogic' },
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
