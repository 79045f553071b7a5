/** Shared by the service tests: a server over a fresh store, users, logins, and sample applications. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { compile } from '../../src/pipeline.ts';
import type { Graph } from '../../src/ir/schema.ts';
import { buildServer, type ServerOptions } from '../../src/serve/app.ts';
import type { ServeStore } from '../../src/serve/context.ts';
import { hashPassword } from '../../src/serve/passwords.ts';
import type { Role } from '../../src/store/identity.ts';
import { noDocuments } from '../../src/workflow/documents.ts';
import { withUsccCheck } from '../../src/values/uscc.ts';
import { openSqliteStore } from '../../src/store/sqlite/index.ts';

/** A fresh SQLite store in a temporary folder. */
export async function sqliteStore(): Promise<ServeStore> {
  return openSqliteStore(join(tmp(), 'serve.db'), { create: true });
}

export const SEED = 'dsl/guangzhou-cbec.pol';
export const ISSUED = '2024-01-01';
export const PASSWORD = 'correct horse 1';
/** scrypt's N for the tests' users: 1024 (a login ~3 ms) instead of the product's 16384. */
export const TEST_COST = { N: 1024 };

let seed: Graph | undefined;
export function seedGraph(): Graph {
  return (seed ??= compile(readFileSync(SEED, 'utf8'), SEED).graph!);
}

export const TIANHE_ID = withUsccCheck('91440106MA59TH000');
export const HAIZHU_ID = withUsccCheck('91440105MA59HC000');

export function tmp(prefix = 'pol-serve-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** 品牌推广扶持 (measure 3): 50% of 推广费用, at most 100万元 per enterprise per year. */
export function brandApp(id = TIANHE_ID, feeYuan = 1_200_000, project = 'P-001', district = '天河区', date = '2025-03-03') {
  return {
    date,
    applicant: { id, name: `广州${district}某科技有限公司`, kind: 'enterprise', district },
    project,
    facts: { 推广费用: feeYuan },
    lists: { 品牌出海企业: { member: true } },
  };
}

/** The people of the seed policy's offices, and two applicants. */
export const PEOPLE: { name: string; unit?: string; role: Role; applicantId?: string }[] = [
  { name: '天河初审', unit: '天河区政府', role: 'clerk' },
  { name: '海珠初审', unit: '海珠区政府', role: 'clerk' },
  { name: '商务甲', unit: '市商务局', role: 'clerk' },
  { name: '商务乙', unit: '广州市商务局', role: 'reviewer' },
  { name: '管理员', unit: '市商务局', role: 'admin' },
  { name: '天河企业', role: 'applicant', applicantId: TIANHE_ID },
  { name: '海珠企业', role: 'applicant', applicantId: HAIZHU_ID },
];

let hashed: string | undefined;
export async function addPeople(store: ServeStore, people = PEOPLE): Promise<void> {
  // the tests log in hundreds of times: a hash that names a small N (verifyPassword reads it from the hash)
  hashed ??= await hashPassword(PASSWORD, TEST_COST);
  for (const p of people) await store.addUser({ name: p.name, unit: p.unit ?? null, role: p.role, applicantId: p.applicantId ?? null, passwordHash: hashed });
}

export interface Harness {
  app: FastifyInstance;
  store: ServeStore;
  tokens: Record<string, string>;
  /** The service's business date; tests move it on. */
  clock: { today: string };
  /** A JSON request as `user` (or without a token). */
  call(user: string | null, method: 'GET' | 'POST', url: string, body?: unknown): Promise<{ status: number; json: any; headers: Record<string, unknown>; body: string }>;
  close(): Promise<void>;
}

export async function harness(store: ServeStore, opts: Partial<ServerOptions> = {}): Promise<Harness> {
  await addPeople(store);
  const clock = { today: '2025-04-01' };
  const app = await buildServer({ store, policies: [{ graph: seedGraph(), issued: ISSUED }], documents: noDocuments, today: () => clock.today, checkResponses: true, ...opts });
  const tokens: Record<string, string> = {};
  const call: Harness['call'] = async (user, method, url, body) => {
    const r = await app.inject({ method, url, headers: user ? { authorization: `Bearer ${tokens[user]}` } : {}, ...(body !== undefined ? { payload: body as object } : {}) });
    let json: unknown;
    try {
      json = JSON.parse(r.body);
    } catch {
      json = undefined;
    }
    return { status: r.statusCode, json, headers: r.headers, body: r.body };
  };
  for (const p of PEOPLE) {
    const r = await call(null, 'POST', '/api/v1/login', { user: p.name, password: PASSWORD });
    if (r.status !== 200) throw new Error(`login ${p.name}: ${r.status} ${r.body}`);
    tokens[p.name] = r.json.token;
  }
  return { app, store, tokens, clock, call, close: async () => { await app.close(); await store.close(); } };
}
