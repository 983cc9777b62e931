import type { ReactionItem } from '../../../talk/outbox.js'

/**
 * This browser's latest vote on a post, or answer to a poll, in the outbox (on its way, stored
 * and not read back yet, or refused): the outbox drops it once the thread is read again after it
 * was stored, so while it is here the counts last read do not include it.
 */
export function latestReaction(reactions: readonly ReactionItem[], kind: 'vote' | 'answer', target: string): ReactionItem | undefined {
  return reactions
    .filter((p) => p.kind === kind && (kind === 'vote' ? p.postId : p.pollId) === target)
    .sort((a, b) => a.createdAt - b.createdAt)
    .at(-1)
}
