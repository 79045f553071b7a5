/**
 * Routes declared once with their zod schemas: registered with fastify, their requests parsed by zod
 * (422 naming each bad field), and described in the OpenAPI 3.1 document served at /openapi.json.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { UserRecord } from '../store/identity.ts';
import { badRequest } from './errors.ts';
import { ErrorBody } from './schemas.ts';

export interface Response {
  description: string;
  schema?: z.ZodType;
  /** For a file: its media type instead of JSON. */
  binary?: boolean;
}

export interface RouteSpec<B, Q, P> {
  method: 'GET' | 'POST';
  /** fastify's form: /api/v1/applications/:id */
  url: string;
  summary: string;
  tag: string;
  /** Open routes (login, health, the OpenAPI document) need no token. */
  open?: boolean;
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  params?: z.ZodType<P>;
  responses: Record<number, Response>;
  handler(ctx: { req: FastifyRequest; reply: FastifyReply; body: B; query: Q; params: P; user: UserRecord }): Promise<unknown>;
}

type AnySpec = RouteSpec<any, any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Where a zod issue is, and what is wrong, in one line. */
function issueText(e: z.ZodError, where: string): string {
  return e.issues.map((i) => `${[where, ...i.path.map(String)].join('.')}：${i.message}`).join('；');
}

function parse<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return undefined as T;
  const r = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (!r.success) throw badRequest(issueText(r.error, where));
  return r.data;
}

declare module 'fastify' {
  interface FastifyRequest {
    user?: UserRecord;
  }
}

export class Api {
  readonly routes: AnySpec[] = [];

  constructor(
    private readonly authenticate: (req: FastifyRequest) => Promise<UserRecord>,
    /** Check every JSON answer against its declared schema (tests: the OpenAPI document tells the truth). */
    private readonly checkResponses = false,
  ) {}

  add<B, Q, P>(app: FastifyInstance, spec: RouteSpec<B, Q, P>): void {
    this.routes.push(spec as AnySpec);
    app.route({
      method: spec.method,
      url: spec.url,
      handler: async (req, reply) => {
        const user = spec.open ? (undefined as unknown as UserRecord) : await this.authenticate(req);
        const params = parse(spec.params, req.params, 'params');
        const query = parse(spec.query, req.query, 'query');
        const body = parse(spec.body, req.body, 'body');
        const out = await spec.handler({ req, reply, body, query, params, user });
        const schema = this.checkResponses && out !== reply ? spec.responses[reply.statusCode]?.schema : undefined;
        if (schema) {
          const r = schema.safeParse(out);
          if (!r.success) throw new Error(`${spec.method} ${spec.url} ${reply.statusCode}: the answer does not match its schema: ${issueText(r.error, 'response')}`);
        }
        return out;
      },
    });
  }

  /** The OpenAPI 3.1 document of every route added. */
  openapi(info: { title: string; version: string; description?: string }, extraSchemas: Record<string, z.ZodType> = {}): object {
    const components: Record<string, unknown> = {};
    const json = (s: z.ZodType) => {
      const text = JSON.stringify(z.toJSONSchema(s, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' })).replaceAll('"#/$defs/', '"#/components/schemas/');
      const out = JSON.parse(text) as Record<string, unknown>;
      for (const [k, v] of Object.entries((out.$defs ?? {}) as Record<string, unknown>)) components[k] = v;
      delete out.$defs;
      delete out.$schema;
      const id = (z.globalRegistry.get(s) as { id?: string } | undefined)?.id;
      if (!id) return out;
      if (out.$ref !== `#/components/schemas/${id}`) components[id] = out;
      return { $ref: `#/components/schemas/${id}` };
    };
    for (const [k, s] of Object.entries(extraSchemas)) {
      const out = json(s) as Record<string, unknown>;
      if (!('$ref' in out)) components[k] = out;
    }
    const paths: Record<string, Record<string, unknown>> = {};
    for (const r of this.routes) {
      const path = r.url.replace(/:(\w+)/g, '{$1}');
      const parameters: unknown[] = [];
      for (const [where, schema] of [['path', r.params], ['query', r.query]] as const) {
        if (!schema) continue;
        const s = json(schema) as { properties?: Record<string, unknown>; required?: string[] };
        for (const [name, ps] of Object.entries(s.properties ?? {})) {
          parameters.push({ name, in: where, required: where === 'path' || (s.required ?? []).includes(name), schema: ps });
        }
      }
      const responses: Record<string, unknown> = {};
      for (const [status, resp] of Object.entries(r.responses)) {
        responses[status] = {
          description: resp.description,
          ...(resp.binary
            ? { content: { 'application/octet-stream': { schema: { type: 'string', contentMediaType: 'application/octet-stream' } } } }
            : { content: { 'application/json': { schema: json(resp.schema ?? ErrorBody) } } }),
        };
      }
      if (!r.open) responses['401'] ??= { description: '未登录或令牌无效', content: { 'application/json': { schema: json(ErrorBody) } } };
      (paths[path] ??= {})[r.method.toLowerCase()] = {
        summary: r.summary,
        tags: [r.tag],
        ...(r.open ? { security: [] } : {}),
        ...(parameters.length ? { parameters } : {}),
        ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: json(r.body) } } } } : {}),
        responses,
      };
    }
    return {
      openapi: '3.1.0',
      info,
      jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
      security: [{ bearer: [] }],
      paths,
      components: { schemas: components, securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'POST /api/v1/login 返回的令牌' } } },
    };
  }
}
