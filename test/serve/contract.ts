/**
 * Filing and acting through the API (DESIGN §10): authorization from the policy's units, four eyes,
 * 404/403/409/422. Run against every store: SQLite here (workflow.test.ts), PostgreSQL in postgres.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ServeStore } from '../../src/serve/context.ts';
import { brandApp, harness, HAIZHU_ID, TIANHE_ID, type Harness } from './helpers.ts';

export function serveContract(name: string, open: () => Promise<ServeStore>): void {
  let h: Harness;
  beforeEach(async () => {
    h = await harness(await open());
  });
  afterEach(async () => h.close());

  const file = (user: string, app: unknown = brandApp()) => h.call(user, 'POST', '/api/v1/applications', { policy: 'gz-cbec-2023', benefit: '品牌推广扶持', application: app });
  const act = (user: string, id: string, body: Record<string, unknown>) => h.call(user, 'POST', `/api/v1/applications/${id}/actions`, body);

  describe(`filing (${name})`, () => {
    it('201 with the view; the identical application again is 200 with the same one; another applicant id is 403', async () => {
      const a = await file('天河企业');
      expect(a.status).toBe(201);
      expect(a.json).toMatchObject({
        policy: 'gz-cbec-2023',
        benefit: '品牌推广扶持',
        state: '初审',
        stateLabel: '初审',
        applicant: { id: TIANHE_ID, district: '天河区' },
        project: 'P-001',
        ceilingFen: 60_000_000,
        grantedFen: null,
        version: 1,
        allowedActions: [],
      });
      expect(a.json.deadline).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      // the same application, its id spelled in lower case: one applicant, one application
      const again = await file('天河企业', { ...brandApp(), applicant: { ...brandApp().applicant, id: TIANHE_ID.toLowerCase() } });
      expect(again.status).toBe(200);
      expect(again.json.id).toBe(a.json.id);
      const other = await file('天河企业', brandApp(HAIZHU_ID, 1_000_000, 'P-9', '海珠区'));
      expect(other.status).toBe(403);
      expect(other.json.error.code).toBe('POL8008');
      const different = await file('天河企业', brandApp(TIANHE_ID, 900_000));
      expect(different.status).toBe(409);
    });

    it('bad bodies are 422 naming the field; an ineligible application is 422 with its reasons', async () => {
      const r = await h.call('天河企业', 'POST', '/api/v1/applications', { policy: 'gz-cbec-2023', benefit: '品牌推广扶持' });
      expect(r.status).toBe(422);
      const bad = await file('天河企业', { ...brandApp(), facts: { 推广费用: 'lots' } });
      expect(bad.status).toBe(422);
      expect(bad.json.error.message).toContain('推广费用');
      const unknown = await h.call('天河企业', 'POST', '/api/v1/applications', { policy: 'nope', benefit: 'x', application: brandApp() });
      expect(unknown.status).toBe(422);
      expect(unknown.json.error.code).toBe('POL8009');
    });
  });

  describe(`acting (${name})`, () => {
    it('runs login → disbursement with the units of the policy, recording the logged-in user', async () => {
      const id = (await file('天河企业')).json.id as string;
      // 初审 by 配合单位 narrowed to the applicant's district: 天河区政府 acts, 海珠区政府 does not even see it
      expect((await h.call('海珠初审', 'GET', `/api/v1/applications/${id}`)).status).toBe(404);
      expect((await act('海珠初审', id, { action: 'accept' })).status).toBe(404);
      const seen = await h.call('天河初审', 'GET', `/api/v1/applications/${id}`);
      expect(seen.json.allowedActions).toEqual(['accept', 'return', 'reject']);
      expect((await h.call('天河初审', 'GET', '/api/v1/applications?queue=todo')).json.map((v: { id: string }) => v.id)).toEqual([id]);
      expect((await h.call('商务甲', 'GET', '/api/v1/applications?queue=todo')).json).toEqual([]);
      // the lead unit sees it (it acts at later steps) but may not accept it now
      const early = await act('商务甲', id, { action: 'accept' });
      expect(early.status).toBe(403);
      expect(early.json.error.code).toBe('POL8010');
      const stale = await act('天河初审', id, { action: 'accept', version: 7 });
      expect(stale.status).toBe(409);
      const accepted = await act('天河初审', id, { action: 'accept', version: 1 });
      expect(accepted.status).toBe(200);
      expect(accepted.json).toMatchObject({ state: '审核', version: 2 });
      // the same click again, on the version it read: 409, nothing done twice
      expect((await act('天河初审', id, { action: 'accept', version: 1 })).status).toBe(409);
      expect((await act('商务甲', id, { action: 'approve', amount: 700000 })).status).toBe(409); // above the 60万元 ceiling
      expect((await act('商务甲', id, { action: 'approve', amount: 'lots' })).status).toBe(422);
      const approved = await act('商务甲', id, { action: 'approve', amount: '50万', version: 2 });
      expect(approved.status).toBe(200);
      expect(approved.json).toMatchObject({ state: '公示', grantedFen: 50_000_000 });
      expect((await act('商务甲', id, { action: 'publish' })).json.state).toBe('拨付');
      // publicity runs 5 working days: disbursing waits; then four eyes: the approver may not disburse
      const waiting = await act('商务乙', id, { action: 'disburse' });
      expect(waiting.status).toBe(403);
      h.clock.today = '2025-04-30';
      const own = await h.call('商务甲', 'GET', `/api/v1/applications/${id}`);
      expect(own.json.allowedActions).not.toContain('disburse');
      expect((await act('商务甲', id, { action: 'disburse' })).status).toBe(403);
      const paid = await act('商务乙', id, { action: 'disburse' });
      expect(paid.json).toMatchObject({ state: 'disbursed', stateLabel: '已拨付', allowedActions: [] });
      expect((await h.call('商务乙', 'GET', '/api/v1/applications?state=已拨付')).json.map((v: { id: string }) => v.id)).toEqual([id]);
      expect((await h.call('商务乙', 'GET', '/api/v1/applications?state=审核')).json).toEqual([]);
      const audit = await h.call('天河企业', 'GET', `/api/v1/applications/${id}/audit`);
      expect(audit.json.map((e: { user: string; unit: string; action: string }) => [e.user, e.unit, e.action])).toEqual([
        ['天河企业', '申报人', 'apply'],
        ['天河初审', '天河区政府', 'accept'],
        ['商务甲', '市商务局', 'approve'],
        ['商务甲', '市商务局', 'publish'],
        ['商务乙', '市商务局', 'disburse'],
      ]);
      expect(audit.json[2]).toMatchObject({ amountFen: 50_000_000, from: '审核', to: '公示' });
      // the applicant sees its own; another applicant gets 404
      expect((await h.call('海珠企业', 'GET', `/api/v1/applications/${id}/audit`)).status).toBe(404);
      expect((await h.call('海珠企业', 'GET', '/api/v1/applications')).json).toEqual([]);
      expect((await h.call('天河企业', 'GET', `/api/v1/applications/${id}/documents`)).json).toEqual([]);
    });

    it('a cap shared by two applications of one applicant is never exceeded', async () => {
      const a = (await file('天河企业', brandApp(TIANHE_ID, 1_200_000, 'P-1'))).json.id as string;
      const b = (await file('天河企业', brandApp(TIANHE_ID, 1_200_000, 'P-2'))).json.id as string;
      for (const id of [a, b]) expect((await act('天河初审', id, { action: 'accept' })).status).toBe(200);
      expect((await act('商务甲', a, { action: 'approve', amount: 600000 })).status).toBe(200);
      const over = await act('商务甲', b, { action: 'approve', amount: 600000 });
      expect(over.status).toBe(409);
      expect((await act('商务甲', b, { action: 'approve', amount: 400000 })).status).toBe(200);
      const evald = await h.call('商务甲', 'POST', '/api/v1/eval', { policy: 'gz-cbec-2023', application: { ...brandApp(TIANHE_ID, 1_200_000, 'P-3'), date: '2025-04-01' } });
      expect(evald.status).toBe(200);
      expect(evald.json.results.find((r: { benefit: string }) => r.benefit === '品牌推广扶持').ceilingFen).toBe(0);
    });
  });
}
