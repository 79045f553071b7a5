#!/usr/bin/env node
/**
 * The `pol` executable. `pol --version` and `pol --help` print texts written at build time beside this
 * file (scripts/build.mjs), so they cost no more than starting Node; everything else loads main.ts.
 * POL_FULL_CLI=1 skips the shortcut (the build uses it to write those texts).
 */
import { readFileSync } from 'node:fs';

const FAST: Record<string, string> = { '--version': 'version.txt', '-V': 'version.txt', '--help': 'help.txt', '-h': 'help.txt' };
const args = process.argv.slice(2);
const file = args.length === 1 && !process.env.POL_FULL_CLI ? FAST[args[0]!] : undefined;
let text: string | undefined;
if (file) {
  try {
    text = readFileSync(new URL(file, import.meta.url), 'utf8');
  } catch {
    // not built with the texts (tests from src/): the full CLI answers
  }
}
if (text !== undefined) process.stdout.write(text);
else await import('./main.ts');
