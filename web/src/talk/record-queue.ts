import { NoVoiceError, WriteRefusedError } from './errors.js'
import { isHelpfulItem, isRecordItem, type Outbox, type OutboxEntry, type RecordItem } from './outbox.js'
import type { RecordBook } from './record-book.js'
import { helpfulItem, recordItem } from './record-items.js'
import type { RecordAllowance, RecordInput } from './records.js'
import type { Sender } from './sender.js'

export interface RecordQueueDeps {
  outbox: Outbox
  sender: Sender
  book: RecordBook
  /** The accepted directory's minimum token age (a record paid with fresh tokens only waits for it, like a post). */
  minTokenAgeS: () => number
  /** recordAllowance for this input, over this outbox (read under its lock). */
  allowance: (input: RecordInput, outbox: readonly OutboxEntry[]) => RecordAllowance
}

const KINDS = ['review', 'salary', 'interview'] as const

/**
 * Puts company records and helpful marks into the outbox (issue 10). Whether one may be written is
 * decided here, from what this browser holds (recordAllowance): never by asking for a token — a
 * record with no token yet waits in the outbox for the next planned batch, which draws this year's
 * keys whether or not anything is written. When it goes out is the timing policy's (Sender).
 */
export class RecordQueue {
  readonly #d: RecordQueueDeps

  constructor(deps: RecordQueueDeps) {
    this.#d = deps
  }

  /**
   * Queues a review, salary or interview report. Throws NoVoiceError when this member may not hold
   * the key that pays for it (no employment there, or the company has no such key), and
   * WriteRefusedError('already_written') when one of this kind about this company was written this
   * year or is on its way; WriteRefusedError with the server's code when it went out at once and
   * was refused (its token is kept for the next one: RecordBook). A refused record of the same
   * kind about the same company is dropped: this one replaces it.
   */
  async publish(input: RecordInput): Promise<RecordItem> {
    if (!KINDS.includes(input.kind) || !input.company || typeof input.body !== 'object' || input.body === null) throw new RangeError('a record is a review, salary or interview about a company')
    const { outbox, book } = this.#d
    const allowance = await outbox.exclusive(async () => {
      await book.load()
      const items = await outbox.list()
      const allowance = this.#d.allowance(input, items)
      // Written again: a refused one of the same kind about the same company is superseded (its token, if kept, pays for this one).
      if (allowance !== 'none' && allowance !== 'used') await outbox.map((p) => (isRecordItem(p) && p.state === 'failed' && p.kind === input.kind && p.company === input.company ? null : p))
      return allowance
    })
    if (allowance === 'none') throw new NoVoiceError()
    if (allowance === 'used') throw new WriteRefusedError('already_written')
    return this.#d.sender.enqueue(recordItem(input, this.#d.minTokenAgeS()))
  }

  /**
   * Queues a helpful mark on a review: a `react` token, with this browser's key for the review. A
   * review already marked from here (stored or on its way) is left alone: one mark per member.
   */
  async markHelpful(company: string, reviewId: string): Promise<void> {
    if (!company || !reviewId) throw new RangeError('a helpful mark names its company and review')
    const { outbox, book } = this.#d
    const marked = await outbox.exclusive(async () => {
      await book.load()
      return !!book.helpful[reviewId] || (await outbox.list()).some((p) => isHelpfulItem(p) && p.reviewId === reviewId && p.state !== 'failed')
    })
    if (marked) return
    await this.#d.sender.enqueue(helpfulItem(company, reviewId, this.#d.minTokenAgeS()))
  }
}
