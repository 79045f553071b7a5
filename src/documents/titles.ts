/** Titles of notices broken into lines the way GB/T 9704 asks for. */

/** Words after which a title line may well end (policy vocabulary; no dictionary is at hand). */
const BREAK_AFTER = ['关于', '印发', '组织', '申报', '年度', '推动', '促进', '支持', '加快', '电子商务', '跨境电商', '高质量发展', '若干', '政策措施', '资金', '项目', '名单', '扶持', '商务局', '人民政府'];

/**
 * A title broken into balanced lines (GB/T 9704: 回行时词意完整、排列对称、长短适宜): every line at most `max`
 * characters; breaks preferably after a word of BREAK_AFTER, 的, 》, ”, 、; never before closing
 * punctuation, after opening punctuation or inside a run of Latin letters and digits; lines of near-equal
 * length; as few lines as that allows. A small dynamic programme over the break positions.
 */
export function splitTitle(title: string, max = 20): string[] {
  const chars = [...title];
  const n = chars.length;
  if (n <= max) return [title];
  const depth: number[] = [];
  let d = 0;
  for (const ch of chars) {
    depth.push(d);
    if (ch === '“' || ch === '《') d++;
    else if ((ch === '”' || ch === '》') && d > 0) d--;
  }
  /** Cost of a break before chars[i] (Infinity: not allowed). */
  const breakCost = (i: number): number => {
    const prev = chars[i - 1]!;
    const next = chars[i]!;
    if (/[，。、；：）》”’〕]/.test(next) || /[（《“‘〔]/.test(prev)) return Infinity;
    if (/[A-Za-z0-9.]/.test(prev) && /[A-Za-z0-9.]/.test(next)) return Infinity;
    const before = chars.slice(0, i).join('');
    const preferred = /[的》”、）]$/.test(before) || BREAK_AFTER.some((w) => before.endsWith(w)) || /^[《“]/.test(next);
    return (preferred ? 0 : 6) + (depth[i]! > 0 ? 4 : 0);
  };
  let best: { cost: number; cuts: number[] } | undefined;
  for (let k = Math.ceil(n / max); k <= Math.ceil(n / max) + 1 && k <= n; k++) {
    const avg = n / k;
    // cost[j][i]: best cost of putting chars[0..i) on j lines
    const cost: number[][] = Array.from({ length: k + 1 }, () => new Array<number>(n + 1).fill(Infinity));
    const from: number[][] = Array.from({ length: k + 1 }, () => new Array<number>(n + 1).fill(-1));
    cost[0]![0] = 0;
    for (let j = 1; j <= k; j++) {
      for (let i = 1; i <= n; i++) {
        for (let s = Math.max(0, i - max); s < i; s++) {
          if (cost[j - 1]![s] === Infinity) continue;
          const cut = i === n ? 0 : breakCost(i);
          if (cut === Infinity) continue;
          const len = i - s;
          const c = cost[j - 1]![s]! + cut + ((len - avg) * (len - avg)) / 4;
          if (c < cost[j]![i]!) {
            cost[j]![i] = c;
            from[j]![i] = s;
          }
        }
      }
    }
    const total = cost[k]![n]! + (k - Math.ceil(n / max)) * 8;
    if (total < (best?.cost ?? Infinity)) {
      const cuts: number[] = [];
      for (let j = k, i = n; j > 0; i = from[j]![i]!, j--) cuts.unshift(i);
      best = { cost: total, cuts };
    }
  }
  if (!best) return [title];
  let start = 0;
  return best.cuts.map((end) => {
    const line = chars.slice(start, end).join('');
    start = end;
    return line;
  });
}
