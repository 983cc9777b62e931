import { publishDelay, randomBetween } from './delays.js'
import type { ComposeInput, OutboxItem } from './outbox.js'
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

/** A new post for the outbox: its random waits are drawn once here, so "publishing at about …" stays put. */
export function postItem(input: ComposeInput, withinMinutes: number, minTokenAgeS: number, nonce: string | undefined): OutboxItem {
  const now = Date.now()
  return {
    ...input,
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

/**
 * A stored item the thread, as just read, shows: a new post by its id; an edit or deletion once the
 * post has the revision it made. Such an item's local copy is no longer needed.
 */
export function shownInThread(threadId: string, posts: readonly { id: string; revision: number }[]): (p: OutboxItem) => boolean {
  const revision = new Map(posts.map((p) => [p.id, p.revision]))
  return (p) =>
    p.state === 'stored' &&
    p.threadId === threadId &&
    !!p.postId &&
    revision.has(p.postId) &&
    (p.kind === 'thread' || p.kind === 'reply' || (revision.get(p.postId) ?? 0) >= (p.revision ?? 0) + 1)
}

/** A stored new thread the list shows, whose quiet period is over (its page may read it now). */
export function shownInList(threadIds: readonly string[], quietUntil: (threadId: string) => number): (p: OutboxItem) => boolean {
  const ids = new Set(threadIds)
  return (p) => p.kind === 'thread' && p.state === 'stored' && !!p.threadId && ids.has(p.threadId) && !quietUntil(p.threadId)
}
