/** The HTTP contract (contract.ts) on a SQLite store, and what is checked once: eval as the CLI, documents. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultDocuments } from '../../src/step-documents.ts';
import { runCli } from '../support/cli.ts';
import { serveContract } from './contract.ts';
import { brandApp, harness, sqliteStore, TIANHE_ID, tmp, type Harness } from './helpers.ts';

serveContract('SQLite', sqliteStore);

describe('on SQLite, once', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness(await sqliteStore(), { documents: defaultDocuments });
  });
  afterEach(async () => h.close());

  it('POST /api/v1/eval answers exactly what pol eval --json --db answers, ledger included; documents are served as files', async () => {
    const filed = await h.call('天河企业', 'POST', '/api/v1/applications', { policy: 'gz-cbec-2023', benefit: '品牌推广扶持', application: brandApp() });
    const id = filed.json.id as string;
    expect((await h.call('天河初审', 'POST', `/api/v1/applications/${id}/actions`, { action: 'accept' })).status).toBe(200);
    expect((await h.call('商务甲', 'POST', `/api/v1/applications/${id}/actions`, { action: 'approve', amount: 300000 })).status).toBe(200);
    // documents: 受理通知书, PDF and DOCX; no certificate before its amount's 公示 has ended without objection
    const docs = (await h.call('天河企业', 'GET', `/api/v1/applications/${id}/documents`)).json as { id: string; kind: string; date: string; format: string; size: number }[];
    expect(docs.map((d) => [d.kind, d.format])).toEqual([
      ['受理通知书', 'pdf'],
      ['受理通知书', 'docx'],
    ]);
    const pdf = await h.app.inject({ method: 'GET', url: `/api/v1/applications/${id}/documents/${docs[0]!.id}`, headers: { authorization: `Bearer ${h.tokens['天河企业']}` } });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.rawPayload.length).toBe(docs[0]!.size);
    expect((await h.call('天河企业', 'GET', `/api/v1/applications/${id}/documents/999`)).status).toBe(404);
    // eval: the same object as the CLI reading the same database
    const app = { ...brandApp(TIANHE_ID, 1_600_000, 'P-2'), date: '2025-03-20' };
    const api = await h.call('商务甲', 'POST', '/api/v1/eval', { policy: 'gz-cbec-2023', application: app });
    const input = join(tmp(), 'app.json');
    writeFileSync(input, JSON.stringify(app));
    const cli = runCli(['eval', 'dsl/guangzhou-cbec.pol', '--input', input, '--issued', '2024-01-01', '--json', '--db', h.store.location]);
    expect(cli.status).toBe(0);
    expect(api.json).toEqual(JSON.parse(cli.stdout));
    // 80万 by the rate, but 30万 of the 100万 yearly cap is granted already: 70万
    expect(api.json.results.find((r: { benefit: string }) => r.benefit === '品牌推广扶持').ceilingFen).toBe(70_000_000);
    // published, and disbursed once the period is over: now the certificate is issued, at disbursement
    expect((await h.call('商务甲', 'POST', `/api/v1/applications/${id}/actions`, { action: 'publish' })).status).toBe(200);
    h.clock.today = '2025-04-30';
    expect((await h.call('商务乙', 'POST', `/api/v1/applications/${id}/actions`, { action: 'disburse' })).status).toBe(200);
    const after = (await h.call('天河企业', 'GET', `/api/v1/applications/${id}/documents`)).json as { kind: string; date: string; format: string }[];
    expect(after.map((d) => [d.kind, d.date, d.format]).slice(2)).toEqual([
      ['公示', '2025-04-01', 'pdf'],
      ['公示', '2025-04-01', 'docx'],
      ['资金扶持确认书', '2025-04-30', 'pdf'],
      ['资金扶持确认书', '2025-04-30', 'docx'],
    ]);
  }, 60_000);
});
