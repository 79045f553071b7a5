/**
 * The application's zod schema, derived from the rule graph: one field per input the policy declares,
 * typed and described as the policy describes it, so that every bad field is reported with its path
 * and what was expected (`facts.推广费用: 应为以元为单位、最多两位小数的非负金额`). The export stage
 * turns the same schema into JSON Schema.
 */
import { z } from 'zod';
import type { Graph, ValueType } from '../ir/schema.ts';
import { isCalendarDate } from '../calendar/dates.ts';
import { CURRENCY_WORDS } from '../values/money.ts';
import { compiled } from './compile.ts';
import { acceptApplication, formatPath, type Validated } from './validator.ts';
import { unknownNames } from './evaluate.ts';
import type { Application, EvalDiagnostic } from './types.ts';
import { parseDuration } from '../values/duration.ts';
import { yuanToFen } from '../values/money.ts';
import { CONTROL_CHARS, TEXT_LIMITS, withinChars } from '../values/limits.ts';

const MSG = {
  date: '应为 YYYY-MM-DD 格式的有效日期',
  text: '应为文本',
  bool: '应为 true 或 false',
  count: '应为非负数',
  percent: '应为百分数的数值（如 12.5 表示 12.5%）',
  fen: '应为以分为单位的非负整数',
  required: '缺少此项',
  duration: '应为期限，如 5年、6个月、30日',
};

/** “应为以元为单位、最多两位小数的非负金额” (美元 for a USD input). */
function moneyMessage(currency: string): string {
  const word = CURRENCY_WORDS[currency] ?? currency;
  return `应为以${word}为单位、最多两位小数的非负金额`;
}

/** A text field held to its intake limit (src/values/limits.ts): a 17-million-character name never reaches the documents. */
const limitedText = (limit: keyof typeof TEXT_LIMITS, s: z.ZodString = z.string(expect(MSG.text))) => {
  const checked = s.refine((v) => withinChars(v, TEXT_LIMITS[limit]), `过长：最多 ${TEXT_LIMITS[limit]} 个字符`);
  if (limit === 'text') return checked.meta({ maxLength: TEXT_LIMITS[limit] });
  // the same two rules in the exported JSON Schema (maxLength counts code points there too)
  return checked
    .refine((v) => !CONTROL_CHARS.test(v), '不能含控制字符（如换行、制表、终端转义）')
    .meta({ maxLength: TEXT_LIMITS[limit], pattern: `^[^${CONTROL_CHARS.source.slice(1, -1)}]*$` });
};

/** zod 4 error option: "缺少此项" when absent, else the expectation. */
const expect = (msg: string) => ({ error: (iss: { input?: unknown }) => (iss.input === undefined ? MSG.required : msg) });

const dateSchema = (what: string) =>
  z
    .string(expect(MSG.date))
    .regex(/^\d{4}-\d{2}-\d{2}$/, MSG.date)
    .refine((s) => isCalendarDate(s), MSG.date)
    .describe(what);

function factSchema(t: ValueType, description: string): z.ZodType {
  switch (t.kind) {
    case 'items': {
      // 清单: one object per item, every field required (facts.发票[2].金额 names a bad one)
      const shape: Record<string, z.ZodType> = {};
      for (const f of t.fields) shape[f.name] = factSchema(f.type, f.name);
      const fields = t.fields.map((f) => f.name).join('、');
      return z
        .array(z.object(shape, expect(`应为对象，含字段：${fields}`)), expect(`应为数组，每项一个对象，含字段：${fields}`))
        .describe(`${description}（清单，逐项列出：${fields}）`);
    }
    case 'money': {
      const msg = moneyMessage(t.currency);
      return z
        .number(expect(msg))
        .min(0, msg)
        .multipleOf(0.01, msg)
        .refine((x) => yuanToFen(x) !== undefined, msg)
        .describe(`${description}（金额，单位：${CURRENCY_WORDS[t.currency] ?? t.currency}，最多两位小数）`);
    }
    case 'count':
      return z
        .number(expect(MSG.count))
        .min(0, MSG.count)
        .describe(`${description}（数量${t.unit ? `，单位：${t.unit}` : ''}）`);
    case 'number':
      return z.number(expect('应为数值')).describe(description);
    case 'percent':
      return z.number(expect(MSG.percent)).describe(`${description}（百分数，12.5 表示 12.5%）`);
    case 'bool':
      return z.boolean(expect(MSG.bool)).describe(`${description}（是否）`);
    case 'date':
      return dateSchema(`${description}（日期 YYYY-MM-DD）`);
    case 'duration':
      return z
        .string(expect(MSG.duration))
        .refine((s) => parseDuration(s) !== undefined, MSG.duration)
        .describe(`${description}（期限，如 5年、6个月、30日）`);
    case 'text':
      if (t.options && t.options.length > 0) {
        const msg = `应为以下选项之一：${t.options.join('、')}`;
        return z.enum(t.options as [string, ...string[]], expect(msg)).describe(`${description}（选项：${t.options.join('、')}）`);
      }
      return limitedText('text').describe(description);
    default:
      return limitedText('text').describe(description);
  }
}

export { formatPath, type Validated };

const schemas = new WeakMap<Graph, z.ZodType<Application>>();

/** The zod schema of an application to this policy (DESIGN §5), with the policy's own descriptions. */
export function applicationSchema(graph: Graph): z.ZodType<Application> {
  let s = schemas.get(graph);
  if (s) return s;
  const kinds = graph.kinds.map((k) => k.code);
  const kindList = graph.kinds.map((k) => `${k.code}（${k.title}）`).join('、');
  const kindSchema =
    kinds.length > 0
      ? z.enum(kinds as [string, ...string[]], expect(`应为申报主体类型之一：${kindList}`)).describe(`申报主体类型：${kindList}`)
      : z.string(expect(MSG.text)).min(1, '不能为空').describe('申报主体类型');

  const facts: Record<string, z.ZodType> = {};
  for (const i of graph.inputs) facts[i.name] = factSchema(i.type, i.description ?? i.name).optional();
  const lists: Record<string, z.ZodType> = {};
  for (const l of graph.lists) {
    lists[l.id] = z
      .object({
        member: z.boolean(expect(MSG.bool)).describe(`是否已入选${l.title}名单`),
        firstTime: z.boolean(expect(MSG.bool)).optional().describe(`是否首次进入${l.title}名单`),
      }, expect('应为对象 {"member": true|false, "firstTime": true|false}'))
      .optional()
      .describe(l.title);
  }
  const levels = ['national', 'provincial', 'municipal'] as const;

  const base = z.object(
    {
      date: dateSchema('申报日期（YYYY-MM-DD）'),
      applicant: z
        .object(
          {
            id: limitedText('id', z.string(expect(MSG.text)).min(1, '不能为空')).describe('申报主体标识（如统一社会信用代码）'),
            name: limitedText('name').optional().describe('申报主体名称'),
            kind: kindSchema,
            district: limitedText('district').optional().describe('所在区（如 天河区）'),
          },
          expect('应为对象'),
        )
        .describe('申报主体'),
      project: limitedText('project').optional().describe('申报项目编号（用于“不重复支持”“就高不就低”的同一项目判断）'),
      facts: z.object(facts, expect('应为对象')).catchall(z.unknown()).default({}).describe('政策所需的申报事实：金额以元计，比例以百分数计'),
      lists: z.object(lists, expect('应为对象')).catchall(z.unknown()).optional().describe('名单情况'),
      history: z
        .array(
          z.object(
            {
              benefit: z.string(expect(`应为扶持项目标识，如 ${graph.benefits.filter((b) => b.hasAmount).map((b) => b.id).slice(0, 2).join('、')}`)).describe('扶持项目标识'),
              date: dateSchema('获得日期（YYYY-MM-DD）'),
              grantedFen: z.number(expect(MSG.fen)).int(MSG.fen).min(0, MSG.fen).describe('已获金额（分）'),
              project: limitedText('project').optional(),
              applicantId: limitedText('id').optional(),
            },
            expect('应为对象'),
          ),
          expect('应为数组'),
        )
        .optional()
        .describe('申报主体此前获得本政策扶持的记录'),
      otherFunding: z
        .array(
          z.object(
            {
              level: z.enum(levels, expect('应为 national（国家）、provincial（省）或 municipal（市）')).describe('资金层级'),
              project: limitedText('project').describe('项目编号'),
              amountFen: z.number(expect(MSG.fen)).int(MSG.fen).min(0, MSG.fen).optional().describe('金额（分）'),
            },
            expect('应为对象'),
          ),
          expect('应为数组'),
        )
        .optional()
        .describe('项目已获得的其他各级资金奖补'),
      exchangeRates: z
        .record(z.string(), z.number(expect('应为正数：每 1 单位外币折合多少元')).positive('应为正数：每 1 单位外币折合多少元'), expect('应为对象，如 {"USD": 7.1}'))
        .optional()
        .describe('外币汇率：每 1 单位外币折合人民币元数，如 {"USD": 7.1}'),
    },
    expect('申报数据应为 JSON 对象'),
  );

  const needs = compiled(graph).currencyNeeds;
  s = base.superRefine((app, ctx) => {
    // comparisons across currencies need the rate of every foreign currency they read
    const given = new Set(Object.keys(app.facts ?? {}));
    const missing = new Set<string>();
    for (const n of needs) {
      if (n.inputs.length > 0 && !n.inputs.some((i) => given.has(i))) continue;
      for (const c of n.currencies) if (app.exchangeRates?.[c] === undefined) missing.add(c);
    }
    for (const c of missing) {
      ctx.addIssue({
        code: 'custom',
        path: ['exchangeRates', c],
        message: `缺少${CURRENCY_WORDS[c] ?? c}（${c}）对人民币的汇率：应为每 1 ${CURRENCY_WORDS[c] ?? c}折合多少元，如 {"${c}": 7.1}`,
      });
    }
  }) as unknown as z.ZodType<Application>;
  schemas.set(graph, s);
  return s;
}

/**
 * Check raw application data (parsed JSON) against the policy: the typed application and warnings
 * (undeclared facts and lists, likely typos), or every bad field with its path and what was expected.
 */
export function validateApplication(graph: Graph, raw: unknown): Validated {
  const accepted = acceptApplication(graph, raw);
  if (accepted) return accepted;
  const r = applicationSchema(graph).safeParse(raw);
  if (!r.success) {
    const errors = r.error.issues.map((i) => ({ path: formatPath(i.path) || '（整体）', message: i.message }));
    const seen = new Set<string>();
    return { ok: false, errors: errors.filter((e) => (seen.has(e.path + e.message) ? false : (seen.add(e.path + e.message), true))) };
  }
  const warnings: EvalDiagnostic[] = [];
  unknownNames(compiled(graph), r.data, warnings);
  return { ok: true, application: r.data, warnings };
}
