import type { Kysely } from 'kysely'
import { SESSION_LIFETIME_DAYS } from '../../../../shared/src/api/limits.js'
import { addDays } from '../../clock.js'
import type { DB } from '../../db/schema.js'

/** How often the finished days of use gathered in memory are looked at: a random moment in this range. */
export const TOUCH_FLUSH_MS: [number, number] = [10 * 60_000, 20 * 60_000]

/**
 * "Last used" days of sessions, written once the day is over rather than on a member's first
 * request of a day. Written at once, that update would be an account-side write at the very
 * second someone opened the site; written in a batch minutes later it would still say roughly
 * when in the day each member first came — a time an adversary with the WAL sets beside the
 * anonymous posts of that day (DESIGN §4; the subpoena test's "used the site that day"). Written
 * with the first batch after midnight (UTC), it tells only the day, which the row holds anyway.
 * Pending days live in this process's memory: a crash loses at most a day of them, which only
 * means a session's expiry slides a day later than it could have. Closing writes what is pending.
 */
export class SessionTouches {
  readonly #db: Kysely<DB>
  readonly #today: () => string
  readonly #pending = new Map<string, string>()
  #timer: NodeJS.Timeout | undefined
  #closed = false

  /** `today`: the current UTC day (YYYY-MM-DD), from the context's clock. */
  constructor(db: Kysely<DB>, today: () => string) {
    this.#db = db
    this.#today = today
  }

  /** Whether this session's use today is already noted (so its cookie need not be sent again). */
  noted(sessionId: string, day: string): boolean {
    return this.#pending.get(sessionId) === day
  }

  /** The day of use noted for this session and not yet written, if any. */
  pendingDay(sessionId: string): string | null {
    return this.#pending.get(sessionId) ?? null
  }

  note(sessionId: string, day: string): void {
    this.#pending.set(sessionId, day)
  }

  /** Writes the noted days that are over (every noted day with `all`, when closing), grouped by day, in one transaction. */
  async flush(opts: { all?: boolean } = {}): Promise<void> {
    const today = this.#today()
    const byDay = new Map<string, string[]>()
    for (const [id, day] of this.#pending) {
      if (day >= today && !opts.all) continue
      byDay.set(day, [...(byDay.get(day) ?? []), id])
      this.#pending.delete(id)
    }
    if (!byDay.size) return
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
      // A flush still running when close() came must not arm the timer again.
      if (this.#closed) return
      this.#timer = setTimeout(() => void this.flush().catch(onError).finally(next), min + Math.random() * (max - min))
      this.#timer.unref()
    }
    next()
  }

  async close(): Promise<void> {
    this.#closed = true
    clearTimeout(this.#timer)
    await this.flush({ all: true })
  }
}
