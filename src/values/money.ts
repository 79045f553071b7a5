/**
 * Money, the one place every stage reads and writes it: integer fen (a JS safe integer, or a bigint for
 * capitals), currencies and their words, amounts typed by a person, amounts shown back (150万元,
 * 1,005,000.50, 人民币壹佰万元整). Parsed as text, never through floating point.
 *
 * RMB capitals follow the rules of 《支付结算办法》 / 《会计基础工作规范》: 整 after whole yuan, none after
 * 分, 壹拾 for a leading ten, one 零 for a run of zeros between non-zero digits (1,005,000.50 →
 * 壹佰万零伍仟元伍角), and 零 after 元 where 角 is 0 but 分 is not (16,409.02 → 壹万陆仟肆佰零玖元零贰分).
 */
import { decimal } from './numerals.ts';

/** Currency as a policy writes it (元, 美元, USD …) → ISO code. */
export const CURRENCY_CODES: Record<string, string> = {
  元: 'CNY',
  CNY: 'CNY',
  美元: 'USD',
  USD: 'USD',
  港元: 'HKD',
  HKD: 'HKD',
  欧元: 'EUR',
  EUR: 'EUR',
  日元: 'JPY',
  JPY: 'JPY',
  英镑: 'GBP',
  GBP: 'GBP',
};

/** How a currency is written after an amount, for messages and documents. */
export const CURRENCY_WORDS: Record<string, string> = { CNY: '元', USD: '美元', HKD: '港元', EUR: '欧元', JPY: '日元', GBP: '英镑' };

/** The word of a currency code (USD → 美元), or the code itself when pol has no word for it. */
export function currencyWord(code: string): string {
  return CURRENCY_WORDS[code] ?? code;
}

const MAX = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Yuan as a person types it → integer fen: "400000", "1,005,000.50", "¥3000", "3000元", "40万", "12.5万元",
 * "3亿". Undefined when it is not a non-negative amount exact to the fen (at most two decimals of yuan,
 * six of 万, ten of 亿), when thousands separators are misplaced, or when it is beyond a safe integer of fen.
 */
export function parseYuan(text: string): number | undefined {
  if (typeof text !== 'string') return undefined;
  const s = text.trim().replace(/^[¥￥]\s*/, '').replace(/\s*元$/, '');
  const m = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(万|亿)?$/.exec(s);
  if (!m) return undefined;
  const places = m[3] === '亿' ? 10 : m[3] === '万' ? 6 : 2;
  const frac = m[2] ?? '';
  if (frac.length > places) return undefined;
  const fen = BigInt(m[1]!.replace(/,/g, '') + frac.padEnd(places, '0'));
  return fen <= MAX ? Number(fen) : undefined;
}

/**
 * Yuan (a JS number with at most two decimals) → integer fen, exactly; undefined when the number has
 * more than two decimals or is beyond what fen can represent.
 */
export function yuanToFen(x: number): number | undefined {
  // String(x) is the shortest decimal that reads back as x: two decimals there means the number is that decimal
  if (!Number.isFinite(x) || !/^-?\d+(\.\d{1,2})?$/.test(String(x))) return undefined;
  const fen = Math.round(x * 100);
  return Number.isSafeInteger(fen) ? fen : undefined;
}

/** fen → yuan as a decimal string with two decimals, for tables (1500000.00). */
export function fenToYuan(fen: number): string {
  const neg = fen < 0;
  const f = Math.abs(fen);
  return `${neg ? '-' : ''}${Math.floor(f / 100)}.${String(f % 100).padStart(2, '0')}`;
}

/**
 * An amount in words as a person reads it: 15000000 → "15万元", 12500000 → "12.5万元", 123456 → "1234.56元",
 * 30000000000 → "3亿元", 0 → "0元"; other currencies with their word (美元).
 */
export function formatMoney(fen: number, currency = 'CNY'): string {
  const word = currencyWord(currency);
  const neg = fen < 0;
  const f = Math.abs(fen);
  const yuan = Math.floor(f / 100);
  const cents = f % 100;
  let s: string;
  if (cents === 0 && yuan >= 100_000_000 && yuan % 1_000_000 === 0) s = `${decimal(yuan, 8)}亿`;
  else if (cents === 0 && yuan >= 10_000 && yuan % 100 === 0) s = `${decimal(yuan, 4)}万`;
  else s = cents === 0 ? `${yuan}` : `${yuan}.${String(cents).padStart(2, '0')}`;
  return `${neg ? '-' : ''}${s}${word}`;
}

/** An amount in the multiple the policy states it in: (15000000, '万') → "15万元", (100, undefined, 'USD') → "1美元". */
export function moneyInScale(fen: number, scale: '万' | '亿' | undefined, currency = 'CNY'): string {
  const digits = scale === '亿' ? 10 : scale === '万' ? 6 : 2;
  return `${decimal(fen, digits)}${scale ?? ''}${currencyWord(currency)}`;
}

// ---- amounts in documents: figures with separators, and capitals

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
