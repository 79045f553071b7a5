/**
 * Category 2, long text: names, identifiers and notes far past the intake limits (src/values/limits.ts) are
 * refused by every command that takes them, before they reach a document; text inside the limits still
 * works; and a policy's own long unbreakable text lays out in linear time.
 */
import { readFileSync } from 'node:fs';
import { type Ctx, type HostileCase, MINI, POLICY, isFile } from '../harness.ts';

const MINI_APP = (change: (a: Record<string, any>) => void = () => {}) => {
  const a: Record<string, any> = {
    date: '2024-06-01',
    applicant: { id: '91440101MA59TEXT0R', name: '某公司', kind: 'enterprise', district: '东区' },
    lists: { 重点企业: { member: true, firstTime: true } },
  };
  change(a);
  return JSON.stringify(a);
};

const LONG: { name: string; field: string; value: () => string }[] = [
  { name: 'a 201-character name', field: 'name', value: () => '某'.repeat(201) },
  { name: 'a 12,000-letter unbreakable name', field: 'name', value: () => 'x'.repeat(12000) },
  { name: 'a 100,000-character name', field: 'name', value: () => '广'.repeat(100000) },
  { name: 'a 5-million-character name', field: 'name', value: () => 'A'.repeat(5_000_000) },
  { name: 'a 10,000-character applicant id', field: 'id', value: () => '9'.repeat(10000) },
  { name: 'a 1,000-character district', field: 'district', value: () => '区'.repeat(1000) },
  { name: 'a 5,000-character project', field: 'project', value: () => 'P'.repeat(5000) },
];

const put = (a: Record<string, any>, field: string, v: string) => {
  if (field === 'project') a.project = v;
  else a.applicant[field] = v;
};

function intakeCases(): HostileCase[] {
  const out: HostileCase[] = [];
  for (const l of LONG) {
    const cmds: [string, (ctx: Ctx, app: string) => string[]][] = [
      ['eval', (_, app) => ['eval', MINI, '-i', app]],
      ['doc acceptance', (ctx, app) => ['doc', 'acceptance', MINI, '-b', '首次奖励', '-i', app, '-o', ctx.out]],
      ['doc certificate', (ctx, app) => ['doc', 'certificate', MINI, '-b', '首次奖励', '-i', app, '-o', ctx.out, '--amount', '1000']],
      ['wf apply', (ctx, app) => ['wf', 'apply', POLICY, '--benefit', '麒麟企业奖励', '-i', app, '--issued', '2024-01-01', '--db', `${ctx.out}/db/wf.db`, '--at', '2024-06-02']],
    ];
    let app: string | undefined;
    for (const [cmd, args] of cmds) {
      out.push({
        name: `${l.name}: pol ${cmd}`,
        expect: 'refuse',
        // the workflow checks a 统一社会信用代码 before its length: either refusal names the field
        message: l.field === 'id' && cmd === 'wf apply' ? /POL5126|过长：最多 \d+ 个字符/ : /过长：最多 \d+ 个字符/,
        // the application made once for all the commands (a 5-million-character name takes ~0.1 s to make)
        args: (ctx) => args(ctx, ctx.file('app.json', (app ??= MINI_APP((a) => put(a, l.field, l.value()))))),
      });
    }
  }
  // at the limit: accepted and used as given
  const name200 = '某'.repeat(200);
  out.push({
    name: 'a 200-character name (the limit): pol eval',
    expect: 'accept',
    args: (ctx) => ['eval', MINI, '-i', ctx.file('app.json', MINI_APP((a) => (a.applicant.name = name200))), '--json'],
    check: (run) => (JSON.parse(run.stdout) as { results: { ceilingFen: number }[] }).results[0]?.ceilingFen === 10000000,
  });
  out.push({
    name: 'a 200-character name (the limit): pol doc acceptance',
    expect: 'accept',
    limitMs: 20_000,
    args: (ctx) => ['doc', 'acceptance', MINI, '-b', '首次奖励', '-i', ctx.file('app.json', MINI_APP((a) => (a.applicant.name = name200))), '--doc-number', '穗商务函〔2025〕12号', '-o', ctx.out],
    check: (run) => run.stdout.trim().split('\n').every((f) => f.endsWith('.pdf') && isFile(f.startsWith('/') ? f : `${process.cwd()}/${f}`)),
  });
  return out;
}

/** A workflow database with one filed application under out/db/. */
async function filed(ctx: Ctx): Promise<void> {
  const { polInProcess } = await import('../harness.ts');
  const qilin = MINI_APP((a) => ((a.lists = { 麒麟企业: { member: true, firstTime: true } }), (a.applicant.district = '天河区')));
  const r = await polInProcess(['wf', 'apply', POLICY, '--benefit', '麒麟企业奖励', '-i', ctx.file('app.json', qilin), '--issued', '2024-01-01', '--db', `${ctx.out}/db/wf.db`, '--at', '2024-06-02']);
  if (r.status !== 0) throw new Error(`setup: wf apply failed: ${r.stderr}`);
}

const act = (ctx: Ctx, ...more: string[]) => ['wf', 'act', '2024-000001', '--as', '天河区政府', '--action', 'accept', '--db', `${ctx.out}/db/wf.db`, '--at', '2024-06-03', ...more];

function optionCases(): HostileCase[] {
  return [
    { name: 'wf act --note of 2,001 characters', expect: 'refuse', message: /POL9004/, setup: filed, args: (ctx) => act(ctx, '--note', '意'.repeat(2001)) },
    { name: 'wf act --note of 1,000,000 characters', expect: 'refuse', message: /POL9004/, setup: filed, args: (ctx) => act(ctx, '--note', 'n'.repeat(1_000_000)) },
    { name: 'wf act --by of 201 characters', expect: 'refuse', message: /POL9004/, setup: filed, args: (ctx) => act(ctx, '--by', '人'.repeat(201)) },
    { name: 'wf act --note of 2,000 characters (the limit)', expect: 'accept', setup: filed, limitMs: 20_000, args: (ctx) => act(ctx, '--note', '意'.repeat(2000)) },
    {
      name: 'doc rejection --reason of 100,000 characters',
      expect: 'refuse',
      message: /POL9004/,
      args: (ctx) => ['doc', 'rejection', MINI, '-b', '首次奖励', '-i', ctx.file('app.json', MINI_APP()), '-o', ctx.out, '--reason', 'r'.repeat(100000)],
    },
    {
      name: 'doc call --doc-number of 10,000 characters',
      expect: 'refuse',
      message: /POL9004/,
      args: (ctx) => ['doc', 'call', MINI, '-b', '首次奖励', '-o', ctx.out, '--doc-number', '号'.repeat(10000)],
    },
  ];
}

/** The policy's own text (trusted, not limited) with a 12,000-letter unbreakable run: laid out in linear time. */
function layoutCases(): HostileCase[] {
  const text = readFileSync(MINI, 'utf8').replace('原文："对首次', `原文："${'y'.repeat(12000)}对首次`);
  return [
    {
      name: 'a policy text with a 12,000-letter unbreakable run: pol doc policy',
      expect: 'accept',
      limitMs: 15_000,
      args: (ctx) => ['doc', 'policy', ctx.file('policy.pol', text), '--doc-number', '穗商务函〔2025〕12号', '-o', ctx.out, '--format', 'pdf'],
      check: (run) => run.stdout.trim().endsWith('.pdf'),
    },
  ];
}

/** The exported application schema carries the same limits, so that an integrator refuses what pol refuses. */
function schemaCases(): HostileCase[] {
  return [
    {
      name: 'the limits in the exported application JSON Schema: pol export app-schema',
      expect: 'accept',
      args: () => ['export', POLICY, '--format', 'app-schema'],
      check: (run) => {
        const applicant = (JSON.parse(run.stdout) as { properties: { applicant: { properties: Record<string, { maxLength?: number; pattern?: string }> } } }).properties.applicant.properties;
        return applicant.name?.maxLength === 200 && applicant.id?.maxLength === 64 && !!applicant.name?.pattern;
      },
    },
  ];
}

export function lengthCases(): HostileCase[] {
  return [...intakeCases(), ...optionCases(), ...layoutCases(), ...schemaCases()];
}
