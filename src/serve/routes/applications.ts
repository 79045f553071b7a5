/**
 * Applications (DESIGN §10): file, list (a unit sees those where it acts at some step, an applicant its
 * own), view, act (optimistic `version`), audit log, documents. An application the user may not see is
 * 404, exactly as one that does not exist.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Graph } from '../../ir/schema.ts';
import type { UserRecord } from '../../store/identity.ts';
import { WorkflowError } from '../../workflow/define.ts';
import type { Machine } from '../../workflow/machine.ts';
import { parseYuan } from '../../values/money.ts';
import { StoreConflict, type ApplicationRecord, type Store, type TransitionCommit } from '../../store/types.ts';
import { act, fileApplication, prepareFiling, type Filing } from '../../workflow/service.ts';
import { renderDocuments } from '../../workflow/documents.ts';
import { viewOf } from '../../workflow/service.ts';
import type { Api } from '../api.ts';
import { can, canSee, needsAudit } from '../authz.ts';
import { graphOf, policyOf, type ServeContext } from '../context.ts';
import { ApiError, badRequest, fromWorkflowError, notFound } from '../errors.ts';
import { canonicalApplicantId } from '../../values/uscc.ts';
import { ActionRequest, ApplicationView, AuditView, DocParam, DocumentList, FileRequest, IdParam, ListQuery } from '../schemas.ts';
import { applicationJson } from '../view.ts';

/** `state=` also takes the Chinese names of the end states (step states are named by their step). */
const STATE_WORDS: Record<string, string> = { 退回补正: 'returned', 不予支持: 'rejected', 已拨付: 'disbursed', 已办结: 'closed' };

/** The application if this user may see it; 404 otherwise (whether or not it exists). */
export async function visibleApplication(ctx: ServeContext, user: UserRecord, id: string): Promise<{ rec: ApplicationRecord; graph: Graph; machine: Machine }> {
  const rec = await ctx.store.get(id);
  if (!rec) throw notFound(id);
  const { graph, machine } = await graphOf(ctx, rec);
  if (!canSee(graph, machine, user, rec)) throw notFound(id);
  return { rec, graph, machine };
}

/** A store whose commits hold only while the application is still at `version`: what the user decided on. */
function pinned(store: Store, version: number): Store {
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'commit') {
        return (c: TransitionCommit) => (c.expectVersion !== version ? Promise.reject(new StoreConflict('state')) : target.commit(c));
      }
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

function amountFen(a: number | string | undefined): number | undefined {
  if (a === undefined) return undefined;
  const fen = parseYuan(typeof a === 'number' ? String(a) : a);
  if (fen === undefined || fen <= 0) throw badRequest(`amount：应为大于 0 的金额（元，最多两位小数，可写 "40万"）：收到 ${JSON.stringify(a)}`);
  return fen;
}

export function register(app: FastifyInstance, api: Api, ctx: ServeContext): void {
  fileRoute(app, api, ctx, filingsOf(ctx));
  listRoute(app, api, ctx);
  showRoute(app, api, ctx);
  actRoute(app, api, ctx);
  auditRoute(app, api, ctx);
  documentListRoute(app, api, ctx);
  documentRoute(app, api, ctx);
}

type FilingOf = (policy: string, benefit: string) => Promise<Filing>;

/** Filings prepared once per (policy, benefit) for the life of the server. */
function filingsOf(ctx: ServeContext): FilingOf {
  const filings = new Map<string, Filing>();
  return async (policy: string, benefit: string): Promise<Filing> => {
    const key = `${policy}\u0000${benefit}`;
    let f = filings.get(key);
    if (!f) {
      const p = policyOf(ctx, policy);
      try {
        f = await prepareFiling(ctx.store, p.graph, benefit, p.issued ?? undefined);
      } catch (e) {
        if (e instanceof WorkflowError) throw fromWorkflowError(e);
        throw e;
      }
      filings.set(key, f);
    }
    return f;
  };
}

/** POST /applications: file (evaluated first; the identical application again returns the existing one). */
function fileRoute(app: FastifyInstance, api: Api, ctx: ServeContext, filingOf: FilingOf): void {
  api.add(app, {
    method: 'POST',
    url: '/api/v1/applications',
    tag: '申请',
    summary: '登记申报：先按政策评估，符合条件的登记（201）；同一份申报再次提交返回已有的申请（200）',
    body: FileRequest,
    responses: {
      201: { description: '已登记', schema: ApplicationView },
      200: { description: '同一份申报此前已登记：返回已有的申请', schema: ApplicationView },
      403: { description: '申报人账号为他人申报' },
      409: { description: '同一项目已有内容不同的在办申请' },
      422: { description: '申报数据有误或不符合条件（列出理由）' },
    },
    async handler({ body, user, reply }) {
      policyOf(ctx, body.policy);
      const raw = body.application as { applicant?: { id?: unknown } } | null;
      const claimed = typeof raw?.applicant?.id === 'string' ? canonicalApplicantId(raw.applicant.id) : undefined;
      if (user.role === 'applicant' && claimed !== user.applicantId) throw new ApiError(403, 'POL8008', [user.applicantId ?? '—', String(raw?.applicant?.id ?? '（未填写）')]);
      const filing = await filingOf(body.policy, body.benefit);
      const today = ctx.today();
      const r = await fileApplication(ctx.store, filing, body.application, { today, now: today, by: user.name });
      if (!r.ok) throw r.error.code === 'POL5124' ? new ApiError(409, r.error.code, r.error.args, r.error.details) : fromWorkflowError(r.error);
      reply.code(r.existing ? 200 : 201);
      const { graph, machine } = await graphOf(ctx, r.record);
      return applicationJson(ctx, graph, machine, user, r.record, today);
    },
  });
}

/** GET /applications: what this user may see; `queue=todo` only what waits for them now. */
function listRoute(app: FastifyInstance, api: Api, ctx: ServeContext): void {
  api.add(app, {
    method: 'GET',
    url: '/api/v1/applications',
    tag: '申请',
    summary: '本人可见的申请；queue=todo 只列此刻待本人办理的（待办）',
    query: ListQuery,
    responses: { 200: { description: '申请清单', schema: z.array(ApplicationView) } },
    async handler({ query, user }) {
      const today = ctx.today();
      const overdue = query.overdue === 'true' || query.overdue === '1';
      const out = [];
      const state = query.state !== undefined ? (STATE_WORDS[query.state] ?? query.state) : undefined;
      for (const rec of await ctx.store.list(state !== undefined ? { state } : {})) {
        if (user.role === 'applicant' && rec.applicant.id !== user.applicantId) continue;
        const { graph, machine } = await graphOf(ctx, rec);
        if (!canSee(graph, machine, user, rec)) continue;
        if (overdue && !viewOf(graph, machine, rec, today).deadline?.late) continue;
        const v = await applicationJson(ctx, graph, machine, user, rec, today);
        if (query.queue === 'todo' && v.allowedActions.length === 0) continue;
        out.push(v);
      }
      return out;
    },
  });
}

/** GET /applications/:id. */
function showRoute(app: FastifyInstance, api: Api, ctx: ServeContext): void {
  api.add(app, {
    method: 'GET',
    url: '/api/v1/applications/:id',
    tag: '申请',
    summary: '一份申请（不可见的申请与不存在的一样返回 404）',
    params: IdParam,
    responses: { 200: { description: '申请', schema: ApplicationView }, 404: { description: '没有这份申请，或本人不可见' } },
    async handler({ params, user }) {
      const { rec, graph, machine } = await visibleApplication(ctx, user, params.id);
      return applicationJson(ctx, graph, machine, user, rec, ctx.today());
    },
  });
}

/** POST /applications/:id/actions: one step, pinned to the `version` the user decided on. */
function actRoute(app: FastifyInstance, api: Api, ctx: ServeContext): void {
  api.add(app, {
    method: 'POST',
    url: '/api/v1/applications/:id/actions',
    tag: '申请',
    summary: '办理一步（pol wf act 的动作名）；审计日志记入当前登录的用户',
    params: IdParam,
    body: ActionRequest,
    responses: {
      200: { description: '办理后的申请', schema: ApplicationView },
      403: { description: '可见但此刻不能由本人执行此动作（非本步办理单位、四眼原则、公示期未满）' },
      404: { description: '没有这份申请，或本人不可见' },
      409: { description: 'version 已过时，或金额超过此刻上限（含年度上限）' },
      422: { description: '请求体有误' },
    },
    async handler({ params, body, user }) {
      const { rec, graph, machine } = await visibleApplication(ctx, user, params.id);
      const version = body.version ?? rec.version;
      if (version !== rec.version) throw new ApiError(409, 'POL8007', [rec.id, version, rec.version]);
      const fen = amountFen(body.amount);
      if (fen !== undefined && body.action !== 'approve') throw new ApiError(422, 'POL5118');
      const today = ctx.today();
      const audit = needsAudit(body.action) ? await ctx.store.audit(rec.id) : [];
      const verdict = can(graph, machine, user, body.action, rec, audit, today);
      if (!verdict.ok) throw new ApiError(403, 'POL8010', [rec.id, body.action, verdict.reason]);
      try {
        const out = await act(
          pinned(ctx.store, version),
          rec.id,
          { as: verdict.as, action: body.action, ...(fen !== undefined ? { amountFen: fen } : {}), ...(body.note !== undefined ? { note: body.note } : {}) },
          { today, now: today, by: user.name },
        );
        return applicationJson(ctx, graph, machine, user, out.record, today);
      } catch (e) {
        if (!(e instanceof WorkflowError)) throw e;
        const now = await ctx.store.get(rec.id);
        if (now && now.version !== version) throw new ApiError(409, 'POL8007', [rec.id, version, now.version]);
        throw fromWorkflowError(e);
      }
    },
  });
}

/** GET /applications/:id/audit. */
function auditRoute(app: FastifyInstance, api: Api, ctx: ServeContext): void {
  api.add(app, {
    method: 'GET',
    url: '/api/v1/applications/:id/audit',
    tag: '申请',
    summary: '审计日志：每一步由谁（登录用户）、以哪个单位、何时、从何状态到何状态',
    params: IdParam,
    responses: { 200: { description: '审计日志', schema: AuditView }, 404: { description: '没有这份申请，或本人不可见' } },
    async handler({ params, user }) {
      const { rec } = await visibleApplication(ctx, user, params.id);
      return (await ctx.store.audit(rec.id)).map((e) => ({
        seq: e.seq,
        date: e.on,
        user: e.by,
        unit: e.unit,
        action: e.action,
        from: e.from,
        to: e.to,
        ...(e.amountFen !== null ? { amountFen: e.amountFen } : {}),
        ...(e.note !== null ? { note: e.note } : {}),
      }));
    },
  });
}

/** GET /applications/:id/documents. */
function documentListRoute(app: FastifyInstance, api: Api, ctx: ServeContext): void {
  api.add(app, {
    method: 'GET',
    url: '/api/v1/applications/:id/documents',
    tag: '文书',
    summary: '各步骤出具的文书',
    params: IdParam,
    responses: { 200: { description: '文书清单', schema: DocumentList }, 404: { description: '没有这份申请，或本人不可见' } },
    async handler({ params, user }) {
      const { rec, graph } = await visibleApplication(ctx, user, params.id);
      return (await renderDocuments(ctx.store, graph, rec, ctx.documents, ctx.today())).documents.map((d) => ({ id: String(d.seq), kind: d.kind, date: d.on, format: d.fileName.split('.').pop() ?? '', size: d.bytes.length }));
    },
  });
}

/** GET /applications/:id/documents/:doc: the file. */
function documentRoute(app: FastifyInstance, api: Api, ctx: ServeContext): void {
  api.add(app, {
    method: 'GET',
    url: '/api/v1/applications/:id/documents/:doc',
    tag: '文书',
    summary: '一份文书（PDF 或 DOCX 文件）',
    params: DocParam,
    responses: { 200: { description: '文件', binary: true }, 404: { description: '没有这份申请或文书，或本人不可见' } },
    async handler({ params, user, reply }) {
      const { rec, graph } = await visibleApplication(ctx, user, params.id);
      const d = (await renderDocuments(ctx.store, graph, rec, ctx.documents, ctx.today())).documents.find((x) => String(x.seq) === params.doc);
      if (!d) throw new ApiError(404, 'POL8020', [params.doc]);
      reply.header('content-type', d.mediaType);
      reply.header('content-disposition', `attachment; filename="${d.fileName.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(d.fileName)}`);
      return reply.send(Buffer.from(d.bytes));
    },
  });
}
