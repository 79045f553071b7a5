/** The HTTP contract of DESIGN §10 through fastify's inject, on a SQLite store. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { harness, PASSWORD, seedGraph, sqliteStore, type Harness } from './helpers.ts';

let h: Harness;
beforeEach(async () => {
  h = await harness(await sqliteStore());
});
afterEach(async () => h.close());

describe('open routes and errors', () => {
  it('healthz and openapi need no token; everything else does (401, JSON error in Chinese)', async () => {
    expect((await h.call(null, 'GET', '/healthz')).json.ok).toBe(true);
    const doc = (await h.call(null, 'GET', '/openapi.json')).json;
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/login', '/api/v1/applications/{id}/actions', '/api/v1/eval']));
    expect(doc.components.schemas.Application.properties.allowedActions).toBeDefined();
    const html = await h.call(null, 'GET', '/openapi.html');
    expect(html.headers['content-type']).toMatch(/text\/html/);
    expect(html.body).toContain('/api/v1/applications/{id}/actions');
    const r = await h.call(null, 'GET', '/api/v1/applications');
    expect(r.status).toBe(401);
    expect(r.json.error.code).toBe('POL8002');
    expect(r.json.error.message).toMatch(/请先登录/);
  });

  it('unknown routes are JSON 404; bodies past 1 MB are 413; broken JSON is 422; no stack traces', async () => {
    const nf = await h.call('商务甲', 'GET', '/api/v1/nothing');
    expect(nf.status).toBe(404);
    expect(nf.json.error.code).toBe('POL8005');
    const big = await h.app.inject({ method: 'POST', url: '/api/v1/login', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ user: 'x', password: 'y'.repeat(1_100_000) }) });
    expect(big.statusCode).toBe(413);
    expect(JSON.parse(big.body).error.code).toBe('POL8004');
    const bad = await h.app.inject({ method: 'POST', url: '/api/v1/login', headers: { 'content-type': 'application/json' }, payload: '{"user":' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).not.toMatch(/at .*\.(ts|js):\d+/);
    expect(bad.headers['x-request-id']).toBeTruthy();
  });
  it('a failing store is a 500 with a request id to quote, never a stack trace', async () => {
    await h.store.close();
    const r = await h.call('商务甲', 'GET', '/api/v1/me');
    expect(r.status).toBe(500);
    expect(r.json.error.code).toBe('POL8006');
    expect(r.json.error.message).toContain(String(r.headers['x-request-id']));
    expect(r.body).not.toMatch(/\bat \S+ \(|node_modules|\.ts:\d+/);
  });
});

describe('login', () => {
  it('one 401 message for an unknown user and a wrong password; logout ends the token', async () => {
    const a = await h.call(null, 'POST', '/api/v1/login', { user: '没有这人', password: 'whatever1' });
    const b = await h.call(null, 'POST', '/api/v1/login', { user: '商务甲', password: 'wrong-password' });
    expect([a.status, b.status]).toEqual([401, 401]);
    expect(a.json).toEqual(b.json);
    const me = await h.call('商务甲', 'GET', '/api/v1/me');
    expect(me.json).toMatchObject({ name: '商务甲', unit: '市商务局', roles: ['clerk'] });
    expect((await h.call('商务甲', 'POST', '/api/v1/logout')).status).toBe(200);
    expect((await h.call('商务甲', 'GET', '/api/v1/me')).status).toBe(401);
  });

  it('repeated failures are slowed, per user name and per address', async () => {
    const { buildServer } = await import('../../src/serve/app.ts');
    await h.app.close();
    const app = await buildServer({ store: h.store, policies: [{ graph: seedGraph(), issued: '2024-01-01' }], throttle: { free: 2, baseMs: 400, maxMs: 800 } });
    h = { ...h, app };
    const attempt = async (user: string, remoteAddress: string, password = 'nope-nope') => {
      const t = Date.now();
      const r = await h.app.inject({ method: 'POST', url: '/api/v1/login', remoteAddress, payload: { user, password } });
      return { status: r.statusCode, ms: Date.now() - t };
    };
    // one user from three addresses: the third failure waits
    await attempt('商务甲', '10.0.0.1');
    await attempt('商务甲', '10.0.0.2');
    const third = await attempt('商务甲', '10.0.0.3');
    expect(third.status).toBe(401);
    expect(third.ms).toBeGreaterThanOrEqual(380);
    // one address trying three names: the third waits too, even for the right password
    await attempt('甲', '10.0.0.9');
    await attempt('乙', '10.0.0.9');
    const slowed = await attempt('商务乙', '10.0.0.9', PASSWORD);
    expect(slowed.status).toBe(200);
    expect(slowed.ms).toBeGreaterThanOrEqual(380);
    // a fresh name from a fresh address is answered at once
    expect((await attempt('天河初审', '10.0.0.10', PASSWORD)).ms).toBeLessThan(380);
  });
});
