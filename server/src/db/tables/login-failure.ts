import type { Generated } from 'kysely'

/**
 * One failed sign-in. `keyHash` is an HMAC of "account:<e-mail>" or "address:<ip>", so the
 * table holds neither e-mails nor addresses; rows older than the window are pruned.
 */
export interface LoginFailureTable {
  id: Generated<string>
  keyHash: Buffer
  failedAt: Date
}

export type PartialDB = { loginFailure: LoginFailureTable }
