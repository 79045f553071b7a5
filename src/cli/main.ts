#!/usr/bin/env node
/**
 * The `pol` command line: a thin shell over the library. It parses arguments, prints, and sets the
 * exit status; every command lives in commands/ and loads heavy libraries only when it runs.
 */
import { Command, CommanderError } from 'commander';
import { VERSION } from '../version.ts';
import { EXIT, UserError } from './io.ts';
import { registerCommands } from './commands/index.ts';

const program = new Command('pol')
  .description('pol：把政策文件（.pol）编译为可执行规则，并据此评估申报、运行审批流程、生成公文与导出规则')
  .version(VERSION, '-V, --version', '显示版本号')
  .helpOption('-h, --help', '显示帮助')
  .addHelpCommand('help [command]', '显示某个命令的帮助')
  .showHelpAfterError('（用 pol --help 查看用法）')
  .exitOverride();

await registerCommands(program, process.argv);

function internalError(e: unknown): void {
  process.stderr.write(
    `pol 内部错误（internal error）：${e instanceof Error ? e.message : String(e)}\n` +
      '这是 pol 的缺陷，不是您的输入有误。请把所用命令、输入文件和以下信息一并报告给维护者：\n' +
      `pol ${VERSION}, node ${process.version}\n` +
      (process.env.POL_DEBUG ? `${e instanceof Error ? e.stack : ''}\n` : '（设置环境变量 POL_DEBUG=1 可显示调用栈）\n'),
  );
  process.exitCode = EXIT.internal;
}

// A reader that stops early (`pol compile … | head`) closes the pipe: that is not an error of pol's.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof UserError) {
    process.stderr.write(`pol: ${e.message}\n`);
    process.exitCode = e.exitCode;
  } else if (e instanceof CommanderError) {
    // commander printed its own message (help, version, unknown option …)
    process.exitCode = e.exitCode === 0 ? 0 : EXIT.input;
  } else internalError(e);
}
