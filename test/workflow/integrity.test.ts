// DESIGN §7 "Integrity of the money": one test per rule through the CLI, and `pol wf verify` against each
// kind of tampering (done with raw SQL after dropping the triggers, as an attacker with the file would).
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, readdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/pipeline.ts';
import { fileApplication, prepareFiling, act as actOn } from '../../src/workflow/service.ts';
import { openStore } from '../../src/workflow/open.ts';
import { verifyStore } from '../../src/workflow/verify.ts';
import { canonicalApplicantId, usccProblem, withUsccCheck } from '../../src/values/uscc.ts';
import { ROOT, runCli } from '../support/cli.ts';
import { act, apply, brandApp, ISSUED, SEED, showJson, TIANHE, tmp, uscc, wf, writeJson } from './helpers.ts';

describe('统一社会信用代码', () => {
  it('computes and checks the check character (GB 32100-2015)', () => {
    expect(withUsccCheck('91440101MA59TEXT0')).toBe('91440101MA59TEXT0R'); // DESIGN §5's example is valid
    expect(usccProblem('91350100M000100Y43')).toBeUndefined();
    expect(usccProblem('91350100M000100Y44')).toContain('校验位应为 3');
    expect(usccProblem('91350100M00010OY43')).toContain('“O”');
    expect(canonicalApplicantId(' ９１４４０１０１ma59text0r ')).toBe('91440101MA59TEXT0R');
  });

  it('one applicant, one identity: lower case, spaces and full width are the same applicant; a wrong code is refused', () => {
    const dir = tmp();
    const db = join(dir, 'wf.db');
    const id = TIANHE.id;
    const variants = [id.toLowerCase(), ` ${id.slice(0, 6)} ${id.slice(6)}`, id.replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))];
    const first = apply(db, dir, '品牌推广扶持', brandApp(), '2025-03-03');
    for (const v of variants) {
      const r = wf(db, ['apply', SEED, '--benefit', '品牌推广扶持', '--input', writeJson(dir, 'v.json', brandApp({ ...TIANHE, id: v })), '--issued', ISSUED, '--at', '2025-03-03']);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain(`相同的申报已登记为 ${first}`);
    }
    const bad = wf(db, ['apply', SEED, '--benefit', '品牌推广扶持', '--input', writeJson(dir, 'b.json', brandApp({ ...TIANHE, id: id.slice(0, 17) + (id[17] === '0' ? '1' : '0') })), '--issued', ISSUED, '--at', '2025-03-03']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('POL5126');
    expect(bad.stderr).toContain('applicant.id');
    // pol eval stores nothing: it warns and evaluates
    const ev = runCli(['eval', SEED, '--input', writeJson(dir, 'e.json', brandApp({ ...TIANHE, id: '91440101MA59TEXT0X' })), '--issued', ISSUED, '--json']);
    expect(ev.status).toBe(0);
    expect(JSON.parse(ev.stdout).diagnostics).toMatchObject([{ code: 'POL5127', severity: 'warning', path: 'applicant.id' }]);
  });
});

describe('the system’s dates rule', () => {
  const dir = tmp();
  const db = join(dir, 'wf.db');
  it('refuses a business date after today, an application dated after its filing, and a step dated before the last', () => {
    const future = wf(db, ['apply', SEED, '--benefit', '品牌推广扶持', '--input', writeJson(dir, 'a.json', brandApp()), '--issued', ISSUED, '--at', '2025-03-10'], { POL_NOW: '2025-03-05' });
    expect(future.status).toBe(1);
    expect(future.stderr).toContain('POL5120: 业务日期 2025-03-10 晚于今天 2025-03-05');
    const early = wf(db, ['apply', SEED, '--benefit', '品牌推广扶持', '--input', writeJson(dir, 'b.json', brandApp(TIANHE, 1_200_000, '2025-03-09')), '--issued', ISSUED, '--at', '2025-03-05']);
    expect(early.status).toBe(1);
    expect(early.stderr).toContain('POL5121: 申报日期 2025-03-09 晚于登记日期 2025-03-05');
    const id = apply(db, dir, '品牌推广扶持', brandApp(), '2025-03-05');
    const ahead = wf(db, ['act', id, '--as', '天河区政府', '--action', 'accept', '--at', '2030-01-01']);
    expect(ahead.status).toBe(3);
    expect(ahead.stderr).toContain('POL5120');
    const back = wf(db, ['act', id, '--as', '天河区政府', '--action', 'accept', '--at', '2025-03-04']);
    expect(back.status).toBe(3);
    expect(back.stderr).toContain('POL5112');
  });
});

describe('one application per project', () => {
  it('returns the identical application (exit 0, says so) and refuses a different one while it is open', () => {
    const dir = tmp();
    const db = join(dir, 'wf.db');
    const id = apply(db, dir, '品牌推广扶持', brandApp(), '2025-03-03');
    const again = wf(db, ['apply', SEED, '--benefit', '品牌推广扶持', '--input', writeJson(dir, 'a.json', brandApp()), '--issued', ISSUED, '--at', '2025-03-04', '--json']);
    expect(again.status).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ id, existing: true, filed: false });
    const other = wf(db, ['apply', SEED, '--benefit', '品牌推广扶持', '--input', writeJson(dir, 'b.json', brandApp(TIANHE, 900_000)), '--issued', ISSUED, '--at', '2025-03-04']);
    expect(other.status).toBe(1);
    expect(other.stderr).toContain(`POL5124`);
    expect(other.stderr).toContain(id);
  });
});

describe('four eyes', () => {
  it('the person who accepted may not approve; the approver may not disburse; disbursement waits for publicity', () => {
    const dir = tmp();
    const db = join(dir, 'wf.db');
    const id = apply(db, dir, '品牌推广扶持', brandApp(), '2025-03-03');
    act(db, id, '天河区政府', 'accept', '2025-03-04', '--by', '张三');
    const same = wf(db, ['act', id, '--as', '市商务局', '--action', 'approve', '--at', '2025-03-05', '--by', '张三']);
    expect(same.status).toBe(3);
    expect(same.stderr).toContain('POL5122: 四眼原则：张三 已受理本申请');
    act(db, id, '市商务局', 'approve', '2025-03-05', '--by', '李四');
    act(db, id, '市商务局', 'publish', '2025-03-06', '--by', '王五');
    const early = wf(db, ['act', id, '--as', '市商务局', '--action', 'disburse', '--at', '2025-03-07', '--by', '赵六']);
    expect(early.status).toBe(3);
    expect(early.stderr).toContain('POL5109');
    const approver = wf(db, ['act', id, '--as', '市商务局', '--action', 'disburse', '--at', '2025-03-20', '--by', '李四']);
    expect(approver.status).toBe(3);
    expect(approver.stderr).toContain('POL5123');
    act(db, id, '市商务局', 'disburse', '2025-03-20', '--by', '赵六');
    expect(showJson(db, id).state).toBe('disbursed');
  });
});

const seedGraph = compile(readFileSync(join(ROOT, SEED), 'utf8'), SEED).graph!;

/** A database with one application approved, one accepted: rows in every table (built in-process, once). */
const template = (async () => {
  const db = join(tmp(), 'template.db');
  const store = await openStore(db, { create: true });
  const f = await prepareFiling(store, seedGraph, '品牌推广扶持', ISSUED);
  const ids: string[] = [];
  for (const who of [TIANHE, { ...TIANHE, id: uscc('V-2') }]) {
    const r = await fileApplication(store, f, brandApp(who), { today: '2025-03-03', by: '申报员' });
    if (!r.ok) throw r.error;
    ids.push(r.record.id);
  }
  await actOn(store, ids[0]!, { as: '天河区政府', action: 'accept' }, { today: '2025-03-04', by: '受理员' });
  await actOn(store, ids[0]!, { as: '市商务局', action: 'approve' }, { today: '2025-03-05', by: '审核员' });
  await actOn(store, ids[1]!, { as: '天河区政府', action: 'accept' }, { today: '2025-03-05', by: '受理员' });
  await store.close();
  return { db, ids };
})();

async function sample(): Promise<{ db: string; ids: string[] }> {
  const t = await template;
  const db = join(tmp(), 'wf.db');
  copyFileSync(t.db, db);
  return { db, ids: t.ids };
}

async function verifyIn(db: string) {
  const store = await openStore(db);
  try {
    return await verifyStore(store);
  } finally {
    await store.close();
  }
}

function tamper(db: string, sql: string, ...args: unknown[]): void {
  const d = new Database(db);
  d.exec('DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; DROP TRIGGER ledger_no_update; DROP TRIGGER ledger_no_delete; DROP TRIGGER applications_audited; DROP TRIGGER ledger_audited;');
  d.prepare(sql).run(...args);
  d.close();
}

describe('pol wf verify', () => {
  it('says an untouched database is intact (exit 0), and names the first bad row of a tampered one (exit 1)', async () => {
    const { db } = await sample();
    const r = wf(db, ['verify']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('POL5138');
    expect(await verifyIn(db)).toMatchObject({ ok: true, applications: 2, auditRows: 5, ledgerRows: 1 });
    tamper(db, "UPDATE audit SET by_person = '某人' WHERE seq = 3");
    const bad = wf(db, ['verify', '--json']);
    expect(bad.status).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, problems: [{ code: 'POL5134', table: 'audit', row: 3 }] });
  });

  const cases: [string, (db: string, ids: string[]) => void, string][] = [
    ['an edited audit row', (db) => tamper(db, "UPDATE audit SET by_person = '某人' WHERE seq = 2"), '审计日志第 2 行与哈希链不符：内容与其哈希不符'],
    ['an edited ledger row', (db) => tamper(db, 'UPDATE ledger SET amount_fen = 1'), '台账第 1 行与哈希链不符：内容与其哈希不符'],
    ['a deleted audit row', (db) => tamper(db, 'DELETE FROM audit WHERE seq = 2'), '审计日志第 3 行与哈希链不符：与上一行不相连'],
    ['a deleted last ledger row', (db) => tamper(db, 'DELETE FROM ledger'), '的台账合计 0元 与核定金额'],
    ['an inserted ledger row (a fake reversal)', (db, ids) => tamper(db, `INSERT INTO ledger (seq, application_id, policy_id, applicant_id, benefit, date, amount_fen, kind, on_date, audit_seq, prev_hash, hash)
      SELECT 2, application_id, policy_id, applicant_id, benefit, date, -amount_fen, 'reversal', on_date, audit_seq, hash, 'x' FROM ledger WHERE application_id = ?`, ids[0]), '台账第 2 行与哈希链不符'],
    ['a state that disagrees with the audit log', (db, ids) => tamper(db, "UPDATE applications SET state = '拨付' WHERE id = ?", ids[1]), '与审计日志不符：状态为“拨付”'],
    ['a granted amount that disagrees with the ledger', (db, ids) => tamper(db, 'UPDATE applications SET granted_fen = 100000000 WHERE id = ?', ids[0]), '与核定金额 100万元 不符'],
  ];
  for (const [what, doIt, message] of cases) {
    it(`names the first row that fails after ${what}`, async () => {
      const { db, ids } = await sample();
      doIt(db, ids);
      const r = await verifyIn(db);
      expect(r.ok).toBe(false);
      expect(r.problems[0]!.message).toContain(message);
    });
  }
});

describe('storage faults', () => {
  it('a missing file given to a read command: a clear message, exit 1, nothing created', () => {
    const dir = tmp();
    for (const args of [['list'], ['show', '2025-000001'], ['verify'], ['act', '2025-000001', '--as', '市商务局', '--action', 'accept']]) {
      const db = join(dir, 'typo', 'wf.db');
      const r = wf(db, args);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('POL5128');
      expect(existsSync(join(dir, 'typo'))).toBe(false);
    }
    const ev = runCli(['eval', SEED, '--input', writeJson(dir, 'a.json', brandApp()), '--issued', ISSUED, '--db', join(dir, 'typo.db')]);
    expect(ev.status).toBe(1);
    expect(ev.stderr).toContain('POL5128');
    expect(existsSync(join(dir, 'typo.db'))).toBe(false);
  });

  it('a full disk: a clear message, exit 1, every application stored before it whole, the chain intact', (ctx) => {
    // a 512 KB tmpfs, nearly filled; needs root (mount), else skipped with the reason printed
    const mnt = tmp('pol-full-');
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=512k', 'tmpfs', mnt]);
    if (mounted.status !== 0) {
      console.log(`skipped: cannot mount a small tmpfs here (${mounted.stderr?.toString().trim() || 'mount failed'})`);
      ctx.skip();
      return;
    }
    try {
      const db = join(mnt, 'wf.db');
      expect(wf(db, ['init']).status).toBe(0);
      const avail = statfsSync(mnt).bavail * statfsSync(mnt).bsize;
      writeFileSync(join(mnt, 'filler'), Buffer.alloc(avail - 160 * 1024));
      const apps = Array.from({ length: 300 }, (_, i) => brandApp({ ...TIANHE, id: uscc(`F${i}`) }, 100_000 + i, '2025-03-03', `P-${i}`));
      const r = wf(db, ['apply', SEED, '--benefit', '品牌推广扶持', '--input', writeJson(tmp(), 'batch.json', apps), '--issued', ISSUED, '--at', '2025-03-03']);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('POL5130: 磁盘已满');
      expect(r.stderr).not.toContain('internal error');
      rmSync(join(mnt, 'filler'));
      const v = wf(db, ['verify', '--json']);
      expect(v.status).toBe(0);
      expect(JSON.parse(v.stdout).applications).toBeLessThan(300);
      expect(readdirSync(mnt).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    } finally {
      spawnSync('umount', [mnt]);
    }
  });

  it('a read-only database: a write says so (exit 1) and changes nothing', (ctx) => {
    // root ignores file modes: a read-only mount then (a small tmpfs remounted read-only)
    const root = process.getuid?.() === 0;
    const dir = tmp();
    if (root && spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir]).status !== 0) {
      console.log('skipped: running as root and cannot mount a tmpfs to make a read-only file');
      ctx.skip();
      return;
    }
    const db = join(dir, 'wf.db');
    try {
      const id = apply(db, dir, '品牌推广扶持', brandApp(), '2025-03-03');
      if (root) expect(spawnSync('mount', ['-o', 'remount,ro', dir]).status).toBe(0);
      else {
        chmodSync(db, 0o444);
        chmodSync(dir, 0o555);
      }
      const r = wf(db, ['act', id, '--as', '天河区政府', '--action', 'accept', '--at', '2025-03-04']);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('POL5129');
      // a read-only file in a writable folder still reads (a read-only file system cannot hold WAL's index: POL5129 too)
      if (!root) expect(wf(db, ['show', id, '--json']).stdout).toContain('"version": 1');
    } finally {
      if (root) spawnSync('umount', [dir]);
      else chmodSync(dir, 0o755);
    }
  });

  it('wf init creates an empty database', () => {
    const db = join(tmp(), 'new', 'wf.db');
    expect(wf(db, ['init']).status).toBe(0);
    expect(existsSync(db)).toBe(true);
    expect(wf(db, ['verify']).status).toBe(0);
  });
});

describe('no reset by version', () => {
  const source = readFileSync(join(ROOT, SEED), 'utf8');
  const renamed = source.replaceAll('品牌推广扶持', '品牌推广补贴');
  const version = (text: string) => compile(text, SEED).graph!;

  it('counts grants by (policy id, benefit id) across versions; a rename needs its successor; another policy id sees nothing', async () => {
    const db = join(tmp(), 'wf.db');
    const store = await openStore(db, { create: true });
    try {
      const v1 = version(source);
      const f1 = await prepareFiling(store, v1, '品牌推广扶持', ISSUED);
      const filed = await fileApplication(store, f1, brandApp(TIANHE, 1_600_000), { today: '2025-03-03', by: '申报员' });
      if (!filed.ok) throw filed.error;
      await actOn(store, filed.record.id, { as: '天河区政府', action: 'accept' }, { today: '2025-03-04', by: '受理员' });
      await actOn(store, filed.record.id, { as: '市商务局', action: 'approve' }, { today: '2025-03-05', by: '审核员' }); // 80万 of the 100万 cap

      // a second version (edited text, same id): the cap is not reset
      const v2 = version(source + '\n# 第二版\n');
      expect(v2.source.sha256).not.toBe(v1.source.sha256);
      const again = await fileApplication(store, await prepareFiling(store, v2, '品牌推广扶持', ISSUED), brandApp(TIANHE, 1_600_000, '2025-04-01', 'P-2'), { today: '2025-04-01', by: '申报员' });
      expect(again).toMatchObject({ ok: true, record: { ceilingFen: 20_000_000 } });

      // renamed without a successor: refused
      await expect(prepareFiling(store, version(renamed), '品牌推广补贴', ISSUED)).rejects.toMatchObject({ code: 'POL5125' });
      // with one: the old grants count toward the new benefit's cap
      const withSuccessor = version(renamed.replace('  有效期：', '  接续：品牌推广扶持 → 品牌推广补贴\n  有效期：'));
      const r = await fileApplication(store, await prepareFiling(store, withSuccessor, '品牌推广补贴', ISSUED), brandApp(TIANHE, 1_600_000, '2025-04-02', 'P-3'), { today: '2025-04-02', by: '申报员' });
      expect(r).toMatchObject({ ok: true, record: { ceilingFen: 20_000_000 } });

      // another policy id never sees this policy's grants
      const other = version(source.replace('政策 gz-cbec-2023', '政策 other-2025'));
      const o = await fileApplication(store, await prepareFiling(store, other, '品牌推广扶持', ISSUED), brandApp(TIANHE, 1_600_000, '2025-04-03', 'P-4'), { today: '2025-04-03', by: '申报员' });
      expect(o).toMatchObject({ ok: true, record: { ceilingFen: 80_000_000 } });
    } finally {
      await store.close();
    }
  });
});

describe('annual caps count by the year of approval', () => {
  it('two applications dated in December and approved in January share the new year’s cap, not the old one', async () => {
    const db = join(tmp(), 'wf.db');
    const store = await openStore(db, { create: true });
    try {
      const graph = compile(readFileSync(join(ROOT, SEED), 'utf8'), SEED).graph!;
      const filing = await prepareFiling(store, graph, '品牌推广扶持', ISSUED);
      const fileAndAccept = async (project: string) => {
        const filed = await fileApplication(store, filing, brandApp(TIANHE, 1_600_000, '2025-12-20', project), { today: '2025-12-22', by: '申报员' });
        if (!filed.ok) throw filed.error;
        await actOn(store, filed.record.id, { as: '天河区政府', action: 'accept' }, { today: '2025-12-23', by: '受理员' });
        return filed.record.id;
      };
      const [a, b, c] = [await fileAndAccept('P-A'), await fileAndAccept('P-B'), await fileAndAccept('P-C')];
      const approve = (id: string, today: string) => actOn(store, id, { as: '市商务局', action: 'approve' }, { today, by: '审核员' });

      // approved in 2025: the whole 100万 cap of 2025 is free → 80万
      expect(await approve(a, '2025-12-30')).toMatchObject({ ceilingFen: 80_000_000 });
      // approved in 2026 although dated 2025: 2025's grant does not count → 80万 again
      expect(await approve(b, '2026-01-05')).toMatchObject({ ceilingFen: 80_000_000 });
      // the third, also dated 2025 and approved in 2026, counts the 80万 granted in 2026 → 20万 left
      expect(await approve(c, '2026-01-06')).toMatchObject({ ceilingFen: 20_000_000 });
      const ledger = await store.ledger(graph.policy.id, TIANHE.id);
      expect(ledger.map((e) => [e.date, e.amountFen])).toEqual([
        ['2025-12-30', 80_000_000],
        ['2026-01-05', 80_000_000],
        ['2026-01-06', 20_000_000],
      ]);
    } finally {
      await store.close();
    }
  });
});
