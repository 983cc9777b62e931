import type { SignedInSession } from '../../../shared/src/api/account.js'
import type { SessionListRow } from '../services/sessions/devices.js'

/** A session as its own account sees it in the list of signed-in devices. */
export function signedInSession(s: SessionListRow, currentSessionId: string): SignedInSession {
  return { id: s.id, browser: s.deviceBrowser, os: s.deviceOs, createdOn: s.createdOn, lastUsedOn: s.lastUsedOn, current: s.id === currentSessionId }
}
