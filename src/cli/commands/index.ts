/** Every command of the CLI. A command module imports only light modules at its top; heavy ones inside its action. */
import type { Command } from 'commander';
import { register as check } from './check.ts';
import { register as compile } from './compile.ts';
import { register as graph } from './graph.ts';

export function registerCommands(program: Command): void {
  for (const register of [check, compile, graph]) register(program);
}
