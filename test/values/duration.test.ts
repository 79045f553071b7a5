// The values floor's durations, as data: the words a fact or a policy may use, and the words pol writes.
import { describe, expect, it } from 'vitest';
import { durationText, formatDuration, parseDuration } from '../../src/values/duration.ts';

describe('durations', () => {
  it.each([
    ['5年', 5, 'year'],
    ['6个月', 6, 'month'],
    ['30日', 30, 'day'],
    ['30天', 30, 'day'],
    ['10工作日', 10, 'workday'],
    [' 3年 ', 3, 'year'],
  ])('parseDuration(%j) → %d %s', (text, amount, unit) => expect(parseDuration(text)).toEqual({ amount, unit }));

  it.each(['', '5', '年', '5月', '5 年', '-5年', '1.5年', '1234567年', '10个工作日'])('refuses %j', (text) => expect(parseDuration(text)).toBeUndefined());

  it.each([
    [5, 'year', '5年', '5年', '5 years'],
    [1, 'year', '1年', '1年', '1 year'],
    [6, 'month', '6个月', '6个月', '6 months'],
    [30, 'day', '30日', '30日', '30 days'],
    [10, 'workday', '10个工作日', '10工作日', '10 working days'],
  ] as const)('%d %s → %s / %s (.pol) / %s', (amount, unit, zh, pol, en) => {
    expect(formatDuration(amount, unit)).toBe(zh);
    expect(durationText(amount, unit, 'zh')).toBe(zh);
    expect(durationText(amount, unit, 'pol')).toBe(pol);
    expect(durationText(amount, unit, 'en')).toBe(en);
    // what pol writes in .pol reads back
    expect(parseDuration(pol)).toEqual({ amount, unit });
  });
});
