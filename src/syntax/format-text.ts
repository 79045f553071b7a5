/** Text helpers of the formatter: quoting strings, and aligning trailing comments in one column. */
import { displayWidth } from '../values/width.ts';

/** A string in ASCII double quotes, `"` and `\` escaped; line breaks stay as they are (verbatim text). */
export function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A private-use character the source does not contain: it marks where a trailing comment starts while printing. */
export function markFor(source: string): string {
  let c = 0xe000;
  while (source.includes(String.fromCharCode(c))) c++;
  return String.fromCharCode(c);
}

/**
 * Trailing comments on consecutive lines of one indentation start in one column (two spaces after the
 * longest line of code); a line of code wider than the width limit keeps its comment two spaces after it.
 * `mark` stands where each trailing comment starts.
 */
export function alignTrailing(text: string, mark: string, width: number): string {
  const lines = text.split('\n');
  const indent = (l: string) => /^ */.exec(l)![0].length;
  const fitsGroup = (l: string) => l.includes(mark) && displayWidth(l.slice(0, l.indexOf(mark))) <= width;
  for (let i = 0; i < lines.length; ) {
    if (!fitsGroup(lines[i]!)) {
      lines[i] = lines[i]!.replace(mark, '  ');
      i++;
      continue;
    }
    let j = i + 1;
    while (j < lines.length && fitsGroup(lines[j]!) && indent(lines[j]!) === indent(lines[i]!)) j++;
    const col = Math.max(...lines.slice(i, j).map((l) => displayWidth(l.slice(0, l.indexOf(mark)))));
    for (let k = i; k < j; k++) {
      const l = lines[k]!;
      const code = l.slice(0, l.indexOf(mark));
      lines[k] = code + ' '.repeat(col - displayWidth(code) + 2) + l.slice(l.indexOf(mark) + 1);
    }
    i = j;
  }
  return lines.join('\n');
}
