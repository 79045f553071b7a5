/** GET /api/v1/policies, POST /api/v1/eval (exactly `pol eval --json`'s object, reading the store's ledger). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { evaluate, validityWindow } from '../../eval/evaluate.ts';
import { validateApplication } from '../../eval/schema.ts';
import { isCalendarDate } from '../../workflow/calendar.ts';
import { grantsFor } from '../../workflow/service.ts';
import { canonicalApplicantId } from '../../values/uscc.ts';
import type { Api } from '../api.ts';
import { policyOf, type ServeContext } from '../context.ts';
import { ApiError, badRequest } from '../errors.ts';
import { EvalRequest, EvalResponse, PolicyView } from '../schemas.ts';

export function register(app: FastifyInstance, api: Api, ctx: ServeContext): void {
  api.add(app, {
    method: 'GET',
    url: '/api/v1/policies',
    tag: '政策',
    summary: '本服务加载的政策及其扶持项目',
    responses: { 200: { description: '政策清单', schema: z.array(PolicyView) } },
    async handler() {
      return [...ctx.policies.values()].map(({ graph, issued }) => ({
        id: graph.policy.id,
        title: graph.policy.title,
        sha256: graph.source.sha256,
        issued,
        benefits: graph.benefits.map((b) => ({ id: b.id, measure: b.measure, workflow: b.workflow ?? null })),
      }));
    },
  });

  api.add(app, {
    method: 'POST',
    url: '/api/v1/eval',
    tag: '评估',
    summary: '评估一份申报（与 pol eval --db 相同：读取本服务台账中的已核定金额）',
    body: EvalRequest,
    responses: { 200: { description: 'DESIGN §5 的评估结果', schema: EvalResponse }, 422: { description: '申报数据或请求有误（逐项列出）' } },
    async handler({ body }) {
      const p = policyOf(ctx, body.policy);
      if (body.issued !== undefined && !isCalendarDate(body.issued)) throw badRequest(`issued：应为 YYYY-MM-DD 格式的有效日期（收到 ${body.issued}）`);
      const issued = body.issued ?? p.issued ?? undefined;
      const window = validityWindow(p.graph, issued);
      if (window.error) throw badRequest(window.error);
      const v = validateApplication(p.graph, body.application);
      if (!v.ok) throw new ApiError(422, 'POL8003', [v.errors.map((e) => `application.${e.path}：${e.message}`).join('；')]);
      const ledger = await grantsFor(ctx.store, p.graph, canonicalApplicantId(v.application.applicant.id));
      const out = evaluate(p.graph, v.application, { ...(issued ? { issued } : {}), ledger });
      const err = out.diagnostics.find((d) => d.severity === 'error');
      if (err) throw badRequest(err.message);
      return out;
    },
  });
}
