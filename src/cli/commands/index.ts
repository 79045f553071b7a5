/**
 * Every command of the CLI, by name. Only the module of the command being run is loaded (all of them
 * for the top-level help), so that `pol check` does not pay for zod, SQLite or pdfmake.
 * To add a command: one entry here, name → the module whose `register(program)` defines it.
 */
import type { Command } from 'commander';

type CommandModule = { register(program: Command): void };

const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  check: () => import('./check.ts'),
  compile: () => import('./compile.ts'),
  graph: () => import('./graph.ts'),
  fmt: () => import('./fmt.ts'),
  eval: () => import('./eval.ts'), // also registers explain and test
  explain: () => import('./eval.ts'),
  test: () => import('./eval.ts'),
  wf: () => import('./wf.ts'),
  doc: () => import('./doc.ts'),
  export: () => import('./export.ts'),
  diff: () => import('./diff.ts'),
  serve: () => import('./serve.ts'),
  users: () => import('./users.ts'),
  lsp: () => import('./lsp.ts'),
};

/** Register the command named in argv (or every command, for help and unknown names). */
export async function registerCommands(program: Command, argv: string[]): Promise<void> {
  const name = argv.slice(2).find((a) => !a.startsWith('-'));
  const wanted = name && name !== 'help' && COMMANDS[name] ? [COMMANDS[name]] : [...new Set(Object.values(COMMANDS))];
  const modules = await Promise.all(wanted.map((load) => load()));
  for (const m of new Set(modules)) m.register(program);
}
