/** POST /api/v1/login, POST /api/v1/logout, GET /api/v1/me. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { canonicalName, type UserRecord } from '../../store/identity.ts';
import type { Api } from '../api.ts';
import { userView, type ServeContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import { DUMMY_HASH, newToken, tokenHash, verifyPassword } from '../passwords.ts';
import { LoginRequest, LoginResponse, UserView } from '../schemas.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The token of a request (Authorization: Bearer …), if any. */
export function bearer(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  const m = h ? /^Bearer\s+(\S+)\s*$/i.exec(h) : null;
  return m?.[1];
}

/** The authentication hook: the user a valid token belongs to, or 401. */
export function authenticator(ctx: ServeContext) {
  return async (req: FastifyRequest): Promise<UserRecord> => {
    const token = bearer(req);
    const user = token ? await ctx.store.tokenUser(tokenHash(token), new Date().toISOString()) : undefined;
    if (!user) throw new ApiError(401, 'POL8002');
    req.user = user;
    return user;
  };
}

export function register(app: FastifyInstance, api: Api, ctx: ServeContext): void {
  api.add(app, {
    method: 'POST',
    url: '/api/v1/login',
    tag: '登录',
    summary: '登录：用户名与密码换取 Bearer 令牌（连续失败后回应会被放慢）',
    open: true,
    body: LoginRequest,
    responses: { 200: { description: '已登录', schema: LoginResponse }, 401: { description: '用户名或密码错误（两者不加区分）' }, 422: { description: '请求体有误' } },
    async handler({ req, body }) {
      const name = canonicalName(body.user);
      const keys = [`user:${name}`, `addr:${req.ip}`];
      const wait = ctx.throttle.delayFor(keys);
      if (wait > 0) {
        req.log.warn({ user: name, waitMs: wait }, 'login slowed after repeated failures');
        await sleep(wait);
      }
      const user = await ctx.store.user(name);
      // an unknown user costs the same scrypt as a wrong password, and gets the same answer
      const ok = await verifyPassword(body.password, user?.passwordHash ?? DUMMY_HASH);
      if (!user || !ok || user.disabled) {
        ctx.throttle.fail(keys);
        req.log.info({ user: name }, 'login failed');
        throw new ApiError(401, 'POL8001');
      }
      ctx.throttle.succeed(keys[0]!);
      const token = newToken();
      const expiresAt = new Date(Date.now() + ctx.tokenTtlMs).toISOString();
      await ctx.store.addToken(tokenHash(token), user.name, expiresAt);
      req.log.info({ user: user.name }, 'login');
      return { token, expiresAt, user: userView(user) };
    },
  });

  api.add(app, {
    method: 'POST',
    url: '/api/v1/logout',
    tag: '登录',
    summary: '退出登录：令牌随即失效（在共用同一数据库的每个服务进程上）',
    responses: { 200: { description: '已退出', schema: z.object({ ok: z.literal(true) }) } },
    async handler({ req }) {
      await ctx.store.dropToken(tokenHash(bearer(req)!));
      return { ok: true };
    },
  });

  api.add(app, {
    method: 'GET',
    url: '/api/v1/me',
    tag: '登录',
    summary: '当前登录的用户',
    responses: { 200: { description: '当前用户', schema: UserView } },
    async handler({ user }) {
      return userView(user);
    },
  });
}
