import { describe, expect, it } from 'vitest';
import { cleanPart, fileBase, idPart, NameBook, pathIn } from '../../src/documents/files.ts';
import { splitTitle } from '../../src/documents/views.ts';

describe('file names from untrusted data', () => {
  it('removes separators, reserved and control characters, dot runs and device names', () => {
    expect(cleanPart('../../etc/passwd')).toBe('etc_passwd');
    expect(cleanPart('a\\b:c*d?e"f<g>h|i')).toBe('a_b_c_d_e_f_g_h_i');
    expect(cleanPart('名\u0000字\n有\t限')).toBe('名_字_有_限');
    expect(cleanPart('.hidden')).toBe('hidden');
    expect(cleanPart('CON')).toBe('_CON');
    expect(cleanPart('lpt1.txt')).toBe('_lpt1.txt');
    expect(cleanPart('trailing. ')).toBe('trailing');
    expect(Buffer.byteLength(cleanPart('广'.repeat(100), 60))).toBeLessThanOrEqual(60);
  });

  it('keeps applicants apart: an id changed by cleaning gets a hash of the original', () => {
    expect(idPart('91440101MA59XXXXXA')).toBe('91440101MA59XXXXXA');
    const a = idPart('a/b');
    const b = idPart('a:b');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^a_b~[0-9a-f]{8}$/);
    expect(idPart('a/b')).toBe(a); // stable
    expect(idPart('')).toMatch(/^id~[0-9a-f]{8}$/);
  });

  it('never repeats a name within a run and never leaves the folder', () => {
    const book = new NameBook();
    expect(book.take('x').name).toBe('x');
    expect(book.take('X')).toEqual({ name: 'X-2', duplicateOf: 1 });
    expect(book.take('x').name).toBe('x-3');
    expect(fileBase(['certificate', undefined, '', 'a'])).toBe('certificate-a');
    expect(() => pathIn('/tmp/out', '../evil.pdf')).toThrow();
    expect(pathIn('/tmp/out', 'ok.pdf')).toBe('/tmp/out/ok.pdf');
  });
});

describe('titles broken into balanced lines', () => {
  it('keeps lines within the width, breaks after words, not inside numbers or names', () => {
    expect(splitTitle('受理通知书')).toEqual(['受理通知书']);
    expect(splitTitle('广州市商务局关于组织申报2025年度跨境电商“品牌出海”推广费用扶持的通知')).toEqual([
      '广州市商务局关于组织申报2025年度',
      '跨境电商“品牌出海”推广费用扶持的通知',
    ]);
    for (const t of ['广州市商务局关于印发广州市推动跨境电子商务高质量发展若干政策措施的通知', '关于2025年度《广州市推动跨境电子商务高质量发展若干政策措施》资金扶持项目拟支持名单的公示']) {
      const lines = splitTitle(t);
      expect(lines.join('')).toBe(t);
      for (const l of lines) expect([...l].length).toBeLessThanOrEqual(20);
      for (const l of lines.slice(1)) expect(l).not.toMatch(/^[，。、》”）\d]/);
    }
  });
});
