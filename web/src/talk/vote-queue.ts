import { WriteRefusedError } from './errors.js'
import type { IdentityStore } from './identity.js'
import type { Outbox, OutboxEntry } from './outbox.js'
import type { ReportReason } from '../../../shared/src/api/moderation.js'
import { answerItem, reportItem, voteItem, type ReactionTarget } from './outbox-items.js'
import type { Reactions } from './reactions.js'
import type { Sender } from './sender.js'
import type { MyAnswer, MyReport, MyVote } from './snapshot.js'

/** A vote: on a post of a thread (1 up, -1 down, 0 withdrawn). The opener hints find our key in a thread this browser opened. */
export interface VoteInput extends ReactionTarget {
  postId: string
  value: 1 | -1 | 0
}
/** A poll answer: the poll's id is its thread's; `option` is the option's index. */
export interface AnswerInput extends ReactionTarget {
  pollId: string
  option: number
}

/** A report of a post: its thread (the reporter signs with its key there) and the reason. */
export interface ReportInput extends ReactionTarget {
  postId: string
  reason: ReportReason
}

/**
 * This browser's reports, by post: as stored (Reactions), then the outbox's over them. A refused
 * one counts for nothing (the post may be reported again).
 */
export function ownReports(stored: Reactions, items: readonly OutboxEntry[]): Record<string, MyReport> {
  const out: Record<string, MyReport> = {}
  for (const [postId, r] of Object.entries(stored.reports)) out[postId] = { reason: r.reason, state: 'stored' }
  for (const p of [...items].sort((a, b) => a.createdAt - b.createdAt)) {
    if (p.kind !== 'report' || !p.postId || !p.reason || out[p.postId]?.state === 'stored') continue
    if (p.state === 'failed') continue
    const state = p.state === 'waiting' || p.state === 'sending' || p.state === 'stored' ? p.state : 'accepted'
    out[p.postId] = { reason: p.reason, state, ...(state === 'waiting' && { sendAt: p.sendAt, wait: p.wait }) }
  }
  return out
}

/**
 * This browser's votes and answers: as stored (Reactions), then every later one in the outbox
 * over them, the newest last. A refused one counts for nothing.
 */
export function ownReactions(stored: Reactions, items: readonly OutboxEntry[]): { votes: Record<string, MyVote>; answers: Record<string, MyAnswer> } {
  const votes: Record<string, MyVote> = {}
  const answers: Record<string, MyAnswer> = {}
  for (const [postId, r] of Object.entries(stored.votes)) votes[postId] = { value: r.value, pending: false }
  for (const [pollId, r] of Object.entries(stored.answers)) answers[pollId] = { option: r.option, pending: false }
  for (const p of [...items].sort((a, b) => a.createdAt - b.createdAt)) {
    if (p.state === 'failed') continue
    const pending = p.state !== 'stored'
    if (p.kind === 'vote' && p.postId && p.value !== undefined) votes[p.postId] = { value: p.value, pending }
    if (p.kind === 'answer' && p.pollId && p.option !== undefined) answers[p.pollId] = { option: p.option, pending }
  }
  return { votes, answers }
}

export interface VoteQueueDeps {
  outbox: Outbox
  sender: Sender
  reactions: Reactions
  identity: IdentityStore
  /** The accepted directory's minimum token age (a first vote paid with fresh tokens only waits for it, like a post). */
  minTokenAgeS: () => number
}

/**
 * Puts votes and poll answers into the outbox (DESIGN §3, §4). Whether a vote spends a `react`
 * token is decided here: a key's first vote on a post does; once a vote of that key on that post
 * is stored, or went out with a token, a change or withdrawal does not. When it goes out is the
 * timing policy's, as for every anonymous write (Sender, timing-policy.ts).
 */
export class VoteQueue {
  readonly #d: VoteQueueDeps

  constructor(deps: VoteQueueDeps) {
    this.#d = deps
  }

  /**
   * Queues a vote. The same value as this browser's current one (stored or on its way; none
   * counts as 0) does nothing. A vote not sent yet is changed in place — dropped when it comes
   * back to what the server has — so a member who clicks up, down, up sends one write.
   */
  async vote(input: VoteInput): Promise<void> {
    const { postId, value } = input
    if (value !== 1 && value !== -1 && value !== 0) throw new RangeError('a vote is 1, -1 or 0')
    const hints = { openingKey: input.openingKey, openerNonce: input.openerNonce }
    const key = (await this.#d.identity.postingIdentity(input.threadId, hints)).publicKey
    const { outbox, reactions } = this.#d
    const outcome = await outbox.exclusive(async () => {
      await reactions.load()
      const items = await outbox.list()
      if (value === (ownReactions(reactions, items).votes[postId]?.value ?? 0)) return 'same' as const
      const votes = items.filter((p) => p.kind === 'vote' && p.postId === postId)
      const open = votes.filter((p) => p.state === 'waiting' && !p.request).sort((a, b) => a.createdAt - b.createdAt).at(-1)
      if (open) {
        // What the server will hold without it: what is stored, or what went out after that.
        const without = ownReactions(reactions, items.filter((p) => p !== open)).votes[postId]?.value ?? 0
        if (value === without) await outbox.remove(open.id)
        else await outbox.patch(open.id, { value })
        return 'merged' as const
      }
      const paid = reactions.paid(postId, key) || votes.some((p) => p.state !== 'failed' && !!p.request && !!p.token && p.authorKey === key)
      return { firstVote: !paid }
    })
    if (outcome === 'same') return
    if (outcome === 'merged') return this.#d.sender.tick()
    await this.#d.sender.enqueue(voteItem({ ...input, ...hints }, outcome.firstVote, this.#d.minTokenAgeS()))
  }

  /**
   * Queues a report of a post: a `react` token and this browser's key in the thread, exactly like a
   * key's first vote — the same token, the same timing policy, the same outbox. A post this browser
   * reported already (stored, or on its way) is not reported again: returns false.
   */
  async report(input: ReportInput): Promise<boolean> {
    const { outbox, reactions } = this.#d
    const fresh = await outbox.exclusive(async () => {
      await reactions.load()
      return !ownReports(reactions, await outbox.list())[input.postId]
    })
    if (!fresh) return false
    const hints = { openingKey: input.openingKey, openerNonce: input.openerNonce }
    await this.#d.sender.enqueue(reportItem({ ...input, ...hints }, this.#d.minTokenAgeS()))
    return true
  }

  /**
   * Queues a poll answer: a `react` token, one answer per key, final once it went out (one not
   * sent yet may still be changed). The same option again does nothing; another one throws
   * WriteRefusedError('already_answered').
   */
  async answer(input: AnswerInput): Promise<void> {
    const { pollId, option } = input
    if (!Number.isInteger(option) || option < 0) throw new RangeError("an answer is an option's index")
    const { outbox, reactions } = this.#d
    const outcome = await outbox.exclusive(async () => {
      await reactions.load()
      const items = await outbox.list()
      const mine = ownReactions(reactions, items).answers[pollId]
      if (mine?.option === option) return 'same' as const
      const open = items.find((p) => p.kind === 'answer' && p.pollId === pollId && p.state === 'waiting' && !p.request)
      if (open) {
        await outbox.patch(open.id, { option })
        return 'merged' as const
      }
      return mine ? ('answered' as const) : ('new' as const)
    })
    if (outcome === 'same') return
    if (outcome === 'merged') return this.#d.sender.tick()
    if (outcome === 'answered') throw new WriteRefusedError('already_answered')
    await this.#d.sender.enqueue(answerItem({ ...input, openingKey: input.openingKey, openerNonce: input.openerNonce }, this.#d.minTokenAgeS()))
  }
}
