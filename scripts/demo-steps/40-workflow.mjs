// One application through the approval workflow, from apply to disburse, in a fresh out/demo.db:
// 申报 → 初审（天河区政府受理）→ 审核（市商务局核定金额）→ 公示（5个工作日）→ 拨付; then the audit trail,
// the documents each step issued (out/workflow/), and the state machine as Mermaid and DOT.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export async function run(ctx) {
  const db = join(ctx.out, 'demo.db');
  const dir = join(ctx.out, 'workflow');
  for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });

  const pol = (args, by = '系统') => {
    const r = spawnSync(process.execPath, [ctx.cli, ...args], { cwd: ctx.root, encoding: 'utf8', env: { ...process.env, POL_USER: by } });
    if (r.stderr) process.stderr.write(r.stderr);
    if (r.status !== 0) throw new Error(`pol ${args.join(' ')} exited ${r.status}`);
    return r.stdout.trimEnd();
  };
  const wf = (args, by) => pol(['wf', ...args, '--db', db], by);

  const app = {
    date: '2025-03-03',
    applicant: { id: '91440106MA5DEMX007', name: '广州天河示例跨境电商有限公司', kind: 'enterprise', district: '天河区' },
    project: 'BRAND-2025-001',
    facts: { 推广费用: 1_280_000 },
    lists: { 品牌出海企业: { member: true } },
  };
  const input = join(dir, 'application.json');
  writeFileSync(input, JSON.stringify(app, null, 2) + '\n');

  const show = (cmd, text) => ctx.log(`$ pol ${cmd}\n${text}`);
  const filed = wf(['apply', ctx.seed, '--benefit', '品牌推广扶持', '--input', input, '--issued', '2024-01-01', '--at', '2025-03-03'], '广州天河示例跨境电商有限公司经办人');
  show('wf apply dsl/guangzhou-cbec.pol --benefit 品牌推广扶持 --input out/workflow/application.json --issued 2024-01-01 --at 2025-03-03', filed);
  const id = /已登记申请 (\S+)：/.exec(filed)[1];
  const steps = [
    [['--as', '天河区政府', '--action', 'accept', '--at', '2025-03-05', '--note', '材料齐全，予以受理'], '王初审'],
    [['--as', '市商务局', '--action', 'approve', '--amount', '60万', '--at', '2025-03-14', '--note', '经审核，核定扶持60万元'], '李审核'],
    [['--as', '市商务局', '--action', 'publish', '--at', '2025-03-17'], '李审核'],
    [['--as', '市商务局', '--action', 'disburse', '--at', '2025-03-25', '--note', '已拨付至企业账户'], '赵拨付'],
  ];
  for (const [args, by] of steps) show(`wf act ${id} ${args.join(' ')}`, wf(['act', id, ...args], by));
  show(`wf audit ${id}`, wf(['audit', id]));
  show(`wf docs ${id} -o out/workflow`, wf(['docs', id, '-o', relative(ctx.root, dir)]));
  pol(['graph', ctx.seed, '--workflow', '品牌推广扶持', '-o', join(dir, 'state-machine.mmd')]);
  pol(['graph', ctx.seed, '--workflow', '品牌推广扶持', '--format', 'dot', '-o', join(dir, 'state-machine.dot')]);
  const { Graphviz } = await import('@hpcc-js/wasm-graphviz');
  const graphviz = await Graphviz.load();
  writeFileSync(join(dir, 'state-machine.svg'), graphviz.dot(readFileSync(join(dir, 'state-machine.dot'), 'utf8')));
  ctx.log('out/demo.db, out/workflow/（各步文书 PDF/DOCX，流程状态机 state-machine.mmd / .dot / .svg）');
}
