import { ReadCache, type ReadCacheLimits } from '../../db/read-cache.js'

/**
 * The Work Talk read cache: pages of the thread lists and thread pages, shared by every member who
 * may read them, kept a few seconds in each process and dropped on every write.
 *
 * What goes in: only what the database answers for a page, the same for every reader — never who
 * asked, never a session, never a per-member answer. Who may read a board is checked on every
 * request before the cache is asked (reading.ts), so an entry is never a reason to show it.
 *
 * When it is dropped — every entry at once, on any write to a table the cached reads read
 * (TALK_READ_TABLES), whoever writes and by whatever path (the mixer's windows, votes, polls,
 * reports, moderation, merges, upkeep, scrubbing, channels):
 * - in the process that writes, as each statement is sent and again once it has run
 *   (db/write-watch.ts), so a member sees the effect of their own request at once;
 * - in every process, when the writing transaction commits: a statement trigger on each of those
 *   tables NOTIFYs `watercooler_talk_read` (migration 20261210T100000), which each process LISTENs to
 *   (db/listener.ts; on the embedded database, PGlite's own listen).
 * While a process is not listening (starting, or its LISTEN connection lost) it does not use the
 * cache at all; when listening starts again everything is dropped, since notifications sent in
 * between are lost. TALK_READ_CACHE.ttlMs bounds what a missed notification could cost.
 *
 * Nothing here is written anywhere: no database row, no log line. An entry's age is not stored
 * outside this process's memory.
 */

/** The tables the cached reads read: a write to any of them drops the cache (the migration triggers on the same list). */
export const TALK_READ_TABLES = ['talk_thread', 'talk_post', 'talk_image', 'talk_poll', 'talk_poll_answer', 'talk_appeal', 'talk_channel'] as const

/** The notification channel of the migration's trigger. */
export const TALK_READ_NOTIFY_CHANNEL = 'watercooler_talk_read'

/**
 * How long, how many and how much (named limits, README "Limits"). The bytes a page was rendered to
 * (and their compressed copies, routes/talk/threads.ts) live as long as its entry and are not in
 * maxBytes: count about twice it.
 */
export const TALK_READ_CACHE: Readonly<ReadCacheLimits> = { ttlMs: 5_000, maxEntries: 2_000, maxBytes: 64 * 1024 * 1024 }

export const createTalkReadCache = (now: () => number) => new ReadCache({ now, limits: TALK_READ_CACHE })
