/**
 * A fixed-window request counter (DESIGN §7: rate-limit counters live in PostgreSQL, so every
 * server process counts together). `keyHash` is an HMAC of the limit's scope and what it counts
 * (an address, an account), so the table holds neither; rows of ended windows are pruned.
 */
export interface RateLimitTable {
  keyHash: Buffer
  windowStart: Date
  hits: number
}

export type PartialDB = { rateLimit: RateLimitTable }
