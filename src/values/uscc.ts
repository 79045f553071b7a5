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

/** The check character of the first 17 characters of a code, or undefined when one is outside the alphabet. */
export function usccCheckCharacter(first17: string): string | undefined {
  if (first17.length !== 17) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = ALPHABET.indexOf(first17[i]!);
    if (v < 0) return undefined;
    sum += v * WEIGHTS[i]!;
  }
  return ALPHABET[(31 - (sum % 31)) % 31];
}

/** Why a (canonical) code is not a valid 统一社会信用代码, in Chinese; undefined when it is valid. */
export function usccProblem(code: string): string | undefined {
  if (code.length !== 18) return `应为 18 位（收到 ${code.length} 位）`;
  for (const bad of code) if (!ALPHABET.includes(bad)) return `含有不允许的字符“${bad}”（只能是数字和除 I、O、S、V、Z 以外的大写字母）`;
  const want = usccCheckCharacter(code.slice(0, 17))!;
  if (code[17] !== want) return `校验位应为 ${want}（收到 ${code[17]}）`;
  return undefined;
}

/** A valid code from its first 17 characters (for examples and tests). */
export function withUsccCheck(first17: string): string {
  const c = usccCheckCharacter(first17);
  if (c === undefined) throw new Error(`not the first 17 characters of a 统一社会信用代码: ${first17}`);
  return first17 + c;
}
