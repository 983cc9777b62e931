import { quietPeriod } from './delays.js'
import type { IdbStore } from './idb.js'

/**
 * DESIGN §2: the client never reads a thread with its session right after an anonymous write to
 * it — a session read of thread T seconds after an anonymous write to T would tie the two
 * together in any log of requests. After every write (and resend) to a thread it stays quiet for
 * a minute and a bit; its pages render the write from its own answer and the local copy meanwhile.
 * Kept in IndexedDB, so a reload or another tab keeps the quiet too.
 */
const KEY = 'quiet'

/** A company's reviews, salaries and interviews stay unread with the session after a record or helpful mark about it, like a thread after a post. */
export const companyQuietKey = (slug: string): string => `company:${slug}`

export class QuietPeriods {
  readonly #store: IdbStore
  #until: Record<string, number> = {}

  constructor(store: IdbStore) {
    this.#store = store
  }

  /** Until when this thread must not be read with the session (0: it may be read now). */
  until(threadId: string): number {
    const t = this.#until[threadId] ?? 0
    return t > Date.now() ? t : 0
  }

  get all(): Readonly<Record<string, number>> {
    return this.#until
  }

  /** Reloads what other tabs noted. */
  async load(): Promise<Record<string, number>> {
    const v = (await this.#store.get(KEY)) as Record<string, number> | undefined
    this.#until = v && typeof v === 'object' ? v : {}
    return this.#until
  }

  /** An anonymous write to this thread goes out now. */
  async note(threadId: string): Promise<void> {
    const until = Date.now() + quietPeriod()
    this.#until = await this.#store.update<Record<string, number>>(KEY, (v) => {
      const now = Date.now()
      const next: Record<string, number> = {}
      for (const [id, t] of Object.entries(v ?? {})) if (t > now) next[id] = t
      next[threadId] = Math.max(next[threadId] ?? 0, until)
      return next
    })
  }
}
