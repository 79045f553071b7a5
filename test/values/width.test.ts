// The values floor's display width, as data: the columns code frames and the formatter's alignment count.
import { describe, expect, it } from 'vitest';
import { displayWidth } from '../../src/values/width.ts';

describe('display width', () => {
  it.each([
    ['', 0],
    ['abc', 3],
    ['推广费用', 8],
    ['a推b', 4],
    ['（）', 4],
    ['１２', 4],
    ['￥', 2],
    ['한글', 4],
    ['𠀀', 2],
    ['≥ 50%', 5],
    ['é', 1],
  ])('%j takes %d columns', (s, w) => expect(displayWidth(s)).toBe(w));
});
