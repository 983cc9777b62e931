import { READS } from '../../../../shared/src/api/limits.js'
import type { AppContext } from '../../context.js'
import { hitRateLimit, RateLimitedError } from './rate-limits.js'

/**
 * Work Talk reads per account, counted in this process's memory only (READS): one fixed window
 * of a minute, forgotten when it ends. Nothing is written, so no row's time follows a read.
 */
export class MemoryWindow {
  #start = 0
  #counts = new Map<string, number>()
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Counts one; throws 429 past the limit. */
  hit(key: string, now: number): void {
    const start = Math.floor(now / this.windowMs) * this.windowMs
    if (start !== this.#start) {
      this.#start = start
      this.#counts = new Map()
    }
    const n = (this.#counts.get(key) ?? 0) + 1
    this.#counts.set(key, n)
    if (n > this.limit) throw new RateLimitedError(Math.max(1, Math.ceil((start + this.windowMs - now) / 1000)))
  }
}

const talkReads = new WeakMap<AppContext, MemoryWindow>()

export function countTalkRead(ctx: AppContext, accountId: string): void {
  let w = talkReads.get(ctx)
  if (!w) talkReads.set(ctx, (w = new MemoryWindow(ctx.memoryLimits.talkReadsPerMinute, 60_000)))
  w.hit(accountId, ctx.clock.now().getTime())
}

/** Profile views per account per hour, in PostgreSQL like every real-name limit (one upsert). */
export async function countProfileView(ctx: AppContext, accountId: string): Promise<void> {
  await hitRateLimit(ctx, { scope: 'profile-views', key: accountId, limit: READS.profilesPerAccountPerHour, windowS: 60 * 60 })
}
