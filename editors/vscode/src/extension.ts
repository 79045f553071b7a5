/**
 * The VS Code client: starts pol's language server for .pol files — the server bundled with this extension
 * (dist/server.mjs, run by VS Code's own Node), or the `pol` command named in the setting pol.server.path.
 */
import { workspace, type ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const custom = workspace.getConfiguration('pol').get<string>('server.path')?.trim();
  const serverOptions: ServerOptions = custom
    ? { command: custom, args: ['lsp', '--stdio'], transport: TransportKind.stdio }
    : { module: context.asAbsolutePath('dist/server.mjs'), transport: TransportKind.stdio };
  client = new LanguageClient('pol', 'pol 语言服务', serverOptions, {
    documentSelector: [{ scheme: 'file', language: 'pol' }, { scheme: 'untitled', language: 'pol' }],
  });
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
