// `pol wf …` end to end through the built CLI: one application from apply to disburse, refusals that
// change nothing (exit 3), the ledger feeding caps and one-time awards, deadlines, and bad database files.
// `wf docs` makes its documents in this thread (src/cli's `runPol`, as test/documents/cli.test.ts does), on the
// document engine the worker's other document tests load, not in runCli's thread, which would load the fonts,
// pdfmake, docx and harfbuzz a second time (about 1.8 s of CPU).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ledgerFor } from '../../src/workflow/open.ts';
import { polInProcess } from '../hostile/harness.ts';
import { runCli } from '../support/cli.ts';
import { act, apply, POLICY, auditJson, brandApp, ISSUED, qilinApp, SEED, showJson, TIANHE, tmp, wf, writeJson, uscc } from './helpers.ts';

describe('pol wf: one application from apply to disburse', () => {
  const dir = tmp();
  const db = join(dir, 'sub', 'wf.db'); // the folder is created on first use
  let id = '';

  it('files an eligible application and prints its id, step, actors and deadline', () => {
    const input = writeJson(dir, 'app.json', brandApp());
    const r = wf(db, ['apply', SEED, '--benefit', '品牌推广扶持', '--input', input, '--issued', ISSUED, '--at', '2025-03-03']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(existsSync(db)).toBe(true);
    id = /已登记申请 (\S+)：/.exec(r.stdout)![1]!;
    expect(id).toBe('2025-000001');
    expect(r.stdout).toContain('申报时上限 60万元');
    expect(r.stdout).toContain('当前：初审；由 市市场监管局、天河区政府、广州空港委 办理；限 10工作日，至 2025-03-17');
  });

  it('walks accept → approve → publish → disburse, each written to the audit log', () => {
    act(db, id, '天河区政府', 'accept', '2025-03-04');
    const approved = act(db, id, '广州市商务局', 'approve', '2025-03-10', '--amount', '50万', '--note', '同意');
    expect(approved.stdout).toContain('核定金额 50万元（此刻上限 60万元）');
    const published = act(db, id, '市商务局', 'publish', '2025-03-11');
    expect(published.stdout).toContain('公示期 2025-03-11 至 2025-03-17');
    act(db, id, '市商务局', 'disburse', '2025-03-19', '--by', '李四');
    const s = showJson(db, id);
    expect(s).toMatchObject({ state: 'disbursed', stateLabel: '已拨付', grantedFen: 50_000_000, ceilingFen: 60_000_000, final: true, allowed: [] });
    const log = auditJson(db, id).map((e) => [e.on, e.by, e.unit, e.action, e.from, e.to, e.amountFen, e.note]);
    expect(log).toEqual([
      ['2025-03-03', '测试员', '申报人', 'apply', null, '初审', 60_000_000, null],
      ['2025-03-04', '受理员', '天河区政府', 'accept', '初审', '审核', null, null],
      ['2025-03-10', '审核员', '市商务局', 'approve', '审核', '公示', 50_000_000, '同意'],
      ['2025-03-11', '经办员', '市商务局', 'publish', '公示', '拨付', null, null],
      ['2025-03-19', '李四', '市商务局', 'disburse', '拨付', 'disbursed', null, null],
    ]);
    const text = wf(db, ['audit', id]).stdout;
    expect(text).toContain('审核通过  审核 → 公示');
    expect(text).toContain('核定 50万元');
  });

  it('keeps the documents each step issued, as PDF and DOCX, and writes them out', async () => {
    const docs = (args: string[]) => polInProcess(['wf', 'docs', id, ...args, '--db', db], { POL_USER: '测试员', NO_COLOR: '1' });
    const list = JSON.parse((await docs(['--json'])).stdout) as { kind: string; action: string; fileName: string; bytes: number }[];
    expect(list.map((d) => [d.kind, d.action, d.fileName])).toEqual([
      ['受理通知书', 'accept', `${id}-受理通知书-2025-03-04.pdf`],
      ['受理通知书', 'accept', `${id}-受理通知书-2025-03-04.docx`],
      ['公示', 'publish', `${id}-公示-2025-03-11.pdf`],
      ['公示', 'publish', `${id}-公示-2025-03-11.docx`],
      // the certificate only once the 公示 of its amount has ended without objection: at disbursement
      ['资金扶持确认书', 'disburse', `${id}-资金扶持确认书-2025-03-19.pdf`],
      ['资金扶持确认书', 'disburse', `${id}-资金扶持确认书-2025-03-19.docx`],
    ]);
    // each with its 发文字号, the same on every look
    const numbers = '文书：《受理通知书》市商务局受〔2025〕1号（2025-03-04）、《公示》市商务局公〔2025〕1号（2025-03-11）、《资金扶持确认书》市商务局扶〔2025〕1号（2025-03-19）';
    expect(wf(db, ['show', id]).stdout).toContain(numbers);
    const out = join(dir, 'docs');
    const r = await docs(['-o', out]);
    expect(r.status, r.stderr).toBe(0);
    for (const d of list) {
      const bytes = readFileSync(join(out, d.fileName));
      expect(bytes.length).toBe(d.bytes);
      expect(bytes.subarray(0, 4).toString('latin1')).toBe(d.fileName.endsWith('.pdf') ? '%PDF' : 'PK\u0003\u0004');
    }
  });

  it('puts the grant in the ledger that pol eval --db reads', async () => {
    // dated by the approval: annual caps count grants in the approval's year
    expect(await ledgerFor(db, POLICY, TIANHE.id)).toEqual([{ benefit: '品牌推广扶持', date: '2025-03-10', grantedFen: 50_000_000, applicantId: TIANHE.id, project: 'P-001' }]);
    expect(await ledgerFor(db, POLICY, TIANHE.id.toLowerCase())).toHaveLength(1);
    expect(await ledgerFor(db, 'another-policy', TIANHE.id)).toEqual([]);
    expect(await ledgerFor(db, POLICY, uscc('someone-else'))).toEqual([]);
    await expect(ledgerFor(join(dir, 'nothing-here.db'), POLICY, TIANHE.id)).rejects.toThrow(/POL5128|不存在/);
    expect(existsSync(join(dir, 'nothing-here.db'))).toBe(false);
  });
});

describe('pol wf: refusals change nothing', () => {
  const dir = tmp();
  const db = join(dir, 'wf.db');
  let id = '';
  beforeAll(() => {
    id = apply(db, dir, '品牌推广扶持', brandApp(), '2025-03-03');
  });

  const unchanged = (version: number, auditLines: number) => {
    expect(showJson(db, id).version).toBe(version);
    expect(auditJson(db, id)).toHaveLength(auditLines);
  };

  it.each([
    [['--as', '市商务局', '--action', 'accept'], 'POL5102', '“市商务局”不是步骤“初审”的办理单位；本申请此步由 市市场监管局、天河区政府、广州空港委 办理'],
    [['--as', '海珠区政府', '--action', 'accept'], 'POL5102', '“海珠区政府”不是步骤“初审”的办理单位'],
    [['--as', '各区政府', '--action', 'accept'], 'POL5113', '“各区政府”是单位组，请以其成员单位的身份办理'],
    [['--as', '某不存在局', '--action', 'accept'], 'POL5114', '不是本政策中的单位'],
    [['--as', '申报人', '--action', 'accept'], 'POL5102', '“申报人”不是步骤“初审”的办理单位'],
    [['--as', '天河区政府', '--action', 'approve'], 'POL5101', '当前状态为“初审”，不能执行 approve（审核通过）；此时可执行：accept（受理）、return（退回补正）、reject（不予支持）'],
    [['--as', '天河区政府', '--action', 'disburse'], 'POL5101', '不能执行 disburse'],
    [['--as', '天河区政府', '--action', 'reject'], 'POL5111', 'reject（不予支持） 须用 --note 写明理由'],
  ])('act %j → exit 3, %s', (args, code, message) => {
    const r = wf(db, ['act', id, ...args, '--at', '2025-03-04']);
    expect(r.status).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(code);
    expect(r.stderr).toContain(message);
    unchanged(1, 1);
  });

  it('refuses an approval above the ceiling at that moment, with the reasons', () => {
    act(db, id, '天河区政府', 'accept', '2025-03-04');
    const r = wf(db, ['act', id, '--as', '市商务局', '--action', 'approve', '--amount', '600000.01', '--at', '2025-03-05']);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('POL5104: 核定金额 600000.01元 超过此刻的上限 60万元');
    expect(r.stderr).toContain('推广费用120万元的50%为60万元');
    unchanged(2, 2);
    // exactly the ceiling is allowed (含本数)
    act(db, id, '市商务局', 'approve', '2025-03-05', '--amount', '600000.00');
    expect(showJson(db, id).grantedFen).toBe(60_000_000);
  });

  it('refuses bad options with exit 1 before touching anything', () => {
    expect(wf(db, ['act', id, '--as', '市商务局', '--action', 'approve!', '--at', '2025-03-05']).status).toBe(1);
    expect(wf(db, ['act', id, '--as', '市商务局', '--action', 'publish', '--amount', '-5', '--at', '2025-03-05']).status).toBe(1);
    const amountElsewhere = wf(db, ['act', id, '--as', '市商务局', '--action', 'publish', '--amount', '5', '--at', '2025-03-05']);
    expect(amountElsewhere.status).toBe(1);
    expect(amountElsewhere.stderr).toContain('POL5118');
    expect(wf(db, ['act', id, '--as', '市商务局', '--action', 'publish', '--at', '2025-02-30']).status).toBe(1);
    const unknown = wf(db, ['act', '2025-999999', '--as', '市商务局', '--action', 'publish', '--at', '2025-03-05']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('POL5106: 没有编号为 2025-999999 的申请');
    unchanged(3, 3);
  });

  it('refuses a date before the step began and a disbursement during publicity', () => {
    const early = wf(db, ['act', id, '--as', '市商务局', '--action', 'publish', '--at', '2025-03-04']);
    expect(early.status).toBe(3);
    expect(early.stderr).toContain('POL5112');
    act(db, id, '市商务局', 'publish', '2025-03-06');
    const r = wf(db, ['act', id, '--as', '市商务局', '--action', 'disburse', '--at', '2025-03-12']);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('POL5109: 公示期至 2025-03-12 届满，期满后方可拨付');
    unchanged(4, 4);
  });
});

describe('pol wf: return, resubmit, reject, object', () => {
  const dir = tmp();
  const db = join(dir, 'wf.db');

  it('returns to the applicant, who resubmits to 初审', () => {
    const id = apply(db, dir, '品牌推广扶持', brandApp(), '2025-03-03');
    act(db, id, '天河区政府', 'accept', '2025-03-04');
    act(db, id, '市商务局', 'return', '2025-03-05', '--note', '请补充推广费用发票');
    expect(showJson(db, id)).toMatchObject({ state: 'returned', stateLabel: '退回补正（待申报人重新提交）' });
    expect(wf(db, ['act', id, '--as', '天河区政府', '--action', 'resubmit', '--at', '2025-03-06']).status).toBe(3);
    act(db, id, TIANHE.name, 'resubmit', '2025-03-06');
    expect(showJson(db, id)).toMatchObject({ state: '初审', since: '2025-03-06' });
  });

  it('rejects with the reason kept in the audit log', () => {
    const id = apply(db, dir, '品牌推广扶持', brandApp({ ...TIANHE, id: uscc('R-1') }), '2025-03-03');
    act(db, id, '广州空港委', 'reject', '2025-03-04', '--note', '推广费用凭证不实');
    expect(showJson(db, id)).toMatchObject({ state: 'rejected', final: true });
    expect(auditJson(db, id).at(-1)).toMatchObject({ action: 'reject', unit: '广州空港委', to: 'rejected', note: '推广费用凭证不实' });
  });

  it('an objection upheld during publicity voids the grant and reverses it in the ledger', async () => {
    const applicant = { ...TIANHE, id: uscc('O-1') };
    const id = apply(db, dir, '品牌推广扶持', brandApp(applicant), '2025-03-03');
    act(db, id, '天河区政府', 'accept', '2025-03-04');
    act(db, id, '市商务局', 'approve', '2025-03-05');
    expect(await ledgerFor(db, POLICY, applicant.id)).toHaveLength(1);
    act(db, id, '市商务局', 'publish', '2025-03-06');
    act(db, id, '市商务局', 'object', '2025-03-07', '--note', '群众反映推广费用含关联交易');
    expect(showJson(db, id)).toMatchObject({ state: '审核', grantedFen: null, publicity: null });
    expect(await ledgerFor(db, POLICY, applicant.id)).toEqual([]);
    expect(auditJson(db, id).at(-1)).toMatchObject({ action: 'object', from: '拨付', to: '审核', amountFen: -60_000_000 });
    act(db, id, '市商务局', 'approve', '2025-03-10', '--amount', '30万');
    expect(await ledgerFor(db, POLICY, applicant.id)).toMatchObject([{ grantedFen: 30_000_000 }]);
  });
});

describe('pol wf: the ledger feeds annual caps and one-time awards', () => {
  const dir = tmp();
  const db = join(dir, 'wf.db');

  it('a second application in the same year gets the reduced ceiling, and approval refuses more', () => {
    const first = apply(db, dir, '品牌推广扶持', brandApp(TIANHE, 1_600_000), '2025-03-03');
    act(db, first, '天河区政府', 'accept', '2025-03-04');
    act(db, first, '市商务局', 'approve', '2025-03-05', '--amount', '70万');
    const second = apply(db, dir, '品牌推广扶持', brandApp(TIANHE, 1_000_000, '2025-06-02', 'P-002'), '2025-06-02');
    expect(showJson(db, second).ceilingFen).toBe(30_000_000); // min(50万, 100万 − 70万)
    act(db, second, '天河区政府', 'accept', '2025-06-03');
    const r = wf(db, ['act', second, '--as', '市商务局', '--action', 'approve', '--amount', '40万', '--at', '2025-06-04']);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('超过此刻的上限 30万元');
    expect(r.stderr).toContain('本年度已获70万元');
    // next year the cap starts again
    const next = apply(db, dir, '品牌推广扶持', brandApp(TIANHE, 1_000_000, '2026-01-05', 'P-003'), '2026-01-05');
    expect(showJson(db, next).ceilingFen).toBe(50_000_000);
  });

  it('pol eval --db reads the same ledger: the annual cap is reduced by what was granted', () => {
    const app = writeJson(dir, 'eval-app.json', brandApp(TIANHE, 1_000_000, '2025-09-01', 'P-009'));
    const ceiling = (extra: string[]) => {
      const r = runCli(['eval', SEED, '--input', app, '--issued', ISSUED, '--json', ...extra]);
      expect(r.status, r.stderr).toBe(0);
      return (JSON.parse(r.stdout) as { results: { benefit: string; ceilingFen: number; reasons: string[] }[] }).results.find((x) => x.benefit === '品牌推广扶持')!;
    };
    expect(ceiling([]).ceilingFen).toBe(50_000_000);
    const withDb = ceiling(['--db', db]);
    expect(withDb.ceilingFen).toBe(30_000_000);
    expect(withDb.reasons[0]).toContain('本年度已获70万元');
    const notPols = writeJson(dir, 'not-a-db.sqlite', { hello: 1 });
    const bad = runCli(['eval', SEED, '--input', app, '--issued', ISSUED, '--db', notPols]);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toBe('');
  });

  it('a second 麒麟 award is refused at apply (exit 1, nothing stored) once the first is granted', () => {
    const first = apply(db, dir, '麒麟企业奖励', qilinApp(), '2025-05-06');
    act(db, first, '天河区政府', 'accept', '2025-05-07');
    act(db, first, '市商务局', 'approve', '2025-05-08', '--amount', '200万');
    const before = JSON.parse(wf(db, ['list', '--json', '--at', '2025-06-01']).stdout).applications.length;
    const input = writeJson(dir, 'qilin2.json', qilinApp(TIANHE, '2025-09-01'));
    const r = wf(db, ['apply', SEED, '--benefit', '麒麟企业奖励', '--input', input, '--issued', ISSUED, '--at', '2025-09-01']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('POL5105: 申报不符合“麒麟企业奖励”的条件，未予登记');
    expect(r.stdout).toBe('');
    expect(JSON.parse(wf(db, ['list', '--json', '--at', '2025-09-01']).stdout).applications).toHaveLength(before);
  });

  it('an approval re-evaluates: a pending second 麒麟 application cannot be approved after the first', () => {
    const applicant = { ...TIANHE, id: uscc('Q-2') };
    const a = apply(db, dir, '麒麟企业奖励', qilinApp(applicant), '2025-05-06');
    const b = apply(db, dir, '麒麟企业奖励', { ...qilinApp(applicant, '2025-05-07'), project: 'Q-B' }, '2025-05-07');
    for (const id of [a, b]) act(db, id, '天河区政府', 'accept', '2025-05-08');
    act(db, a, '市商务局', 'approve', '2025-05-09');
    const r = wf(db, ['act', b, '--as', '市商务局', '--action', 'approve', '--at', '2025-05-09']);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('POL5115: 此刻已不符合“麒麟企业奖励”的条件');
    expect(showJson(db, b).state).toBe('审核');
  });
});

describe('pol wf apply: what is not filed', () => {
  const dir = tmp();
  const db = join(dir, 'wf.db');

  it('refuses an ineligible application with the reasons, storing nothing', () => {
    const input = writeJson(dir, 'no.json', { ...brandApp(), lists: { 品牌出海企业: { member: false } } });
    const r = wf(db, ['apply', SEED, '--benefit', '品牌推广扶持', '--input', input, '--issued', ISSUED, '--at', '2025-03-03']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('POL5105');
    expect(r.stderr).toContain('未入选跨境电商“品牌出海”企业名单');
    expect(wf(db, ['list', '--at', '2025-03-03']).stdout).toContain('没有符合条件的申请');
  });

  it('names bad fields, a missing issuance date, an unknown benefit and a benefit without a workflow', () => {
    const bad = writeJson(dir, 'bad.json', { ...brandApp(), date: '2025-02-30', facts: { 推广费用: 'lots' } });
    const r = wf(db, ['apply', SEED, '--benefit', '品牌推广扶持', '--input', bad, '--issued', ISSUED, '--at', '2025-03-03']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('date');
    expect(r.stderr).toContain('facts.推广费用');
    const good = writeJson(dir, 'good.json', brandApp());
    const noIssued = wf(db, ['apply', SEED, '--benefit', '品牌推广扶持', '--input', good, '--at', '2025-03-03']);
    expect(noIssued.status).toBe(1);
    expect(noIssued.stderr).toContain('--issued');
    const unknown = wf(db, ['apply', SEED, '--benefit', '品牌推广', '--input', good, '--issued', ISSUED]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('POL5008: 没有扶持项目“品牌推广”；有流程的扶持项目：麒麟企业奖励、鲲鹏园区奖励、品牌推广扶持、仓储租金补助');
    const noWf = wf(db, ['apply', SEED, '--benefit', '新引进企业支持', '--input', good, '--issued', ISSUED]);
    expect(noWf.status).toBe(1);
    expect(noWf.stderr).toContain('POL5007');
    const notJson = join(dir, 'x.json');
    writeFileSync(notJson, '{ not json');
    expect(wf(db, ['apply', SEED, '--benefit', '品牌推广扶持', '--input', notJson, '--issued', ISSUED]).stderr).toContain('不是有效的 JSON');
  });

  it('files what it can from an array and reports the rest (exit 1)', () => {
    const input = writeJson(dir, 'many.json', [brandApp({ ...TIANHE, id: uscc('M-1') }), { ...brandApp({ ...TIANHE, id: uscc('M-2') }), lists: {} }, brandApp({ ...TIANHE, id: uscc('M-3') })]);
    const r = wf(db, ['apply', SEED, '--benefit', '品牌推广扶持', '--input', input, '--issued', ISSUED, '--at', '2025-03-03']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('第 2 份申报：POL5105');
    expect(r.stderr).toContain('共 3 份：已登记 2 份，未予登记 1 份');
    expect(r.stdout.match(/已登记申请/g)).toHaveLength(2);
  });
});

describe('pol wf list --overdue', () => {
  const dir = tmp();
  const db = join(dir, 'wf.db');

  it('shows late steps with how late, in working days or days', () => {
    // 初审 限 10工作日 from Monday 2025-09-15: due Sunday 2025-09-28, a make-up working day (调休)
    const a = apply(db, dir, '品牌推广扶持', brandApp({ ...TIANHE, id: uscc('L-1') }), '2025-09-15');
    const b = apply(db, dir, '品牌推广扶持', brandApp({ ...TIANHE, id: uscc('L-2') }), '2025-09-15');
    act(db, b, '天河区政府', 'accept', '2025-09-16'); // 审核 15工作日 → 2025-10-13 (over National Day, with two make-up days)
    apply(db, dir, '品牌推广扶持', brandApp({ ...TIANHE, id: uscc('L-3') }), '2025-10-09'); // not late yet on 10-10
    const r = wf(db, ['list', '--overdue', '--json', '--at', '2025-10-10']);
    expect(r.status).toBe(0);
    const late = JSON.parse(r.stdout).applications as { id: string; deadline: { due: string; late: { amount: number; unit: string } } }[];
    // late by the working days 09-29, 09-30, 10-09, 10-10 (10-01..08 are holidays) = 4
    expect(late.map((x) => [x.id, x.deadline.due, x.deadline.late])).toEqual([[a, '2025-09-28', { amount: 4, unit: 'workday' }]]);
    const text = wf(db, ['list', '--overdue', '--at', '2025-10-10']).stdout;
    expect(text).toContain('逾期 4 个工作日');
    expect(showJson(db, b, '2025-10-10')).toMatchObject({ deadline: { due: '2025-10-13' } });
    const env = wf(db, ['list', '--overdue', '--json'], { POL_NOW: '2025-10-20' });
    expect((JSON.parse(env.stdout).applications as { id: string }[]).map((x) => x.id)).toEqual([a, b]);
  });
});

describe('pol wf: databases that are not usable', () => {
  const dir = tmp();

  it('a file that is not SQLite', () => {
    const p = join(dir, 'notes.db');
    writeFileSync(p, '这不是数据库，只是一些文字。'.repeat(20));
    const r = wf(p, ['list']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`POL5107: ${p} 不是 pol 的数据库：文件不是 SQLite 数据库`);
  });

  it('another program’s SQLite database', async () => {
    const p = join(dir, 'other.db');
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(p);
    db.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)');
    db.close();
    const r = wf(p, ['list']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('这是另一程序的 SQLite 数据库');
    expect(r.stderr).toContain('customers');
  });

  it('a corrupt pol database', async () => {
    const p = join(dir, 'corrupt.db');
    const id = apply(p, dir, '品牌推广扶持', brandApp(), '2025-03-03');
    expect(id).toBe('2025-000001');
    const { openSync, writeSync, closeSync } = await import('node:fs');
    const fd = openSync(p, 'r+');
    writeSync(fd, Buffer.alloc(3000, 0xab), 0, 3000, 100); // the schema page after the 100-byte header
    closeSync(fd);
    const r = wf(p, ['show', id]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/POL5116: .* 已损坏|POL5107/);
    expect(r.stderr).not.toContain('at ');
  });

  it('a database written by a newer pol', async () => {
    const p = join(dir, 'newer.db');
    apply(p, dir, '品牌推广扶持', brandApp(), '2025-03-03');
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(p);
    db.pragma('user_version = 99');
    db.close();
    const r = wf(p, ['list']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('结构版本为 99，高于本程序支持的版本');
  });
});

describe('pol graph --workflow', () => {
  it('draws the state machine as Mermaid and DOT', () => {
    const m = runCli(['graph', SEED, '--workflow', '品牌推广扶持']);
    expect(m.status).toBe(0);
    expect(m.stdout).toContain('stateDiagram-v2');
    expect(m.stdout).toContain('s1 : 由 配合单位：市市场监管局、各区政府（申报人所在区）、广州空港委');
    expect(m.stdout).toContain('s4 --> s2 : object 异议成立<br/>撤销核定，冲回台账<br/>公示期内');
    const d = runCli(['graph', SEED, '--workflow', '品牌推广扶持', '--format', 'dot']);
    expect(d.status).toBe(0);
    expect(d.stdout).toMatch(/^digraph workflow \{/);
    expect(d.stdout).toContain('s2 -> s3 [label="approve 审核通过\\n核定金额 ≤ 上限，记入台账"]');
    expect(d.stdout).toContain('s4 -> s7 [label="disburse 拨付\\n公示期满后\\n出具《资金扶持确认书》（公示无异议）"]');
    expect(runCli(['graph', SEED, '--workflow', '麒麟企业奖励']).stdout).toContain('出具《奖励证书》');
    const bad = runCli(['graph', SEED, '--workflow', '不存在']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('POL5008');
  });
});
