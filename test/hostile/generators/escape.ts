/**
 * Category 6, path traversal and terminal escapes. Stored document names with `../` (written into the
 * database by anyone who can write it) never lead `wf docs -o` outside its folder; control characters in
 * names never reach the terminal raw — refused at intake, and shown as \u001b escapes when a database
 * already holds them. The harness checks every run's output for raw control characters.
 */
import Database from 'better-sqlite3';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Ctx, type HostileCase, POLICY, polInProcess } from '../harness.ts';

const MARK = '广州标记科技有限公司';
const BRAND = (name: string) =>
  JSON.stringify({
    date: '2025-03-03',
    applicant: { id: '91440101MA59TH0000', name, kind: 'enterprise', district: '天河区' },
    project: 'P-001',
    facts: { 推广费用: 1200000 },
    lists: { 品牌出海企业: { member: true } },
  });

const db = (ctx: Ctx) => join(ctx.out, 'db', 'wf.db');
const wfArgs = (ctx: Ctx, ...args: string[]) => ['wf', ...args, '--db', db(ctx)];

/** File one application for 品牌推广扶持 and accept it, so that a 受理通知书 is stored. */
async function accepted(ctx: Ctx): Promise<void> {
  const env = { POL_USER: '测试员' };
  const a = await polInProcess(wfArgs(ctx, 'apply', POLICY, '--benefit', '品牌推广扶持', '-i', ctx.file('app.json', BRAND(MARK)), '--issued', '2024-01-01', '--at', '2025-03-04'), env);
  if (a.status !== 0) throw new Error(`setup: apply: ${a.stderr}`);
  const b = await polInProcess(wfArgs(ctx, 'act', '2025-000001', '--as', '天河区政府', '--action', 'accept', '--at', '2025-03-05'), env);
  if (b.status !== 0) throw new Error(`setup: accept: ${b.stderr}`);
  // documents are made (and stored) when first listed
  const c = await polInProcess(wfArgs(ctx, 'docs', '2025-000001'), env);
  if (c.status !== 0) throw new Error(`setup: docs: ${c.stderr}`);
}

/**
 * Replace `from` by `to` in every text column of every table, as someone with write access to the
 * database file could (append-only triggers dropped first). Independent of the store's table layout.
 */
function tamper(path: string, from: string, to: string, where: RegExp = /./): void {
  const d = new Database(path);
  try {
    for (const { name } of d.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as { name: string }[]) d.exec(`DROP TRIGGER "${name}"`);
    for (const { name: table } of d.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]) {
      for (const col of d.prepare(`PRAGMA table_info("${table}")`).all() as { name: string; type: string }[]) {
        if (col.type.toUpperCase() !== 'TEXT' || !where.test(col.name)) continue;
        // plain columns get the raw text; JSON columns its escaped form
        d.prepare(`UPDATE "${table}" SET "${col.name}" = replace("${col.name}", ?, CASE WHEN substr("${col.name}", 1, 1) IN ('{', '[') THEN ? ELSE ? END)`).run(from, JSON.stringify(to).slice(1, -1), to);
      }
    }
  } finally {
    d.close();
  }
}

const ESC = '\u001b]0;owned\u0007\u001b[2J\u001b[31m恶意\u009b1m\u202e';

function traversal(name: string, stored: (real: string) => string): HostileCase {
  return {
    name: `wf docs -o with a stored file name ${name}`,
    expect: 'either',
    limitMs: 30_000,
    setup: async (ctx) => {
      await accepted(ctx);
      const d = new Database(db(ctx), { readonly: true });
      const tables = (d.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
      let real: string | undefined;
      for (const t of tables) {
        const col = (d.prepare(`PRAGMA table_info("${t}")`).all() as { name: string }[]).find((c) => /file_?name/i.test(c.name));
        if (col) real = (d.prepare(`SELECT "${col.name}" AS n FROM "${t}" LIMIT 1`).get() as { n: string } | undefined)?.n;
      }
      d.close();
      if (!real) throw new Error('setup: no stored document');
      tamper(db(ctx), real, stored(real), /file_?name/i);
    },
    args: (ctx) => wfArgs(ctx, 'docs', '2025-000001', '-o', join(ctx.out, 'docs')),
    // every stored document written, all inside the folder (the harness checks nothing landed elsewhere)
    check: (_, ctx) => readdirSync(join(ctx.out, 'docs')).length >= 1,
  };
}

function escapes(): HostileCase[] {
  const show = (cmd: string, args: (ctx: Ctx) => string[]): HostileCase => ({
    name: `a stored applicant name with terminal escapes: pol wf ${cmd}`,
    expect: 'accept',
    limitMs: 30_000,
    setup: async (ctx) => {
      await accepted(ctx);
      tamper(db(ctx), MARK, ESC);
    },
    args,
    check: (run) => run.stdout.includes('\\u001b') && run.stdout.includes('恶意'),
  });
  const intake = ['\u001b[31m红色公司', '公司\u0007响铃', '公司\r\n换行', '\u202e司公反向', '公司\u0000空'];
  return [
    show('list', (ctx) => wfArgs(ctx, 'list', '--at', '2025-03-06')),
    show('show', (ctx) => wfArgs(ctx, 'show', '2025-000001', '--at', '2025-03-06')),
    ...intake.map(
      (name): HostileCase => ({
        name: `an applicant name with control characters ${JSON.stringify(name)}: pol wf apply`,
        expect: 'refuse',
        message: /不能含控制字符/,
        args: (ctx) => wfArgs(ctx, 'apply', POLICY, '--benefit', '品牌推广扶持', '-i', ctx.file('app.json', BRAND(name)), '--issued', '2024-01-01', '--at', '2025-03-04'),
      }),
    ),
    ...intake.slice(0, 2).map(
      (name): HostileCase => ({
        name: `an applicant name with control characters ${JSON.stringify(name)}: pol eval`,
        expect: 'refuse',
        message: /不能含控制字符/,
        args: (ctx) => ['eval', POLICY, '-i', ctx.file('app.json', BRAND(name)), '--issued', '2024-01-01'],
      }),
    ),
  ];
}

export function escapeCases(): HostileCase[] {
  return [
    traversal('"../../escaped.pdf"', () => '../../escaped.pdf'),
    traversal('"/tmp/absolute.pdf"', () => '/tmp/pol-hostile-absolute.pdf'),
    traversal('"..\\\\..\\\\win.pdf"', () => '..\\..\\win.pdf'),
    traversal('"docs/../../x.pdf" with a NUL', (r) => `docs/../../x\u0000${r}`),
    traversal('".." alone', () => '..'),
    {
      name: 'wf docs -o a folder holding the same file, without --force',
      expect: 'refuse',
      message: /POL9012/,
      limitMs: 30_000,
      setup: async (ctx) => {
        await accepted(ctx);
        const first = await polInProcess(wfArgs(ctx, 'docs', '2025-000001', '-o', ctx.in));
        if (first.status !== 0) throw new Error(`setup: docs: ${first.stderr}`);
      },
      args: (ctx) => wfArgs(ctx, 'docs', '2025-000001', '-o', ctx.in),
    },
    ...escapes(),
  ];
}
