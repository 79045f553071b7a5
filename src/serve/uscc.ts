/**
 * The 统一社会信用代码 (GB 32100-2015) as an applicant's identity: canonical form (NFKC, no spaces, upper
 * case), so that 91440101ma59text0r and its full-width spelling are one applicant.
 */
export function canonicalApplicantId(id: string): string {
  return id.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}
