/**
 * The `pol` program: one fresh commander program per run, so that the CLI can also be run in-process
 * (test/hostile/ runs hundreds of hostile inputs this way). `runPol` returns the exit status.
 */
import { Command, CommanderError } from 'commander';
import { VERSION } from '../version.ts';
import { diagnosticsJson, EXIT, jsonErrors, terminalSafe, UserError } from './io.ts';
import { registerCommands } from './commands/index.ts';

function newProgram(): Command {
  return new Command('pol')
    .description('pol：把政策文件（.pol）编译为可执行规则，并据此评估申报、运行审批流程、生成公文与导出规则')
    .version(VERSION, '-V, --version', '显示版本号')
    .helpOption('-h, --help', '显示帮助')
    .addHelpCommand('help [command]', '显示某个命令的帮助')
    .showHelpAfterError('（用 pol --help 查看用法）')
    .configureOutput({
      outputError: (text, write) => write(chineseCommanderError(text)),
      writeOut: (text) => process.stdout.write(chineseHelp(text)),
    })
    .exitOverride();
}


/** commander's help headings in Chinese. */
function chineseHelp(text: string): string {
  return text
    .replace(/^Usage: /m, '用法：')
    .replace(/^(Arguments|Options|Commands):$/gm, (_, h: string) => ({ Arguments: '参数：', Options: '选项：', Commands: '命令：' })[h]!)
    .replace(/\(default: ([^)]*)\)/g, '（默认：$1）')
    .replace(/\(choices: ([^)]*)\)/g, '（可选：$1）');
}

/** commander's own argument errors, in Chinese like every other message. */
function chineseCommanderError(text: string): string {
  const rules: [RegExp, (...m: string[]) => string][] = [
    [/^error: unknown command '(.+)'/, (c) => `错误：没有命令“${c}”`],
    [/^error: unknown option '(.+)'/, (o) => `错误：没有选项 ${o}`],
    [/^error: missing required argument '(.+)'/, (a) => `错误：缺少参数 <${a}>`],
    [/^error: required option '(.+)' not specified/, (o) => `错误：缺少必需的选项 ${o}`],
    [/^error: option '(.+)' argument missing/, (o) => `错误：选项 ${o} 缺少取值`],
    [
      /^error: too many arguments(?: for '([^']+)')?\.(?: Expected (\d+) arguments? but got (\d+)\.)?/,
      (c, want, got) => `错误：参数过多${want ? `（${c ? `命令 ${c} ` : ''}需要 ${want} 个，收到 ${got} 个）` : ''}`,
    ],
  ];
  for (const [re, zh] of rules) {
    const m = re.exec(text);
    if (m) return text.replace(re, zh(...m.slice(1)));
  }
  return text;
}

function internalError(e: unknown): void {
  process.stderr.write(
    `pol 内部错误（internal error）：${e instanceof Error ? e.message : String(e)}\n` +
      '这是 pol 的缺陷，不是您的输入有误。请把所用命令、输入文件和以下信息一并报告给维护者：\n' +
      `pol ${VERSION}, node ${process.version}\n` +
      (process.env.POL_DEBUG ? `${e instanceof Error ? e.stack : ''}\n` : '（设置环境变量 POL_DEBUG=1 可显示调用栈）\n'),
  );
  process.exitCode = EXIT.internal;
}

/** Run pol with these arguments (`['node', 'pol', ...args]`, as process.argv); gives the exit status. */
export async function runPol(argv: string[]): Promise<number> {
  const program = newProgram();
  process.exitCode = undefined;
  // --json: errors as one JSON object on stderr, with their catalog code (docs/export.md)
  jsonErrors.on = argv.slice(2).includes('--json');
  jsonErrors.diagnostics.length = 0;
  try {
    await registerCommands(program, argv);
    await program.parseAsync(argv);
    if (jsonErrors.on && jsonErrors.diagnostics.length > 0) process.stderr.write(JSON.stringify(diagnosticsJson(jsonErrors.diagnostics, 'zh')) + '\n');
  } catch (e) {
    if (e instanceof UserError && jsonErrors.on) {
      // a .pol with errors stops with its first error diagnostic's code (docs/export.md), not the summary's
      const first = jsonErrors.diagnostics.find((d) => d.severity === 'error');
      const error = { code: first?.code ?? e.code ?? 'POL7009', message: e.message, exitCode: e.exitCode, ...(e.errors ? { errors: e.errors } : {}) };
      process.stderr.write(JSON.stringify({ error, ...diagnosticsJson(jsonErrors.diagnostics, 'zh') }) + '\n');
      process.exitCode = e.exitCode;
    } else if (e instanceof UserError) {
      // one shape for every coded error: "pol: POLnnnn: message"
      const coded = e.code && !e.message.startsWith(e.code) ? `${e.code}: ${e.message}` : e.message;
      process.stderr.write(terminalSafe(`pol: ${coded}\n`));
      process.exitCode = e.exitCode;
    } else if (e instanceof CommanderError) {
      // commander printed its own message (help, version, unknown option …)
      process.exitCode = e.exitCode === 0 ? 0 : EXIT.input;
    } else internalError(e);
  }
  return Number(process.exitCode ?? 0);
}
