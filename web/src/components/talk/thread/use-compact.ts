import { useSyncExternalStore } from 'react'

/** Phone widths: the reply form is compact there. */
const QUERY = '(max-width: 640px)'

function subscribe(onChange: () => void): () => void {
  const list = window.matchMedia(QUERY)
  list.addEventListener('change', onChange)
  return () => list.removeEventListener('change', onChange)
}

/** Whether the page is phone-wide, following rotation and resizes. */
export function useCompact(): boolean {
  return useSyncExternalStore(subscribe, () => window.matchMedia(QUERY).matches, () => false)
}
