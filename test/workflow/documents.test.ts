// The documents the workflow issues (DESIGN §7; issue #14 point 8), in process on SQLite: the 奖励证书 /
// 资金扶持确认书 only once the 公示 of its amount has ended without an upheld objection, and every document's
// 发文字号 from a stored sequence per (policy, kind, year), the same on every rendering.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/pipeline.ts';
import { defaultDocuments } from '../../src/step-documents.ts';
import type { Store } from '../../src/store/types.ts';
import { documentTitle, renderDocuments, type DocumentIssuer } from '../../src/workflow/documents.ts';
import { openStore } from '../../src/workflow/open.ts';
import { act, fileApplication, prepareFiling } from '../../src/workflow/service.ts';
import { verifyStore } from '../../src/workflow/verify.ts';
import { ROOT } from '../support/cli.ts';
import { brandApp, ISSUED, SEED, TIANHE, tmp } from './helpers.ts';

const source = readFileSync(join(ROOT, SEED), 'utf8');
const seed = compile(source, SEED).graph!;
// the same workflow ending with its publicity step (no disbursement step after it)
const endsWithPublicity = compile(source.replace(/\n {2}步骤 拨付 由 牵头单位 限 30日/, ''), SEED).graph!;

/** Renders nothing real: one small file per request, named by its kind and number; counts the calls. */
function capture() {
  const calls: string[] = [];
  const issuer: DocumentIssuer = async (req) => {
    const kind = documentTitle(req.graph, req.application.benefit, req.kind);
    calls.push(`${kind} ${req.docNumber}`);
    return { documents: [{ kind, action: req.action, fileName: `${kind} ${req.docNumber}.pdf`, mediaType: 'application/pdf', bytes: new Uint8Array([37]) }], warnings: [] };
  };
  return { issuer, calls };
}

async function withStore(run: (store: Store) => Promise<void>): Promise<void> {
  const store = await openStore(join(tmp(), 'wf.db'), { create: true });
  try {
    await run(store);
  } finally {
    await store.close();
  }
}

async function fileOne(store: Store, graph = seed, project = 'P-001', on = '2025-03-03') {
  const filed = await fileApplication(store, await prepareFiling(store, graph, '品牌推广扶持', ISSUED), brandApp(TIANHE, 1_200_000, on, project), { today: on, by: '申报员' });
  if (!filed.ok) throw filed.error;
  return filed.record.id;
}

const step = (store: Store, id: string, as: string, action: Parameters<typeof act>[2]['action'], today: string, by = '经办员', note?: string) =>
  act(store, id, { as, action, ...(note ? { note } : {}) }, { today, by });

/** The file names of an application's documents issued on `today`. */
async function names(store: Store, id: string, issuer: DocumentIssuer, today: string, graph = seed): Promise<string[]> {
  return (await renderDocuments(store, graph, (await store.get(id))!, issuer, today)).documents.map((d) => d.fileName);
}

describe('the certificate waits for the end of publicity', () => {
  it('is not issued at approval nor during the period, and is issued (numbered) at disbursement', async () => {
    await withStore(async (store) => {
      const { issuer, calls } = capture();
      const id = await fileOne(store);
      await step(store, id, '天河区政府', 'accept', '2025-03-04', '受理员');
      await step(store, id, '市商务局', 'approve', '2025-03-10', '审核员');
      expect((await store.documentRequests(id)).map((r) => r.kind)).toEqual(['受理通知书']);
      expect(await names(store, id, issuer, '2025-03-10')).toEqual(['受理通知书 市商务局受〔2025〕1号.pdf']);
      await step(store, id, '市商务局', 'publish', '2025-03-11');
      // the period runs 2025-03-11 … 03-17: no certificate yet, whatever day one looks
      expect(await names(store, id, issuer, '2025-03-18')).toEqual(['受理通知书 市商务局受〔2025〕1号.pdf', '公示 市商务局公〔2025〕1号.pdf']);
      await step(store, id, '市商务局', 'disburse', '2025-03-19', '拨付员');
      const after = ['受理通知书 市商务局受〔2025〕1号.pdf', '公示 市商务局公〔2025〕1号.pdf', '资金扶持确认书 市商务局扶〔2025〕1号.pdf'];
      expect(await names(store, id, issuer, '2025-03-19')).toEqual(after);
      // rendered once each; looking again shows the same files and numbers
      expect(await names(store, id, issuer, '2025-04-01')).toEqual(after);
      expect(calls).toEqual(['受理通知书 市商务局受〔2025〕1号', '公示 市商务局公〔2025〕1号', '资金扶持确认书 市商务局扶〔2025〕1号']);
      expect((await store.documentRequests(id)).at(-1)).toMatchObject({ kind: '奖励证书', action: 'disburse', amountFen: 60_000_000, docNumber: '市商务局扶〔2025〕1号' });
      expect((await verifyStore(store)).ok).toBe(true);
    });
  });

  it('an objection upheld during publicity leaves no certificate', async () => {
    await withStore(async (store) => {
      const { issuer } = capture();
      const id = await fileOne(store);
      await step(store, id, '天河区政府', 'accept', '2025-03-04', '受理员');
      await step(store, id, '市商务局', 'approve', '2025-03-10', '审核员');
      await step(store, id, '市商务局', 'publish', '2025-03-11');
      await step(store, id, '市商务局', 'object', '2025-03-13', '经办员', '举报属实');
      expect((await store.get(id))!.state).toBe('审核');
      expect((await store.documentRequests(id)).map((r) => r.kind)).toEqual(['受理通知书', '公示']);
      expect((await names(store, id, issuer, '2025-04-30')).filter((n) => n.includes('确认书'))).toEqual([]);
    });
  });

  it('where publicity ends the workflow, the certificate recorded with the 公示 is issued only once the period is over, and never after an objection', async () => {
    await withStore(async (store) => {
      const { issuer, calls } = capture();
      const g = endsWithPublicity;
      const id = await fileOne(store, g);
      await step(store, id, '天河区政府', 'accept', '2025-03-04', '受理员');
      await step(store, id, '市商务局', 'approve', '2025-03-10', '审核员');
      await step(store, id, '市商务局', 'publish', '2025-03-11');
      expect((await store.get(id))!.state).toBe('closed');
      const cert = (ns: string[]) => ns.filter((n) => n.includes('确认书'));
      expect(cert(await names(store, id, issuer, '2025-03-17', g))).toEqual([]);
      await step(store, id, '市商务局', 'object', '2025-03-14', '经办员', '举报属实');
      expect(cert(await names(store, id, issuer, '2025-04-01', g))).toEqual([]);
      // approved and published again: the new period's certificate, once that period is over
      await step(store, id, '市商务局', 'approve', '2025-04-01', '审核员');
      await step(store, id, '市商务局', 'publish', '2025-04-02');
      const until = (await store.get(id))!.publicity!.until;
      expect(cert(await names(store, id, issuer, until, g))).toEqual([]);
      expect(cert(await names(store, id, issuer, '2025-05-06', g))).toEqual(['资金扶持确认书 市商务局扶〔2025〕2号.pdf']);
      // the voided first one had its number (1号) and is never issued
      expect(calls.filter((c) => c.includes('确认书'))).toEqual(['资金扶持确认书 市商务局扶〔2025〕2号']);
    });
  });
});

describe('a database from before these rules', () => {
  it('a certificate recorded at approval is withheld until the period is over and no later step issues one; numbered when first rendered', async () => {
    const path = join(tmp(), 'wf.db');
    const store = await openStore(path, { create: true });
    const { issuer } = capture();
    const legacy = (id: string) => {
      // as the previous version recorded it: at approval, without a number
      const raw = new Database(path);
      raw.prepare("INSERT INTO document_requests (application_id, kind, action, unit, reasons, amount_fen, on_date) VALUES (?, '奖励证书', 'approve', '市商务局', '[]', 60000000, '2025-03-10')").run(id);
      raw.close();
    };
    try {
      const [a, b] = [await fileOne(store, seed, 'P-A'), await fileOne(store, seed, 'P-B')];
      for (const id of [a, b]) {
        await step(store, id, '天河区政府', 'accept', '2025-03-04', '受理员');
        await step(store, id, '市商务局', 'approve', '2025-03-10', '审核员');
        legacy(id);
        await step(store, id, '市商务局', 'publish', '2025-03-11');
      }
      const cert = async (id: string, today: string) => (await names(store, id, issuer, today)).filter((n) => n.includes('确认书'));
      expect(await cert(a, '2025-03-17')).toEqual([]);
      // a: still to be disbursed, and disbursement issues the certificate: the old one is never issued
      expect(await cert(a, '2025-03-18')).toEqual([]);
      await step(store, a, '市商务局', 'disburse', '2025-03-19', '拨付员');
      expect(await cert(a, '2025-03-19')).toEqual(['资金扶持确认书 市商务局扶〔2025〕1号.pdf']);
      // b: disbursed as the old version did it (its step issued nothing): the old request is issued, numbered now
      await store.commit({
        id: b,
        expectVersion: 4,
        next: { state: 'disbursed', since: '2025-03-20', publicity: (await store.get(b))!.publicity, grantedFen: 60_000_000, due: null },
        audit: { on: '2025-03-20', by: '拨付员', unit: '市商务局', action: 'disburse', from: '拨付', to: 'disbursed', amountFen: null, note: null },
      });
      // a read-only database cannot number it: left out with a warning, never printed with a blank number
      const ro = await openStore(path, { readonly: true });
      try {
        const out = await renderDocuments(ro, seed, (await ro.get(b))!, issuer, '2025-03-20');
        expect(out.documents.map((d) => d.fileName).filter((n) => n.includes('确认书'))).toEqual([]);
        expect(out.warnings).toEqual([expect.stringContaining('POL5140')]);
      } finally {
        await ro.close();
      }
      expect(await cert(b, '2025-03-20')).toEqual(['资金扶持确认书 市商务局扶〔2025〕2号.pdf']);
      expect(await cert(b, '2025-04-20')).toEqual(['资金扶持确认书 市商务局扶〔2025〕2号.pdf']);
    } finally {
      await store.close();
    }
  });
});

describe('发文字号', () => {
  it('numbers 1, 2, 3 in order per policy, kind and year; refused steps take no number', async () => {
    await withStore(async (store) => {
      const ids = [await fileOne(store, seed, 'P-1', '2025-12-22'), await fileOne(store, seed, 'P-2', '2025-12-22'), await fileOne(store, seed, 'P-3', '2025-12-22')];
      const four = await fileOne(store, seed, 'P-4', '2025-12-22');
      await step(store, ids[0]!, '天河区政府', 'accept', '2025-12-29');
      // refused (a unit that does not act there): nothing recorded, no number taken
      await expect(step(store, ids[1]!, '市商务局', 'accept', '2025-12-29')).rejects.toMatchObject({ code: 'POL5102' });
      await step(store, ids[1]!, '天河区政府', 'accept', '2025-12-30');
      await step(store, four, '天河区政府', 'reject', '2025-12-30', '经办员', '材料不实');
      await step(store, ids[2]!, '天河区政府', 'accept', '2025-12-31');
      const fifth = await fileOne(store, seed, 'P-5', '2026-01-04');
      await step(store, fifth, '天河区政府', 'accept', '2026-01-05');
      const numbers = async (id: string) => (await store.documentRequests(id)).map((r) => r.docNumber);
      expect([...(await Promise.all(ids.map(numbers))).flat(), ...(await numbers(fifth))]).toEqual([
        '市商务局受〔2025〕1号',
        '市商务局受〔2025〕2号',
        '市商务局受〔2025〕3号',
        '市商务局受〔2026〕1号',
      ]);
      expect(await numbers(four)).toEqual(['市商务局函〔2025〕1号']);
    });
  });

  it('takes the 机关代字 from the policy’s 文号, and the rendered notice prints the number (never a blank one)', async () => {
    const numbered = compile(source.replace('  发布：市商务局\n', '  发布：市商务局\n  文号："穗商务规字〔2024〕1号"\n'), SEED).graph!;
    await withStore(async (store) => {
      const id = await fileOne(store, numbered);
      await step(store, id, '天河区政府', 'accept', '2025-03-04');
      const { documents, warnings } = await renderDocuments(store, numbered, (await store.get(id))!, defaultDocuments, '2025-03-04');
      expect(warnings).toEqual([]);
      const docx = documents.find((d) => d.fileName.endsWith('.docx'))!;
      const xml = await (await JSZip.loadAsync(docx.bytes)).file('word/document.xml')!.async('string');
      const text = xml.replace(/<[^>]+>/g, '');
      expect(text).toContain('穗商务受〔2025〕1号');
      expect(text).not.toMatch(/〔\d{4}〕\s*　*号/);
    });
  }, 60_000);
});
