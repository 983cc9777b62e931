import type { ReportReason } from '../../../shared/src/api/moderation.js'
import type { IdbStore } from './idb.js'
import type { OutboxEntry, ReactionItem } from './outbox.js'

/**
 * This browser's own votes, poll answers and reports as the server stored them (DESIGN §3, §4), so a page
 * can show "your vote" and a poll's results once answered — the server cannot say whose they are.
 * Kept in the account's own database, like the outbox, and for good (the outbox drops a vote once
 * its thread is read again). Each names the pseudonym key that wrote it: a key's first vote on a
 * post spends a `react` token, a change of it none, and a poll takes one answer per key.
 *
 * @NOTE Anyone holding the device learns what this account voted and answered; the same store
 * holds the pseudonym master secret, which tells them far more.
 */
export interface VoteRecord {
  value: 1 | -1 | 0
  /** The voting key (base64url). */
  key: string
}
export interface AnswerRecord {
  option: number
  key: string
}
/** A report of a post (one per key and post: a second is not offered). */
export interface ReportRecord {
  reason: ReportReason
  key: string
}
interface Contents {
  votes: Record<string, VoteRecord>
  answers: Record<string, AnswerRecord>
  reports: Record<string, ReportRecord>
}
export const REACTIONS_KEY = 'reactions'

const empty = (): Contents => ({ votes: {}, answers: {}, reports: {} })
const copy = (v: Partial<Contents> | undefined): Contents => ({ votes: { ...(v?.votes ?? {}) }, answers: { ...(v?.answers ?? {}) }, reports: { ...(v?.reports ?? {}) } })

export class Reactions {
  readonly #store: IdbStore
  #c: Contents = empty()

  constructor(store: IdbStore) {
    this.#store = store
  }

  /** Reloads what other tabs noted. */
  async load(): Promise<void> {
    const v = (await this.#store.get(REACTIONS_KEY)) as Partial<Contents> | undefined
    this.#c = copy(v)
  }

  /** Stored votes, by post id. */
  get votes(): Readonly<Record<string, VoteRecord>> {
    return this.#c.votes
  }

  /** Stored poll answers, by poll id. */
  get answers(): Readonly<Record<string, AnswerRecord>> {
    return this.#c.answers
  }

  /** Stored reports, by post id. */
  get reports(): Readonly<Record<string, ReportRecord>> {
    return this.#c.reports
  }

  /** Whether this key's vote on this post is stored, so changing it needs no token. */
  paid(postId: string, key: string): boolean {
    return this.#c.votes[postId]?.key === key
  }

  /** The server stored this vote, answer or report (its signing key is on the item once it was signed). */
  async stored(item: OutboxEntry): Promise<void> {
    if (item.kind !== 'vote' && item.kind !== 'answer' && item.kind !== 'report') return
    const r = item as ReactionItem
    if (!r.authorKey) return
    this.#c = await this.#store.update<Contents>(REACTIONS_KEY, (v) => {
      const c = copy(v)
      if (r.kind === 'vote' && r.postId && r.value !== undefined) c.votes[r.postId] = { value: r.value, key: r.authorKey! }
      if (r.kind === 'report' && r.postId && r.reason) c.reports[r.postId] = { reason: r.reason, key: r.authorKey! }
      if (r.kind === 'answer' && r.pollId && r.option !== undefined) c.answers[r.pollId] = { option: r.option, key: r.authorKey! }
      return c
    })
  }
}
