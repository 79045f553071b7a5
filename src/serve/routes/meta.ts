/** Open routes: GET /healthz, GET /openapi.json (OpenAPI 3.1 from the zod schemas), GET /openapi.html (the same, for people). */
import type { FastifyInstance } from 'fastify';
import { applicationSchema } from '../../eval/schema.ts';
import { VERSION } from '../../version.ts';
import type { Api } from '../api.ts';
import type { ServeContext } from '../context.ts';
import { Health } from '../schemas.ts';

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

interface Doc {
  info: { title: string; description?: string };
  paths: Record<string, Record<string, { summary: string; parameters?: { name: string; in: string }[]; requestBody?: unknown; responses: Record<string, { description: string }> }>>;
}

/** The OpenAPI document as one plain HTML page (no script, no CDN). */
function page(doc: Doc): string {
  const rows: string[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const params = (op.parameters ?? []).map((p) => `${p.name}（${p.in}）`).join('、');
      const statuses = Object.entries(op.responses).map(([s, r]) => `<li><code>${s}</code> ${esc(r.description)}</li>`).join('');
      rows.push(
        `<section><h2><code>${method.toUpperCase()} ${esc(path)}</code></h2><p>${esc(op.summary)}</p>` +
          (params ? `<p>参数：${esc(params)}</p>` : '') +
          (op.requestBody ? '<p>请求体：JSON（结构见 <a href="/openapi.json">openapi.json</a>）</p>' : '') +
          `<ul>${statuses}</ul></section>`,
      );
    }
  }
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(doc.info.title)}</title>
<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}h2{font-size:1.05rem;margin-bottom:.2rem}section{border-top:1px solid #ddd;padding:.4rem 0}code{background:#f4f4f4;padding:0 .2rem}</style>
</head><body><h1>${esc(doc.info.title)}</h1><p>${esc(doc.info.description ?? '')}</p>
<p>机器可读的接口说明：<a href="/openapi.json">/openapi.json</a>（OpenAPI 3.1）。除登录、<code>/healthz</code> 与本页外，每个接口都须带 <code>Authorization: Bearer 令牌</code>。错误一律为 <code>{"error":{"code","message"}}</code>。</p>
${rows.join('\n')}</body></html>`;
}

export function register(app: FastifyInstance, api: Api, ctx: ServeContext): void {
  api.add(app, {
    method: 'GET',
    url: '/healthz',
    tag: '服务',
    summary: '服务与数据库是否可用',
    open: true,
    responses: { 200: { description: '可用', schema: Health } },
    async handler() {
      await ctx.store.users(); // the store answers
      return { ok: true, store: ctx.store.location.replace(/\/\/[^@/]*@/, '//'), policies: [...ctx.policies.keys()] };
    },
  });

  let doc: Doc | undefined;
  const openapi = (): Doc => {
    // the applications of each loaded policy, by the policy's own schema
    const extra = Object.fromEntries([...ctx.policies.values()].map(({ graph }) => [`Application_${graph.policy.id}`, applicationSchema(graph)]));
    return (doc ??= api.openapi(
      { title: 'pol 审批服务接口', version: VERSION, description: '按政策文件（.pol）办理申报、评估与审批（DESIGN §10）' } as never,
      extra,
    ) as unknown as Doc);
  };
  app.get('/openapi.json', async () => openapi());
  app.get('/openapi.html', async (_req, reply) => reply.type('text/html; charset=utf-8').send(page(openapi())));
}
