/**
 * The desk in a real Chromium (Debian's, driven by playwright-core), against `pol serve`'s app on loopback:
 * an applicant files through the generated form and sees the ceiling before filing; a clerk of the right
 * district sees it in 待办 and accepts it; another district sees no action; a reviewer of the lead unit
 * approves an amount; the playground shows a diagnostic on the line of a typo within a second. Screenshots of
 * each page go to out/samples/ (committed: the README shows them).
 *
 * As at a shared desk: one browser tab, where each user in turn leaves (退出), logs in through the login form (the
 * header then names them) and follows the desk's links to the page the journey goes on at. The app loads twice
 * (from a link to the filing form, and at an application's address typed in); every other move is in place,
 * which each step checks. The bundle is fetched once and then revalidated, as in a browser that has visited the
 * desk before.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDesk } from '../../src/desk/routes.ts';
import { buildServer } from '../../src/serve/app.ts';
import { noDocuments } from '../../src/workflow/documents.ts';
import { addPeople, brandApp, HAIZHU_ID, ISSUED, PASSWORD, seedGraph, sqliteStore, TIANHE_ID } from '../serve/helpers.ts';
import { ROOT } from '../support/cli.ts';

/**
 * Debian's Chromium without its browser window (package chromium-headless-shell: the same engine, the headless
 * shell automation uses), else the whole browser run headless: that one also builds its window's toolbar and
 * preloads the omnibox popup's WebUI in a renderer of its own, about twice the CPU for the same journey.
 */
const CHROMIUM = ['/usr/lib/chromium/chromium-headless-shell', '/usr/bin/chromium'].find((p) => existsSync(p));
const haveChromium = CHROMIUM !== undefined && existsSync(resolve(ROOT, 'dist/desk/app.js'));
if (!haveChromium) console.warn(`[skip] desk tests: ${CHROMIUM ? 'dist/desk/app.js is missing (npm run build)' : 'no Chromium at /usr/bin/chromium (apt-get install chromium-headless-shell or chromium)'}`);

const SAMPLES = resolve(ROOT, 'out/samples');
const shots = process.env.DESK_SCREENSHOTS === '1'; // DESK_SCREENSHOTS=1 rewrites out/samples/desk-*.png

type Browser = import('playwright-core').Browser;
type Page = import('playwright-core').Page;

const FILE = `/file?policy=gz-cbec-2023&benefit=${encodeURIComponent('品牌推广扶持')}`;

/** Waits on the page's state: short fixed steps (vitest's default is 50 ms), generous limit (a guard, not a timing). */
const poll = <T>(read: () => Promise<T>, timeout = 10_000) => expect.poll(read, { interval: 25, timeout });

describe.skipIf(!haveChromium)('the desk in Chromium', () => {
  let app: FastifyInstance;
  let base: string;
  let browser: Browser;
  /** The one tab; who is logged in there; the token of each login at the desk (for the API steps). */
  let desk: Page;
  let who: string | undefined;
  const tokens = new Map<string, string>();
  let appId = '';

  beforeAll(async () => {
    const store = await sqliteStore();
    await addPeople(store);
    app = await buildServer({ store, policies: [{ graph: seedGraph(), issued: ISSUED }], documents: noDocuments, today: () => '2025-03-10', extensions: [registerDesk] });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    desk = await (await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' })).newPage();
    mkdirSync(SAMPLES, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close(); // and with it the tab
    await app?.close();
  });

  /** Where the login form now in the tab goes next (the wrong-password test leaves it there for 天河企业). */
  let loginFor: string | undefined;

  /** The tab at `path`, loaded from the address bar (the app starts there); later moves are checked against it. */
  async function load(path: string): Promise<void> {
    await desk.goto(`${base}${path}`);
    await desk.evaluate(() => Object.assign(window, { sameLoad: true }));
  }

  /** Where the tab is (path and query), after checking that the app has not loaded itself again since `load`. */
  async function at(): Promise<string> {
    expect(await desk.evaluate(() => 'sameLoad' in window)).toBe(true);
    const u = new URL(desk.url());
    return u.pathname + u.search;
  }

  /**
   * The tab as `user`, logged in through the form: whoever was logged in first leaves through the header's 退出
   * (the desk goes to the login form), unless the form is already there. The login leads on to `start` (the
   * page the form was asked to go on to, else the user's start page), without loading the app again.
   */
  async function as(user: string, start: string): Promise<Page> {
    if (who !== user) {
      if (loginFor === undefined) {
        await desk.getByRole('button', { name: '退出' }).click();
        await desk.waitForURL((u) => u.pathname === '/login' && u.search === '');
        await poll(() => desk.locator('header .who').count()).toBe(0);
      }
      loginFor = undefined;
      await desk.getByLabel('用户名').fill(user);
      await desk.getByLabel('密码').fill(PASSWORD);
      await desk.getByRole('button', { name: '登录' }).click();
      await desk.waitForURL((u) => u.pathname !== '/login');
      await poll(() => desk.locator('header .who').textContent()).toContain(user);
      tokens.set(user, (await desk.evaluate(() => sessionStorage.getItem('pol.token')))!);
      who = user;
    }
    expect(await at()).toBe(start);
    return desk;
  }

  /**
   * Follows the desk's own links to these targets in turn (as a user clicks them), each arriving in place, where
   * the keyboard starts at the new page's content (#main has the focus, as the skip link would give it).
   */
  async function follow(...hrefs: string[]): Promise<void> {
    for (const href of hrefs) {
      await desk.locator(`a[href="${href}"]`).first().click();
      await desk.waitForURL((u) => u.pathname + u.search === href);
      expect(await at()).toBe(href);
      await poll(() => desk.evaluate(() => document.activeElement?.id ?? '')).toBe('main');
    }
  }

  const shot = async (page: Page, name: string) => {
    if (shots) await page.screenshot({ path: resolve(SAMPLES, `desk-${name}.png`), fullPage: false });
  };

  it('refuses a wrong password with the service\'s message', async () => {
    // a link to the filing form, without a session: the login form, which goes on to the form afterwards
    const page = desk;
    await load(FILE);
    await page.waitForURL('**/login**');
    expect(new URL(page.url()).searchParams.get('next')).toBe(FILE);
    await page.getByLabel('用户名').fill('天河企业');
    await page.getByLabel('密码').fill('wrong password');
    await page.getByRole('button', { name: '登录' }).click();
    await poll(() => page.getByRole('alert').textContent()).toMatch(/用户名或密码/);
    expect(new URL(page.url()).pathname).toBe('/login');
    await shot(page, 'login');
    loginFor = FILE;
  });

  it('an applicant fills the generated form, sees the ceiling live, and files', async () => {
    const page = await as('天河企业', FILE); // logs in at the form the wrong password left
    await poll(() => page.getByLabel('统一社会信用代码').inputValue()).toBe(TIANHE_ID);
    await page.getByLabel('申报主体名称').fill('广州天河某科技有限公司');
    await page.getByLabel('所在区').selectOption('天河区');
    await page.getByLabel('项目编号').fill('P-DESK-1');
    await page.getByLabel('推广费用').fill('1200000');
    await page.getByLabel('已入选“品牌出海企业”').check();
    await poll(() => page.locator('#ceiling').textContent()).toContain('预计上限：600,000.00 元');
    await shot(page, 'file');
    await page.getByRole('button', { name: '提交申报' }).click();
    await page.waitForURL('**/applications/**');
    appId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    await poll(() => page.locator('.status').textContent()).toBeTruthy();
    expect(await page.getByRole('button', { name: '受理' }).count()).toBe(0);
  });

  it('the clerk of the applicant\'s district sees it in 待办 and accepts it', async () => {
    expect(appId).not.toBe('');
    const page = await as('天河初审', '/');
    const table = page.getByRole('table', { name: '待办' });
    await poll(() => table.getByRole('row').count()).toBe(2);
    await shot(page, 'queue');
    await table.getByRole('link', { name: appId }).click();
    await page.waitForURL(`**/applications/${encodeURIComponent(appId)}`);
    expect(await at()).toBe(`/applications/${encodeURIComponent(appId)}`);
    await poll(() => page.getByRole('button', { name: '受理' }).count()).toBe(1);
    await poll(() => page.locator('.reasons').first().textContent()).toMatch(/第三条/);
    await shot(page, 'application');
    await page.getByLabel('意见').fill('材料齐全，予以受理');
    await page.getByRole('button', { name: '受理' }).click();
    await poll(() => page.getByRole('alert').first().textContent()).toContain('已受理');
    expect(await page.getByRole('button', { name: '受理' }).count()).toBe(0);
    await poll(() => page.getByRole('table').last().textContent()).toContain('材料齐全，予以受理');
  });

  it('another district\'s clerk gets no action on it', async () => {
    // the address of the application, typed in: the app loads there in the tab's session
    const page = await as('海珠初审', '/');
    await load(`/applications/${encodeURIComponent(appId)}`);
    await poll(() => page.locator('header .who').textContent()).toContain('海珠初审');
    await poll(() => page.locator('main').textContent()).toMatch(/找不到申请|没有可办理/);
    expect(await page.getByRole('button', { name: /受理|审核通过|不予支持|退回补正/ }).count()).toBe(0);
  });

  it('a reviewer of the lead unit approves an amount, refused above the ceiling first', async () => {
    const page = await as('商务乙', '/');
    await follow(`/applications/${encodeURIComponent(appId)}`); // from 待办
    await poll(() => page.getByRole('button', { name: '审核通过' }).count()).toBe(1);
    await page.getByLabel('核定金额（元）').fill('700000');
    await page.getByRole('button', { name: '审核通过' }).click();
    await poll(() => page.getByRole('alert').first().textContent()).toMatch(/超过/);
    await page.getByLabel('核定金额（元）').fill('500000');
    await page.getByLabel('意见').fill('核定 50 万元');
    await page.getByRole('button', { name: '审核通过' }).click();
    await poll(() => page.getByRole('alert').first().textContent()).toContain('已审核通过');
    await poll(() => page.locator('dl').first().textContent()).toContain('500,000.00');
    await shot(page, 'approved');
  });

  it('the lead unit publishes a round of approved applications as one 公示', async () => {
    // a second approved application of the same benefit, from another district, through the API (the applicant
    // and the officers log in to the API: their sessions at the desk ended with 退出)
    const api = async (method: 'GET' | 'POST', url: string, token: string, payload?: unknown) => {
      const r = await app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload: payload as object } : {}) });
      return { status: r.statusCode, json: JSON.parse(r.body || 'null') };
    };
    const login = async (user: string) => {
      const r = await app.inject({ method: 'POST', url: '/api/v1/login', payload: { user, password: PASSWORD } });
      expect(r.statusCode).toBe(200);
      return r.json().token as string;
    };
    const filed = await api('POST', '/api/v1/applications', await login('海珠企业'), { policy: 'gz-cbec-2023', benefit: '品牌推广扶持', application: brandApp(HAIZHU_ID, 800_000, 'P-DESK-2', '海珠区', '2025-03-05') });
    expect(filed.status).toBe(201);
    // 退出 at the desk ended the session of that login
    expect((await api('GET', '/api/v1/applications', tokens.get('海珠初审')!)).status).toBe(401);
    const second = filed.json.id as string;
    expect((await api('POST', `/api/v1/applications/${second}/actions`, await login('海珠初审'), { action: 'accept' })).status).toBe(200);
    expect((await api('POST', `/api/v1/applications/${second}/actions`, await login('商务乙'), { action: 'approve', amount: 300000 })).status).toBe(200);

    const page = await as('商务甲', '/');
    const round = page.getByRole('form', { name: '批量公示' });
    await poll(() => round.getByRole('checkbox').count()).toBe(2);
    await shot(page, 'round');
    await round.getByRole('button', { name: '发布公示' }).click();
    await poll(() => round.getByRole('alert').textContent(), 60_000).toContain('已公示 2 件');
    // once all are published, the queue is shown again (read again from the service): nothing left to publish
    await poll(() => round.count()).toBe(0);
    await page.locator('main .toolbar').waitFor();
    expect(await at()).toBe('/');
    const token = tokens.get('商务甲')!;
    const docsOf = async (id: string) => (await api('GET', `/api/v1/applications/${encodeURIComponent(id)}/documents`, token)).json as { id: string; kind: string; format: string; size: number }[];
    const a = (await docsOf(appId)).filter((d) => d.kind === '公示');
    const b = (await docsOf(second)).filter((d) => d.kind === '公示');
    expect(a.map((d) => d.format).sort()).toEqual(['docx', 'pdf']);
    expect(a.map((d) => d.size)).toEqual(b.map((d) => d.size));
    // both left the 公示 step together and now wait, through one publicity period, for 拨付
    for (const id of [appId, second]) expect((await api('GET', `/api/v1/applications/${encodeURIComponent(id)}`, token)).json.stateLabel).toBe('拨付');
  });

  it('reads a policy as a page', async () => {
    const page = await as('商务甲', '/');
    await follow('/policies', '/policies/gz-cbec-2023'); // the header's 政策, then the policy in the list
    await poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('跨境电子商务');
    expect(await page.locator('section.measure').count()).toBe(17);
    await shot(page, 'policy');
  });

  it('the playground shows a diagnostic on the line of a typo within a second', async () => {
    const page = await as('商务甲', '/policies/gz-cbec-2023');
    // the policy again, whose outline arrives only after the user has gone on to 起草: it must not replace 起草
    const outline = '**/api/v1/policies/gz-cbec-2023/outline';
    let release: (() => void) | undefined;
    const held = new Promise<void>((r) => (release = r));
    await page.route(outline, async (route) => {
      await held;
      await route.continue();
    });
    await follow('/policies', '/policies/gz-cbec-2023');
    await follow('/playground'); // the header's 起草
    await poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('起草与试算');
    const late = page.waitForResponse(outline);
    release?.();
    await late;
    await page.evaluate(() => new Promise((r) => setTimeout(r, 100))); // the page's turn to read it
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('起草与试算');
    await page.unroute(outline);
    await poll(() => page.locator('#lint-status').textContent()).toMatch(/无错误/);
    const line = page.locator('.cm-line', { hasText: '条件：入选(品牌出海企业)' });
    await line.click();
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    const typed = Date.now();
    await page.keyboard.press('Backspace');
    await page.locator('.cm-lintRange-error').first().waitFor({ timeout: 3000 });
    const elapsed = Date.now() - typed;
    expect(elapsed).toBeLessThan(1000);
    const marked = page.locator('.cm-line', { has: page.locator('.cm-lintRange-error') });
    await poll(() => marked.first().textContent()).toContain('条件：入选(品牌出海企)');
    await poll(() => page.locator('#lint-status').textContent()).toMatch(/1 个错误/);
    await shot(page, 'playground');
  });

  it('works at a phone width', async () => {
    await desk.setViewportSize({ width: 390, height: 844 });
    try {
      const page = await as('商务乙', '/');
      await follow('/?all=1'); // 查看全部可见申请
      await poll(() => page.getByRole('link', { name: appId }).count()).toBe(1);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await shot(page, 'phone');
    } finally {
      await desk.setViewportSize({ width: 1366, height: 768 });
    }
  });
});
