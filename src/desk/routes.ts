/**
 * The desk (DESIGN §11): the pages of `pol serve`, and the few API routes only the pages need.
 *
 * Pages are one HTML shell (every page path) that loads the client bundle built by `npm run build` into
 * dist/desk/ (src/desk/client/, no framework, nothing from the internet). The client keeps the login token
 * in sessionStorage and sends it in the Authorization header — never a cookie — so a page of another site
 * cannot act for the user (no CSRF), and the Content-Security-Policy allows only this origin's scripts.
 *
 * Page routes: `/`, `/login`, `/applications/:id`, `/file`, `/policies`, `/policies/:id`, `/playground`.
 * Desk API routes (in /openapi.json, tag 办理台): an application's evaluation; working days left for
 * deadlines; a benefit's form; a policy's outline; and the drafter's playground (check, try, call preview).
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { isCalendarDate, type CalendarDate } from '../calendar/dates.ts';
import { workdaysBetween } from '../calendar/workdays.ts';
import { describeAmount } from '../documents/describe.ts';
import { evaluate, validityWindow } from '../eval/evaluate.ts';
import { validateApplication } from '../eval/schema.ts';
import type { Graph } from '../ir/schema.ts';
import { packageRoot } from '../paths.ts';
import { compile } from '../pipeline.ts';
import type { Api } from '../serve/api.ts';
import { policyOf, type ServeContext } from '../serve/context.ts';
import { ApiError, badRequest } from '../serve/errors.ts';
import { visibleApplication } from '../serve/routes/applications.ts';
import { analyze } from '../service/analysis.ts';
import { messageOf } from '../diagnostics/diagnostic.ts';
import { grantsFor } from '../workflow/service.ts';
import { canonicalApplicantId } from '../values/uscc.ts';

/** The page paths the shell answers (the client routes them). */
const PAGES = ['/', '/login', '/applications/:id', '/file', '/policies', '/policies/:id', '/playground'];

/** The files of dist/desk/: app.js, the chunks it imports (the playground's editor), app.css. */
const ASSET = /^[A-Za-z0-9_-]+\.(js|css)$/;
const ASSET_TYPES: Record<string, string> = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };

/** A file of the bundle as served: read once per build (while its mtime holds), with a strong validator. */
interface Asset {
  mtimeMs: number;
  body: Buffer;
  etag: string;
}
const assets = new Map<string, Asset>();

function assetAt(path: string): Asset | undefined {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st?.isFile()) return undefined;
  const known = assets.get(path);
  if (known?.mtimeMs === st.mtimeMs) return known;
  const body = readFileSync(path);
  const asset = { mtimeMs: st.mtimeMs, body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"` };
  assets.set(path, asset);
  return asset;
}

function shell(): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>pol 政策办理台</title>
<link rel="stylesheet" href="/desk/app.css">
</head>
<body>
<div id="app"><p>正在加载……</p></div>
<noscript>本页面需要启用 JavaScript。</noscript>
<script type="module" src="/desk/app.js"></script>
</body>
</html>
`;
}

const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; frame-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** Working days from `today` to each deadline: negative when overdue. */
function workdaysLeft(today: CalendarDate, due: CalendarDate): number {
  if (due >= today) return workdaysBetween(today, due);
  return -workdaysBetween(due, today);
}

/** What a filing form asks for one benefit: the inputs the rules read, its lists, who may apply. */
function formOf(graph: Graph, benefitId: string) {
  const b = graph.benefits.find((x) => x.id === benefitId);
  if (!b) throw new ApiError(404, 'POL8005', ['GET', `benefit ${benefitId}`]);
  const measure = graph.measures.find((m) => m.number === b.measure);
  return {
    benefit: { id: b.id, title: b.title, measure: b.measure, measureTitle: measure?.title ?? '', text: b.text ?? measure?.text ?? '', amount: b.hasAmount ? describeAmount(graph, b) : '' },
    kinds: graph.kinds.filter((k) => b.applicants.includes(k.code)).map((k) => ({ code: k.code, title: k.title })),
    districts: [...new Set(graph.units.map((u) => (u as { district?: string }).district).filter((d): d is string => !!d))],
    inputs: graph.inputs
      .filter((i) => b.inputs.includes(i.name))
      .map((i) => ({ name: i.name, type: i.type, description: i.description ?? '' })),
    lists: graph.lists.filter((l) => b.lists.includes(l.id)).map((l) => ({ id: l.id, title: l.title })),
  };
}

/** A policy as a reader sees it: measures with their units and benefits, amounts in words, validity. */
function outlineOf(graph: Graph, issued: string | null) {
  const unit = (id: string) => graph.units.find((u) => u.id === id)?.fullName ?? id;
  return {
    id: graph.policy.id,
    title: graph.policy.title,
    status: graph.policy.status,
    issuer: graph.policy.issuer ? unit(graph.policy.issuer) : null,
    issued,
    validity: validityText(graph, issued),
    preamble: graph.policy.preamble ?? null,
    measures: graph.measures.map((m) => ({
      number: m.number,
      title: m.title,
      text: m.text ?? '',
      lead: [...new Set(m.clauses.flatMap((c) => c.lead))].map(unit),
      cooperate: [...new Set(m.clauses.flatMap((c) => c.cooperate))].map(unit),
      benefits: graph.benefits
        .filter((b) => b.measure === m.number)
        .map((b) => ({ id: b.id, title: b.title, amount: b.hasAmount ? describeAmount(graph, b) : (b.reference ?? '参照相关政策执行') })),
    })),
  };
}

function validityText(graph: Graph, issued: string | null): string {
  const { window: w, error } = validityWindow(graph, issued ?? undefined);
  if (error || !w) return error ? `${graph.policy.validity ? '自印发之日起计算' : ''}（尚未印发）` : '未写明';
  if (!w.from && !w.to) return w.text || '未写明';
  return `${w.from ?? '……'} 至 ${w.to ?? '……'}（${w.text}）`;
}

const RoundRequest = z
  .object({
    applications: z.array(z.string()).min(1).max(500).describe('拟公示的申请编号（同一政策的同一扶持项目，均已审核通过）'),
    note: z.string().max(2000).optional(),
  })
  .meta({ id: 'PublicityRound' });

const CheckRequest = z.object({ source: z.string().max(2_000_000) }).meta({ id: 'PlaygroundSource' });
const TryRequest = z.object({ source: z.string().max(2_000_000), application: z.unknown(), issued: z.string().optional() }).meta({ id: 'PlaygroundTry' });

/** Compile a playground text; refuse it (422, the first error) when it does not compile. */
function compileOrRefuse(source: string): Graph {
  const r = compile(source, 'playground.pol');
  if (!r.graph) {
    const first = r.diagnostics.find((d) => d.severity === 'error');
    throw badRequest(first ? `第 ${first.span.line} 行：${messageOf(first)}（${first.code}）` : '政策文件有错误');
  }
  return r.graph;
}

/**
 * 批量公示: the lead unit publishes a round of approved applications as one 公示 listing them all (one document,
 * one publicity period), as offices do. Each application still goes through its own `publish` step — through
 * the API's own action route, so every rule (unit, four eyes, versions) holds as for one — and the round's
 * single notice becomes the 公示 of every application in it. All or nothing is not possible across
 * applications; those refused are reported and left out of the notice.
 */
function registerRounds(app: FastifyInstance, api: Api, ctx: ServeContext): void {
  api.add(app, {
    method: 'POST',
    url: '/api/v1/publicity',
    tag: '办理台',
    summary: '批量公示：一轮已审核通过的申请，一份公示名单、一个公示期',
    body: RoundRequest,
    responses: { 200: { description: '{ published: [申请], refused: [{id, error}], document: 文书编号 }' }, 422: { description: '请求有误或不是同一扶持项目' } },
    async handler({ req, body, user }) {
      const ids = [...new Set(body.applications)];
      const published: { id: string; view: unknown }[] = [];
      const refused: { id: string; error: unknown }[] = [];
      let benefitKey: string | undefined;
      for (const id of ids) {
        const { rec } = await visibleApplication(ctx, user, id);
        const key = `${rec.policyId}\u0000${rec.benefit}`;
        if (benefitKey && key !== benefitKey) throw badRequest(`applications：一份公示只列同一政策的同一扶持项目（${id} 是“${rec.benefit}”）`);
        benefitKey = key;
        const r = await app.inject({
          method: 'POST',
          url: `/api/v1/applications/${encodeURIComponent(id)}/actions`,
          headers: { authorization: req.headers.authorization ?? '', 'content-type': 'application/json' },
          payload: { action: 'publish', version: rec.version, ...(body.note ? { note: body.note } : {}) },
        });
        const json = JSON.parse(r.body) as { error?: unknown };
        if (r.statusCode === 200) published.push({ id, view: json });
        else refused.push({ id, error: json.error ?? r.body });
      }
      if (published.length === 0) return { published: [], refused, document: null };
      // one notice for the round, kept as the 公示 of every application published in it
      const records = await Promise.all(published.map(async (p) => (await ctx.store.get(p.id))!));
      const first = records[0]!;
      const graph = policyOf(ctx, first.policyId).graph;
      const { renderDocument } = await import('../documents/index.ts');
      const entries = records.map((rec) => ({ ...(rec.application as object), ...(rec.grantedFen !== null ? { grantedFen: rec.grantedFen } : {}) }));
      const today = ctx.today();
      // each publish step numbered its 公示: the round's one notice carries the first application's number
      const pending = async (id: string) => {
        const done = new Set((await ctx.store.documents(id)).map((d) => d.requestSeq));
        return (await ctx.store.documentRequests(id)).filter((r) => r.kind === '公示' && !done.has(r.seq)).pop();
      };
      const docNumber = (await pending(first.id))?.docNumber;
      if (!docNumber) return { published: published.map((p) => p.view), refused, document: null };
      let out: Awaited<ReturnType<typeof renderDocument>>;
      try {
        out = await renderDocument('publicity', graph, entries, 'both', { benefit: first.benefit, date: today, docNumber, ...(first.issued ? { issued: first.issued } : {}) });
      } catch (e) {
        // the steps happened; each application keeps its own notice request, rendered on first request
        return { published: published.map((p) => p.view), refused, document: null, warning: e instanceof Error ? e.message : String(e) };
      }
      const base = `公示-${first.benefit}-${today}-${records.length}家`;
      const files = [
        ...(out.pdf ? [{ kind: '公示', action: 'publish', fileName: `${base}.pdf`, mediaType: 'application/pdf', bytes: out.pdf }] : []),
        ...(out.docx ? [{ kind: '公示', action: 'publish', fileName: `${base}.docx`, mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', bytes: out.docx }] : []),
      ];
      for (const rec of records) {
        const request = await pending(rec.id);
        if (request) await ctx.store.saveDocuments(request.seq, files);
      }
      return { published: published.map((p) => p.view), refused, document: base };
    },
  });
}

export function registerDesk(app: FastifyInstance, api: Api, ctx: ServeContext): void {
  registerRounds(app, api, ctx);
  const bundle = join(packageRoot(), 'dist/desk');
  for (const path of PAGES) {
    app.get(path, async (_req, reply) => reply.type('text/html; charset=utf-8').header('content-security-policy', CSP).send(shell()));
  }
  app.get('/favicon.ico', async (_req, reply) => reply.code(204).send());
  // revalidated on every page (no-cache), answered 304 while unchanged: a browser keeps the bundle and its compiled code
  app.get('/desk/:file', async (req, reply) => {
    const file = (req.params as { file: string }).file;
    const kind = ASSET.exec(file)?.[1];
    const asset = kind ? assetAt(join(bundle, file)) : undefined;
    if (!kind || !asset) return reply.code(404).send(new ApiError(404, 'POL8005', ['GET', req.url]).body());
    reply.type(ASSET_TYPES[kind]!).header('cache-control', 'no-cache').header('etag', asset.etag);
    if (req.headers['if-none-match']?.split(/\s*,\s*/).includes(asset.etag)) return reply.code(304).send();
    return reply.send(asset.body);
  });

  api.add(app, {
    method: 'GET',
    url: '/api/v1/applications/:id/evaluation',
    tag: '办理台',
    summary: '一件申请的申报数据及其评估（理由引用条款），按今日与本服务的台账',
    params: z.object({ id: z.string() }),
    responses: { 200: { description: '申报数据与评估结果' }, 404: { description: '不存在或无权查看' } },
    async handler({ params, user }) {
      const { rec, graph } = await visibleApplication(ctx, user, params.id);
      const ledger = await grantsFor(ctx.store, graph, canonicalApplicantId(rec.applicant.id), rec.id);
      const v = validateApplication(graph, rec.application);
      if (!v.ok) return { application: rec.application, result: null };
      const out = evaluate(graph, v.application, { ...(rec.issued ? { issued: rec.issued } : {}), ledger });
      return { application: rec.application, result: out.results.find((r) => r.benefit === rec.benefit) ?? null };
    },
  });

  api.add(app, {
    method: 'GET',
    url: '/api/v1/workdays',
    tag: '办理台',
    summary: '从今日到各办理期限的工作日数（逾期为负数）',
    query: z.object({ to: z.string().describe('期限，逗号分隔的 YYYY-MM-DD') }),
    responses: { 200: { description: '{ today, left: { 期限: 工作日数 } }' } },
    async handler({ query }) {
      const today = ctx.today();
      const left: Record<string, number> = {};
      for (const d of query.to.split(',').slice(0, 500)) {
        if (!isCalendarDate(d)) throw badRequest(`to：“${d}”不是 YYYY-MM-DD 格式的日期`);
        left[d] = workdaysLeft(today, d);
      }
      return { today, left };
    },
  });

  api.add(app, {
    method: 'GET',
    url: '/api/v1/policies/:id/form',
    tag: '办理台',
    summary: '申报表：一个扶持项目的申报须填写的内容（规则读取的输入、名单、申报主体）',
    params: z.object({ id: z.string() }),
    query: z.object({ benefit: z.string() }),
    responses: { 200: { description: '表单内容' }, 404: { description: '没有该政策或扶持项目' } },
    async handler({ params, query }) {
      return formOf(policyOf(ctx, params.id).graph, query.benefit);
    },
  });

  api.add(app, {
    method: 'GET',
    url: '/api/v1/policies/:id/outline',
    tag: '办理台',
    summary: '政策全文的结构：措施、牵头与配合单位、扶持项目及金额、有效期',
    params: z.object({ id: z.string() }),
    responses: { 200: { description: '政策概要' }, 404: { description: '没有该政策' } },
    async handler({ params }) {
      const p = policyOf(ctx, params.id);
      return outlineOf(p.graph, p.issued);
    },
  });

  api.add(app, {
    method: 'POST',
    url: '/api/v1/playground/check',
    tag: '办理台',
    summary: '起草：检查一段 .pol 文本（与 pol check 相同的诊断，含字符位置）',
    body: CheckRequest,
    responses: { 200: { description: '{ diagnostics: [{code, severity, message, line, col, from, to}] }' } },
    async handler({ body }) {
      const a = analyze(body.source, 'playground.pol');
      return {
        diagnostics: a.diagnostics.map((d) => ({
          code: d.code,
          severity: d.severity,
          message: messageOf(d),
          line: d.span.line,
          col: d.span.col,
          from: d.span.offset,
          to: d.span.endOffset,
        })),
      };
    },
  });

  api.add(app, {
    method: 'POST',
    url: '/api/v1/playground/eval',
    tag: '办理台',
    summary: '起草：用这段 .pol 评估一份样例申报（不读台账）',
    body: TryRequest,
    responses: { 200: { description: '与 pol eval --json 相同' }, 422: { description: '政策或申报数据有误' } },
    async handler({ body }) {
      const graph = compileOrRefuse(body.source);
      const issued = body.issued ?? graph.policy.issued ?? undefined;
      const window = validityWindow(graph, issued);
      if (window.error) throw badRequest(window.error);
      const v = validateApplication(graph, body.application);
      if (!v.ok) throw badRequest(v.errors.map((e) => `application.${e.path}：${e.message}`).join('；'));
      return evaluate(graph, v.application, issued ? { issued } : {});
    },
  });

  api.add(app, {
    method: 'POST',
    url: '/api/v1/playground/call',
    tag: '办理台',
    summary: '起草：这段 .pol 的申报指南（PDF 预览）',
    body: TryRequest.omit({ application: true }),
    responses: { 200: { description: 'PDF', binary: true }, 422: { description: '政策有误' } },
    async handler({ body, reply }) {
      const graph = compileOrRefuse(body.source);
      const { renderDocument } = await import('../documents/index.ts');
      const doc = await renderDocument('call', graph, undefined, 'pdf', { ...(body.issued ? { issued: body.issued } : {}), date: ctx.today(), numberPending: true });
      return reply.type('application/pdf').send(Buffer.from(doc.pdf!));
    },
  });
}
