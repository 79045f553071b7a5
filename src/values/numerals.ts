/** Numbers as text: exact decimals, thousands groups, and Chinese numerals as policy documents write them. */

/** An exact decimal of `n / 10^digits`, without trailing zeros: (1500000, 6) → "1.5", (-5, 2) → "-0.05". */
export function decimal(n: number, digits: number): string {
  const neg = n < 0;
  const s = String(Math.abs(n)).padStart(digits + 1, '0');
  const int = s.slice(0, s.length - digits);
  const frac = s.slice(s.length - digits).replace(/0+$/, '');
  return `${neg ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

/** Digits grouped by thousands, for English and figures: "1000000" → "1,000,000", "1234.5" → "1,234.5". */
export function grouped(x: string): string {
  const [int, frac] = x.split('.');
  return int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac ? `.${frac}` : '');
}

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** Chinese numerals up to 9999: 3 → 三, 17 → 十七, 21 → 二十一, 105 → 一百零五; other numbers in digits. */
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
