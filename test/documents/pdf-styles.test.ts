/**
 * The PDF writer's faster style lookups (src/documents/to-pdf.ts `fasterStyleLookups`) against pdfmake's own
 * StyleContextStack, loaded a second time untouched: the same answer for every lookup, over random named
 * styles (with `extends`, cycles included), pushes and pops of names and override objects, and items with
 * their own values, styles and sections. Fails too when a pdfmake upgrade changes how styles resolve.
 */
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fasterStyleLookups } from '../../src/documents/to-pdf.ts';

type Style = Record<string, unknown>;
interface Stack {
  push(x: unknown): void;
  pop(n?: number): void;
  getProperty(property: string): unknown;
}
interface StackClass {
  new (dictionary: Style, defaultStyle?: Style): Stack;
  getStyleProperty(item: unknown, stack: Stack | undefined, property: string, defaultValue: unknown): unknown;
}

const fromPdfmake = createRequire(createRequire(import.meta.url).resolve('pdfmake'));

/** pdfmake's StyleContextStack as pdfmake ships it: a fresh load of its module, not the one the writer changed. */
function pristineStack(): StackClass {
  const path = fromPdfmake.resolve('./StyleContextStack.js');
  const kept = fromPdfmake.cache[path];
  delete fromPdfmake.cache[path];
  try {
    return fromPdfmake(path).default as StackClass;
  } finally {
    if (kept) fromPdfmake.cache[path] = kept;
  }
}

const NAMES = ['正文', '标题', '附注', '落款'] as const;
const PROPS = ['font', 'fontSize', 'bold', 'alignment'] as const;
const value = fc.oneof(fc.constantFrom(undefined, null, 0, false, '', '仿宋'), fc.integer({ min: 1, max: 30 }));
const props = fc.record({ font: value, fontSize: value, bold: value, alignment: value }, { requiredKeys: [] });
const names = fc.oneof(fc.constantFrom(...NAMES), fc.array(fc.constantFrom(...NAMES), { maxLength: 3 }));
const style = fc.tuple(props, fc.option(names, { nil: undefined })).map(([p, ext]) => (ext === undefined ? p : { ...p, extends: ext }));
const dictionary = fc.dictionary(fc.constantFrom(...NAMES), style, { maxKeys: 4 });
const entry = fc.oneof(fc.constantFrom(...NAMES, '无此样式'), props);
const item = fc.oneof(
  fc.constantFrom('一段文字'),
  fc.tuple(props, fc.option(names, { nil: undefined }), fc.boolean()).map(([p, s, section]) => ({ ...p, ...(s === undefined ? {} : { style: s }), ...(section ? { section: 'portrait' } : {}) })),
);
const step = fc.oneof(
  fc.record({ push: entry }),
  fc.record({ pop: fc.integer({ min: 1, max: 2 }) }),
  fc.record({ item, property: fc.constantFrom(...PROPS), withStack: fc.boolean() }),
);

describe('the PDF writer’s style lookups', () => {
  it('give what pdfmake’s own lookups give, through pushes and pops', () => {
    fasterStyleLookups();
    const Faster = fromPdfmake('./StyleContextStack.js').default as StackClass;
    const Pdfmake = pristineStack();
    expect(Faster).not.toBe(Pdfmake);
    fc.assert(
      fc.property(dictionary, props, fc.array(step, { minLength: 4, maxLength: 40, size: 'max' }), (dict, defaults, steps) => {
        const faster = new Faster(dict, defaults);
        const pdfmake = new Pdfmake(dict, defaults);
        let depth = 0;
        for (const s of steps) {
          if ('push' in s) {
            faster.push(s.push);
            pdfmake.push(s.push);
            depth++;
          } else if ('pop' in s) {
            const n = Math.min(s.pop, depth);
            faster.pop(n);
            pdfmake.pop(n);
            depth -= n;
          } else {
            const got = Faster.getStyleProperty(s.item, s.withStack ? faster : undefined, s.property, '缺省');
            const want = Pdfmake.getStyleProperty(s.item, s.withStack ? pdfmake : undefined, s.property, '缺省');
            if (!Object.is(got, want)) expect({ step: s, got }).toEqual({ step: s, got: want });
          }
          // after every step, what the stack alone gives for each property (a plain text's lookup)
          for (const p of PROPS) {
            const got = [faster.getProperty(p), Faster.getStyleProperty('一段文字', faster, p, '缺省')];
            const want = [pdfmake.getProperty(p), Pdfmake.getStyleProperty('一段文字', pdfmake, p, '缺省')];
            if (!got.every((g, i) => Object.is(g, want[i]))) expect({ after: s, p, got }).toEqual({ after: s, p, got: want });
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});
