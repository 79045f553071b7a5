/**
 * The HTTP service of `pol serve` (DESIGN §10): fastify, one plugin per resource under routes/, the
 * authentication hook and the error handler. `/` is left for the desk's pages (DESIGN §11).
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { randomBytes } from 'node:crypto';
import type { Graph } from '../ir/schema.ts';
import type { DocumentIssuer } from '../workflow/documents.ts';
import { defaultDocuments } from '../step-documents.ts';
import { Api } from './api.ts';
import { serviceToday, type LoadedPolicy, type ServeContext, type ServeStore } from './context.ts';
import { ApiError } from './errors.ts';
import { LoginThrottle, DEFAULT_THROTTLE, type ThrottleOptions } from './throttle.ts';
import { authenticator, register as registerAuth } from './routes/auth.ts';
import { register as registerPolicies } from './routes/policies.ts';
import { register as registerApplications } from './routes/applications.ts';
import { register as registerMeta } from './routes/meta.ts';

export interface ServerOptions {
  store: ServeStore;
  policies: { graph: Graph; issued?: string | null }[];
  /** Request body limit in bytes (default 1 MB). */
  bodyLimit?: number;
  /** Log requests (pino lines with the request id); false in tests. */
  logger?: boolean | { stream: NodeJS.WritableStream };
  documents?: DocumentIssuer;
  throttle?: Partial<ThrottleOptions>;
  /** Login token lifetime (default 12 hours). */
  tokenTtlMs?: number;
  /** Trust X-Forwarded-For from a reverse proxy (for the per-address login throttle and the logs). */
  trustProxy?: boolean;
  /** Check every JSON answer against its declared zod schema (for tests). */
  checkResponses?: boolean;
  /** The business date (default POL_NOW or today in Beijing). */
  today?: () => string;
  /**
   * More routes on the same app, context and OpenAPI document: the desk's pages (src/desk/routes.ts
   * `registerDesk`), which `pol serve` adds. The service itself knows nothing of them.
   */
  extensions?: ((app: FastifyInstance, api: Api, ctx: ServeContext) => void)[];
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const bodyLimit = opts.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const app = Fastify({
    bodyLimit,
    logger: opts.logger === undefined || opts.logger === false ? false : opts.logger === true ? { level: 'info' } : { level: 'info', stream: opts.logger.stream },
    requestIdHeader: 'x-request-id',
    requestIdLogLabel: 'reqId',
    genReqId: () => randomBytes(6).toString('hex'),
    trustProxy: opts.trustProxy ?? false,
    return503OnClosing: true,
  });
  const policies = new Map<string, LoadedPolicy>(opts.policies.map((p) => [p.graph.policy.id, { graph: p.graph, issued: p.issued ?? p.graph.policy.issued ?? null }]));
  const ctx: ServeContext = {
    store: opts.store,
    policies,
    today: opts.today ?? serviceToday,
    documents: opts.documents ?? defaultDocuments,
    throttle: new LoginThrottle({ ...DEFAULT_THROTTLE, ...opts.throttle }),
    tokenTtlMs: opts.tokenTtlMs ?? 12 * 3600_000,
  };
  const api = new Api(authenticator(ctx), opts.checkResponses ?? false);

  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
    reply.header('x-content-type-options', 'nosniff');
    // API answers are never stored; a route that says how its answer may be cached (the desk's bundle) keeps that
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });
  app.setErrorHandler(async (error, req, reply) => {
    if (error instanceof ApiError) {
      if (error.status >= 500) req.log.error(error);
      return reply.code(error.status).send(error.body());
    }
    const e = error as { code?: string; statusCode?: number; message?: string };
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(413).send(new ApiError(413, 'POL8004', [bodyLimit]).body());
    if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return reply.code(415).send(new ApiError(415, 'POL8003', ['请求体须为 JSON（Content-Type: application/json）']).body());
    if (e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (e.statusCode === 400 && error instanceof SyntaxError)) {
      return reply.code(422).send(new ApiError(422, 'POL8003', ['请求体不是有效的 JSON']).body());
    }
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) return reply.code(e.statusCode).send(new ApiError(e.statusCode, 'POL8003', [e.code ?? '']).body());
    req.log.error({ err: error }, 'internal error');
    return reply.code(500).send(new ApiError(500, 'POL8006', [req.id]).body());
  });
  app.setNotFoundHandler(async (req, reply) => reply.code(404).send(new ApiError(404, 'POL8005', [req.method, req.url.split('?')[0]!]).body()));

  registerMeta(app, api, ctx);
  registerAuth(app, api, ctx);
  registerPolicies(app, api, ctx);
  registerApplications(app, api, ctx);
  for (const extend of opts.extensions ?? []) extend(app, api, ctx);
  return app;
}
