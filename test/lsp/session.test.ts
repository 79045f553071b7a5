/**
 * A scripted editor session against the real `pol lsp --stdio` process, spoken to over JSON-RPC with the
 * protocol's own message library (what VS Code's client sends): open the seed, break a name, get the
 * diagnostic `pol check` gives at the same range within a second, complete a unit, hover a benefit, rename an
 * input and see every reference change, format, ask for symbols, tokens and a quick fix.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node.js';
import { CLI, ROOT, runCli } from '../support/cli.ts';

const SEED = resolve(ROOT, 'dsl/guangzhou-cbec.pol');
const URI = 'file:///home/drafter/policies/guangzhou-cbec.pol';
const source = readFileSync(SEED, 'utf8');

interface Position {
  line: number;
  character: number;
}
interface Range {
  start: Position;
  end: Position;
}
interface PublishedDiagnostic {
  range: Range;
  code: string;
  message: string;
  severity: number;
}

/** The LSP position (0-based line, UTF-16 character) of the n-th occurrence of `needle` in `text`. */
function positionOf(text: string, needle: string, nth = 0, delta = 0): Position {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`not found: ${needle}`);
  const offset = at + delta;
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

const scratch = mkdtempSync(join(tmpdir(), 'pol-lsp-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let scratchN = 0;
/** Run the CLI on a text written to a scratch .pol file. */
function cliOn(text: string, args: string[]) {
  const file = join(scratch, `p${scratchN++}.pol`);
  writeFileSync(file, text);
  return { ...runCli([...args, file]), file };
}

function applyEdits(text: string, edits: { range: Range; newText: string }[]): string {
  const lines = text.split('\n');
  const offsetOf = (p: Position) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return [...edits]
    .map((e) => ({ from: offsetOf(e.range.start), to: offsetOf(e.range.end), text: e.newText }))
    .sort((a, b) => b.from - a.from)
    .reduce((t, e) => t.slice(0, e.from) + e.text + t.slice(e.to), text);
}

describe('pol lsp --stdio: a scripted session', () => {
  let server: ChildProcess;
  let conn: MessageConnection;
  const published: { uri: string; version?: number; diagnostics: PublishedDiagnostic[]; at: number }[] = [];
  let version = 1;

  const nextDiagnostics = (afterVersion: number, timeoutMs = 5000) =>
    new Promise<{ diagnostics: PublishedDiagnostic[]; at: number }>((res, rej) => {
      const started = Date.now();
      const poll = () => {
        const hit = published.find((p) => (p.version ?? 0) >= afterVersion);
        if (hit) return res(hit);
        if (Date.now() - started > timeoutMs) return rej(new Error(`no diagnostics for version ${afterVersion}`));
        setTimeout(poll, 10);
      };
      poll();
    });

  beforeAll(async () => {
    server = spawn(process.execPath, [CLI, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    conn = createMessageConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
    conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number; diagnostics: PublishedDiagnostic[] }) => {
      published.push({ ...p, at: Date.now() });
    });
    conn.listen();
    const init = (await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} })) as {
      capabilities: Record<string, unknown>;
    };
    expect(init.capabilities.hoverProvider).toBe(true);
    expect(init.capabilities.renameProvider).toBeTruthy();
    await conn.sendNotification('initialized', {});
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'pol', version, text: source } });
  });

  afterAll(async () => {
    if (conn) {
      await conn.sendRequest('shutdown').catch(() => undefined);
      await conn.sendNotification('exit').catch(() => undefined);
      conn.dispose();
    }
    server?.kill();
  });

  it('publishes the seed with no errors, as pol check does', async () => {
    const first = await nextDiagnostics(1);
    expect(first.diagnostics.filter((d) => d.severity === 1)).toEqual([]);
  });

  it('reports a typo at the range pol check gives, within a second of the edit', async () => {
    const broken = source.replace('条件：入选(品牌出海企业)', '条件：入选(品牌出海企)');
    const at = positionOf(source, '品牌出海企业)', 0, 5);
    version++;
    const sent = Date.now();
    published.length = 0;
    await conn.sendNotification('textDocument/didChange', {
      textDocument: { uri: URI, version },
      contentChanges: [{ range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: '' }],
    });
    const got = await nextDiagnostics(version);
    expect(got.at - sent).toBeLessThan(1000);
    const lsp = got.diagnostics.filter((d) => d.severity === 1);
    // the same diagnostics as the CLI, at the same place (CLI: 1-based, end column inclusive)
    const cli = JSON.parse(cliOn(broken, ['check', '--json']).stdout) as {
      diagnostics: { code: string; line: number; col: number; endLine: number; endCol: number; message: string; severity: string }[];
    };
    const cliErrors = cli.diagnostics.filter((d) => d.severity === 'error');
    expect(lsp[0]?.code).toBe('POL2002');
    expect(lsp[0]!.range.start).toEqual(positionOf(broken, '品牌出海企)'));
    expect(lsp[0]!.range.end).toEqual(positionOf(broken, '品牌出海企)', 0, 5));
    expect(lsp.map((d) => d.code)).toEqual(cliErrors.map((d) => d.code));
    expect(lsp.map((d) => d.message)).toEqual(cliErrors.map((d) => d.message));
    // CLI columns are 1-based with an inclusive end; LSP characters are 0-based with an exclusive end
    expect(lsp.map((d) => [d.range.start.line + 1, d.range.start.character + 1, d.range.end.line + 1, d.range.end.character])).toEqual(
      cliErrors.map((d) => [d.line, d.col, d.endLine, d.endCol]),
    );
    // put it back
    version++;
    await conn.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version }, contentChanges: [{ text: source }] });
    const fixed = await nextDiagnostics(version);
    expect(fixed.diagnostics.filter((d) => d.severity === 1)).toEqual([]);
  });

  it('completes a unit after a number', async () => {
    const text = source.replace('不超过 100万元 每年', '不超过 100');
    version++;
    await conn.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version }, contentChanges: [{ text }] });
    const items = (await conn.sendRequest('textDocument/completion', {
      textDocument: { uri: URI },
      position: positionOf(text, '不超过 100', 0, '不超过 100'.length),
    })) as { label: string; insertText?: string }[];
    expect(items.map((i) => i.label)).toContain('100万元');
    expect(items.find((i) => i.label === '100万元')!.insertText).toBe('万元');
    version++;
    await conn.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version }, contentChanges: [{ text: source }] });
  });

  it('completes list names inside 入选( and units after 牵头：', async () => {
    const lists = (await conn.sendRequest('textDocument/completion', {
      textDocument: { uri: URI },
      position: positionOf(source, '入选(品牌出海企业)', 0, 3),
    })) as { label: string }[];
    expect(lists.map((i) => i.label).sort()).toEqual(['品牌出海企业', '麒麟企业', '鲲鹏园区'].sort());
    const units = (await conn.sendRequest('textDocument/completion', {
      textDocument: { uri: URI },
      position: positionOf(source, '牵头：市商务局', 0, 3),
    })) as { label: string }[];
    expect(units.map((i) => i.label)).toContain('天河区政府');
    expect(units.map((i) => i.label)).not.toContain('品牌推广扶持');
  });

  it('hovers a benefit with its measure, amount in words and text', async () => {
    const h = (await conn.sendRequest('textDocument/hover', {
      textDocument: { uri: URI },
      position: positionOf(source, '扶持 品牌推广扶持', 0, 4),
    })) as { contents: { value: string } };
    expect(h.contents.value).toContain('扶持项目 品牌推广扶持');
    expect(h.contents.value).toContain('第三条');
    expect(h.contents.value).toContain('人民币壹佰万元整');
    expect(h.contents.value).toContain('推广费用 × 50%');
  });

  it('goes to the definition of a list and finds its references', async () => {
    const defs = (await conn.sendRequest('textDocument/definition', {
      textDocument: { uri: URI },
      position: positionOf(source, '入选(品牌出海企业)', 0, 4),
    })) as { range: Range }[];
    expect(defs).toHaveLength(1);
    expect(defs[0]!.range.start).toEqual(positionOf(source, '名单 品牌出海企业', 0, 3));
    const refs = (await conn.sendRequest('textDocument/references', {
      textDocument: { uri: URI },
      position: positionOf(source, '名单 品牌出海企业', 0, 3),
      context: { includeDeclaration: true },
    })) as { range: Range }[];
    expect(refs.length).toBe(source.split('品牌出海企业').length - 1 - countInStrings(source, '品牌出海企业'));
    expect(refs.length).toBeGreaterThanOrEqual(2);
  });

  it('renames an input and changes every reference', async () => {
    const edit = (await conn.sendRequest('textDocument/rename', {
      textDocument: { uri: URI },
      position: positionOf(source, '输入 推广费用', 0, 3),
      newName: '品牌推广费用',
    })) as { changes: Record<string, { range: Range; newText: string }[]> };
    const edits = edit.changes[URI]!;
    expect(edits.length).toBe(2);
    const renamed = applyEdits(source, edits);
    expect(renamed).toContain('输入 品牌推广费用：金额');
    expect(renamed).toContain('金额：品牌推广费用 × 50%');
    expect(cliOn(renamed, ['check']).status).toBe(0);
    await expect(
      conn.sendRequest('textDocument/rename', { textDocument: { uri: URI }, position: positionOf(source, '输入 推广费用', 0, 3), newName: '不超过' }),
    ).rejects.toThrow(/不是有效的名称/);
  });

  it('formats through pol fmt', async () => {
    const messy = source.replace('  牵头：市商务局\n', '      牵头 :  市商务局\n');
    version++;
    await conn.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version }, contentChanges: [{ text: messy }] });
    const edits = (await conn.sendRequest('textDocument/formatting', {
      textDocument: { uri: URI },
      options: { tabSize: 2, insertSpaces: true },
    })) as { range: Range; newText: string }[];
    const fmt = cliOn(messy, ['fmt']);
    expect(fmt.status).toBe(0);
    expect(edits.length).toBe(1);
    expect(applyEdits(messy, edits)).toBe(fmt.stdout);
    version++;
    await conn.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version }, contentChanges: [{ text: source }] });
  });

  it('lists measures with their benefits as document symbols', async () => {
    const symbols = (await conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri: URI } })) as {
      name: string;
      children?: { name: string }[];
    }[];
    const m3 = symbols.find((s) => s.name === '措施 3');
    expect(m3?.children?.map((c) => c.name)).toContain('品牌推广扶持');
    expect(symbols.filter((s) => s.name.startsWith('措施 ')).length).toBe(17);
  });

  it('gives semantic tokens and a did-you-mean quick fix', async () => {
    const tokens = (await conn.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri: URI } })) as { data: number[] };
    expect(tokens.data.length % 5).toBe(0);
    expect(tokens.data.length / 5).toBeGreaterThan(500);
    const text = source.replace('牵头：市商务局\n  配合：市市场监管局', '牵头：市商务具\n  配合：市市场监管局');
    version++;
    await conn.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version }, contentChanges: [{ text }] });
    const got = await nextDiagnostics(version);
    const d = got.diagnostics.find((x) => x.code === 'POL2001')!;
    expect(d).toBeDefined();
    const actions = (await conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: d.range,
      context: { diagnostics: [d] },
    })) as { title: string; edit: { changes: Record<string, { newText: string }[]> } }[];
    expect(actions.map((a) => a.edit.changes[URI]![0]!.newText)).toContain('市商务局');
  });
});

/** Occurrences of `word` inside quoted strings (原文 text), which are not references. */
function countInStrings(text: string, word: string): number {
  let n = 0;
  for (const m of text.matchAll(/"(?:[^"\\]|\\.)*"|“[^”]*”/g)) n += m[0].split(word).length - 1;
  return n;
}
