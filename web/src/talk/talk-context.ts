import { createContext, useContext, useSyncExternalStore } from 'react'
import type { TalkRuntime } from './runtime.js'
import { IDLE_SNAPSHOT, type TalkSnapshot } from './snapshot.js'

export const TalkContext = createContext<TalkRuntime | null>(null)

const noop = () => () => {}
const idle = () => IDLE_SNAPSHOT

/** The signed-in account's Work Talk runtime (null when signed out, unverified or still loading). */
export function useTalkRuntime(): TalkRuntime | null {
  return useContext(TalkContext)
}

/** The runtime's state, re-rendering on every change. */
export function useTalkState(): TalkSnapshot {
  const rt = useContext(TalkContext)
  return useSyncExternalStore(rt?.subscribe ?? noop, rt?.getSnapshot ?? idle)
}
