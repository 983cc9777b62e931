import type { ReportReason } from '../../../shared/src/api/moderation.js'
import { publishDelay, randomBetween } from './delays.js'
import type { ComposeInput, OutboxEntry, OutboxItem, ReactionItem } from './outbox.js'
import { pickAgeDelay, pickHoldDelay } from './timing-policy.js'

/** A post of this browser, for an edit or a deletion. */
export interface OwnPost {
  id: string
  authorKey: string
  revision: number
  threadId: string
  openingKey: string
  openerNonce: string | null
}

/** Where a vote or answer is: its thread, and what the thread shows of its opener (to find our key in it). */
export interface ReactionTarget {
  threadId: string
  /** The opening post's key and the thread's opener nonce: a thread this browser opened votes with its opener key. */
  openingKey?: string | undefined
  openerNonce?: string | null | undefined
}

/**
 * A new post for the outbox: its random waits are drawn once here, so "publishing at …" stays put.
 * Its images are not in it (Blobs are kept apart, Outbox.saveImages): the caller adds `imageRefs`.
 */
export function postItem(input: ComposeInput, withinMinutes: number, minTokenAgeS: number, nonce: string | undefined): OutboxItem {
  const now = Date.now()
  const { images: _images, poll, ...fields } = input
  return {
    ...fields,
    ...(poll && input.kind === 'thread' && { poll: { options: poll.options.map((o) => o.trim()), closesAt: poll.closesAt } }),
    nonce,
    id: crypto.randomUUID(),
    withinMinutes,
    sooner: false,
    createdAt: now,
    state: 'waiting',
    sendAt: now,
    ageDelayMs: pickAgeDelay(minTokenAgeS * 1000, randomBetween),
    holdDelayMs: pickHoldDelay(randomBetween),
    withinDelayMs: publishDelay(withinMinutes),
  }
}

/** An edit or deletion for the outbox: no token, no label, signed with the post's own key when it goes out. */
export function changeItem(kind: 'edit' | 'delete', post: OwnPost, title: string, body: string): OutboxItem {
  const now = Date.now()
  return {
    id: crypto.randomUUID(),
    kind,
    threadId: post.threadId,
    postId: post.id,
    revision: post.revision,
    authorKey: post.authorKey,
    openingKey: post.openingKey,
    openerNonce: post.openerNonce,
    title,
    body,
    label: 'alias',
    voiceId: '',
    withinMinutes: 0,
    sooner: false,
    createdAt: now,
    state: 'waiting',
    sendAt: now,
    ageDelayMs: 0,
    holdDelayMs: pickHoldDelay(randomBetween),
  }
}

/** What a vote and an answer share: no text, no label; timed like any write (the age delay matters when it pays with fresh tokens). */
function reactionBase(target: ReactionTarget, minTokenAgeS: number): Omit<ReactionItem, 'kind'> {
  const now = Date.now()
  return {
    id: crypto.randomUUID(),
    threadId: target.threadId,
    openingKey: target.openingKey,
    openerNonce: target.openerNonce,
    title: '',
    body: '',
    label: 'alias',
    voiceId: '',
    withinMinutes: 0,
    sooner: false,
    createdAt: now,
    state: 'waiting',
    sendAt: now,
    ageDelayMs: pickAgeDelay(minTokenAgeS * 1000, randomBetween),
    holdDelayMs: pickHoldDelay(randomBetween),
  }
}

/** A vote for the outbox: `firstVote` when this key has no vote on the post yet (it then spends a `react` token). */
export function voteItem(target: ReactionTarget & { postId: string; value: 1 | -1 | 0 }, firstVote: boolean, minTokenAgeS: number): ReactionItem {
  return { ...reactionBase(target, minTokenAgeS), kind: 'vote', postId: target.postId, value: target.value, firstVote }
}

/** A poll answer for the outbox: always a `react` token. */
export function answerItem(target: ReactionTarget & { pollId: string; option: number }, minTokenAgeS: number): ReactionItem {
  return { ...reactionBase(target, minTokenAgeS), kind: 'answer', pollId: target.pollId, option: target.option }
}

/** A report for the outbox: a `react` token, timed exactly like a key's first vote. */
export function reportItem(target: ReactionTarget & { postId: string; reason: ReportReason }, minTokenAgeS: number): ReactionItem {
  return { ...reactionBase(target, minTokenAgeS), kind: 'report', postId: target.postId, reason: target.reason }
}

/**
 * A stored item the thread, as just read, shows: a new post by its id; an edit or deletion once the
 * post has the revision it made; a vote once its post is there (its counts include it); an answer
 * once its thread is read (the poll's counts include it). Such an item's local copy is no longer needed.
 */
export function shownInThread(threadId: string, posts: readonly { id: string; revision: number }[]): (p: OutboxEntry) => boolean {
  const revision = new Map(posts.map((p) => [p.id, p.revision]))
  return (p) => {
    if (p.state !== 'stored' || p.threadId !== threadId) return false
    if (p.kind === 'answer') return true
    if (!p.postId || !revision.has(p.postId)) return false
    // A stored report is remembered by Reactions: its local copy is not needed once its post is read.
    if (p.kind === 'thread' || p.kind === 'reply' || p.kind === 'vote' || p.kind === 'report') return true
    return (revision.get(p.postId) ?? 0) >= (p.revision ?? 0) + 1
  }
}

/** A stored new thread the list shows, whose quiet period is over (its page may read it now). */
export function shownInList(threadIds: readonly string[], quietUntil: (threadId: string) => number): (p: OutboxEntry) => boolean {
  const ids = new Set(threadIds)
  return (p) => p.kind === 'thread' && p.state === 'stored' && !!p.threadId && ids.has(p.threadId) && !quietUntil(p.threadId)
}
