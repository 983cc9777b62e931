import type { Generated } from 'kysely'
import type { DayColumn } from './account.js'

/**
 * A signed-in session. Only the SHA-256 of the cookie token is kept, and activity is kept at day
 * granularity (DESIGN §4): the server cannot tell which minute an account was active.
 */
export interface SessionTable {
  id: Generated<string>
  accountId: string
  tokenHash: Buffer
  createdOn: DayColumn
  lastUsedOn: DayColumn
  expiresOn: DayColumn
}

export type PartialDB = { session: SessionTable }
