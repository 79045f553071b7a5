/**
 * How `pol serve` hands the desk's bundle (dist/desk/) to a browser, through fastify's inject: every page loads a
 * small app.js and only the playground loads the editor's chunk; each file carries a strong validator and is
 * revalidated (304 while unchanged), so a browser keeps it and its compiled code from page to page; nothing
 * outside the bundle is served; API answers are still never stored.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDesk } from '../../src/desk/routes.ts';
import { buildServer } from '../../src/serve/app.ts';
import { noDocuments } from '../../src/workflow/documents.ts';
import { ISSUED, seedGraph, sqliteStore } from '../serve/helpers.ts';
import { ROOT } from '../support/cli.ts';

const built = existsSync(resolve(ROOT, 'dist/desk/app.js'));
if (!built) console.warn('[skip] desk asset tests: dist/desk/app.js is missing (npm run build)');

describe.skipIf(!built)('the desk bundle as served', () => {
  let app: FastifyInstance;
  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

  beforeAll(async () => {
    app = await buildServer({ store: await sqliteStore(), policies: [{ graph: seedGraph(), issued: ISSUED }], documents: noDocuments, extensions: [registerDesk] });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('gives every page a small app.js; the editor is a chunk only the playground imports', async () => {
    const page = await get('/applications/x');
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('<script type="module" src="/desk/app.js">');
    const main = await get('/desk/app.js');
    expect(main.statusCode).toBe(200);
    expect(main.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(main.rawPayload.length).toBeLessThan(64 * 1024);
    expect(main.body).not.toContain('cm-editor');
    const chunks = [...main.body.matchAll(/["']\.\/([\w-]+\.js)["']/g)].map((m) => m[1]!);
    const editor = chunks.filter((c) => c.startsWith('playground-'));
    expect(editor).toHaveLength(1);
    for (const c of new Set(chunks)) {
      const r = await get(`/desk/${c}`);
      expect(r.statusCode, c).toBe(200);
      expect(r.headers['content-type']).toBe('text/javascript; charset=utf-8');
    }
    expect((await get(`/desk/${editor[0]}`)).body).toContain('cm-editor');
    expect((await get('/desk/app.css')).headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('revalidates each file: 304 with no body while unchanged, the whole file otherwise', async () => {
    for (const file of ['app.js', 'app.css']) {
      const first = await get(`/desk/${file}`);
      const etag = first.headers.etag as string;
      expect(etag).toMatch(/^"[\w-]{32}"$/);
      expect(first.headers['cache-control']).toBe('no-cache');
      const again = await get(`/desk/${file}`, { 'if-none-match': etag });
      expect(again.statusCode).toBe(304);
      expect(again.rawPayload.length).toBe(0);
      expect(again.headers.etag).toBe(etag);
      const list = await get(`/desk/${file}`, { 'if-none-match': `"other", ${etag}` });
      expect(list.statusCode).toBe(304);
      const stale = await get(`/desk/${file}`, { 'if-none-match': '"stale"' });
      expect(stale.statusCode).toBe(200);
      expect(stale.rawPayload.equals(first.rawPayload)).toBe(true);
    }
  });

  it('serves nothing but the bundle\'s scripts and stylesheet', async () => {
    for (const url of ['/desk/nope.js', '/desk/..%2F..%2Fpackage.json', '/desk/%2E%2E%2Fsrc%2Fcli.ts', '/desk/app.js.map', '/desk/LEGAL.txt', '/desk/']) {
      const r = await get(url);
      expect(r.statusCode, url).toBe(404);
      expect(r.json().error.code, url).toBe('POL8005');
    }
  });

  it('still marks API answers as never to be stored', async () => {
    const r = await get('/healthz');
    expect(r.statusCode).toBe(200);
    expect(r.headers['cache-control']).toBe('no-store');
    expect((await get('/api/v1/policies')).headers['cache-control']).toBe('no-store');
  });
});
