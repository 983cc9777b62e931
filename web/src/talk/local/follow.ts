import { useEffect, useSyncExternalStore } from 'react'
import type { OutboxItem } from '../outbox.js'
import { LocalValue } from './store.js'

/**
 * Threads this browser follows for the signed-in account: the ones it wrote in (followed on its
 * own, from the outbox) and the ones followed by hand. Kept in this browser only (store.ts); the
 * server is never asked "what did I write" or told what anyone follows.
 *
 * Unread replies are `latest − seen`: `seen` is the reply count when the member last read the
 * thread (markRead), `latest` the highest count this browser has noticed since — in any thread
 * list it loaded (noteThreads) or on the live stream (noteReplyCount, live.ts). A thread that is
 * in no list this browser loads and gets no live event (a quiet board thread) keeps its last
 * known count until it is opened again.
 *
 * For the thread page:
 *   follow(threadId, { title, channel, replyCount })   — the "Follow" button, or after a reply
 *   unfollow(threadId)
 *   isFollowed(threadId) / useIsFollowed(threadId)     — for the button's state
 *   markRead(threadId, replyCount)                     — after the thread was read: nothing unread
 */
export interface FollowedThread {
  id: string
  /** As last seen in a list (or given to follow()); '' when not known yet. */
  title: string
  channel: string
  /** Replies when the member last read it; null: not known yet (the next count noticed is taken as read). */
  seen: number | null
  /** The most replies this browser has noticed. */
  latest: number
  followedAt: number
  /** When `latest` last grew (or the thread was followed): the Following tab's order. */
  activeAt: number
  /** Followed because this browser wrote in it. */
  own: boolean
}

type Follows = Readonly<Record<string, FollowedThread>>

/** The most threads kept: the least recently active go first. */
const MAX_FOLLOWED = 300
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

const count = (v: unknown): number => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : 0)
const text = (v: unknown, max: number): string => (typeof v === 'string' ? v.slice(0, max) : '')

function normalize(raw: unknown): Follows {
  const out: Record<string, FollowedThread> = {}
  if (!raw || typeof raw !== 'object') return out
  for (const [id, v] of Object.entries(raw as Record<string, unknown>)) {
    if (!UUID.test(id) || !v || typeof v !== 'object') continue
    const o = v as Record<string, unknown>
    const seen = o.seen === null ? null : count(o.seen)
    out[id] = {
      id,
      title: text(o.title, 300),
      channel: text(o.channel, 64),
      seen,
      latest: Math.max(seen ?? 0, count(o.latest)),
      followedAt: count(o.followedAt),
      activeAt: count(o.activeAt) || count(o.followedAt),
      own: o.own === true,
    }
  }
  return out
}

const follows = new LocalValue<Follows>('follow', normalize)

function trimmed(all: Record<string, FollowedThread>): Record<string, FollowedThread> {
  const list = Object.values(all)
  if (list.length <= MAX_FOLLOWED) return all
  const keep = list.sort((a, b) => b.activeAt - a.activeAt).slice(0, MAX_FOLLOWED)
  return Object.fromEntries(keep.map((f) => [f.id, f]))
}

export interface FollowMeta {
  title?: string | undefined
  channel?: string | undefined
  /** The reply count the member sees now: counted as read. */
  replyCount?: number | undefined
  /** Followed because this browser wrote in it. */
  own?: boolean | undefined
}

/** Follows a thread (again: keeps what is known and fills in `meta`). */
export function follow(threadId: string, meta: FollowMeta = {}): void {
  if (!UUID.test(threadId)) return
  follows.update((all) => {
    const now = Date.now()
    const was = all[threadId]
    const known = meta.replyCount
    const next: FollowedThread = {
      id: threadId,
      title: meta.title ?? was?.title ?? '',
      channel: meta.channel ?? was?.channel ?? '',
      seen: known === undefined ? (was?.seen ?? null) : Math.max(was?.seen ?? 0, known),
      latest: Math.max(was?.latest ?? 0, known ?? 0),
      followedAt: was?.followedAt ?? now,
      activeAt: was?.activeAt ?? now,
      own: (was?.own ?? false) || meta.own === true,
    }
    return trimmed({ ...all, [threadId]: next })
  })
}

export function unfollow(threadId: string): void {
  if (!follows.get()[threadId]) return
  follows.update((all) => {
    const { [threadId]: _gone, ...rest } = all
    return rest
  })
}

export function isFollowed(threadId: string): boolean {
  return threadId in follows.get()
}

/** The member read the thread with this many replies: none of them is unread any more. */
export function markRead(threadId: string, replyCount: number): void {
  const f = follows.get()[threadId]
  if (!f || (f.seen !== null && f.seen >= replyCount && f.latest >= replyCount)) return
  follows.update((all) => {
    const cur = all[threadId]
    if (!cur) return all
    return { ...all, [threadId]: { ...cur, seen: Math.max(cur.seen ?? 0, replyCount), latest: Math.max(cur.latest, replyCount) } }
  })
}

/** Replies not read yet, as far as this browser knows. */
export function unreadCount(f: Pick<FollowedThread, 'seen' | 'latest'>): number {
  return f.seen === null ? 0 : Math.max(0, f.latest - f.seen)
}

/** A thread now has this many replies (a live event): counts for a followed one. */
export function noteReplyCount(threadId: string, replyCount: number): void {
  noteThreads([{ id: threadId, replyCount }])
}

/** A list showed these threads: followed ones get their newest reply count and their title. */
export function noteThreads(threads: readonly { id: string; replyCount: number; title?: string; channel?: string }[]): void {
  const all = follows.get()
  const changed = threads.filter((t) => {
    const f = all[t.id]
    return f && (f.seen === null || t.replyCount > f.latest || (t.title !== undefined && t.title !== f.title) || (t.channel !== undefined && t.channel !== f.channel))
  })
  if (!changed.length) return
  follows.update((cur) => {
    const next = { ...cur }
    const now = Date.now()
    for (const t of changed) {
      const f = next[t.id]
      if (!f) continue
      const grew = f.seen !== null && t.replyCount > f.latest
      next[t.id] = {
        ...f,
        seen: f.seen ?? t.replyCount,
        latest: Math.max(f.latest, t.replyCount),
        activeAt: grew ? now : f.activeAt,
        ...(t.title !== undefined && t.title !== '' && { title: t.title }),
        ...(t.channel !== undefined && { channel: t.channel }),
      }
    }
    return next
  })
}

/** Followed threads, those with unread replies first, then the most recently active. */
export function followedThreads(all: Follows = follows.get()): FollowedThread[] {
  return Object.values(all).sort((a, b) => Number(unreadCount(b) > 0) - Number(unreadCount(a) > 0) || b.activeAt - a.activeAt)
}

/** Every followed thread by id, re-rendering on any change (this tab or another). */
export function useFollows(): Follows {
  return useSyncExternalStore(follows.subscribe, follows.get)
}

export function useIsFollowed(threadId: string): boolean {
  return threadId in useFollows()
}

/**
 * Follows every thread this browser wrote in, from its outbox: a new thread once the server
 * stored it (its title, nothing unread), a thread it replied to once the reply is stored. Runs on
 * every page (App.tsx), so nothing written here is missed however the member moves on.
 */
export function useFollowOwnWrites(outbox: readonly OutboxItem[]): void {
  const key = outbox
    .filter((p) => (p.kind === 'thread' || p.kind === 'reply') && p.state === 'stored' && p.threadId)
    .map((p) => p.id)
    .join()
  useEffect(() => {
    if (!key) return
    const all = follows.get()
    for (const p of outbox) {
      if ((p.kind !== 'thread' && p.kind !== 'reply') || p.state !== 'stored' || !p.threadId) continue
      if (all[p.threadId]?.own) continue
      if (p.kind === 'thread') follow(p.threadId, { title: p.title, channel: p.channel ?? 'general', replyCount: 0, own: true })
      else follow(p.threadId, { own: true })
    }
    // The key names what is new; the outbox is read when it changes.
  }, [key])
}
