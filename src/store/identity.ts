/**
 * Who may use `pol serve`: users (a unit's clerk, reviewer or admin, or an applicant bound to one
 * 统一社会信用代码), their passwords (scrypt from node:crypto) and login tokens (opaque random strings;
 * the store keeps only their sha256, so a copy of the database does not log anyone in).
 * The identity tables live in the same store as the workflow, so every `pol serve` process sharing the
 * store accepts the same tokens.
 */
export const ROLES = ['clerk', 'reviewer', 'admin', 'applicant'] as const;
export type Role = (typeof ROLES)[number];

/** What each role is called in Chinese. */
export const ROLE_ZH: Record<Role, string> = { clerk: '经办人', reviewer: '审核人', admin: '管理员', applicant: '申报人' };

export interface UserRecord {
  name: string;
  /** The unit the user acts for (市商务局); null for an applicant. */
  unit: string | null;
  role: Role;
  /** The canonical 统一社会信用代码 an applicant user files for; null for unit users. */
  applicantId: string | null;
  passwordHash: string;
  disabled: boolean;
  createdAt: string;
}

export type NewUser = Omit<UserRecord, 'disabled' | 'createdAt'>;

/** The identity half of a store: users and login tokens (token hashes only). */
export interface IdentityStore {
  /** Add a user; false when the name is taken. */
  addUser(u: NewUser): Promise<boolean>;
  user(name: string): Promise<UserRecord | undefined>;
  users(): Promise<UserRecord[]>;
  /** Change a password (and end the user's sessions); false for an unknown user. */
  setPassword(name: string, passwordHash: string): Promise<boolean>;
  /** Disable a user (and end the user's sessions); false for an unknown user. */
  disableUser(name: string): Promise<boolean>;
  addToken(tokenHash: string, user: string, expiresAt: string): Promise<void>;
  /** The enabled user a token belongs to, while it has not expired (`now`: ISO 8601 UTC). */
  tokenUser(tokenHash: string, now: string): Promise<UserRecord | undefined>;
  dropToken(tokenHash: string): Promise<void>;
}

/** A user name as stored and compared: NFKC, trimmed. */
export function canonicalName(name: string): string {
  return name.normalize('NFKC').trim();
}

/** A users row as both stores return it. */
export interface UserRow {
  name: string;
  unit: string | null;
  role: string;
  applicant_id: string | null;
  password_hash: string;
  disabled: number | boolean;
  created_at: string | Date;
}

export function userOf(r: UserRow): UserRecord {
  return {
    name: r.name,
    unit: r.unit,
    role: r.role as Role,
    applicantId: r.applicant_id,
    passwordHash: r.password_hash,
    disabled: !!r.disabled,
    createdAt: r.created_at instanceof Date ? r.created_at.toISOString() : r.created_at,
  };
}
