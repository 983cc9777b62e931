import { createContext, useContext } from 'react'
import type { Language, Me } from '../../../shared/src/api/index.js'

export type SessionStatus = 'loading' | 'signedOut' | 'signedIn'

export interface Session {
  status: SessionStatus
  me: Me | null
  /** Call after a successful sign-in or sign-up: loads /me and switches to the account's language. */
  afterSignIn(): Promise<Me | null>
  /** Reload the account from the server (e.g. after a verification changed its employments). */
  refreshMe(): Promise<void>
  /** Replace the cached account (e.g. after PATCH /me or PUT /me/profile). */
  setMe(me: Me): void
  /** Ends the session on the server (best effort), then reloads the app at `to`, dropping all in-memory data. */
  signOut(to?: string): Promise<void>
  /** The server has already ended the session (account deleted): reload the app at `to`. */
  leave(to?: string): void
  /** Switch the UI language; when signed in also saves it to the account. Resolves false if saving failed. */
  changeLanguage(lng: Language): Promise<boolean>
}

export const SessionContext = createContext<Session | null>(null)

export function useSession(): Session {
  const s = useContext(SessionContext)
  if (!s) throw new Error('useSession must be used inside <SessionProvider>')
  return s
}
