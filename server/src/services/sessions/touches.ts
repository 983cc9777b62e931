import type { Kysely } from 'kysely'
import { SESSION_LIFETIME_DAYS } from '../../../../shared/src/api/limits.js'
import { addDays } from '../../clock.js'
import type { DB } from '../../db/schema.js'

/** How often, at most, the days of use gathered in memory are written: a random moment in this range. */
export const TOUCH_FLUSH_MS: [number, number] = [10 * 60_000, 20 * 60_000]

/**
 * "Last used" days of sessions, written in batches rather than on a member's first request of a
 * day. Written at once, that update would be an account-side write at the very second someone
 * opened the site — a moment an adversary with the WAL could set beside an anonymous post made in
 * the same minute (DESIGN §4). Gathered and written together every 10–20 minutes, it tells only
 * which sessions were used at some point in that stretch; the day it records is unchanged.
 * Pending days live in this process's memory: a crash loses at most one stretch of them, which
 * only means a session's expiry slides a day later than it could have.
 */
export class SessionTouches {
  readonly #db: Kysely<DB>
  readonly #pending = new Map<string, string>()
  #timer: NodeJS.Timeout | undefined

  constructor(db: Kysely<DB>) {
    this.#db = db
  }

  /** Whether this session's use today is already noted (so its cookie need not be sent again). */
  noted(sessionId: string, day: string): boolean {
    return this.#pending.get(sessionId) === day
  }

  note(sessionId: string, day: string): void {
    this.#pending.set(sessionId, day)
  }

  /** Writes every noted day, grouped by day, in one transaction. */
  async flush(): Promise<void> {
    if (!this.#pending.size) return
    const byDay = new Map<string, string[]>()
    for (const [id, day] of this.#pending) byDay.set(day, [...(byDay.get(day) ?? []), id])
    this.#pending.clear()
    await this.#db.transaction().execute(async (tx) => {
      for (const [day, ids] of byDay) {
        await tx
          .updateTable('session')
          .set({ lastUsedOn: day, expiresOn: addDays(day, SESSION_LIFETIME_DAYS) })
          .where('id', 'in', ids)
          .where('lastUsedOn', '<', day)
          .execute()
      }
    })
  }

  start(onError: (err: unknown) => void): void {
    const [min, max] = TOUCH_FLUSH_MS
    const next = () => {
      this.#timer = setTimeout(() => void this.flush().catch(onError).finally(next), min + Math.random() * (max - min))
      this.#timer.unref()
    }
    next()
  }

  async close(): Promise<void> {
    clearTimeout(this.#timer)
    await this.flush()
  }
}
