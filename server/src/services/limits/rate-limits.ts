import { sql } from 'kysely'
import type { AppContext } from '../../context.js'
import { AppError } from '../../errors.js'

export class RateLimitedError extends AppError {
  override name = 'RateLimitedError'
  constructor(retryAfterSeconds: number) {
    super(429, 'rate_limited', 'Too many requests', `Try again in ${retryAfterSeconds} seconds.`, { 'retry-after': String(retryAfterSeconds) })
  }
}

export interface Limit {
  /** Which limit (a route's name): counts of different limits never mix. */
  scope: string
  /** What is counted: an address, an account id. Stored only as an HMAC with the scope. */
  key: string
  /** Requests allowed per window. */
  limit: number
  windowS: number
}

/** The counter row of `l`'s current window, and the seconds until that window ends. */
export function windowOf(ctx: AppContext, l: Limit) {
  const windowMs = l.windowS * 1000
  const now = ctx.clock.now().getTime()
  const windowStart = new Date(Math.floor(now / windowMs) * windowMs)
  const retryAfterS = Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now) / 1000))
  return { keyHash: ctx.secrets.hmac('rate-limit', `${l.scope}:${l.key}`), windowStart, retryAfterS }
}

async function countHit(ctx: AppContext, l: Limit): Promise<{ hits: number; retryAfterS: number }> {
  const { keyHash, windowStart, retryAfterS } = windowOf(ctx, l)
  const row = await ctx.db
    .insertInto('rateLimit')
    .values({ keyHash, windowStart, hits: 1 })
    .onConflict((oc) => oc.columns(['keyHash', 'windowStart']).doUpdateSet({ hits: sql`rate_limit.hits + 1` }))
    .returning('hits')
    .executeTakeFirstOrThrow()
  return { hits: row.hits, retryAfterS }
}

/**
 * Counts one request against a fixed window and refuses it with 429 `rate_limited` past the
 * limit. One upsert; every process shares the counter (DESIGN §7).
 */
export async function hitRateLimit(ctx: AppContext, l: Limit): Promise<void> {
  const { hits, retryAfterS } = await countHit(ctx, l)
  if (hits > l.limit) throw new RateLimitedError(retryAfterS)
}

// Limits on failures (sign-in, two-step codes) take their count before the work they limit:
// slots.ts takeSlots, never a read of the count followed by a write (check-then-act races).

/** Drops the counters of windows that ended more than an hour ago (maintenance). */
export async function pruneRateLimits(ctx: AppContext): Promise<number> {
  const res = await ctx.db.deleteFrom('rateLimit').where('windowStart', '<', new Date(ctx.clock.now().getTime() - 60 * 60_000)).executeTakeFirst()
  return Number(res.numDeletedRows)
}
