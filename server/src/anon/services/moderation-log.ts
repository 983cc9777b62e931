import { type Kysely, sql } from 'kysely'
import { moderationLogEntryHash } from '../../../../shared/src/moderation/hash-chain.js'
import { dayOf } from '../../clock.js'
import type { AnonDB } from '../tables.js'

/** What an entry of the public moderation log says (DESIGN §5b): never who wrote the content. */
export interface LogFields {
  action: string
  reason: string
  targetType: string
  targetId: string
}

/**
 * Appends to the public moderation log inside the caller's transaction: an automated hold or a
 * personal-data hide in an anonymous window, or a moderator's action on the staff side. One
 * writer at a time (an advisory lock), so seq and the chain never fork; the hash is the one the
 * public page checks (shared/src/moderation/hash-chain.ts). Callers lock the content's rows
 * first, then the log: one order everywhere, no deadlock.
 */
export async function appendModerationLog(tx: Kysely<AnonDB>, fields: LogFields, at: Date): Promise<number> {
  await sql`select pg_advisory_xact_lock(hashtext('moderation_log'))`.execute(tx)
  const last = await tx.selectFrom('moderationLog').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst()
  const entry = { seq: (last?.seq ?? 0) + 1, day: dayOf(at), ...fields, prevHash: last?.hash ?? '' }
  await tx.insertInto('moderationLog').values({ ...entry, hash: moderationLogEntryHash(entry) }).execute()
  return entry.seq
}
