/**
 * The one catalog stays honest: every code in it is emitted somewhere in src/ (a code nobody emits is
 * a promise nobody keeps), and no two codes say the same thing (one message, one code).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/diagnostics/catalog.ts';
import { ROOT } from '../support/cli.ts';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('the diagnostic catalog', () => {
  const text = sources(join(ROOT, 'src'))
    .filter((f) => !f.endsWith(join('diagnostics', 'catalog.ts')))
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');

  it('has no code that src/ never uses', () => {
    expect(Object.keys(catalog).filter((code) => !text.includes(code))).toEqual([]);
  });

  it('has no two codes with the same message', () => {
    for (const lang of ['zh', 'en'] as const) {
      const seen = new Map<string, string>();
      const dup: string[] = [];
      for (const [code, def] of Object.entries(catalog)) {
        const other = seen.get(def[lang]);
        if (other) dup.push(`${other} = ${code}`);
        seen.set(def[lang], code);
      }
      expect(dup, lang).toEqual([]);
    }
  });
});
