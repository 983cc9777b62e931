import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import type { Language, Me } from '../../../shared/src/api/index.js'
import { api, isApiError } from '../api/client.js'
import { setLanguage } from '../i18n/index.js'
import { SessionContext, type Session, type SessionStatus } from './session-context.js'

interface State {
  status: SessionStatus
  me: Me | null
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<State>({ status: 'loading', me: null })
  const meRef = useRef<Me | null>(null)
  meRef.current = state.me
  const statusRef = useRef<SessionStatus>(state.status)
  statusRef.current = state.status
  /** A language picked while the account was still loading: it must not be overridden by the load. */
  const pickedWhileLoading = useRef<Language | null>(null)

  /** Loads the signed-in account; the account's saved language wins over this device's earlier choice. */
  const load = useCallback(async (): Promise<Me | null> => {
    try {
      let me = await api.me()
      const picked = pickedWhileLoading.current
      pickedWhileLoading.current = null
      if (picked && picked !== me.language) me = await api.updateMe({ language: picked }).catch(() => me)
      else await setLanguage(me.language)
      setState({ status: 'signedIn', me })
      return me
    } catch (e) {
      if (!isApiError(e) || e.status !== 401) console.warn('Could not load the session', e)
      setState({ status: 'signedOut', me: null })
      return null
    }
  }, [])

  useEffect(() => {
    void load()
  }, [load])

  /**
   * A full page load rather than a client-side navigation: nothing of the previous account stays
   * in memory, and members-only pages cannot race the redirect to /signin.
   */
  const leave = useCallback((to = '/') => {
    window.location.assign(to)
  }, [])

  const signOut = useCallback(async (to = '/') => {
    try {
      await api.signOut()
    } catch (e) {
      // 401 means the session was already gone; anything else we cannot fix from here.
      if (!isApiError(e) || e.status !== 401) console.warn('Sign-out failed', e)
    }
    leave(to)
  }, [leave])

  const setMe = useCallback((me: Me) => setState({ status: 'signedIn', me }), [])

  const refreshMe = useCallback(async () => {
    try {
      setMe(await api.me())
    } catch (e) {
      if (isApiError(e) && e.status === 401) leave('/signin')
      else console.warn('Could not reload the account', e)
    }
  }, [setMe, leave])

  const changeLanguage = useCallback(async (lng: Language): Promise<boolean> => {
    await setLanguage(lng)
    if (!meRef.current) {
      // Signed out: this device's choice only (the account's wins at sign-in). Still loading: keep it.
      if (statusRef.current === 'loading') pickedWhileLoading.current = lng
      return true
    }
    try {
      setMe(await api.updateMe({ language: lng }))
      return true
    } catch (e) {
      console.warn('Could not save the language to the account', e)
      return false
    }
  }, [setMe])

  const session = useMemo<Session>(
    () => ({ ...state, afterSignIn: load, refreshMe, setMe, signOut, leave, changeLanguage }),
    [state, load, refreshMe, setMe, signOut, leave, changeLanguage],
  )
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>
}
