import type { Generated } from 'kysely'

/**
 * A password reset link in flight. Only the SHA-256 of its token is kept; the expiry is kept to
 * the minute (rounded up, so a link lives at least its full lifetime). Used, replaced or expired
 * rows are deleted, not marked.
 */
export interface PasswordResetTable {
  id: Generated<string>
  accountId: string
  tokenHash: Buffer
  expiresAt: Date
}

export type PartialDB = { passwordReset: PasswordResetTable }
