/**
 * "This is a shared or public computer", as ticked on the sign-in form. On such a device signing
 * out also forgets Work Talk (tokens, drafts, the pseudonym secret) unless the member unticks it.
 * Kept in localStorage: it describes the browser, not the account.
 */
export const SHARED_DEVICE_KEY = 'wc.device.shared'

export function isSharedDevice(): boolean {
  try {
    return localStorage.getItem(SHARED_DEVICE_KEY) === 'true'
  } catch {
    return false
  }
}

export function markSharedDevice(shared: boolean): void {
  try {
    if (shared) localStorage.setItem(SHARED_DEVICE_KEY, 'true')
    else localStorage.removeItem(SHARED_DEVICE_KEY)
  } catch {
    // Storage unavailable: nothing to remember, and sign-out asks anyway.
  }
}
