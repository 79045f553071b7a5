/** The intake limits' text helpers (src/values/limits.ts) against their plain definitions. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { charCount, decodeUtf8, withinChars } from '../../src/values/limits.ts';

describe('text limits', () => {
  it('withinChars(s, max) is charCount(s) <= max, surrogate pairs counted once', () => {
    expect(charCount('广😀a')).toBe(3);
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '广', '😀', '\ud800', '\udc00'), maxLength: 40 }), fc.nat(45), (s, max) => {
        expect(withinChars(s, max)).toBe(charCount(s) <= max);
      }),
      { numRuns: 500 },
    );
  });

  it("decodeUtf8 is a fatal TextDecoder's reading: the same text, a leading BOM dropped, the first bad byte's offset", () => {
    const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 24 }),
      fc.string({ unit: 'grapheme', maxLength: 12 }).map((t) => new Uint8Array(Buffer.from(t))),
      fc.tuple(fc.string({ maxLength: 6 }), fc.uint8Array({ maxLength: 4 })).map(([t, b]) => new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(t), ...b])),
    );
    fc.assert(
      fc.property(bytes, (b) => {
        let text: string | undefined;
        try {
          text = fatal.decode(b);
        } catch {
          // not UTF-8
        }
        const got = decodeUtf8(b);
        if (text === undefined) {
          // the offset: where the longest prefix that decodes ends (the first bad sequence starts there)
          let valid = 0;
          for (let j = 1; j <= b.length; j++) {
            try {
              fatal.decode(b.subarray(0, j));
              valid = j;
            } catch {
              // not yet, or not any more
            }
          }
          expect(got).toEqual({ ok: false, offset: valid });
        } else expect(got).toEqual({ ok: true, text });
      }),
      { numRuns: 1000 },
    );
    // overlong forms, surrogates, past U+10FFFF, a BOM alone, a BOM inside
    for (const b of [[0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xef, 0xbb, 0xbf], [0x41, 0xef, 0xbb, 0xbf]]) {
      const u = new Uint8Array(b);
      let text: string | undefined;
      try {
        text = fatal.decode(u);
      } catch {
        // not UTF-8
      }
      expect(decodeUtf8(u)).toEqual(text === undefined ? { ok: false, offset: 0 } : { ok: true, text });
    }
  });
});
