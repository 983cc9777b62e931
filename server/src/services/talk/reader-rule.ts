import { type Expression, type RawBuilder, sql } from 'kysely'

/**
 * Who may read Work Talk: an account with a verification, current or lapsed (an employment row).
 * The one definition; the session lookup loads it with the session (one round trip, not two), and
 * reading.ts asks it when it has no session at hand.
 */
export function isVerifiedReader(accountId: Expression<string>): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from employment where employment.account_id = ${accountId})`
}
