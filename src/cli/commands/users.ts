/**
 * `pol users add|list|disable|passwd`: the people of `pol serve` (DESIGN §10), kept in the workflow's store
 * (a SQLite file or a postgres:// URL). Passwords come from standard input (first line), never from
 * arguments. `users add` creates the database if it does not exist.
 */
import type { Command } from 'commander';
import { formatMessage, type Code, type MessageArg } from '../../diagnostics/catalog.ts';
import { ROLES, ROLE_ZH, canonicalName, type Role } from '../../store/identity.ts';
import type { Store } from '../../store/types.ts';
import { canonicalApplicantId, usccProblem } from '../../values/uscc.ts';
import { WorkflowError } from '../../workflow/define.ts';
import { DEFAULT_DB, openStore, storeError } from '../../workflow/open.ts';
import { EXIT, UserError, writeStdout } from '../io.ts';

const fail = (code: Code, args: MessageArg[] = []) => new UserError(`${code}: ${formatMessage(code, args)}`, EXIT.input, code);

/** The first line of standard input: the password. */
async function readPassword(): Promise<string> {
  const { MIN_PASSWORD } = await import('../../serve/passwords.ts');
  let text = '';
  if (!process.stdin.isTTY) {
    for await (const chunk of process.stdin) text += String(chunk);
  } else {
    process.stderr.write('密码（输入后按回车，再按 Ctrl-D）：\n');
    for await (const chunk of process.stdin) text += String(chunk);
  }
  const pw = text.split(/\r?\n/)[0] ?? '';
  if ([...pw].length < MIN_PASSWORD) throw fail('POL8013', [MIN_PASSWORD]);
  return pw;
}

async function withStore<T>(db: string, f: (store: Store) => Promise<T>, create = false): Promise<T> {
  let store: Store | undefined;
  try {
    store = await openStore(db, { create });
    return await f(store);
  } catch (e) {
    const err = storeError(e);
    if (err instanceof WorkflowError) throw new UserError(err.text(), EXIT.input);
    throw err;
  } finally {
    await store?.close();
  }
}

const dbOption = ['--db <path|url>', `数据库：SQLite 文件或 postgres:// 地址，默认 ${DEFAULT_DB}`, DEFAULT_DB] as const;

export function register(program: Command): void {
  const users = program
    .command('users')
    .description('pol serve 的用户：添加、列出、停用、改密码（密码从标准输入读取第一行）')
    .helpOption('-h, --help', '显示帮助');

  users
    .command('add')
    .description('添加用户：单位账号用 --unit，申报人账号用 --role applicant --applicant-id；数据库不存在时创建')
    .argument('<name>', '用户名')
    .option('--unit <unit>', '所属单位（政策中的简称或全称，如 市商务局、天河区政府）')
    .option('--role <role>', `角色：${ROLES.map((r) => `${r}（${ROLE_ZH[r]}）`).join('、')}`, 'clerk')
    .option('--applicant-id <uscc>', '申报人账号绑定的统一社会信用代码')
    .option(...dbOption)
    .option('--json', '以 JSON 输出')
    .action(async (name: string, opts: { unit?: string; role: string; applicantId?: string; db: string; json?: boolean }) => {
      if (!(ROLES as readonly string[]).includes(opts.role)) throw fail('POL8016', [opts.role]);
      const role = opts.role as Role;
      if ((role === 'applicant') !== (opts.applicantId !== undefined) || (role === 'applicant') === (opts.unit !== undefined)) throw fail('POL8014');
      let applicantId: string | null = null;
      if (opts.applicantId !== undefined) {
        applicantId = canonicalApplicantId(opts.applicantId);
        const why = usccProblem(applicantId);
        if (why) throw fail('POL8015', [opts.applicantId, why]);
      }
      const user = canonicalName(name);
      const password = await readPassword();
      const { hashPassword } = await import('../../serve/passwords.ts');
      const passwordHash = await hashPassword(password);
      await withStore(
        opts.db,
        async (store) => {
          if (!(await store.addUser({ name: user, unit: opts.unit?.trim() ?? null, role, applicantId, passwordHash }))) throw fail('POL8011', [user]);
        },
        true,
      );
      const shown = { name: user, unit: opts.unit?.trim() ?? null, roles: [role], applicantId };
      writeStdout(opts.json ? JSON.stringify(shown, null, 2) : `已添加用户 ${user}（${ROLE_ZH[role]}，${applicantId ? `统一社会信用代码 ${applicantId}` : opts.unit!.trim()}）`);
    });

  users
    .command('list')
    .description('列出用户')
    .option(...dbOption)
    .option('--json', '以 JSON 输出')
    .action(async (opts: { db: string; json?: boolean }) => {
      await withStore(opts.db, async (store) => {
        const all = await store.users();
        if (opts.json) {
          writeStdout(JSON.stringify(all.map((u) => ({ name: u.name, unit: u.unit, roles: [u.role], applicantId: u.applicantId, disabled: u.disabled, createdAt: u.createdAt })), null, 2));
          return;
        }
        if (all.length === 0) return writeStdout('尚无用户（用 pol users add 添加）');
        writeStdout(all.map((u) => `${u.name}\t${ROLE_ZH[u.role]}\t${u.unit ?? u.applicantId ?? ''}${u.disabled ? '\t已停用' : ''}`).join('\n'));
      });
    });

  users
    .command('disable')
    .description('停用用户：立即不能登录，已发的令牌随即失效')
    .argument('<name>', '用户名')
    .option(...dbOption)
    .action(async (name: string, opts: { db: string }) => {
      const user = canonicalName(name);
      await withStore(opts.db, async (store) => {
        if (!(await store.disableUser(user))) throw fail('POL8012', [user]);
      });
      writeStdout(`已停用用户 ${user}`);
    });

  users
    .command('passwd')
    .description('修改密码（新密码从标准输入读取第一行）；该用户已登录的令牌随即失效')
    .argument('<name>', '用户名')
    .option(...dbOption)
    .action(async (name: string, opts: { db: string }) => {
      const user = canonicalName(name);
      const password = await readPassword();
      const { hashPassword } = await import('../../serve/passwords.ts');
      const hash = await hashPassword(password);
      await withStore(opts.db, async (store) => {
        if (!(await store.setPassword(user, hash))) throw fail('POL8012', [user]);
      });
      writeStdout(`已修改用户 ${user} 的密码`);
    });
}
