#!/usr/bin/env node
/**
 * The `pol` executable. `pol --version` and `pol --help` print texts written at build time beside this
 * file (scripts/build.mjs), so they cost no more than starting Node. `pol check …` runs check.mjs, the
 * same program with only the check command, bundled into one file at build time: Node loads one module
 * instead of the CLI's shared chunks (#16.4). Everything else loads main.ts.
 * POL_FULL_CLI=1 skips both shortcuts (the build uses it to write those texts; tests compare both ways).
 */
import { existsSync, readFileSync } from 'node:fs';

const FAST: Record<string, string> = { '--version': 'version.txt', '-V': 'version.txt', '--help': 'help.txt', '-h': 'help.txt' };
const args = process.argv.slice(2);
const full = !!process.env.POL_FULL_CLI;
const file = args.length === 1 && !full ? FAST[args[0]!] : undefined;
let text: string | undefined;
if (file) {
  try {
    text = readFileSync(new URL(file, import.meta.url), 'utf8');
  } catch {
    // not built with the texts (tests from src/): the full CLI answers
  }
}
const check = new URL('check.mjs', import.meta.url);
if (text !== undefined) process.stdout.write(text);
else if (args[0] === 'check' && !full && existsSync(check)) await import(check.href);
else await import('./main.ts');
