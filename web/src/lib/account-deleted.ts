import { useEffect, useState } from 'react'

/** After deleting an account the app reloads at "/"; this one-shot flag tells Home to confirm it. */
const KEY = 'wc.accountDeleted'

export function markAccountDeleted(): void {
  try {
    sessionStorage.setItem(KEY, '1')
  } catch {
    // Without storage the confirmation is simply not shown.
  }
}

function read(): boolean {
  try {
    return sessionStorage.getItem(KEY) === '1'
  } catch {
    return false
  }
}

export function useAccountDeletedNotice(): boolean {
  const [deleted] = useState(read)
  useEffect(() => {
    if (!deleted) return
    try {
      sessionStorage.removeItem(KEY)
    } catch {
      // ignore
    }
  }, [deleted])
  return deleted
}
