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
  POL1009: { severity: 'error', zh: '未知的数量单位“{0}”{1}', en: 'unknown unit of count "{0}"{1}' },
  POL1010: { severity: 'error', zh: '“{0}”在同一{1}中出现多次', en: '"{0}" appears more than once in the same {1}' },
  POL1011: { severity: 'error', zh: '字符串缺少结束引号', en: 'the string has no closing quote' },
  POL1050: { severity: 'error', zh: '嵌套过深：括号与“若”“非”在一个表达式中最多嵌套 {0} 层', en: 'nested too deeply: brackets, "if" and "not" may nest at most {0} levels in one expression' },
  POL1051: { severity: 'error', zh: '表达式过长或嵌套过深：一个表达式最多 {0} 层（如 {0} 项相加），请拆分为多个计算项', en: 'expression too long or too deep: at most {0} levels in one expression (e.g. a sum of {0} terms); split it into definitions' },
  POL1052: { severity: 'error', zh: '政策文件过于复杂，超出了处理能力（嵌套或声明过多）：{0}', en: 'the policy file is too complex to process (too much nesting or too many declarations): {0}' },
  POL1021: { severity: 'error', zh: '“{0}”：比例写作 {1}', en: '"{0}": a rate of a base is written {1}' },
  POL1022: { severity: 'error', zh: '“{0}”：每年的上限写作 {1}', en: '"{0}": a yearly cap is written {1}' },
  POL1023: { severity: 'error', zh: '名称“{0}”后紧跟“{1}”：名称不能含数字，请改用不含数字的名称（如 {2}）', en: 'the name "{0}" runs into "{1}": names cannot contain digits; use a name without them (e.g. {2})' },
  POL1024: { severity: 'error', zh: '“{0}”不能写在扶持项目之中：计算项写在措施、条款或文件顶层，扶持项目中直接引用其名称', en: '"{0}" cannot stand inside a benefit: write definitions in a measure, a clause or at the top, and use their names in the benefit' },
  POL1025: { severity: 'error', zh: '“{0}”：数量单位“{1}”未声明{2}；在文件中声明 计量单位：{1}', en: '"{0}": the count unit "{1}" is not declared{2}; declare it with count-units: {1}' },
  POL1020: { severity: 'error', zh: '{0} 不是 UTF-8 编码{1}：请以 UTF-8 另存后再试', en: '{0} is not UTF-8{1}: save it as UTF-8 and try again' },
  // ---- 2xxx names and types
  POL2001: { severity: 'error', zh: '未定义的单位“{0}”{1}', en: 'unknown unit "{0}"{1}' },
  POL2002: { severity: 'error', zh: '未定义的名单“{0}”{1}', en: 'unknown list "{0}"{1}' },
  POL2003: { severity: 'error', zh: '未定义的输入或计算项“{0}”{1}', en: 'unknown input or definition "{0}"{1}' },
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
  // language reach II (#12)
  POL2026: { severity: 'error', zh: '整年数/整月数(起, 止) 需要两个日期，此处为{0}', en: 'years-between/months-between(from, to) needs two dates, found {0}' },
  POL2027: { severity: 'error', zh: '取整的单位“{0}”应为正的金额，如 1万元、1000元，且与被取整的金额同一币种', en: 'the unit of round-down "{0}" must be a positive amount such as 1万元 or 1000元, in the currency of the amount' },
  POL2030: { severity: 'error', zh: '“{0}”不是“{1}”的选项{2}；可选：{3}', en: '"{0}" is not an option of "{1}"{2}; the options are {3}' },
  POL2031: { severity: 'error', zh: '“按 … {…}”需要一个选项输入（选项(…)），此处为{0}', en: 'lookup needs a choice input (one-of(…)), found {0}' },
  POL2032: { severity: 'error', zh: '“按 {0} {…}”缺少选项：{1}', en: 'lookup by {0} misses the options {1}' },
  POL2033: { severity: 'error', zh: '“按 {0} {…}”中选项“{1}”出现多次', en: 'lookup by {0} lists option "{1}" twice' },
  POL2034: { severity: 'error', zh: '“{0}”不是本政策的扶持项目{1}：已获次数(…)、上年度已获(…) 的参数应为扶持项目名称', en: '"{0}" is not a benefit of this policy{1}: times-granted(…) and granted-last-year(…) take a benefit name' },
  POL2035: { severity: 'error', zh: '取整还需写明取整到的单位：取整({0}, 1万元) 或 取整({0}, 1000元)', en: 'round-down needs the unit to round to: round-down({0}, 1万元) or round-down({0}, 1000元)' },
  POL2029: { severity: 'error', zh: '废止日期 {0} 早于有效期起始日 {1}', en: 'the repeal date {0} is before the validity starts ({1})' },
  POL2028: { severity: 'error', zh: '取整(金额, 单位) 只用于金额，此处为{0}', en: 'round-down(amount, unit) applies to money, found {0}' },
  POL2101: { severity: 'warning', zh: '扶持项目“{0}”的金额没有上限（不超过/最高）', en: 'benefit "{0}" has no ceiling (max)' },
  POL2102: { severity: 'warning', zh: '政策未写明有效期', en: 'the policy states no validity' },
  POL2103: { severity: 'warning', zh: '措施没有写明原文', en: 'the measure has no text' },
  POL2104: { severity: 'warning', zh: '输入“{0}”未被任何规则使用', en: 'input "{0}" is not used by any rule' },
  POL2105: { severity: 'warning', zh: '扶持项目“{0}”既无金额也无参照', en: 'benefit "{0}" states neither an amount nor a reference' },
  POL2106: { severity: 'warning', zh: '流程“{0}”没有适用的扶持项目', en: 'workflow "{0}" applies to no benefit' },
  // ---- 3xxx graph
  POL3001: { severity: 'error', zh: '计算项之间存在循环依赖：{0}', en: 'definitions depend on each other in a cycle: {0}' },
  POL3002: { severity: 'error', zh: '内部错误：规则图不符合 pol-graph/1 格式：{0}', en: 'internal error: the rule graph does not match pol-graph/1: {0}' },
  // ---- 305x–306x the command line's own messages (options, files, what a command needs)
  POL3050: { severity: 'error', zh: '{0} 应为 YYYY-MM-DD 格式的有效日期（收到 {1}）', en: '{0} must be a valid date YYYY-MM-DD (got {1})' },
  POL3051: { severity: 'error', zh: '{0} 只能是 {1}（收到 {2}）', en: '{0} must be one of {1} (got {2})' },
  POL3052: { severity: 'error', zh: '{0} 与 {1} 只能选其一', en: 'use {0} or {1}, not both' },
  POL3053: { severity: 'error', zh: '{0} 只用于 {1}', en: '{0} is only for {1}' },
  POL3055: { severity: 'error', zh: '{0} 有错误，{1}', en: '{0} has errors; {1}' },
  POL3058: { severity: 'error', zh: '无法识别{0} {1} 的格式：应为 .jsonl、.csv 或 .xlsx', en: 'cannot tell the format of {0} {1}: use .jsonl, .csv or .xlsx' },
  POL3059: { severity: 'error', zh: '请用 --input APP.json 指定一份申报，或用 --batch FILE 批量评估', en: 'pass one application with --input APP.json, or many with --batch FILE' },
  POL3060: { severity: 'error', zh: '请指定 .pol 政策文件，或用 --graph 指定已导出的规则图', en: 'name a .pol policy file, or an exported rule graph with --graph' },
  POL3061: { severity: 'error', zh: '{0} 只能与一个政策文件同用', en: '{0} works with one policy file only' },
  POL3062: { severity: 'error', zh: '没有找到 {0} 的场景文件（应为 {1}）', en: 'no scenario file for {0} (expected {1})' },
  POL3063: { severity: 'error', zh: '{0} 不需要申报数据，不能与 --batch 同用', en: 'a {0} needs no application data and cannot be used with --batch' },
  POL3064: { severity: 'error', zh: '{0} 应为 {1} 到 {2} 的整数（收到 {3}）', en: '{0} must be a whole number from {1} to {2} (got {3})' },
  POL3065: { severity: 'error', zh: '扶持项目“{0}”没有写明金额（参照：{1}），不参与评估；可解释的项目：{2}', en: 'benefit "{0}" states no amount (see: {1}) and is not evaluated; benefits that can be explained: {2}' },
  // ---- 4xxx evaluation input
  POL4001: { severity: 'error', zh: '申报数据 {0} 有 {1} 处错误：\n{2}', en: 'application data {0} has {1} error(s):\n{2}' },
  POL4002: { severity: 'error', zh: '政策 {0} 尚无印发日期，无法确定有效期（自印发之日起 {1}）：请用 --issued YYYY-MM-DD 指定印发日期', en: 'policy {0} has no issuance date, so its validity ({1} from issuance) is unknown: pass --issued YYYY-MM-DD' },
  POL4004: { severity: 'error', zh: '无法读取批量文件 {0}：{1}', en: 'cannot read batch file {0}: {1}' },
  POL4101: { severity: 'warning', zh: '政策未声明事实“{0}”，已忽略（可能是拼写错误）{1}', en: 'the policy declares no fact "{0}"; ignored (a typo?) {1}' },
  POL4102: { severity: 'warning', zh: '政策未声明名单“{0}”，已忽略（可能是拼写错误）{1}', en: 'the policy declares no list "{0}"; ignored (a typo?) {1}' },
  POL4110: { severity: 'error', zh: '资金总额“{0}”无效：应为人民币金额，如 800万元 或 8000000（元）', en: 'bad budget "{0}": give an amount in yuan, e.g. 800万元 or 8000000' },
  POL4111: { severity: 'error', zh: '分担比例“{0}”无效：应为正整数之比，如 6:4', en: 'bad share "{0}": give a ratio of positive integers, e.g. 6:4' },
  POL4112: { severity: 'error', zh: '政策中没有有金额的扶持项目“{0}”（有：{1}）', en: 'the policy has no benefit with an amount named "{0}" (it has: {1})' },
  POL4103: { severity: 'warning', zh: '历史记录中的扶持项目“{0}”不在本政策中，已忽略', en: 'history names benefit "{0}", which is not in this policy; ignored' },
  // ---- 42xx batch files (src/io)
  POL4200: { severity: 'error', zh: '批量文件 {0} 有无法识别的列：{1}。列名用申报表上的名称（如“统一社会信用代码”“推广费用（元）”）或 JSON 路径（如 facts.推广费用）；pol template 可生成列名正确的空白模板', en: 'batch file {0} has columns that name no field: {1}. Use the labels of the application form (统一社会信用代码, 推广费用（元）…) or JSON paths (facts.推广费用); pol template writes an empty template with the right columns' },
  POL4201: { severity: 'error', zh: '批量文件 {0} 既不是 UTF-8 也不是 GBK/GB18030 编码的文本，无法读取：请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后重试', en: 'batch file {0} is neither UTF-8 nor GBK/GB18030 text: save it from Excel as "CSV UTF-8 (comma delimited)" and retry' },
  POL4202: { severity: 'warning', zh: '批量文件 {0} 不是 UTF-8 编码，已按 GBK/GB18030 编码读取（中文版 Excel 默认的 CSV 编码）', en: 'batch file {0} is not UTF-8; read as GBK/GB18030 (the default CSV encoding of Chinese Excel)' },
  POL4203: { severity: 'error', zh: 'Excel 文件 {0} 解压后的声明大小为 {1}，超过上限 {2}：疑为压缩炸弹，已拒绝', en: 'Excel file {0} declares {1} uncompressed, above the limit of {2}: refused as a likely zip bomb' },
  POL4204: { severity: 'error', zh: '批量文件 {0} 超过 {1} 行的上限（第 {2} 行）：请拆分后分批评估，或用 --max-rows 调高上限；未写入任何结果', en: 'batch file {0} has more than {1} rows (row {2}): split it, or raise the limit with --max-rows; nothing was written' },
  POL4205: { severity: 'error', zh: '{0} 不是有效的 Excel（.xlsx）文件：{1}', en: '{0} is not a valid Excel (.xlsx) file: {1}' },
  POL4206: { severity: 'error', zh: '批量文件 {0} 的列“{1}”与列“{2}”是同一字段 {3}：只能保留一列', en: 'batch file {0}: columns "{1}" and "{2}" are both field {3}; keep one' },
  POL4207: { severity: 'error', zh: '另有 {0} 行有误，未逐一列出（共 {1} 行有误）', en: '{0} more rows are invalid and not listed ({1} in all)' },
  POL4209: { severity: 'error', zh: '批量文件 {0} 第 {1} 行含有不是 {2} 编码的字节：文件的编码前后不一致，请另存为 UTF-8 后重试；未写入任何结果', en: 'batch file {0}, line {1}: bytes that are not {2}; the file mixes encodings: save it as UTF-8 and retry; nothing was written' },
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
  // integrity of the money (DESIGN §7)
  POL5120: { severity: 'error', zh: '业务日期 {0} 晚于今天 {1}（北京时间）：日期不能是将来', en: 'the business date {0} is after today, {1} (Beijing time)' },
  POL5121: { severity: 'error', zh: '申报日期 {0} 晚于登记日期 {1}，未予登记', en: 'the application date {0} is after the filing date {1}; not filed' },
  POL5122: { severity: 'error', zh: '四眼原则：{0} 已受理本申请，不能再审核通过（须由另一人办理）', en: 'four eyes: {0} accepted this application and may not approve it' },
  POL5123: { severity: 'error', zh: '四眼原则：{0} 已审核通过本申请，不能再拨付（须由另一人办理）', en: 'four eyes: {0} approved this application and may not disburse it' },
  POL5124: { severity: 'error', zh: '申报人 {0} 就“{1}”（项目 {2}）已有未办结的申请 {3}（{4}），本次申报内容与之不同，未予登记', en: 'applicant {0} already has an open application {3} ({4}) for "{1}" (project {2}) with different content; not filed' },
  POL5125: { severity: 'error', zh: '政策 {0} 的本版本没有扶持项目 {1}，但台账中已有其核定金额：请在政策开头写明接续项目（接续：旧名 → 新名），未予办理', en: 'this version of policy {0} has no benefit {1}, which has grants in the ledger: name its successor in the policy header (接续：old → new); nothing was done' },
  POL5126: { severity: 'error', zh: 'applicant.id “{0}”不是有效的统一社会信用代码：{1}', en: 'applicant.id "{0}" is not a valid unified social credit code: {1}' },
  POL5127: { severity: 'warning', zh: 'applicant.id “{0}”不是有效的统一社会信用代码：{1}（工作流将拒绝登记）', en: 'applicant.id "{0}" is not a valid unified social credit code: {1} (the workflow will refuse it)' },
  POL5128: { severity: 'error', zh: '数据库 {0} 不存在：请检查 --db（只有 wf apply、wf init 会创建数据库）', en: 'database {0} does not exist: check --db (only wf apply and wf init create one)' },
  POL5129: { severity: 'error', zh: '数据库 {0} 是只读的，无法写入：未作任何更改', en: 'database {0} is read-only: nothing was changed' },
  POL5130: { severity: 'error', zh: '磁盘已满，无法写入数据库 {0}：未作任何更改，请腾出空间后重试', en: 'the disk is full, database {0} cannot be written: nothing was changed; free some space and retry' },
  POL5131: { severity: 'error', zh: '数据库 {0} 正被另一程序使用，等待 {1} 秒后仍未释放：未作任何更改，请稍后重试', en: 'database {0} is in use by another program and was not released within {1} s: nothing was changed; retry later' },
  POL5132: { severity: 'error', zh: '读写数据库 {0} 出错：{1}；未作任何更改', en: 'reading or writing database {0} failed: {1}; nothing was changed' },
  POL5133: { severity: 'info', zh: '相同的申报已登记为 {0}（{1}），未重复登记', en: 'the identical application is already filed as {0} ({1}); not filed again' },
  POL5134: { severity: 'error', zh: '审计日志第 {0} 行与哈希链不符：{1}', en: 'audit row {0} does not match the hash chain: {1}' },
  POL5135: { severity: 'error', zh: '台账第 {0} 行与哈希链不符：{1}', en: 'ledger row {0} does not match the hash chain: {1}' },
  POL5136: { severity: 'error', zh: '申请 {0} 与审计日志不符：{1}', en: 'application {0} disagrees with the audit log: {1}' },
  POL5137: { severity: 'error', zh: '申请 {0} 的台账合计 {1} 与核定金额 {2} 不符', en: 'the ledger of application {0} sums to {1}, but {2} is granted' },
  POL5138: { severity: 'info', zh: '数据库 {0} 完整：{1} 份申请、{2} 行审计日志、{3} 行台账均与哈希链一致（链尾 {4}）', en: 'database {0} is intact: {1} applications, {2} audit rows, {3} ledger rows match the chains (head {4})' },
  POL5202: { severity: 'error', zh: '接续：“{0}”应接续为本政策的扶持项目，但没有扶持项目“{1}”', en: 'successor: "{0}" must be continued by a benefit of this policy, but there is no benefit "{1}"' },
  POL5203: { severity: 'error', zh: '接续：“{0}”仍是本政策的扶持项目，不能再接续为“{1}”', en: 'successor: "{0}" is still a benefit of this policy and cannot be continued by "{1}"' },
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
  POL6015: { severity: 'error', zh: '日期“{0}”无效：应为 YYYY-MM-DD 格式的日历日期', en: 'date "{0}" is invalid: a calendar date YYYY-MM-DD is expected' },
  POL6016: { severity: 'error', zh: '{0}只针对单个申报，不能与 --batch 同用', en: '{0} is for one application and cannot be used with --batch' },
  POL6017: { severity: 'error', zh: '申报数据有误：{0}: {1}', en: 'invalid application: {0}: {1}' },
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
  POL7002: { severity: 'error', zh: '政策 {0} 尚无印发日期，其有效期（自印发之日起 {1}）无法写入规则：导出 JSON Logic、代码或用例须用 --issued YYYY-MM-DD 指定印发日期', en: 'policy {0} has no issuance date, so its validity ({1} from issuance) cannot be fixed in the rules: pass --issued YYYY-MM-DD to export JSON Logic, code or cases' },
  POL7003: { severity: 'error', zh: '规则图文件 {0} 不是有效的 pol-graph/1：{1}', en: 'graph file {0} is not a valid pol-graph/1: {1}' },
  POL7004: { severity: 'error', zh: '未知的导出格式“{0}”：应为 graph、graph-schema、app-schema、jsonlogic、python、java 或 cases', en: 'unknown export format "{0}": use graph, graph-schema, app-schema, jsonlogic, python, java or cases' },
  POL7005: { severity: 'error', zh: '{0} 导出尚不支持{1}（“{2}”）：未导出任何内容，以免给出错误的结果', en: 'the {0} export does not support {1} yet ("{2}"): nothing was exported, rather than wrong code' },
  POL7007: { severity: 'error', zh: '无法读取{0} {1}：{2}', en: 'cannot read {0} {1}: {2}' },
  POL7008: { severity: 'error', zh: '申报数据 {0} 不是有效的 JSON：{1}', en: 'application data {0} is not valid JSON: {1}' },
  POL7009: { severity: 'error', zh: '命令行参数或输入有误：{0}', en: 'bad options or input: {0}' },
  POL7006: { severity: 'error', zh: '--count 应为 0 到 {0} 之间的整数（收到 {1}）', en: '--count must be an integer from 0 to {0} (got {1})' },
  // ---- 8xxx the service (pol serve, pol users)
  POL8001: { severity: 'error', zh: '用户名或密码错误', en: 'wrong user name or password' },
  POL8002: { severity: 'error', zh: '请先登录：请求须带有效的 Authorization: Bearer 令牌（令牌可能已过期或已退出登录）', en: 'log in first: send a valid Authorization: Bearer token (it may have expired or been logged out)' },
  POL8003: { severity: 'error', zh: '请求有误：{0}', en: 'malformed request: {0}' },
  POL8004: { severity: 'error', zh: '请求体超过 {0} 字节的上限', en: 'the request body exceeds the limit of {0} bytes' },
  POL8005: { severity: 'error', zh: '没有这个接口：{0} {1}', en: 'no such route: {0} {1}' },
  POL8006: { severity: 'error', zh: '服务内部错误（编号 {0}）：这是 pol 的缺陷，请把编号告知维护者', en: 'internal error (request {0}): a bug in pol, please report the request id' },
  POL8007: { severity: 'error', zh: '申请 {0} 已被他人修改（您读取的是第 {1} 版，现为第 {2} 版）；本次操作未生效，请刷新后重试', en: 'application {0} was changed by someone else (you read version {1}, it is now {2}); nothing was done, reload and retry' },
  POL8008: { severity: 'error', zh: '申报人账号只能为本单位（统一社会信用代码 {0}）申报，不能为 {1} 申报', en: 'an applicant account files only for its own code {0}, not for {1}' },
  POL8009: { severity: 'error', zh: '没有政策“{0}”；本服务的政策：{1}', en: 'no policy "{0}"; this service has: {1}' },
  POL8010: { severity: 'error', zh: '您不能对申请 {0} 执行 {1}：{2}', en: 'you may not {1} application {0}: {2}' },
  POL8011: { severity: 'error', zh: '用户“{0}”已存在', en: 'user "{0}" already exists' },
  POL8012: { severity: 'error', zh: '没有用户“{0}”', en: 'no user "{0}"' },
  POL8013: { severity: 'error', zh: '密码至少 {0} 个字符（从标准输入读取，第一行）', en: 'the password needs at least {0} characters (read from standard input, first line)' },
  POL8014: { severity: 'error', zh: '申报人账号须用 --applicant-id 指定统一社会信用代码，单位账号须用 --unit 指定单位', en: 'an applicant account needs --applicant-id, a unit account needs --unit' },
  POL8015: { severity: 'error', zh: '统一社会信用代码“{0}”无效：{1}', en: 'the unified social credit code "{0}" is invalid: {1}' },
  POL8016: { severity: 'error', zh: '--role 只能是 clerk、reviewer、admin 或 applicant（收到 {0}）', en: '--role must be clerk, reviewer, admin or applicant (got {0})' },
  POL8017: { severity: 'warning', zh: '服务监听在 {0}，而不只是本机：本服务只讲明文 HTTP，请放在启用 TLS 的反向代理之后（见 docs/serve.md）', en: 'listening on {0}, not only this machine: the service speaks plain HTTP; put it behind a reverse proxy with TLS (see docs/serve.md)' },
  POL8018: { severity: 'error', zh: '--issued 应为 政策编号=YYYY-MM-DD（收到 {0}）', en: '--issued must be POLICY_ID=YYYY-MM-DD (got {0})' },
  POL8020: { severity: 'error', zh: '没有编号为 {0} 的文书', en: 'no document {0}' },
  POL8022: { severity: 'warning', zh: '用户“{1}”的单位“{0}”不在任何已加载的政策中：该用户登录后看不到、也办理不了任何申请', en: 'the unit "{0}" of user "{1}" is in none of the loaded policies: the user will see and act on no application' },
  POL8023: { severity: 'error', zh: '端口 {0} 无法使用：{1}', en: 'port {0} cannot be used: {1}' },
  POL8024: { severity: 'error', zh: '政策 {0} 尚无印发日期：请用 --issued {0}=YYYY-MM-DD 指定', en: 'policy {0} has no issuance date: pass --issued {0}=YYYY-MM-DD' },
  // ---- 9xxx CLI and files
  POL9001: { severity: 'error', zh: '{0} 不是有效的 UTF-8 文本：第 {1} 字节起有无效的字节（请以 UTF-8 编码保存后再试）', en: '{0} is not valid UTF-8 text: invalid bytes at byte {1} (save it as UTF-8 and try again)' },
  POL9002: { severity: 'error', zh: '{0} 过大（{1} 字节，上限 {2} 字节）', en: '{0} is too large ({1} bytes, limit {2})' },
  POL9003: { severity: 'error', zh: '{0} 嵌套过深：{1} 处超过 {2} 层', en: '{0} is nested too deeply: {1} is more than {2} levels down' },
  POL9004: { severity: 'error', zh: '{0} 过长：{1} 个字符，最多 {2} 个', en: '{0} is too long: {1} characters, at most {2}' },
  POL9010: { severity: 'error', zh: '拒绝写入 {0}：它是本命令的输入文件，输出会覆盖输入；请换一个输出文件名', en: 'refusing to write {0}: it is an input of this command and would be overwritten; choose another output name' },
  POL9011: { severity: 'error', zh: '拒绝覆盖政策文件 {0}：输出会替换政策原文；请换一个输出文件名', en: 'refusing to overwrite the policy file {0}: the output would replace the policy text; choose another output name' },
  POL9012: { severity: 'error', zh: '{0} 已存在，未覆盖：加 --force 覆盖，或换一个输出目录', en: '{0} already exists and was not overwritten: pass --force to replace it, or choose another output folder' },
  POL9013: { severity: 'error', zh: '无法写入 {0}：它是一个目录', en: 'cannot write {0}: it is a directory' },
  POL9050: { severity: 'error', zh: '模板格式应为 xlsx 或 csv（收到 {0}）', en: 'the template format must be xlsx or csv (got {0})' },
  POL9060: { severity: 'error', zh: '{0} 应为正整数（收到 {1}）', en: '{0} must be a positive whole number (got {1})' },
  POL9061: { severity: 'error', zh: '请指定 .pol 政策文件（或规则图 .json）', en: 'name a .pol policy file (or a rule graph .json)' },
  POL9062: { severity: 'error', zh: '请用 pol lsp --stdio 启动语言服务器（由编辑器启动，不必手动运行）', en: 'start the language server with pol lsp --stdio (editors start it; there is no need to run it by hand)' },
  POL9063: { severity: 'error', zh: '无法读取印章图片 {0}：{1}', en: 'cannot read the seal image {0}: {1}' },
  POL9064: { severity: 'error', zh: '模板文件 {0} 的扩展名应为 .{1}', en: 'the template file {0} should end in .{1}' },
  POL9051: { severity: 'info', zh: '已写入“{0}”的空白批量模板 {1}（{2} 列）', en: 'wrote the empty batch template of "{0}" to {1} ({2} columns)' },
} as const satisfies Record<string, MessageDef>;

export type Code = keyof typeof catalog;

export type Lang = 'zh' | 'en';

/** An argument of a message: plain, or worded per language (a keyword's spelling, a type's name). */
export type MessageArg = string | number | { zh: string; en: string };

/** A message with its code in front, the one way a code is shown outside a code frame: `POL5101: …`. */
export function codedMessage(code: Code, args: readonly MessageArg[], lang: Lang = 'zh'): string {
  return `${code}: ${formatMessage(code, args, lang)}`;
}

/** Each message's text split at its placeholders once: literal parts at even places, argument numbers at odd. */
const templates = new Map<string, (string | number)[]>();

export function formatMessage(code: Code, args: readonly MessageArg[], lang: Lang = 'zh'): string {
  const key = lang === 'zh' ? code : `${code}/en`;
  let parts = templates.get(key);
  if (!parts) templates.set(key, (parts = (catalog[code] as MessageDef)[lang].split(/\{(\d+)\}/).map((p, i) => (i % 2 ? Number(p) : p))));
  let out = parts[0] as string;
  for (let i = 1; i < parts.length; i += 2) {
    const a = args[parts[i] as number];
    out += (a === undefined ? '' : typeof a === 'object' ? a[lang] : String(a)) + (parts[i + 1] as string);
  }
  return out;
}
