/**
 * Category 1, stack depth: .pol files nested or chained far past any real policy, run through every
 * command that compiles a .pol; application JSON nested thousands deep, through every command that
 * reads one. Inputs just inside the limits must still give the right answer.
 */
import { readFileSync } from 'node:fs';
import { type Ctx, type HostileCase, MINI } from '../harness.ts';

const MINI_TEXT = readFileSync(MINI, 'utf8');
const MINI_APP = JSON.stringify({
  date: '2024-06-01',
  applicant: { id: '91440101MA59TEXT0R', name: '某公司', kind: 'enterprise', district: '东区' },
  lists: { 重点企业: { member: true, firstTime: true } },
});

/** mini.pol with its amount (or condition) replaced. */
const withAmount = (amount: string) => MINI_TEXT.replace('金额：最高 10万元', `金额：${amount}`);
const withCondition = (cond: string) => MINI_TEXT.replace('条件：首次入选(重点企业)', `条件：${cond}`);

interface PolInput {
  name: string;
  text: () => string;
  /** the ceiling eval must give when the input is accepted */
  ceilingFen?: number;
  /** too big to run through every command: these commands only */
  only?: string[];
  expect: 'refuse' | 'accept';
}

const POL_INPUTS: PolInput[] = [
  { name: '200 nested parentheses', text: () => withAmount(`${'('.repeat(200)}10万元${')'.repeat(200)}`), expect: 'refuse' },
  { name: '20,000 nested parentheses', text: () => withAmount(`${'('.repeat(20000)}10万元${')'.repeat(20000)}`), expect: 'refuse', only: ['check', 'compile'] },
  { name: '20,000 unclosed brackets', text: () => withAmount('['.repeat(20000)), expect: 'refuse', only: ['check', 'compile'] },
  { name: 'a sum of 3,000 terms', text: () => withAmount(Array(3000).fill('1元').join(' + ')), expect: 'refuse' },
  { name: 'a sum of 50,000 terms', text: () => withAmount(Array(50000).fill('1元').join(' + ')), expect: 'refuse', only: ['check', 'compile'] },
  { name: 'a product of 5,000 factors', text: () => withAmount(`10万元${' × 1'.repeat(5000)}`), expect: 'refuse' },
  { name: '5,000 chained 非', text: () => withCondition(`${'非 '.repeat(5000)}首次入选(重点企业)`), expect: 'refuse' },
  {
    name: '1,000 nested 若…则…否则',
    text: () => withAmount(`${'若 首次入选(重点企业) 则 1元 否则 '.repeat(1000)}10万元`),
    expect: 'refuse',
  },
  { name: '2,000 conditions joined by 且', text: () => withCondition(Array(2000).fill('首次入选(重点企业)').join(' 且 ')), expect: 'accept', ceilingFen: 10000000 },
  { name: '60 nested parentheses (inside the limit)', text: () => withAmount(`最高 ${'('.repeat(60)}10万元${')'.repeat(60)}`), expect: 'accept', ceilingFen: 10000000 },
  {
    name: 'a sum of 99 terms (inside the limit)',
    text: () => withAmount(`最高 ${Array(99).fill('1000元').join(' + ')}`),
    expect: 'accept',
    ceilingFen: 9900000,
  },
  { name: '150,000 declarations', text: () => MINI_TEXT + Array.from({ length: 150000 }, (_, i) => `名单 L${i} "名单${i}"\n`).join(''), expect: 'accept', only: ['check'] },
];

function ceilingOf(stdout: string): number | undefined {
  const out = JSON.parse(stdout) as { results: { benefit: string; ceilingFen: number }[] };
  return out.results.find((r) => r.benefit === '首次奖励')?.ceilingFen;
}

function commands(input: PolInput): { cmd: string; args: (pol: string, ctx: Ctx) => string[]; check?: HostileCase['check'] }[] {
  const all: ReturnType<typeof commands> = [
    { cmd: 'check', args: (pol) => ['check', pol] },
    { cmd: 'compile', args: (pol, ctx) => ['compile', pol, '-o', `${ctx.out}/graph.json`] },
    { cmd: 'fmt', args: (pol) => ['fmt', pol] },
    { cmd: 'graph', args: (pol) => ['graph', pol] },
    { cmd: 'export jsonlogic', args: (pol) => ['export', pol, '--format', 'jsonlogic'] },
    {
      cmd: 'eval',
      args: (pol, ctx) => ['eval', pol, '-i', ctx.file('app.json', MINI_APP), '--json'],
      check: input.ceilingFen === undefined ? undefined : (run) => ceilingOf(run.stdout) === input.ceilingFen,
    },
    { cmd: 'explain', args: (pol, ctx) => ['explain', pol, '-i', ctx.file('app.json', MINI_APP), '--benefit', '首次奖励'] },
    { cmd: 'doc form', args: (pol, ctx) => ['doc', 'form', pol, '-b', '首次奖励', '-o', ctx.out] },
  ];
  return input.only ? all.filter((c) => input.only!.includes(c.cmd)) : all;
}

function polCases(): HostileCase[] {
  const out: HostileCase[] = [];
  for (const input of POL_INPUTS) {
    let text: string | undefined;
    for (const c of commands(input)) {
      out.push({
        name: `${input.name}: pol ${c.cmd}`,
        expect: input.expect,
        ...(input.expect === 'refuse' ? { message: /POL105[0-2]|POL100[1-4]/ } : {}),
        ...(c.check ? { check: c.check } : {}),
        limitMs: input.only ? 60_000 : 20_000,
        args: (ctx) => c.args(ctx.file('policy.pol', (text ??= input.text())), ctx),
      });
    }
  }
  return out;
}

/** JSON nested `depth` deep, in several shapes. */
const DEEP_JSON: { name: string; json: () => string }[] = [
  { name: 'arrays nested 5,000 deep', json: () => `${'['.repeat(5000)}${']'.repeat(5000)}` },
  { name: 'objects nested 100,000 deep', json: () => `${'{"a":'.repeat(100000)}1${'}'.repeat(100000)}` },
  { name: 'a name nested 5,000 deep', json: () => MINI_APP.replace('"某公司"', `${'['.repeat(5000)}"某公司"${']'.repeat(5000)}`) },
  { name: 'a fact nested 5,000 deep', json: () => MINI_APP.replace('"lists":', `"facts":{"x":${'{"y":'.repeat(5000)}1${'}'.repeat(5000)}},"lists":`) },
];

function jsonCases(): HostileCase[] {
  const out: HostileCase[] = [];
  for (const j of DEEP_JSON) {
    const cmds: [string, (ctx: Ctx, app: string) => string[]][] = [
      ['eval', (ctx, app) => ['eval', MINI, '-i', app]],
      ['doc acceptance', (ctx, app) => ['doc', 'acceptance', MINI, '-b', '首次奖励', '-i', app, '-o', ctx.out]],
      ['wf apply', (ctx, app) => ['wf', 'apply', MINI, '--benefit', '首次奖励', '-i', app, '--db', `${ctx.out}/db/wf.db`, '--at', '2024-06-02']],
    ];
    for (const [cmd, args] of cmds) {
      out.push({ name: `application JSON, ${j.name}: pol ${cmd}`, expect: 'refuse', message: /POL9003|有 \d+ 处错误/, args: (ctx) => args(ctx, ctx.file('app.json', j.json())) });
    }
  }
  return out;
}

export function depthCases(): HostileCase[] {
  return [...polCases(), ...jsonCases()];
}
