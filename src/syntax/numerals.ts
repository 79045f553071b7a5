/** Chinese numerals as policy documents write them: 3 → 三, 17 → 十七, 21 → 二十一, 105 → 一百零五. */
const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 9999) return String(n);
  if (n < 10) return DIGITS[n]!;
  if (n < 20) return `十${n % 10 ? DIGITS[n % 10] : ''}`;
  if (n < 100) return `${DIGITS[Math.floor(n / 10)]}十${n % 10 ? DIGITS[n % 10] : ''}`;
  if (n < 1000) {
    const rest = n % 100;
    return `${DIGITS[Math.floor(n / 100)]}百${rest === 0 ? '' : rest < 10 ? `零${DIGITS[rest]}` : rest < 20 ? `一${chineseNumber(rest)}` : chineseNumber(rest)}`;
  }
  const rest = n % 1000;
  return `${DIGITS[Math.floor(n / 1000)]}千${rest === 0 ? '' : rest < 100 ? `零${rest < 20 && rest >= 10 ? '一' : ''}${chineseNumber(rest)}` : chineseNumber(rest)}`;
}

/** "第三条" for measure 3: how reasons and documents cite a measure. */
export function measureCitation(measure: string | number): string {
  return `第${chineseNumber(Number(measure))}条`;
}
