import { ReadCache, type ReadCacheLimits } from '../../db/read-cache.js'
import type { WriteKind } from '../../db/write-watch.js'

/**
 * The sessions a process has resolved lately (sessions.ts `resolveSession`), by the SHA-256 of the
 * cookie token (what the database stores; the token itself is not kept): the session row and
 * whether its account may read Work Talk. Only sessions that exist are kept, so a new one needs no
 * drop. Dropped whole (db/read-cache.ts) when a session is changed or ended (sign-out, ending other
 * sessions, a new password, expiry, the batched days of use), when an account is deleted, and when
 * a verification is added, changed or removed — in the process at once, in every process by NOTIFY
 * at commit (migration 20261210T110000). A signed-out cookie is refused by every process from the
 * moment its notification arrives (milliseconds), and by the one that signed it out at once.
 */
export const SESSION_WRITES: Readonly<Record<string, readonly WriteKind[]>> = {
  session: ['update', 'delete'],
  employment: ['insert', 'update', 'delete'],
  // A deleted account's sessions go by cascade, which the query builder does not see (the trigger does).
  account: ['delete'],
}

/** The notification channel of the migration's triggers. */
export const SESSION_NOTIFY_CHANNEL = 'watercooler_session_read'

/** How long, how many and how much (named limits, README "Limits"). */
export const SESSION_CACHE: Readonly<ReadCacheLimits> = { ttlMs: 10_000, maxEntries: 20_000, maxBytes: 16 * 1024 * 1024 }

export const createSessionCache = (now: () => number) => new ReadCache({ now, limits: SESSION_CACHE })
