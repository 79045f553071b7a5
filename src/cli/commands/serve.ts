/**
 * `pol serve --db FILE|postgres://… --policy FILE.pol [--policy …] [--issued ID=DATE] [--host 127.0.0.1] [--port 8080]`:
 * the approval workflow as an HTTP service (DESIGN §10). fastify and the store's driver load only here.
 * Stops cleanly on SIGINT/SIGTERM (requests in flight finish, the store closes).
 */
import type { Command } from 'commander';
import { codedMessage, formatMessage, type Code, type MessageArg } from '../../diagnostics/catalog.ts';
import type { Graph } from '../../ir/schema.ts';
import { isCalendarDate } from '../../workflow/calendar.ts';
import { WorkflowError } from '../../workflow/define.ts';
import { openStore, storeError } from '../../workflow/open.ts';
import type { Store } from '../../store/types.ts';
import { EXIT, UserError, userError } from '../io.ts';
import { loadGraph } from '../load.ts';

const fail = (code: Code, args: MessageArg[] = []) => new UserError(`${code}: ${formatMessage(code, args)}`, EXIT.input, code);

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

interface ServeOpts {
  db: string;
  policy: string[];
  issued?: string[];
  host: string;
  port: string;
  bodyLimit: string;
  tokenHours: string;
  trustProxy?: boolean;
  documents: boolean;
  quiet?: boolean;
}

const collect = (v: string, prev: string[] | undefined) => [...(prev ?? []), v];

export function register(program: Command): void {
  program
    .command('serve')
    .description('启动审批服务（HTTP JSON 接口，见 docs/serve.md）：用户登录后按政策中的单位办理申请。默认只监听本机 127.0.0.1')
    .requiredOption('--db <path|url>', '数据库：SQLite 文件，或 postgres://用户:密码@主机/库（多个服务进程共用）')
    .requiredOption('--policy <file.pol>', '政策文件（可重复）', collect)
    .option('--issued <id=date>', '政策的印发日期，如 gz-cbec-2023=2024-01-01（征求意见稿须指定；可重复）', collect)
    .option('--host <host>', '监听地址', '127.0.0.1')
    .option('--port <port>', '端口（0 表示任取一个空闲端口）', '8080')
    .option('--body-limit <bytes>', '请求体上限（字节）', String(1024 * 1024))
    .option('--token-hours <hours>', '登录令牌的有效期（小时）', '12')
    .option('--trust-proxy', '信任反向代理的 X-Forwarded-For（登录限速与日志按真实地址）')
    .option('--no-documents', '不生成步骤文书（压力测试用）')
    .option('--quiet', '不输出请求日志')
    .action(async (opts: ServeOpts) => {
      const now = process.env.POL_NOW;
      if (now && !isCalendarDate(now)) throw userError('POL3050', ['环境变量 POL_NOW', now]);
      const issued = new Map<string, string>();
      for (const v of opts.issued ?? []) {
        const m = /^([^=]+)=(.+)$/.exec(v);
        if (!m || !isCalendarDate(m[2]!)) throw fail('POL8018', [v]);
        issued.set(m[1]!.trim(), m[2]!);
      }
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw fail('POL8023', [opts.port, '应为 0–65535 的整数']);
      const policies: { graph: Graph; issued: string | null }[] = [];
      for (const file of opts.policy) {
        const { graph } = loadGraph(file, 'zh', { quiet: true });
        const iss = issued.get(graph.policy.id) ?? graph.policy.issued ?? null;
        if (!iss && graph.policy.validity?.kind === 'fromIssuance') throw fail('POL8024', [graph.policy.id]);
        policies.push({ graph, issued: iss });
      }
      let store: Store;
      try {
        store = await openStore(opts.db, { create: false });
      } catch (e) {
        const err = storeError(e);
        if (err instanceof WorkflowError) throw new UserError(`${err.text()}\n（先用 pol users add … --db ${opts.db} 添加用户，即会创建数据库）`, EXIT.input);
        throw err;
      }
      const { findUnit } = await import('../../workflow/actors.ts');
      for (const u of await store.users()) {
        if (u.unit && !u.disabled && !policies.some((p) => findUnit(p.graph, u.unit!))) process.stderr.write(`pol: 注意：${codedMessage('POL8022', [u.unit, u.name])}\n`);
      }
      const { buildServer } = await import('../../serve/app.ts');
      const { noDocuments } = await import('../../workflow/documents.ts');
      const { registerDesk } = await import('../../desk/routes.ts');
      const app = await buildServer({
        extensions: [registerDesk],
        store,
        policies,
        bodyLimit: Number(opts.bodyLimit) || undefined,
        logger: opts.quiet ? false : { stream: process.stderr },
        tokenTtlMs: Number(opts.tokenHours) * 3600_000 || undefined,
        trustProxy: !!opts.trustProxy,
        ...(opts.documents ? {} : { documents: noDocuments }),
      } as Parameters<typeof buildServer>[0]);
      try {
        await app.listen({ host: opts.host, port });
      } catch (e) {
        await store.close();
        throw fail('POL8023', [opts.port, (e as Error).message]);
      }
      const addr = app.server.address();
      const where = typeof addr === 'object' && addr ? `${addr.family === 'IPv6' ? `[${addr.address}]` : addr.address}:${addr.port}` : String(addr);
      if (!LOOPBACK.has(opts.host)) process.stderr.write(`pol: 注意：${codedMessage('POL8017', [where])}\n`);
      process.stdout.write(`pol serve 已启动：http://${where}/  （接口说明 /openapi.html；政策 ${policies.map((p) => p.graph.policy.id).join('、')}；数据库 ${store.location.replace(/\/\/[^@/]*@/, '//')}）\n`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void app.close().then(() => store.close()).then(resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
