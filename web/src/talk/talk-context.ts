import { createContext, useContext, useSyncExternalStore } from 'react'
import type { TalkRuntime, TalkSnapshot } from './runtime.js'

export const TalkContext = createContext<TalkRuntime | null>(null)

const IDLE: TalkSnapshot = { phase: 'starting', voices: [], tokens: {}, refill: 'idle', pending: [], published: null }
const noop = () => () => {}

/** The signed-in account's Work Talk runtime (null when signed out or still loading). */
export function useTalkRuntime(): TalkRuntime | null {
  return useContext(TalkContext)
}

/** The runtime's state, re-rendering on every change. */
export function useTalkState(): TalkSnapshot {
  const rt = useContext(TalkContext)
  return useSyncExternalStore(rt?.subscribe ?? noop, rt?.getSnapshot ?? (() => IDLE))
}
