import { useEffect, useState, type ReactNode } from 'react'
import { useSession } from '../session/session-context.js'
import type { TalkRuntime } from './runtime.js'
import { TalkContext } from './talk-context.js'
import { isVerified } from './voices.js'

/**
 * Starts the Work Talk runtime once a verified account is signed in — on every page, not only on
 * Work Talk's, so tokens are drawn in the background at their own moment, long before a post. One
 * runtime per account id; an account without a verification has none (and no Work Talk database).
 */
export function TalkProvider({ children }: { children: ReactNode }) {
  const { me } = useSession()
  const accountId = me?.id ?? null
  const verified = isVerified(me)
  const [runtime, setRuntime] = useState<TalkRuntime | null>(null)

  useEffect(() => {
    if (!accountId || !me || !verified) return
    let rt: TalkRuntime | null = null
    let cancelled = false
    // Loaded on demand: the blind-signature and Ed25519 code is only needed by verified members.
    void import('./runtime.js')
      .then((mod) => mod.TalkRuntime.open(me))
      .then((opened) => {
        if (cancelled) return
        rt = opened
        setRuntime(opened)
        return opened.start()
      })
      .catch((e: unknown) => console.warn('Work Talk could not start', e))
    return () => {
      cancelled = true
      rt?.stop()
      setRuntime(null)
    }
    // Only another account (or a first verification) makes a new runtime; other changes go through setMe below.
  }, [accountId, verified])

  useEffect(() => {
    if (me && runtime) runtime.setMe(me)
  }, [me, runtime])

  return <TalkContext.Provider value={runtime}>{children}</TalkContext.Provider>
}
