import type { ThreadDetail } from '../../../shared/src/api/talk.js'
import { talkApi } from '../api/talk.js'
import type { QuietPeriods } from './quiet.js'

/** Pages of a thread read in one go: 50 × TALK.postsPerPage posts. */
const MAX_PAGES = 50

/** A session read was asked for during a thread's quiet period (a bug in the caller: nothing was sent). */
export class QuietReadError extends Error {
  override name = 'QuietReadError'
  constructor(readonly until: number) {
    super(`the thread is quiet until ${new Date(until).toISOString()}`)
  }
}

/**
 * Reads threads with the session — never during a thread's quiet period after an anonymous write
 * (quiet.ts): the guard is here, in the one place pages read a thread, not left to each page. The
 * last copy read is kept in memory, so a page can show it (with its own writes on top) meanwhile.
 */
export class ThreadReader {
  readonly #quiet: QuietPeriods
  readonly #cache = new Map<string, ThreadDetail>()

  constructor(quiet: QuietPeriods) {
    this.#quiet = quiet
  }

  cached(id: string): ThreadDetail | undefined {
    return this.#cache.get(id)
  }

  /** Until when the thread must not be read (0: now is fine). Reloads other tabs' writes first. */
  async quietUntil(id: string): Promise<number> {
    await this.#quiet.load()
    return this.#quiet.until(id)
  }

  async read(id: string): Promise<ThreadDetail> {
    const until = await this.quietUntil(id)
    if (until) throw new QuietReadError(until)
    // The whole thread, page after page (the server answers a bounded page per request; a page
    // reads the rest at once, so nothing of a long thread is out of sight).
    const detail = await talkApi.thread(id)
    const posts = [...detail.posts]
    let next = detail.nextCursor
    for (let pages = 1; next && pages < MAX_PAGES; pages++) {
      const page = await talkApi.thread(id, next)
      posts.push(...page.posts)
      next = page.nextCursor
    }
    const whole = { ...detail, posts, nextCursor: next }
    this.#cache.set(id, whole)
    return whole
  }
}
