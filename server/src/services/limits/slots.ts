import { type Kysely, sql } from 'kysely'
import type { AppContext } from '../../context.js'
import type { DB } from '../../db/schema.js'
import type { AppError } from '../../errors.js'
import { type Limit, windowOf } from './rate-limits.js'

/** A slot taken in a limit's window: given back by `releaseSlots` when what it paid for did not count. */
export interface Slot {
  keyHash: Buffer
  windowStart: Date
}

/**
 * Takes one slot of `l` in `db` (a transaction, to take several all or none): one conditional
 * upsert that counts and reserves in the same statement. Concurrent takers queue on the counter's
 * row, each sees the count the one before it left, so at most `l.limit` ever succeed in a window.
 * Returns the slot, or the seconds until the window ends when it is full.
 */
export async function takeSlot(db: Kysely<DB>, ctx: AppContext, l: Limit): Promise<{ slot: Slot } | { retryAfterS: number }> {
  const { keyHash, windowStart, retryAfterS } = windowOf(ctx, l)
  const row = await db
    .insertInto('rateLimit')
    .values({ keyHash, windowStart, hits: 1 })
    .onConflict((oc) => oc.columns(['keyHash', 'windowStart']).doUpdateSet({ hits: sql`rate_limit.hits + 1` }).where('rateLimit.hits', '<', l.limit))
    .returning('hits')
    .executeTakeFirst()
  return row ? { slot: { keyHash, windowStart } } : { retryAfterS }
}

/**
 * Takes a slot of every limit, all or none, in one transaction; throws `refuse(seconds)` (a 429)
 * naming the longest wait when any is full. Limits are taken in the order given: callers keep one
 * order, so two takers never wait on each other's rows crosswise.
 */
export async function takeSlots(ctx: AppContext, limits: Limit[], refuse: (retryAfterS: number) => AppError): Promise<Slot[]> {
  return ctx.db.transaction().execute(async (tx) => {
    const slots: Slot[] = []
    for (const l of limits) {
      const taken = await takeSlot(tx, ctx, l)
      // Throwing rolls back the slots already taken in this transaction.
      if ('retryAfterS' in taken) throw refuse(taken.retryAfterS)
      slots.push(taken.slot)
    }
    return slots
  })
}

/** Gives slots back (a successful sign-in is not a failure). */
export async function releaseSlots(ctx: AppContext, slots: Slot[]): Promise<void> {
  for (const s of slots) {
    await ctx.db
      .updateTable('rateLimit')
      .set({ hits: sql`hits - 1` })
      .where('keyHash', '=', s.keyHash)
      .where('windowStart', '=', s.windowStart)
      .where('hits', '>', 0)
      .execute()
  }
}

/** Empties `l`'s counter in its current window. */
export async function clearLimit(ctx: AppContext, l: Limit): Promise<void> {
  const { keyHash, windowStart } = windowOf(ctx, l)
  await ctx.db.deleteFrom('rateLimit').where('keyHash', '=', keyHash).where('windowStart', '=', windowStart).execute()
}
