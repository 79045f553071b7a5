/** Four eyes by person, not by unit: one unit acts at every step, so only the person tells who may do what. */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { compile } from '../../src/pipeline.ts';
import { buildServer } from '../../src/serve/app.ts';
import { hashPassword } from '../../src/serve/passwords.ts';
import { withUsccCheck } from '../../src/values/uscc.ts';
import { noDocuments } from '../../src/workflow/documents.ts';
import { PASSWORD, sqliteStore, TEST_COST } from './helpers.ts';

const MINI = readFileSync('test/workflow/fixtures/mini.pol', 'utf8');
const source = `${MINI}\n流程 标准 "标准流程" {\n  适用：首次奖励\n  步骤 申报 由 申报人\n  步骤 初审 由 牵头单位\n  步骤 审核 由 牵头单位\n  步骤 拨付 由 牵头单位\n}\n`;

it('who accepted may not approve, who approved may not disburse; allowedActions says so beforehand', async () => {
  const graph = compile(source, 'mini.pol').graph!;
  const store = await sqliteStore();
  const hash = await hashPassword(PASSWORD, TEST_COST);
  const id = withUsccCheck('91440106MA5C00000');
  for (const name of ['甲一', '甲二']) await store.addUser({ name, unit: '甲局', role: 'clerk', applicantId: null, passwordHash: hash });
  await store.addUser({ name: '企业', unit: null, role: 'applicant', applicantId: id, passwordHash: hash });
  const app = await buildServer({ store, policies: [{ graph }], documents: noDocuments, today: () => '2025-04-01' });
  try {
    const token: Record<string, string> = {};
    for (const u of ['甲一', '甲二', '企业']) token[u] = JSON.parse((await app.inject({ method: 'POST', url: '/api/v1/login', payload: { user: u, password: PASSWORD } })).body).token;
    const call = async (u: string, url: string, payload?: object) => {
      const r = await app.inject({ method: payload ? 'POST' : 'GET', url, headers: { authorization: `Bearer ${token[u]}` }, ...(payload ? { payload } : {}) });
      return { status: r.statusCode, json: JSON.parse(r.body) };
    };
    const filed = await call('企业', '/api/v1/applications', {
      policy: 't-wf',
      benefit: '首次奖励',
      application: { date: '2025-03-01', applicant: { id, kind: 'enterprise', district: '东区' }, facts: {}, lists: { 重点企业: { member: true, firstTime: true } } },
    });
    expect(filed.status).toBe(201);
    const url = `/api/v1/applications/${filed.json.id}`;
    expect((await call('甲一', `${url}/actions`, { action: 'accept' })).json.state).toBe('审核');
    expect((await call('甲一', url)).json.allowedActions).not.toContain('approve');
    expect((await call('甲二', url)).json.allowedActions).toContain('approve');
    const refused = await call('甲一', `${url}/actions`, { action: 'approve' });
    expect(refused.status).toBe(403);
    expect(refused.json.error.message).toContain('四眼原则');
    expect((await call('甲二', `${url}/actions`, { action: 'approve' })).status).toBe(200);
    expect((await call('甲二', url)).json.allowedActions).toEqual([]);
    expect((await call('甲二', `${url}/actions`, { action: 'disburse' })).status).toBe(403);
    expect((await call('甲一', `${url}/actions`, { action: 'disburse' })).json.state).toBe('disbursed');
  } finally {
    await app.close();
    await store.close();
  }
});
