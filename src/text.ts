/** The closest-name search for "did you mean" (display width is in src/values/width.ts). */

/** The declared name closest to `name` by edit distance, when it is close enough to be a likely typo. */
export function closestName(name: string, known: Iterable<string>): string | undefined {
  let best = '';
  let bestD = Infinity;
  for (const k of known) {
    const d = editDistance(name, k);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best && bestD <= Math.max(1, Math.floor(best.length / 3)) ? best : undefined;
}

/** Edit distance between two strings, counted in code points. */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[y.length]!;
}

/** "（是否想写“推广费用”？）" for the closest declared name, or '' when none is close. */
export function didYouMean(name: string, known: Iterable<string>): { zh: string; en: string } {
  const best = closestName(name, known);
  return best ? { zh: `（是否想写“${best}”？）`, en: ` (did you mean "${best}"?)` } : { zh: '', en: '' };
}
