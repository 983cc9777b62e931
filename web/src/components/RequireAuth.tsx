import type { ReactNode } from 'react'
import { Navigate, useLocation } from 'react-router-dom'
import { signInPath } from '../lib/next-path.js'
import { useSession } from '../session/session-context.js'
import { Loading } from './Loading.js'

/** Members-only pages: signed-out visitors go to /signin?next=<this page>. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { status } = useSession()
  const location = useLocation()
  if (status === 'loading') return <Loading />
  if (status === 'signedOut') return <Navigate to={signInPath(location.pathname + location.search)} replace />
  return <>{children}</>
}
