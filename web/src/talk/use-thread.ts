import type { Static } from '@sinclair/typebox'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { ThreadDetail } from '../../../shared/src/api/talk.js'
import { isApiError } from '../api/client.js'
import { randomBetween } from './delays.js'
import type { OutboxItem } from './outbox.js'
import { useTalkRuntime, useTalkState } from './talk-context.js'
import { QuietReadError } from './thread-reader.js'

export type Detail = Static<typeof ThreadDetail>
export type ThreadFailure = 'not_found' | 'not_verified' | { message: unknown } | null

/**
 * A thread as this browser shows it: the server's copy as last read, plus this browser's own
 * writes to it from the outbox. It is read with the session only outside quiet periods (DESIGN
 * §2): after a write of ours it is read again once the quiet period is over (at a random moment
 * a few seconds after it), and once more when a write of ours is stored after the last read.
 */
export function useThread(id: string) {
  const runtime = useTalkRuntime()
  const { outbox, quiet } = useTalkState()
  const [detail, setDetail] = useState<Detail | null>(() => runtime?.reader.cached(id) ?? null)
  const [failure, setFailure] = useState<ThreadFailure>(null)
  const [retryAt, setRetryAt] = useState(0)
  const lastRead = useRef(0)
  const local = outbox.filter((p) => p.threadId === id)
  const ownThread = local.find((p) => p.kind === 'thread')
  const quietUntil = (quiet[id] ?? 0) > Date.now() ? quiet[id]! : 0
  const storedSince = local.reduce((max, p) => (p.state === 'stored' ? Math.max(max, p.doneAt ?? 0) : max), 0)
  const waitingForOwn = !!ownThread && ownThread.state !== 'stored' && ownThread.state !== 'failed'

  const load = useCallback(async () => {
    if (!runtime) return
    try {
      const d = await runtime.reader.read(id)
      lastRead.current = Date.now()
      setDetail(d)
      setFailure(null)
      await runtime.seen(id, d.posts)
    } catch (e) {
      lastRead.current = Date.now()
      if (e instanceof QuietReadError) return setRetryAt(e.until)
      if (isApiError(e) && (e.status === 404 || e.code === 'validation_failed')) setFailure('not_found')
      else if (isApiError(e) && e.code === 'not_verified') setFailure('not_verified')
      else setFailure({ message: e })
    }
  }, [runtime, id])

  useEffect(() => {
    if (!runtime) return
    const due = !detail || quietUntil > lastRead.current || storedSince > lastRead.current || retryAt > lastRead.current
    if (!due) return
    const until = Math.max(quietUntil, retryAt)
    // Not at the quiet period's very end either: a few random seconds after it.
    const wait = until > Date.now() ? until - Date.now() + randomBetween(500, 4000) : 0
    const timer = setTimeout(() => void load(), wait)
    return () => clearTimeout(timer)
  }, [runtime, load, detail, quietUntil, storedSince, retryAt])

  // Our own thread, not stored yet, answers 404 to a read: that is no reason to say "not found".
  const shownFailure = failure === 'not_found' && waitingForOwn ? null : failure
  return { detail, failure: shownFailure, local, ownThread, quietUntil, reload: load }
}

/** The latest edit or deletion of ours for a post, not yet seen in the thread as read. */
export function changeOf(local: readonly OutboxItem[], postId: string): OutboxItem | undefined {
  return local.filter((p) => (p.kind === 'edit' || p.kind === 'delete') && p.postId === postId).sort((a, b) => a.createdAt - b.createdAt).at(-1)
}

/** What we wrote in a post of ours that a check holds, from its outbox item while this browser keeps it (the server sends a held post's body to nobody). */
export function heldTextOf(local: readonly OutboxItem[], postId: string): string | undefined {
  return local.find((p) => (p.kind === 'thread' || p.kind === 'reply') && p.postId === postId)?.body
}
