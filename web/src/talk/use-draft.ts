import { useCallback, useEffect, useRef, useState } from 'react'
import type { Draft } from './drafts.js'
import { useTalkRuntime } from './talk-context.js'

const SAVE_AFTER_MS = 400

/**
 * A composer's draft, loaded from IndexedDB and saved there shortly after every change (and when
 * the page is hidden), so text survives reloads, crashes and failed sends.
 */
export function useDraft(scope: string, fresh: () => Draft) {
  const runtime = useTalkRuntime()
  const [draft, setState] = useState<Draft>(fresh)
  const [loaded, setLoaded] = useState(false)
  /** Whether what the composer shows is in IndexedDB (no change waiting, no write on its way). */
  const [saved, setSaved] = useState(true)
  const latest = useRef(draft)
  const dirty = useRef(false)
  /** The draft whose IndexedDB write is on its way: a page unloading now may abort it. */
  const saving = useRef<Draft | null>(null)
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const freshRef = useRef(fresh)
  freshRef.current = fresh

  const flush = useCallback(() => {
    clearTimeout(timer.current)
    if (!runtime || !dirty.current) return
    dirty.current = false
    const d = latest.current
    saving.current = d
    void runtime.drafts
      .save(scope, d)
      .then(
        () => {
          if (latest.current === d && !dirty.current) setSaved(true)
        },
        (e: unknown) => console.warn('Draft not saved', e),
      )
      .finally(() => {
        if (saving.current === d) saving.current = null
      })
  }, [runtime, scope])

  useEffect(() => {
    if (!runtime) return
    let alive = true
    const load = () =>
      void runtime.drafts
        .load(scope)
        .catch(() => null)
        .then((saved) => {
          if (!alive) return
          const base = freshRef.current()
          const d = saved ? { ...saved, nonce: saved.nonce ?? base.nonce } : base
          latest.current = d
          dirty.current = false
          setState(d)
          setLoaded(true)
        })
    setLoaded(false)
    load()
    // A cancelled scheduled post was put back into this draft: show it.
    const unsubscribe = runtime.drafts.subscribe((changed) => {
      if (changed !== scope) return
      // Keystrokes of the last SAVE_AFTER_MS not yet saved are dropped here; the restore merged
      // the post with the draft as stored, which holds everything older.
      clearTimeout(timer.current)
      load()
    })
    return () => {
      alive = false
      unsubscribe()
    }
  }, [runtime, scope])

  useEffect(() => {
    const onHide = () => {
      // Also when the last save has not completed: Chromium aborts an unload's open transactions.
      if (runtime && (dirty.current || saving.current)) runtime.drafts.backup(scope, latest.current)
      flush()
    }
    window.addEventListener('pagehide', onHide)
    document.addEventListener('visibilitychange', onHide)
    return () => {
      window.removeEventListener('pagehide', onHide)
      document.removeEventListener('visibilitychange', onHide)
      flush()
    }
  }, [flush, runtime, scope])

  const update = useCallback(
    /** A patch, or a patch made from the latest draft (for changes that finish after an await). */
    (patch: Partial<Draft> | ((current: Draft) => Partial<Draft>)) => {
      const next = { ...latest.current, ...(typeof patch === 'function' ? patch(latest.current) : patch) }
      latest.current = next
      dirty.current = true
      setSaved(false)
      setState(next)
      clearTimeout(timer.current)
      timer.current = setTimeout(flush, SAVE_AFTER_MS)
    },
    [flush],
  )

  /** After a successful send: forget the stored draft and start a new one. */
  const reset = useCallback(async () => {
    clearTimeout(timer.current)
    dirty.current = false
    saving.current = null
    const d = freshRef.current()
    latest.current = d
    setState(d)
    setSaved(true)
    await runtime?.drafts.clear(scope)
  }, [runtime, scope])

  return { draft, update, reset, loaded, saved }
}
