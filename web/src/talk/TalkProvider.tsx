import { useEffect, useState, type ReactNode } from 'react'
import { useSession } from '../session/session-context.js'
import type { TalkRuntime } from './runtime.js'
import { TalkContext } from './talk-context.js'

/**
 * Starts the Work Talk runtime once an account is signed in — on every page, not only on Work
 * Talk's, so tokens are fetched in the background long before a post. One runtime per account id.
 */
export function TalkProvider({ children }: { children: ReactNode }) {
  const { me } = useSession()
  const accountId = me?.id ?? null
  const [runtime, setRuntime] = useState<TalkRuntime | null>(null)

  useEffect(() => {
    if (!accountId || !me) return
    let rt: TalkRuntime | null = null
    let cancelled = false
    // Loaded on demand: the blind-signature and Ed25519 code is only needed once signed in.
    void import('./runtime.js')
      .then((mod) => {
        if (cancelled) return
        rt = new mod.TalkRuntime(me)
        setRuntime(rt)
        return rt.start()
      })
      .catch((e: unknown) => console.warn('Work Talk could not start', e))
    return () => {
      cancelled = true
      rt?.stop()
      setRuntime(null)
    }
    // Only a different account makes a new runtime; other changes go through setMe below.
  }, [accountId])

  useEffect(() => {
    if (me && runtime) runtime.setMe(me)
  }, [me, runtime])

  return <TalkContext.Provider value={runtime}>{children}</TalkContext.Provider>
}
