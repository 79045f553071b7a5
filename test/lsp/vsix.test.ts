/**
 * The VS Code extension builds offline into a .vsix holding the client, the bundled server and the grammar,
 * and the bundled server runs on its own (no node_modules beside it) and answers an editor.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node.js';
import { processEnv, ROOT } from '../support/cli.ts';

const scratch = mkdtempSync(join(tmpdir(), 'pol-vsix-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('editors/vscode', () => {
  const vsix = join(scratch, 'pol-language.vsix');

  it('packages into a .vsix with client, server and grammar', async () => {
    const r = spawnSync(process.execPath, [resolve(ROOT, 'scripts/build-vscode.mjs'), '--vsix', vsix], { cwd: ROOT, encoding: 'utf8', env: processEnv() });
    expect(r.status, r.stderr + r.stdout).toBe(0);
    const zip = await JSZip.loadAsync(readFileSync(vsix));
    const files = Object.keys(zip.files);
    for (const f of ['extension/package.json', 'extension/dist/extension.js', 'extension/dist/server.mjs', 'extension/syntaxes/pol.tmLanguage.json', 'extension/language-configuration.json']) {
      expect(files).toContain(f);
    }
    const manifest = JSON.parse(await zip.file('extension/package.json')!.async('string')) as { contributes: { languages: { id: string; extensions: string[] }[] } };
    expect(manifest.contributes.languages[0]).toMatchObject({ id: 'pol', extensions: ['.pol'] });
    expect(files.some((f) => f.includes('node_modules'))).toBe(false);
  });

  it('runs the bundled server alone and answers initialize and diagnostics', async () => {
    const alone = join(scratch, 'alone');
    cpSync(resolve(ROOT, 'editors/vscode/dist/server.mjs'), join(alone, 'server.mjs'));
    const server = spawn(process.execPath, [join(alone, 'server.mjs'), '--stdio'], { cwd: alone, stdio: ['pipe', 'pipe', 'pipe'], env: processEnv() });
    const conn = createMessageConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
    const diagnostics = new Promise<{ diagnostics: { code: string }[] }>((res) => conn.onNotification('textDocument/publishDiagnostics', res));
    conn.listen();
    try {
      const init = (await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} })) as { serverInfo: { name: string } };
      expect(init.serverInfo.name).toBe('pol');
      await conn.sendNotification('initialized', {});
      await conn.sendNotification('textDocument/didOpen', {
        textDocument: { uri: 'untitled:a.pol', languageId: 'pol', version: 1, text: '政策 p "测试" {\n  发布：市商务\n}\n单位 市商务局 "某市商务局"\n' },
      });
      const got = await diagnostics;
      expect(got.diagnostics.map((d) => d.code)).toContain('POL2001');
    } finally {
      conn.dispose();
      server.kill();
    }
  });
});
