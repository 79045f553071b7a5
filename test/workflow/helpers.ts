/** Shared by the workflow tests: a fresh database per test, sample applications, and `pol wf` runs. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withUsccCheck } from '../../src/values/uscc.ts';
import { runCli, type CliResult } from '../support/cli.ts';

export const SEED = 'dsl/guangzhou-cbec.pol';
export const ISSUED = '2024-01-01';
export const POLICY = 'gz-cbec-2023';

export function tmp(prefix = 'pol-wf-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface Applicant {
  id: string;
  name: string;
  kind?: string;
  district?: string;
}

/**
 * A valid 统一社会信用代码 (check character computed) made from a short tag: uscc('R-1') → 91440101MA59R1000… .
 * Letters the code does not use (I, O, S, V, Z) become X.
 */
export function uscc(tag: string): string {
  const body = tag.toUpperCase().replace(/[^0-9A-Z]/g, '').replace(/[IOSVZ]/g, 'X');
  return withUsccCheck(('91440101MA59' + body).padEnd(17, '0').slice(0, 17));
}

export const TIANHE: Applicant = { id: uscc('TH'), name: '广州天河某科技有限公司', kind: 'enterprise', district: '天河区' };

/** An application for 品牌推广扶持 (measure 3): 50% of 推广费用, at most 100万元 a year. */
export function brandApp(applicant: Applicant = TIANHE, feeYuan = 1_200_000, date = '2025-03-03', project = 'P-001') {
  return {
    date,
    applicant: { kind: 'enterprise', ...applicant },
    project,
    facts: { 推广费用: feeYuan },
    lists: { 品牌出海企业: { member: true } },
  };
}

/** An application for 麒麟企业奖励 (measure 1): one-time, at most 200万元, first entry to the list. */
export function qilinApp(applicant: Applicant = TIANHE, date = '2025-05-06') {
  return { date, applicant: { kind: 'enterprise', ...applicant }, facts: {}, lists: { 麒麟企业: { member: true, firstTime: true } } };
}

export function writeJson(dir: string, name: string, value: unknown): string {
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify(value, null, 2));
  return p;
}

/** `pol wf …` against one database, as 测试员. */
export function wf(db: string, args: string[], env: Record<string, string> = {}): CliResult {
  return runCli(['wf', ...args, '--db', db], { env: { POL_USER: '测试员', ...env } });
}

/** File an application and return its id (the test fails if it was not filed). */
export function apply(db: string, dir: string, benefit: string, app: unknown, at: string): string {
  const input = writeJson(dir, `app-${Math.random().toString(36).slice(2)}.json`, app);
  const r = wf(db, ['apply', SEED, '--benefit', benefit, '--input', input, '--issued', ISSUED, '--at', at, '--json']);
  if (r.status !== 0) throw new Error(`apply failed (${r.status}): ${r.stderr}`);
  return (JSON.parse(r.stdout) as { id: string }).id;
}

/** Who acts, by action, unless --by is given: four eyes need a different person to accept, approve and disburse. */
const PERSON: Record<string, string> = { accept: '受理员', approve: '审核员', disburse: '拨付员' };

/** Act and expect success. */
export function act(db: string, id: string, as: string, action: string, at: string, ...more: string[]): CliResult {
  const by = more.includes('--by') ? [] : ['--by', PERSON[action] ?? '经办员'];
  const r = wf(db, ['act', id, '--as', as, '--action', action, '--at', at, ...by, ...more]);
  if (r.status !== 0) throw new Error(`act ${action} failed (${r.status}): ${r.stderr}`);
  return r;
}

export function showJson(db: string, id: string, at = '2025-12-31'): Record<string, unknown> & { state: string; version: number; grantedFen: number | null; ceilingFen: number } {
  const r = wf(db, ['show', id, '--json', '--at', at]);
  if (r.status !== 0) throw new Error(`show failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

export function auditJson(db: string, id: string): { seq: number; on: string; by: string; unit: string; action: string; from: string | null; to: string; amountFen: number | null; note: string | null }[] {
  const r = wf(db, ['audit', id, '--json']);
  if (r.status !== 0) throw new Error(`audit failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}
