// The state machine built from a .pol workflow, and its pure transitions.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/pipeline.ts';
import type { Graph } from '../../src/ir/schema.ts';
import { resolveActors, roleUnits } from '../../src/workflow/actors.ts';
import { allowedActions, buildMachine, deadline, transition, type Machine, type Snapshot } from '../../src/workflow/machine.ts';
import { ROOT } from '../support/cli.ts';

const MINI = readFileSync(join(ROOT, 'test/workflow/fixtures/mini.pol'), 'utf8');

function graphOf(source: string, file = 'test.pol'): Graph {
  const r = compile(source, file);
  if (!r.graph) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.span.line}:${d.span.col}`).join('\n'));
  return r.graph;
}

const workflowSource = (steps: string) => `${MINI}\n流程 标准 "标准流程" {\n  适用：首次奖励\n${steps}\n}\n`;
const withWorkflow = (steps: string) => graphOf(workflowSource(steps));

const seed = graphOf(readFileSync(join(ROOT, 'dsl/guangzhou-cbec.pol'), 'utf8'), 'dsl/guangzhou-cbec.pol');

function seedMachine(): Machine {
  const { machine, diagnostics } = buildMachine(seed, '标准申报');
  expect(diagnostics).toEqual([]);
  return machine!;
}

describe('the seed workflow 标准申报 as a state machine', () => {
  const m = seedMachine();

  it('has a state per step after filing, plus returned, rejected and disbursed', () => {
    expect(m.initial).toBe('初审');
    expect(m.approvalStep).toBe('审核');
    expect(m.publicityStep).toBe('公示');
    expect(m.states.map((s) => s.id)).toEqual(['初审', '审核', '公示', '拨付', 'returned', 'rejected', 'disbursed']);
    expect(m.states.find((s) => s.id === '初审')?.limit).toEqual({ amount: 10, unit: 'workday' });
    expect(m.states.find((s) => s.id === '拨付')?.limit).toEqual({ amount: 30, unit: 'day' });
  });

  it('allows each action only where the workflow says', () => {
    const table = m.transitions.map((t) => `${t.from} -${t.action}-> ${t.to}${t.document ? ` [${t.document}]` : ''}${t.guard ? ` (${t.guard})` : ''}`);
    expect(table).toEqual([
      '初审 -accept-> 审核 [受理通知书]',
      '初审 -return-> returned',
      '初审 -reject-> rejected [不予支持通知书]',
      '审核 -approve-> 公示',
      '审核 -return-> returned',
      '审核 -reject-> rejected [不予支持通知书]',
      '公示 -publish-> 拨付 [公示]',
      '拨付 -disburse-> disbursed [奖励证书] (afterPublicity)',
      '拨付 -object-> 审核 (duringPublicity)',
      'returned -resubmit-> 初审',
    ]);
    expect(m.transitions.find((t) => t.action === 'accept')?.actor).toEqual({ kind: 'cooperate' });
    expect(m.transitions.find((t) => t.action === 'approve')?.actor).toEqual({ kind: 'lead' });
    expect(m.transitions.find((t) => t.action === 'resubmit')?.actor).toEqual({ kind: 'applicant' });
  });

  it('walks one application from filing to disbursement', () => {
    let s: Snapshot = { state: m.initial, since: '2025-03-03', publicity: null, grantedFen: null };
    const go = (action: Parameters<typeof transition>[2], today: string, opts = {}) => {
      const out = transition(m, s, action, today, opts);
      if (!out.ok) throw new Error(out.refusal.code);
      s = out.next;
      return out;
    };
    go('accept', '2025-03-04');
    expect(deadline(m, s)).toEqual({ due: '2025-03-25', limit: { amount: 15, unit: 'workday' } });
    go('approve', '2025-03-10', { grantedFen: 40_000_000 });
    expect(s).toMatchObject({ state: '公示', grantedFen: 40_000_000 });
    go('publish', '2025-03-11');
    // 公示期 5工作日 counts the day it opens: Tuesday 03-11 to Monday 03-17
    expect(s.publicity).toEqual({ from: '2025-03-11', until: '2025-03-17' });
    // 限 30日 counts from the end of publicity
    expect(deadline(m, s)?.due).toBe('2025-04-16');
    expect(allowedActions(m, s, '2025-03-17').map((t) => t.action)).toEqual(['object']);
    expect(allowedActions(m, s, '2025-03-18').map((t) => t.action)).toEqual(['disburse']);
    go('disburse', '2025-03-18');
    expect(s.state).toBe('disbursed');
    expect(allowedActions(m, s, '2025-03-20')).toEqual([]);
  });

  it('refuses with a code and leaves the snapshot as it was', () => {
    const s: Snapshot = { state: '初审', since: '2025-03-03', publicity: null, grantedFen: null };
    const copy = structuredClone(s);
    expect(transition(m, s, 'approve', '2025-03-04')).toMatchObject({ ok: false, refusal: { code: 'POL5101' } });
    expect(transition(m, s, 'reject', '2025-03-04')).toMatchObject({ ok: false, refusal: { code: 'POL5111' } });
    expect(transition(m, s, 'accept', '2025-03-02')).toMatchObject({ ok: false, refusal: { code: 'POL5112' } });
    expect(s).toEqual(copy);
    const review: Snapshot = { state: '审核', since: '2025-03-04', publicity: null, grantedFen: null };
    expect(transition(m, review, 'approve', '2025-03-05')).toMatchObject({ ok: false, refusal: { code: 'POL5117' } });
    expect(transition(m, review, 'approve', '2025-03-05', { grantedFen: 0 })).toMatchObject({ ok: false, refusal: { code: 'POL5117' } });
  });

  it('guards the publicity period: no disbursement during it, no objection after it', () => {
    const s: Snapshot = { state: '拨付', since: '2025-03-11', publicity: { from: '2025-03-11', until: '2025-03-18' }, grantedFen: 100 };
    expect(transition(m, s, 'disburse', '2025-03-18')).toMatchObject({ ok: false, refusal: { code: 'POL5109', args: ['2025-03-18', '拨付'] } });
    expect(transition(m, s, 'object', '2025-03-19', { note: '有异议' })).toMatchObject({ ok: false, refusal: { code: 'POL5110' } });
    const objected = transition(m, s, 'object', '2025-03-12', { note: '材料不实' });
    expect(objected).toMatchObject({ ok: true, next: { state: '审核', grantedFen: null, publicity: null } });
    // published on a Saturday, the period opens on Monday
    const pub = transition(m, { state: '公示', since: '2025-03-07', publicity: null, grantedFen: 100 }, 'publish', '2025-03-08');
    expect(pub).toMatchObject({ ok: true, next: { publicity: { from: '2025-03-10', until: '2025-03-14' } } });
  });

  it('sends a returned application back to the first review step', () => {
    const s: Snapshot = { state: '审核', since: '2025-03-04', publicity: null, grantedFen: null };
    const r = transition(m, s, 'return', '2025-03-05', { note: '补充发票' });
    expect(r).toMatchObject({ ok: true, next: { state: 'returned' } });
    const again = transition(m, (r as { next: Snapshot }).next, 'resubmit', '2025-03-07');
    expect(again).toMatchObject({ ok: true, next: { state: '初审', since: '2025-03-07' } });
  });
});

describe('actors from the measure', () => {
  it('narrows a unit group to the applicant’s district', () => {
    expect(roleUnits(seed, '品牌推广扶持', { kind: 'cooperate' })).toEqual(['市市场监管局', '各区政府', '广州空港委']);
    expect(resolveActors(seed, '品牌推广扶持', { kind: 'cooperate' }, { id: 'x', district: '天河区' })).toEqual(['市市场监管局', '天河区政府', '广州空港委']);
    expect(resolveActors(seed, '品牌推广扶持', { kind: 'cooperate' }, { id: 'x', district: '南沙区' })).toEqual(['市市场监管局', '南沙区政府', '广州空港委']);
    expect(resolveActors(seed, '品牌推广扶持', { kind: 'cooperate' }, { id: 'x' })).toEqual(['市市场监管局', '广州空港委']);
    expect(resolveActors(seed, '品牌推广扶持', { kind: 'lead' }, { id: 'x', district: '天河区' })).toEqual(['市商务局']);
    // measure 4 is led by three district governments and 广州空港委: each of them, not narrowed (they are units, not a group)
    expect(resolveActors(seed, '仓储租金补助', { kind: 'lead' }, { id: 'x', district: '天河区' })).toEqual(['白云区政府', '黄埔区政府', '南沙区政府', '广州空港委']);
  });
});

describe('workflows the machine cannot run are reported with the step', () => {
  /** Each diagnostic's code and the source line it points at. */
  const codes = (steps: string) => {
    const lines = workflowSource(steps).split('\n');
    return buildMachine(withWorkflow(steps), '标准').diagnostics.map((d) => [d.code, lines[d.span.line - 1]!.trim()]);
  };

  it('accepts a workflow with a named unit and no publicity (approval, then disbursement)', () => {
    const g = withWorkflow('  步骤 申报 由 申报人\n  步骤 审核 由 牵头单位 限 15工作日 退回 申报\n  步骤 拨付 由 乙局 限 30日');
    const { machine } = buildMachine(g, '标准');
    expect(machine?.approvalStep).toBe('审核');
    expect(machine?.transitions.map((t) => `${t.from}-${t.action}->${t.to}`)).toEqual([
      '审核-approve->拨付',
      '审核-return->returned',
      '审核-reject->rejected',
      '拨付-disburse->disbursed',
      'returned-resubmit->审核',
    ]);
  });

  it('ends in closed when the approval step is the last', () => {
    const { machine } = buildMachine(withWorkflow('  步骤 申报 由 申报人\n  步骤 审核 由 甲局'), '标准');
    expect(machine?.transitions.map((t) => `${t.from}-${t.action}->${t.to}`)).toEqual(['审核-approve->closed', '审核-reject->rejected']);
  });

  it('needs the applicant first, an approval step, and one publicity step after it', () => {
    expect(codes('  步骤 审核 由 牵头单位\n  步骤 申报 由 申报人')).toEqual([['POL5001', '步骤 审核 由 牵头单位']]);
    expect(codes('  步骤 申报 由 申报人\n  步骤 公示 由 甲局 公示期 5工作日\n  步骤 审核 由 牵头单位')).toEqual([['POL5004', '步骤 公示 由 甲局 公示期 5工作日']]);
    expect(codes('  步骤 申报 由 申报人\n  步骤 补正 由 申报人')).toEqual([['POL5003', '流程 标准 "标准流程" {']]);
    expect(codes('  步骤 申报 由 申报人\n  步骤 审核 由 牵头单位 退回 拨付\n  步骤 拨付 由 乙局')).toEqual([['POL5002', '步骤 审核 由 牵头单位 退回 拨付']]);
    expect(codes('  步骤 申报 由 申报人\n  步骤 审核 由 牵头单位\n  步骤 公示 由 甲局 公示期 5工作日\n  步骤 再公示 由 甲局 公示期 5工作日')).toEqual([
      ['POL5005', '步骤 再公示 由 甲局 公示期 5工作日'],
    ]);
  });
});
