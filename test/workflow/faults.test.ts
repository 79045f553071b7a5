// Faults with real processes: three `pol wf act` at the same moment on one application (exactly one wins,
// the others are told the state changed), two approvals racing for one applicant's annual cap, and a
// batch `pol wf apply` killed with SIGKILL (every application fully stored or absent).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CLI, processEnv, ROOT } from '../support/cli.ts';
import { rng } from '../support/rng.ts';
import { act, apply, auditJson, brandApp, ISSUED, SEED, showJson, TIANHE, tmp, writeJson, uscc, wf as wfRun } from './helpers.ts';

interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function start(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: processEnv({ POL_USER: '测试员', ...env }) });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Run>((resolve) => child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr })));
  return { child, done };
}

describe('processes acting at the same moment', () => {
  it('three on one application: exactly one succeeds, the others are told the state changed and nothing of theirs is written', async () => {
    // one round of three (not three rounds of two): each loser meets the winner's commit, which one wins is left to chance
    const dir = tmp();
    const db = join(dir, 'wf.db');
    const id = apply(db, dir, '品牌推广扶持', brandApp({ ...TIANHE, id: uscc('C-0') }), '2025-03-03');
    const barrier = `${join(dir, 'barrier')}:3`;
    const args = (unit: string) => ['wf', 'act', id, '--as', unit, '--action', 'accept', '--at', '2025-03-04', '--db', db];
    const runs = await Promise.all(['天河区政府', '广州空港委', '市市场监管局'].map((unit) => start(args(unit), { POL_TEST_BARRIER: barrier }).done));
    runs.sort((x, y) => (x.status ?? 0) - (y.status ?? 0));
    expect(runs.map((r) => r.status), runs.map((r) => r.stderr).join('\n')).toEqual([0, 3, 3]);
    for (const loser of runs.slice(1)) expect(loser.stderr).toContain(`POL5103: 申请 ${id} 的状态已被另一操作改变（读取时为“初审”，现为“审核”）；本次操作未生效`);
    const log = auditJson(db, id);
    expect(log.map((e) => e.action)).toEqual(['apply', 'accept']);
    expect(showJson(db, id).version).toBe(2);
  });

  it('on two applications of one applicant: the annual cap holds (the second approval re-evaluates and is refused)', async () => {
    const dir = tmp();
    const db = join(dir, 'wf.db');
    // two applications of 60万 each; 每企业每年不超过 100万元
    const ids = [apply(db, dir, '品牌推广扶持', brandApp(TIANHE, 1_200_000, '2025-03-03', 'P-1'), '2025-03-03'), apply(db, dir, '品牌推广扶持', brandApp(TIANHE, 1_200_000, '2025-03-03', 'P-2'), '2025-03-03')];
    for (const id of ids) act(db, id, '天河区政府', 'accept', '2025-03-04');
    const barrier = `${join(dir, 'barrier')}:2`;
    const runs = await Promise.all(
      ids.map((id) => start(['wf', 'act', id, '--as', '市商务局', '--action', 'approve', '--amount', '60万', '--at', '2025-03-05', '--db', db], { POL_TEST_BARRIER: barrier }).done),
    );
    expect(runs.map((r) => r.status).sort()).toEqual([0, 3]);
    const loser = runs.find((r) => r.status === 3)!;
    expect(loser.stderr).toContain('POL5104: 核定金额 60万元 超过此刻的上限 40万元');
    const granted = ids.map((id) => showJson(db, id).grantedFen);
    expect(granted.filter((g) => g !== null)).toEqual([60_000_000]);
  });
});

describe('SIGKILL in the middle of a batch', () => {
  it('a batch killed at random moments and run again files every application exactly once, each whole', async () => {
    // (the run's temporary folder is in memory where it can be: test/support/global-setup.ts)
    const dir = tmp();
    const db = join(dir, 'wf.db');
    const n = 600;
    const apps = Array.from({ length: n }, (_, i) => brandApp({ ...TIANHE, id: uscc(`K${i}`) }, 100_000 + i, '2025-03-03', `P-${i}`));
    const input = writeJson(dir, 'batch.json', apps);
    const args = ['wf', 'apply', SEED, '--benefit', '品牌推广扶持', '--input', input, '--issued', ISSUED, '--at', '2025-03-03', '--db', db];
    const count = () => {
      try {
        const peek = new Database(db, { readonly: true, timeout: 5000 });
        const c = peek.prepare('SELECT count(*) FROM applications').pluck().get() as number;
        peek.close();
        return c;
      } catch {
        return 0; // not created yet
      }
    };
    const random = rng(9);
    let killed = 0;
    for (let round = 0; round < 3; round++) {
      // kill without warning once a random number of further applications are in
      const target = count() + 10 + Math.floor(random() * 100);
      const { child, done } = start(args);
      for (let i = 0; i < 1200 && count() < target; i++) await new Promise((r) => setTimeout(r, 25));
      child.kill('SIGKILL');
      const r = await done;
      if (r.signal === 'SIGKILL') killed++;
    }
    expect(killed).toBeGreaterThan(0);
    const before = count();
    expect(before).toBeLessThan(n);
    const last = await start(args).done;
    expect(last.status).toBe(0);
    expect(last.stdout.match(/相同的申报已登记为/g)?.length).toBe(before);

    const check = new Database(db);
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(check.prepare('SELECT count(*) FROM applications').pluck().get()).toBe(n);
    expect(check.prepare('SELECT count(DISTINCT applicant_id || project) FROM applications').pluck().get()).toBe(n);
    // every application has exactly its one apply line, every audit line has its application
    expect(check.prepare("SELECT count(*) FROM applications a WHERE (SELECT count(*) FROM audit WHERE application_id = a.id AND action = 'apply') != 1").pluck().get()).toBe(0);
    expect(check.prepare('SELECT count(*) FROM audit WHERE application_id NOT IN (SELECT id FROM applications)').pluck().get()).toBe(0);
    const rows = check.prepare('SELECT applicant_id, application, state, ceiling_fen FROM applications ORDER BY seq').all() as { applicant_id: string; application: string; state: string; ceiling_fen: number }[];
    rows.forEach((row, i) => {
      expect(row.applicant_id).toBe(apps[i]!.applicant.id);
      expect(JSON.parse(row.application)).toEqual(apps[i]);
      expect(row.ceiling_fen).toBe((100_000 + i) * 50);
    });
    check.close();
    expect(wfRun(db, ['verify']).status).toBe(0);
  }, 240_000);
});
