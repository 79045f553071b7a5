/**
 * `pol lsp --stdio`: the language server for editors (VS Code and any LSP client). Diagnostics carry the
 * same codes, ranges and messages as `pol check`; see src/lsp/server.ts for what it answers.
 */
import type { Command } from 'commander';
import { userError } from '../io.ts';

export function register(program: Command): void {
  program
    .command('lsp')
    .description('语言服务器（Language Server Protocol）：供 VS Code 等编辑器使用，提供诊断、悬停、补全、跳转、重命名、格式化等')
    .option('--stdio', '经标准输入/输出通信（目前唯一支持的方式）')
    .action(async (opts: { stdio?: boolean }) => {
      if (!opts.stdio) throw userError('POL9062', []);
      const { startServer } = await import('../../lsp/server.ts');
      startServer();
      // the server runs until the client sends exit or closes stdin
      await new Promise<void>((resolve) => process.stdin.on('close', resolve));
    });
}
