/**
 * 统一社会信用代码 (unified social credit code, GB 32100-2015): 18 characters from a 31-character alphabet
 * (digits and upper-case letters without I, O, S, V, Z), the last one a check character computed from the
 * first 17 (weights 3^i mod 31). Applicant ids are compared and stored in canonical form.
 */

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The canonical form of an applicant id: NFKC (full-width → ASCII), every space removed, upper case. */
export function canonicalApplicantId(id: string): string {
  // the common case, printable ASCII without spaces or lower case, is its own canonical form
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (c <= 32 || c >= 127 || (c >= 97 && c <= 122)) return id.normalize('NFKC').replace(/\s+/gu, '').toUpperCase();
  }
  return id;
}

/** Each character's value in the alphabet by char code (-1 outside it): one table read instead of a string search. */
const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET.charCodeAt(i)] = i;

/** The value of the character at `i`, or -1 when it is outside the alphabet. */
function valueAt(code: string, i: number): number {
  const c = code.charCodeAt(i);
  return c < 128 ? VALUE[c]! : -1;
}

/** The check character of the first 17 characters of a code, or undefined when one is outside the alphabet. */
export function usccCheckCharacter(first17: string): string | undefined {
  if (first17.length !== 17) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = valueAt(first17, i);
    if (v < 0) return undefined;
    sum += v * WEIGHTS[i]!;
  }
  return ALPHABET[(31 - (sum % 31)) % 31];
}

/** “应为 18 位（收到 n 位）” per length, made once: ids of one wrong length tend to come in whole batches. */
const wrongLength: string[] = [];

/** Why a (canonical) code is not a valid 统一社会信用代码, in Chinese; undefined when it is valid. */
export function usccProblem(code: string): string | undefined {
  const n = code.length;
  if (n !== 18) {
    if (n >= 256) return `应为 18 位（收到 ${n} 位）`;
    return (wrongLength[n] ??= `应为 18 位（收到 ${n} 位）`);
  }
  let sum = 0;
  for (let i = 0; i < 18; i++) {
    const v = valueAt(code, i);
    if (v < 0) {
      const bad = String.fromCodePoint(code.codePointAt(i)!);
      return `含有不允许的字符“${bad}”（只能是数字和除 I、O、S、V、Z 以外的大写字母）`;
    }
    if (i < 17) sum += v * WEIGHTS[i]!;
  }
  const want = ALPHABET[(31 - (sum % 31)) % 31]!;
  if (code[17] !== want) return `校验位应为 ${want}（收到 ${code[17]}）`;
  return undefined;
}

/** A valid code from its first 17 characters (for examples and tests). */
export function withUsccCheck(first17: string): string {
  const c = usccCheckCharacter(first17);
  if (c === undefined) throw new Error(`not the first 17 characters of a 统一社会信用代码: ${first17}`);
  return first17 + c;
}
