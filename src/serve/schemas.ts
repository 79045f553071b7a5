/**
 * The API's request and response shapes (DESIGN §10), as zod schemas: requests are parsed with them and
 * /openapi.json is generated from them. The application inside a filing or an evaluation is checked by
 * the policy's own schema (`applicationSchema(graph)`, the one `pol eval` and `pol wf apply` use).
 */
import { z } from 'zod';

export const ErrorBody = z
  .object({ error: z.object({ code: z.string().describe('目录中的消息编号，如 POL8001'), message: z.string().describe('中文消息') }) })
  .meta({ id: 'Error' });

export const LoginRequest = z.object({ user: z.string().min(1), password: z.string().min(1) }).meta({ id: 'LoginRequest' });

export const UserView = z
  .object({
    name: z.string(),
    unit: z.string().nullable().describe('所属单位；申报人账号为 null'),
    roles: z.array(z.enum(['clerk', 'reviewer', 'admin', 'applicant'])),
    applicantId: z.string().nullable().describe('申报人账号绑定的统一社会信用代码'),
  })
  .meta({ id: 'User' });

export const LoginResponse = z
  .object({ token: z.string().describe('Bearer 令牌'), expiresAt: z.string().describe('过期时间（ISO 8601）'), user: UserView })
  .meta({ id: 'LoginResponse' });

export const PolicyView = z
  .object({
    id: z.string(),
    title: z.string(),
    sha256: z.string(),
    issued: z.string().nullable(),
    benefits: z.array(z.object({ id: z.string(), measure: z.string(), workflow: z.string().nullable() })),
  })
  .meta({ id: 'Policy' });

export const EvalRequest = z
  .object({
    policy: z.string().min(1).describe('政策编号，如 gz-cbec-2023'),
    application: z.unknown().describe('申报数据（DESIGN §5）'),
    issued: z.string().optional().describe('印发日期 YYYY-MM-DD（覆盖服务启动时的设定）'),
  })
  .meta({ id: 'EvalRequest' });

export const EvalResponse = z
  .object({
    policy: z.string(),
    date: z.string(),
    results: z.array(
      z.object({
        benefit: z.string(),
        measure: z.string(),
        eligible: z.boolean(),
        ceilingFen: z.number().int(),
        reasons: z.array(z.string()),
        trace: z.array(z.unknown()),
      }),
    ),
    diagnostics: z.array(z.object({ code: z.string(), severity: z.string(), message: z.string(), path: z.string().optional() })),
  })
  .meta({ id: 'EvalOutput', description: '与 pol eval --json 的输出相同' });

export const ACTION_NAMES = ['accept', 'return', 'resubmit', 'reject', 'approve', 'publish', 'object', 'disburse'] as const;

export const ApplicationView = z
  .object({
    id: z.string(),
    policy: z.string(),
    benefit: z.string(),
    state: z.string(),
    stateLabel: z.string(),
    applicant: z.object({ id: z.string(), name: z.string().nullable(), district: z.string().nullable() }),
    project: z.string().nullable(),
    ceilingFen: z.number().int(),
    grantedFen: z.number().int().nullable().describe('核定金额（分），核定前为 null'),
    deadline: z.string().nullable().describe('当前步骤的办理期限'),
    version: z.number().int().describe('乐观锁版本：办理时带上，已被他人修改则 409'),
    allowedActions: z.array(z.enum(ACTION_NAMES)).describe('当前用户此刻可执行的动作'),
  })
  .meta({ id: 'Application' });

export const FileRequest = z
  .object({ policy: z.string().min(1), benefit: z.string().min(1), application: z.unknown().describe('申报数据（DESIGN §5）') })
  .meta({ id: 'FileRequest' });

export const ListQuery = z.object({
  queue: z.enum(['todo']).optional().describe('todo：只列待本人办理的'),
  state: z.string().optional(),
  overdue: z.enum(['true', 'false', '1', '0']).optional(),
});

/** yuan as a JSON number (≤ 2 decimals) or as text the way `pol wf act --amount` takes it. */
export const Amount = z.union([z.number().positive(), z.string().min(1)]);

export const ActionRequest = z
  .object({
    action: z.enum(ACTION_NAMES),
    amount: Amount.optional().describe('approve 的核定金额（元）：数字（最多两位小数）或文本如 "40万"'),
    note: z.string().max(2000).optional(),
    version: z.number().int().positive().optional().describe('读取时的版本'),
  })
  .meta({ id: 'ActionRequest' });

export const AuditView = z
  .array(
    z.object({
      seq: z.number().int(),
      date: z.string(),
      user: z.string(),
      unit: z.string(),
      action: z.string(),
      from: z.string().nullable(),
      to: z.string(),
      amountFen: z.number().int().optional(),
      note: z.string().optional(),
    }),
  )
  .meta({ id: 'Audit' });

export const DocumentList = z
  .array(z.object({ id: z.string(), kind: z.string(), date: z.string(), format: z.string(), size: z.number().int() }))
  .meta({ id: 'Documents' });

export const Health = z.object({ ok: z.boolean(), store: z.string(), policies: z.array(z.string()) }).meta({ id: 'Health' });

export const IdParam = z.object({ id: z.string() });
export const DocParam = z.object({ id: z.string(), doc: z.string() });
