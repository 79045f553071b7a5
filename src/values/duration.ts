/** Durations (期限): 5年, 6个月, 30日, 10个工作日 — the words that write them, read and shown back. */

export type DurationUnit = 'year' | 'month' | 'day' | 'workday';

/** The unit words a policy or a fact may use (天 is read as 日; 工作日 may stand without 个). */
export const DURATION_UNITS: Record<string, DurationUnit> = { 年: 'year', 个月: 'month', 日: 'day', 天: 'day', 工作日: 'workday' };

/** How a duration is written in Chinese prose and messages (10个工作日). */
export const DURATION_ZH: Record<DurationUnit, string> = { year: '年', month: '个月', day: '日', workday: '个工作日' };

/** How a duration is written in .pol source (10工作日). */
export const DURATION_POL: Record<DurationUnit, string> = { year: '年', month: '个月', day: '日', workday: '工作日' };

/** English unit words, singular. */
export const DURATION_EN: Record<DurationUnit, string> = { year: 'year', month: 'month', day: 'day', workday: 'working day' };

/** A duration fact as written ("5年", "6个月", "30日", "30天", "10工作日"), or undefined when it is not one. */
export function parseDuration(text: string): { amount: number; unit: DurationUnit } | undefined {
  const m = /^(\d{1,6})(年|个月|日|天|工作日)$/.exec(text.trim());
  if (!m) return undefined;
  return { amount: Number(m[1]), unit: DURATION_UNITS[m[2]!]! };
}

/** A duration in Chinese: (10, 'workday') → "10个工作日". */
export function formatDuration(amount: number, unit: DurationUnit): string {
  return `${amount}${DURATION_ZH[unit]}`;
}

/** A duration in the chosen language: "10个工作日", "10工作日" (.pol), "10 working days". */
export function durationText(amount: number, unit: DurationUnit, lang: 'zh' | 'en' | 'pol'): string {
  if (lang === 'en') return `${amount} ${DURATION_EN[unit]}${amount === 1 ? '' : 's'}`;
  return `${amount}${(lang === 'pol' ? DURATION_POL : DURATION_ZH)[unit]}`;
}
