/**
 * The hash chains of the audit log and the ledger (tamper evidence, DESIGN §7). Each row's hash is
 * sha256(prevHash + "\n" + encoding), the encoding being the JSON array of the row's fields in a fixed order
 * (numbers as integers, absent values as null). Every store computes hashes with these functions, and
 * `pol wf verify` recomputes them the same way, whatever the store.
 */
import { createHash } from 'node:crypto';
import type { AuditEntry, LedgerEntry } from './types.ts';

/** The fields an audit hash covers (everything but the hashes themselves). */
export type AuditFields = Omit<AuditEntry, 'prevHash' | 'hash'>;
/** The fields a ledger hash covers. */
export type LedgerFields = Omit<LedgerEntry, 'prevHash' | 'hash'>;

export function encodeAudit(e: AuditFields): string {
  return JSON.stringify(['audit/1', e.seq, e.applicationId, e.on, e.recordedAt, e.by, e.unit, e.action, e.from, e.to, e.amountFen, e.note]);
}

export function encodeLedger(e: LedgerFields): string {
  return JSON.stringify(['ledger/1', e.seq, e.applicationId, e.policyId, e.applicantId, e.benefit, e.date, e.amountFen, e.project ?? null, e.kind, e.auditSeq]);
}

/** sha256 (hex) over the previous hash and a row's encoding. */
export function chainHash(prevHash: string, encoding: string): string {
  return createHash('sha256').update(prevHash).update('\n').update(encoding).digest('hex');
}

/** sha256 (hex) of a JSON value with its object keys sorted: the fingerprint of an application. */
export function fingerprintOf(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/** JSON with object keys in sorted order (arrays keep theirs), no whitespace. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
