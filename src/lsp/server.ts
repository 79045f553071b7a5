/**
 * `pol lsp --stdio`: the Language Server Protocol adapter around the language service (src/service/).
 * It keeps the open documents, analyses each one after edits (debounced), publishes the diagnostics
 * `pol check` would print, and answers hover, completion, definition, references, rename, document symbols,
 * formatting, semantic tokens and code actions by converting LSP positions to offsets and back.
 */
import {
  CodeActionKind,
  CompletionItemKind,
  DiagnosticSeverity,
  ProposedFeatures,
  ResponseError,
  SymbolKind as LspSymbolKind,
  TextDocuments,
  TextDocumentSyncKind,
  createConnection,
  type Connection,
  type Diagnostic as LspDiagnostic,
  type DocumentSymbol,
  type InitializeResult,
  type Range,
} from 'vscode-languageserver/node.js';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, type Analysis } from '../service/analysis.ts';
import { IncrementalChecker } from '../service/check-incremental.ts';
import { IncrementalParser } from '../service/incremental.ts';
import {
  codeActions,
  complete,
  definition,
  diagnosticMessage,
  documentSymbols,
  formatEdits,
  hover,
  prepareRename,
  references,
  rename,
  semanticTokens,
  SEMANTIC_TOKEN_MODIFIERS,
  SEMANTIC_TOKEN_TYPES,
  type CompletionKind,
  type OutlineSymbol,
  type TextEdit,
} from '../service/features.ts';
import type { Span } from '../diagnostics/span.ts';
import { VERSION } from '../version.ts';

export interface ServerOptions {
  /**
   * The longest wait after the last edit before analysing (default 50 ms). The wait is as long as the
   * document's last analysis took, up to this: waiting longer than an analysis costs would delay the
   * drafter's diagnostics more than it saves work, so a small file is analysed at once.
   */
  debounceMs?: number;
}

const COMPLETION_KIND: Record<CompletionKind, CompletionItemKind> = {
  keyword: CompletionItemKind.Keyword,
  snippet: CompletionItemKind.Snippet,
  unit: CompletionItemKind.Unit,
  group: CompletionItemKind.Module,
  list: CompletionItemKind.Enum,
  kind: CompletionItemKind.Class,
  input: CompletionItemKind.Field,
  define: CompletionItemKind.Variable,
  benefit: CompletionItemKind.Function,
  workflow: CompletionItemKind.Event,
  step: CompletionItemKind.Event,
  measure: CompletionItemKind.Value,
};

const OUTLINE_KIND: Record<OutlineSymbol['kind'], LspSymbolKind> = {
  policy: LspSymbolKind.File,
  unit: LspSymbolKind.Module,
  group: LspSymbolKind.Module,
  list: LspSymbolKind.Enum,
  kind: LspSymbolKind.Class,
  input: LspSymbolKind.Field,
  define: LspSymbolKind.Variable,
  benefit: LspSymbolKind.Function,
  workflow: LspSymbolKind.Event,
  step: LspSymbolKind.Event,
  measure: LspSymbolKind.Namespace,
};

/** The file name a document's diagnostics carry: its path for file: URIs, the URI otherwise. */
function fileOf(uri: string): string {
  if (!uri.startsWith('file://')) return uri;
  try {
    return decodeURIComponent(new URL(uri).pathname);
  } catch {
    return uri;
  }
}

/** Start the server on the given connection (stdio by default) and return it. */
export function startServer(connection: Connection = createConnection(ProposedFeatures.all), options: ServerOptions = {}): Connection {
  const debounceMs = options.debounceMs ?? 50;
  const documents = new TextDocuments(TextDocument);
  const analyses = new Map<string, { version: number; analysis: Analysis }>();
  /** The last analysis that parsed: completion offers its names while the text has a syntax error. */
  const lastParsed = new Map<string, Analysis>();
  const timers = new Map<string, NodeJS.Timeout>();
  /** Each document's incremental parser and checker, which keep what the last version's analysis found. */
  const incremental = new Map<string, { parser: IncrementalParser; checker: IncrementalChecker }>();
  /** How long each document's last analysis took (ms): its debounce. */
  const costs = new Map<string, number>();

  const analysisOf = (doc: TextDocument): Analysis => {
    const cached = analyses.get(doc.uri);
    if (cached && cached.version === doc.version) return cached.analysis;
    let state = incremental.get(doc.uri);
    if (!state) {
      const parser = new IncrementalParser();
      incremental.set(doc.uri, (state = { parser, checker: new IncrementalChecker(parser) }));
    }
    const start = performance.now();
    const analysis = analyze(doc.getText(), fileOf(doc.uri), state.parser, state.checker);
    costs.set(doc.uri, performance.now() - start);
    analyses.set(doc.uri, { version: doc.version, analysis });
    if (analysis.ast) lastParsed.set(doc.uri, analysis);
    return analysis;
  };
  const range = (doc: TextDocument, span: { offset: number; endOffset: number }): Range => ({
    start: doc.positionAt(span.offset),
    end: doc.positionAt(span.endOffset),
  });
  const edit = (doc: TextDocument, e: TextEdit) => ({ range: range(doc, e), newText: e.newText });

  const publish = (doc: TextDocument) => {
    const a = analysisOf(doc);
    const diagnostics: LspDiagnostic[] = a.diagnostics.map((d) => ({
      range: range(doc, d.span),
      severity: d.severity === 'error' ? DiagnosticSeverity.Error : d.severity === 'warning' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information,
      code: d.code,
      source: 'pol',
      message: diagnosticMessage(d),
    }));
    void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
  };
  const schedule = (doc: TextDocument, delay: number) => {
    clearTimeout(timers.get(doc.uri));
    timers.set(
      doc.uri,
      setTimeout(() => {
        timers.delete(doc.uri);
        const current = documents.get(doc.uri);
        if (current) publish(current);
      }, delay),
    );
  };

  connection.onInitialize(
    (): InitializeResult => ({
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['(', '（', ':', '：', ' '] },
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        documentFormattingProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        semanticTokensProvider: {
          legend: { tokenTypes: [...SEMANTIC_TOKEN_TYPES], tokenModifiers: [...SEMANTIC_TOKEN_MODIFIERS] },
          full: true,
        },
      },
      serverInfo: { name: 'pol', version: VERSION },
    }),
  );

  documents.onDidOpen((e) => schedule(e.document, 0));
  documents.onDidChangeContent((e) => schedule(e.document, Math.min(debounceMs, Math.ceil(costs.get(e.document.uri) ?? debounceMs))));
  documents.onDidClose((e) => {
    clearTimeout(timers.get(e.document.uri));
    analyses.delete(e.document.uri);
    lastParsed.delete(e.document.uri);
    incremental.delete(e.document.uri);
    costs.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  const withDoc = <R>(uri: string, fallback: R, f: (doc: TextDocument) => R): R => {
    const doc = documents.get(uri);
    return doc ? f(doc) : fallback;
  };
  const locations = (doc: TextDocument, spans: Span[]) => spans.map((s) => ({ uri: doc.uri, range: range(doc, s) }));

  connection.onHover((p) =>
    withDoc(p.textDocument.uri, null, (doc) => {
      const h = hover(analysisOf(doc), doc.offsetAt(p.position));
      return h ? { contents: { kind: 'markdown', value: h.contents }, range: range(doc, h.span) } : null;
    }),
  );
  connection.onCompletion((p) =>
    withDoc(p.textDocument.uri, [], (doc) =>
      complete(analysisOf(doc), doc.offsetAt(p.position), lastParsed.get(doc.uri)).map((c) => ({
        label: c.label,
        kind: COMPLETION_KIND[c.kind],
        detail: c.detail,
        insertText: c.insertText,
        insertTextFormat: c.kind === 'snippet' ? 2 : 1,
      })),
    ),
  );
  connection.onDefinition((p) => withDoc(p.textDocument.uri, [], (doc) => locations(doc, definition(analysisOf(doc), doc.offsetAt(p.position)))));
  connection.onReferences((p) =>
    withDoc(p.textDocument.uri, [], (doc) => locations(doc, references(analysisOf(doc), doc.offsetAt(p.position), p.context.includeDeclaration))),
  );
  connection.onPrepareRename((p) =>
    withDoc(p.textDocument.uri, null, (doc) => {
      const r = prepareRename(analysisOf(doc), doc.offsetAt(p.position));
      return r ? { range: range(doc, r.span), placeholder: r.name } : null;
    }),
  );
  connection.onRenameRequest((p) =>
    withDoc(p.textDocument.uri, null, (doc) => {
      const r = rename(analysisOf(doc), doc.offsetAt(p.position), p.newName);
      if ('error' in r) throw new ResponseError(-32602, r.error);
      return { changes: { [doc.uri]: r.edits.map((e) => edit(doc, e)) } };
    }),
  );
  connection.onDocumentSymbol((p) =>
    withDoc(p.textDocument.uri, [], (doc) => {
      const toLsp = (s: OutlineSymbol): DocumentSymbol => ({
        name: s.name,
        detail: s.detail,
        kind: OUTLINE_KIND[s.kind],
        range: range(doc, s.span),
        selectionRange: range(doc, s.selection),
        children: s.children.map(toLsp),
      });
      return documentSymbols(analysisOf(doc)).map(toLsp);
    }),
  );
  connection.onDocumentFormatting((p) => withDoc(p.textDocument.uri, [], (doc) => formatEdits(analysisOf(doc)).map((e) => edit(doc, e))));
  connection.onCodeAction((p) =>
    withDoc(p.textDocument.uri, [], (doc) => {
      const a = analysisOf(doc);
      return codeActions(a, { offset: doc.offsetAt(p.range.start), endOffset: doc.offsetAt(p.range.end) }).map((c) => ({
        title: c.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: p.context.diagnostics.filter((d) => d.code === c.diagnostic.code),
        edit: { changes: { [doc.uri]: [edit(doc, c.edit)] } },
      }));
    }),
  );
  connection.languages.semanticTokens.on((p) =>
    withDoc(p.textDocument.uri, { data: [] }, (doc) => {
      const data: number[] = [];
      let line = 0;
      let char = 0;
      for (const t of semanticTokens(analysisOf(doc))) {
        // a token spanning lines (a multi-line string) is sent per line, as the protocol requires
        const text = doc.getText().slice(t.offset, t.offset + t.length);
        let start = t.offset;
        for (const part of text.split('\n')) {
          const pos = doc.positionAt(start);
          if (part.length > 0) {
            data.push(pos.line - line, pos.line === line ? pos.character - char : pos.character, part.length, SEMANTIC_TOKEN_TYPES.indexOf(t.type), t.declaration ? 1 : 0);
            line = pos.line;
            char = pos.character;
          }
          start += part.length + 1;
        }
      }
      return { data };
    }),
  );

  documents.listen(connection);
  connection.listen();
  return connection;
}
