/**
 * Chinese formatting for official documents: amounts in RMB capitals (大写金额), amounts in figures,
 * dates as documents write them (2025年3月1日), and measure citations (第三条).
 *
 * RMB capitals follow the rules of 《支付结算办法》 / 《会计基础工作规范》: 整 after whole yuan, none after
 * 分, 壹拾 for a leading ten, one 零 for a run of zeros between non-zero digits (1,005,000.50 →
 * 壹佰万零伍仟元伍角), and 零 after 元 where 角 is 0 but 分 is not (16,409.02 → 壹万陆仟肆佰零玖元零贰分).
 */
import { isCalendarDate } from '../syntax/literals.ts';
import { chineseNumber, measureCitation } from '../syntax/numerals.ts';

export { chineseNumber, measureCitation };

const CAPITAL_DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const IN_GROUP = ['', '拾', '佰', '仟'];

/** The largest amount written in capitals: 9999万亿 yuan minus one fen (16 digits of yuan). */
export const MAX_CAPITAL_FEN = 10n ** 18n - 1n;

/** Bad input to a money formatter: negative, fractional fen, not finite, too large. */
export class MoneyFormatError extends RangeError {}

function toFen(fen: number | bigint): bigint {
  if (typeof fen === 'number') {
    if (!Number.isFinite(fen)) throw new MoneyFormatError(`金额不是有限数：${fen}`);
    if (!Number.isInteger(fen)) throw new MoneyFormatError(`金额应为整数分：${fen}`);
    if (!Number.isSafeInteger(fen)) throw new MoneyFormatError(`金额超出可精确表示的范围：${fen}`);
    fen = BigInt(fen);
  } else if (typeof fen !== 'bigint') {
    throw new MoneyFormatError(`金额应为数字：${String(fen)}`);
  }
  if (fen < 0n) throw new MoneyFormatError(`金额不能为负数：${fen}`);
  if (fen > MAX_CAPITAL_FEN) throw new MoneyFormatError(`金额过大：${fen} 分`);
  return fen;
}

/** Whole yuan in capitals, without 元: 1005000 → 壹佰万零伍仟. */
function yuanCapitals(yuan: bigint): string {
  if (yuan === 0n) return '零';
  const digits = yuan.toString();
  const groups: string[] = [];
  // split into groups of four from the right: index 0 = units, 1 = 万, 2 = 亿, 3 = 万亿
  for (let end = digits.length; end > 0; end -= 4) groups.unshift(digits.slice(Math.max(0, end - 4), end));
  const top = groups.length - 1;
  let out = '';
  let zeroPending = false;
  groups.forEach((group, gi) => {
    const groupIndex = top - gi;
    const padded = group.padStart(4, '0');
    let groupHasDigit = false;
    for (let i = 0; i < 4; i++) {
      const d = Number(padded[i]);
      const pos = 3 - i;
      if (d === 0) {
        if (out !== '') zeroPending = true;
        continue;
      }
      if (zeroPending) out += '零';
      zeroPending = false;
      out += CAPITAL_DIGITS[d]! + IN_GROUP[pos]!;
      groupHasDigit = true;
    }
    if (groupHasDigit) {
      if (groupIndex === 1) out += '万';
      else if (groupIndex === 2) out += '亿';
      else if (groupIndex === 3) out += groups[gi + 1] === '0000' ? '万亿' : '万';
    }
  });
  return out;
}

/**
 * An amount of integer fen in RMB capitals: 100000000 → 人民币壹佰万元整, 100500050 → 人民币壹佰万零伍仟元伍角,
 * 50 → 人民币伍角, 0 → 人民币零元整. Throws MoneyFormatError on negative, fractional or too large input.
 */
export function rmbCapitals(fen: number | bigint, opts: { prefix?: boolean } = {}): string {
  const f = toFen(fen);
  const yuan = f / 100n;
  const jiao = Number((f / 10n) % 10n);
  const cent = Number(f % 10n);
  const prefix = opts.prefix === false ? '' : '人民币';
  if (f === 0n) return `${prefix}零元整`;
  let s = '';
  if (yuan > 0n) s += yuanCapitals(yuan) + '元';
  if (jiao === 0 && cent === 0) return `${prefix}${s}整`;
  if (jiao > 0) s += CAPITAL_DIGITS[jiao]! + '角';
  else if (yuan > 0n) s += '零';
  if (cent > 0) s += CAPITAL_DIGITS[cent]! + '分';
  return prefix + s;
}

/** Integer fen as yuan in figures with thousands separators and two decimals: 100500050 → 1,005,000.50. */
export function yuanFigures(fen: number | bigint): string {
  const f = toFen(fen);
  const yuan = (f / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${yuan}.${(f % 100n).toString().padStart(2, '0')}`;
}

/**
 * Yuan as a person types it ("1005000.5", "1,005,000.50", "¥3000", "3000元") → integer fen; undefined
 * when it is not a non-negative amount with at most two decimals.
 */
export function parseYuan(text: string): number | undefined {
  if (typeof text !== 'string') return undefined;
  let s = text.trim().replace(/^[¥￥]\s*/, '').replace(/\s*元$/, '');
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, '');
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return undefined;
  const fen = BigInt(m[1]!) * 100n + BigInt((m[2] ?? '').padEnd(2, '0'));
  return fen <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(fen) : undefined;
}

/** A calendar date as documents write it: 2025-03-01 → 2025年3月1日 (no zero padding). */
export function chineseDate(date: string): string {
  if (!isCalendarDate(date)) throw new RangeError(`不是有效的日期：${date}`);
  return `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}

/** Today's calendar date in Asia/Shanghai, YYYY-MM-DD. */
export function todayInShanghai(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** Ordinal numbering of levels in official text: 一、 （一） 1. （1）. */
export function levelNumber(level: 1 | 2 | 3 | 4, n: number): string {
  switch (level) {
    case 1:
      return `${chineseNumber(n)}、`;
    case 2:
      return `（${chineseNumber(n)}）`;
    case 3:
      return `${n}.`;
    case 4:
      return `（${n}）`;
  }
}
