/**
 * Category 7, dates and encodings: far-off and impossible dates on every option and field that takes
 * one; files that are not valid UTF-8 (refused at intake, never silently replaced by U+FFFD).
 */
import { readFileSync } from 'node:fs';
import { type Ctx, type HostileCase, MINI, POLICY } from '../harness.ts';

const BRAND = (date = '2025-03-03', name = '广州某科技有限公司') =>
  JSON.stringify({
    date,
    applicant: { id: '91440101MA59TH0000', name, kind: 'enterprise', district: '天河区' },
    project: 'P-001',
    facts: { 推广费用: 1200000 },
    lists: { 品牌出海企业: { member: true } },
  });

type Eval = { results: { benefit: string; eligible: boolean; ceilingFen: number }[] };
const brandOf = (stdout: string) => (JSON.parse(stdout) as Eval).results.find((r) => r.benefit === '品牌推广扶持');

function issuedCases(): HostileCase[] {
  const out: HostileCase[] = [];
  // far-off but real dates evaluate (the application then lies outside the validity); impossible ones are refused
  for (const issued of ['9999-12-31', '9999-01-01', '0001-01-01', '2025-02-29', '10000-01-01', '0000-00-00', '2024-13-01', '', '-1', '２０２４-０１-０１']) {
    const real = ['9999-12-31', '9999-01-01', '0001-01-01'].includes(issued);
    const cmds: [string, (ctx: Ctx) => string[], HostileCase['check']?][] = [
      ['eval', (ctx) => ['eval', POLICY, '-i', ctx.file('app.json', BRAND()), '--issued', issued, '--json'], (run) => brandOf(run.stdout)?.eligible === false && brandOf(run.stdout)?.ceilingFen === 0],
      ['export jsonlogic', () => ['export', POLICY, '--format', 'jsonlogic', '--issued', issued]],
      ['doc call', (ctx) => ['doc', 'call', POLICY, '-b', '品牌推广扶持', '--issued', issued, '--doc-number', '穗商务函〔2025〕12号', '-o', ctx.out, '--format', 'docx']],
      ['wf apply', (ctx) => ['wf', 'apply', POLICY, '--benefit', '品牌推广扶持', '-i', ctx.file('app.json', BRAND()), '--issued', issued, '--db', `${ctx.out}/db/wf.db`, '--at', '2025-03-04']],
    ];
    for (const [cmd, args, check] of cmds) {
      out.push({
        name: `--issued ${JSON.stringify(issued)}: pol ${cmd}`,
        // wf apply refuses an application outside the validity (ineligible → exit 1)
        expect: real ? (cmd === 'wf apply' ? 'refuse' : 'accept') : 'refuse',
        ...(real && check ? { check } : {}),
        limitMs: 20_000,
        args,
      });
    }
  }
  return out;
}

function fieldCases(): HostileCase[] {
  const out: HostileCase[] = [];
  for (const date of ['9999-12-31', '0001-01-01', '2025-02-30', '99999-01-01', '2025-1-1']) {
    const real = date === '9999-12-31' || date === '0001-01-01';
    out.push({
      name: `application date ${date}: pol eval`,
      expect: real ? 'accept' : 'refuse',
      args: (ctx) => ['eval', POLICY, '-i', ctx.file('app.json', BRAND(date)), '--issued', '2024-01-01', '--json'],
      check: (run) => brandOf(run.stdout)?.eligible === false,
    });
    out.push({
      name: `application date ${date}: pol wf apply`,
      expect: 'refuse',
      args: (ctx) => ['wf', 'apply', POLICY, '--benefit', '品牌推广扶持', '-i', ctx.file('app.json', BRAND(date)), '--issued', '2024-01-01', '--db', `${ctx.out}/db/wf.db`, '--at', '2025-03-04'],
    });
  }
  for (const at of ['9999-12-31', '0001-01-01', '2025-02-30']) {
    out.push({
      name: `--at ${at}: pol wf apply`,
      expect: 'either',
      args: (ctx) => ['wf', 'apply', POLICY, '--benefit', '品牌推广扶持', '-i', ctx.file('app.json', BRAND()), '--issued', '2024-01-01', '--db', `${ctx.out}/db/wf.db`, '--at', at],
    });
  }
  out.push({
    name: '--date 9999-12-31: pol doc acceptance',
    expect: 'either',
    limitMs: 20_000,
    args: (ctx) => ['doc', 'acceptance', POLICY, '-b', '品牌推广扶持', '-i', ctx.file('app.json', BRAND()), '--issued', '2024-01-01', '--date', '9999-12-31', '-o', ctx.out],
  });
  return out;
}

/** The application's JSON with `text` replaced by raw bytes. */
const replaced = (text: string, bytes: number[]) => {
  const [head, ...rest] = BRAND().split(text);
  return Buffer.concat([Buffer.from(head!), Buffer.from(bytes), Buffer.from(rest.join(text))]);
};

/** Valid JSON text with its name encoded badly. */
const badBytes: { name: string; bytes: () => Uint8Array }[] = [
  { name: 'a stray 0xFF byte', bytes: () => replaced('广州', [0xff]) },
  { name: 'a GBK-encoded name', bytes: () => replaced('广州某科技有限公司', [0xb9, 0xe3, 0xd6, 0xdd]) },
  { name: 'an overlong encoding of "/"', bytes: () => replaced('广州', [0xc0, 0xaf]) },
  { name: 'an encoded surrogate (CESU-8)', bytes: () => replaced('广州', [0xed, 0xa0, 0x80]) },
  { name: 'a character cut off at the end', bytes: () => Buffer.concat([Buffer.from(BRAND()), Buffer.from([0xe5, 0xb9])]) },
  { name: 'UTF-16 with a byte-order mark', bytes: () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(BRAND(), 'utf16le')]) },
];

function encodingCases(): HostileCase[] {
  const out: HostileCase[] = [];
  for (const b of badBytes) {
    const cmds: [string, (ctx: Ctx, f: string) => string[]][] = [
      ['eval', (_, f) => ['eval', POLICY, '-i', f, '--issued', '2024-01-01']],
      ['doc acceptance', (ctx, f) => ['doc', 'acceptance', POLICY, '-b', '品牌推广扶持', '-i', f, '--issued', '2024-01-01', '-o', ctx.out]],
      ['wf apply', (ctx, f) => ['wf', 'apply', POLICY, '--benefit', '品牌推广扶持', '-i', f, '--issued', '2024-01-01', '--db', `${ctx.out}/db/wf.db`, '--at', '2025-03-04']],
    ];
    for (const [cmd, args] of cmds) {
      out.push({ name: `application with ${b.name}: pol ${cmd}`, expect: 'refuse', message: /POL9001/, args: (ctx) => args(ctx, ctx.file('app.json', b.bytes())) });
    }
  }
  const pol = readFileSync(MINI);
  for (const [name, bytes] of [
    ['a .pol with a stray 0xFF byte', Buffer.concat([pol.subarray(0, 40), Buffer.from([0xff]), pol.subarray(40)])],
    ['a .pol in GBK', Buffer.concat([pol.subarray(0, 20), Buffer.from([0xc1, 0xf7, 0xb3, 0xcc]), pol.subarray(20)])],
  ] as const) {
    for (const cmd of ['check', 'compile', 'fmt']) {
      out.push({ name: `${name}: pol ${cmd}`, expect: 'refuse', message: /POL9001/, args: (ctx) => [cmd, ctx.file('policy.pol', bytes)] });
    }
  }
  return out;
}

export function dateCases(): HostileCase[] {
  return [...issuedCases(), ...fieldCases(), ...encodingCases()];
}
