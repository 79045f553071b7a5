/** Amounts the reviewer types (--amount, in yuan) and amounts shown back, in integer fen. */

/**
 * "400000", "400000.5", "40万", "40万元", "1,000,000.00元" → fen; undefined when it is not a non-negative
 * amount with at most two decimals (parsed as text, never through floating point).
 */
export function parseYuan(text: string): number | undefined {
  const t = text.trim().replace(/,/g, '').replace(/元$/, '');
  const m = /^(\d+)(?:\.(\d{1,2}))?(万)?$/.exec(t);
  if (!m) {
    // 12.5万 = 125000 yuan: up to six decimals before 万
    const w = /^(\d+)\.(\d{1,6})万$/.exec(t);
    if (!w) return undefined;
    const fen = BigInt(w[1]!) * 1_000_000n + BigInt(w[2]!.padEnd(6, '0'));
    return fen <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(fen) : undefined;
  }
  let fen = BigInt(m[1]!) * 100n + BigInt((m[2] ?? '').padEnd(2, '0') || '0');
  if (m[3]) fen *= 10_000n;
  return fen <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(fen) : undefined;
}

/** 40000000 → "40万元", 123456 → "1234.56元", 0 → "0元". */
export function yuanText(fen: number): string {
  const neg = fen < 0 ? '-' : '';
  const f = Math.abs(fen);
  const yuan = Math.floor(f / 100);
  const cents = f % 100;
  if (cents === 0 && yuan >= 10_000 && yuan % 100 === 0) {
    const rest = String(yuan % 10_000).padStart(4, '0').replace(/0+$/, '');
    return `${neg}${Math.floor(yuan / 10_000)}${rest ? `.${rest}` : ''}万元`;
  }
  return `${neg}${yuan}${cents ? `.${String(cents).padStart(2, '0')}` : ''}元`;
}
