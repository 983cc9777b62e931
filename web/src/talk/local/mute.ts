import { useSyncExternalStore } from 'react'
import { LocalValue } from './store.js'

/**
 * What the member muted, kept in this browser only (store.ts) and never sent: threads, channels
 * and keywords. Thread lists hide what matches and say how many they hid ("3 muted"); the live
 * "N new" pill does not count threads of a muted channel.
 */
export interface Mutes {
  /** Thread id → its title when muted (so the settings can list it). */
  threads: Readonly<Record<string, { title: string; at: number }>>
  channels: readonly string[]
  keywords: readonly string[]
}

export const MAX_KEYWORDS = 50
export const MAX_KEYWORD_LENGTH = 40
const MAX_THREADS = 500
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

const EMPTY: Mutes = { threads: {}, channels: [], keywords: [] }

function normalize(raw: unknown): Mutes {
  if (!raw || typeof raw !== 'object') return EMPTY
  const o = raw as Record<string, unknown>
  const threads: Record<string, { title: string; at: number }> = {}
  if (o.threads && typeof o.threads === 'object') {
    for (const [id, v] of Object.entries(o.threads as Record<string, unknown>)) {
      if (!UUID.test(id)) continue
      const t = (v ?? {}) as Record<string, unknown>
      threads[id] = { title: typeof t.title === 'string' ? t.title.slice(0, 300) : '', at: typeof t.at === 'number' ? t.at : 0 }
    }
  }
  const strings = (v: unknown, max: number) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.length > 0 && x.length <= max) : [])
  return { threads, channels: [...new Set(strings(o.channels, 64))], keywords: [...new Set(strings(o.keywords, MAX_KEYWORD_LENGTH).map(normalizeKeyword))].filter(Boolean).slice(0, MAX_KEYWORDS) }
}

const mutes = new LocalValue<Mutes>('mute', normalize)

/** How a keyword is kept and compared: compatibility forms folded (full-width letters, ligatures), lower case, single spaces. */
export function normalizeKeyword(s: string): string {
  return s.normalize('NFKC').toLocaleLowerCase().replace(/\s+/g, ' ').trim()
}

export function muteThread(threadId: string, title = ''): void {
  if (!UUID.test(threadId)) return
  mutes.update((m) => {
    const threads = { ...m.threads, [threadId]: { title: title.slice(0, 300), at: Date.now() } }
    const ids = Object.keys(threads)
    if (ids.length > MAX_THREADS) {
      const oldest = ids.sort((a, b) => threads[a]!.at - threads[b]!.at).slice(0, ids.length - MAX_THREADS)
      for (const id of oldest) delete threads[id]
    }
    return { ...m, threads }
  })
}

export function unmuteThread(threadId: string): void {
  mutes.update((m) => {
    const { [threadId]: _gone, ...threads } = m.threads
    return { ...m, threads }
  })
}

export function muteChannel(slug: string): void {
  mutes.update((m) => (m.channels.includes(slug) ? m : { ...m, channels: [...m.channels, slug] }))
}

export function unmuteChannel(slug: string): void {
  mutes.update((m) => ({ ...m, channels: m.channels.filter((c) => c !== slug) }))
}

/** Adds a keyword; false when it is empty, too long, already there, or the list is full. */
export function muteKeyword(keyword: string): boolean {
  const k = normalizeKeyword(keyword)
  const m = mutes.get()
  if (!k || k.length > MAX_KEYWORD_LENGTH || m.keywords.includes(k) || m.keywords.length >= MAX_KEYWORDS) return false
  return mutes.update((cur) => ({ ...cur, keywords: [...cur.keywords, k] }))
}

export function unmuteKeyword(keyword: string): void {
  const k = normalizeKeyword(keyword)
  mutes.update((m) => ({ ...m, keywords: m.keywords.filter((x) => x !== k) }))
}

export type MuteReason = { kind: 'thread' } | { kind: 'channel'; channel: string } | { kind: 'keyword'; keyword: string }

/** Why a thread is muted, or null. Keywords match the title and the first lines, ignoring case. */
export function muteReason(m: Mutes, thread: { id: string; channel?: string | undefined; title: string; excerpt?: string | undefined }): MuteReason | null {
  if (m.threads[thread.id]) return { kind: 'thread' }
  if (thread.channel && m.channels.includes(thread.channel)) return { kind: 'channel', channel: thread.channel }
  if (m.keywords.length) {
    const hay = normalizeKeyword(`${thread.title}\n${thread.excerpt ?? ''}`)
    const keyword = m.keywords.find((k) => hay.includes(k))
    if (keyword) return { kind: 'keyword', keyword }
  }
  return null
}

export function isMuted(thread: Parameters<typeof muteReason>[1]): boolean {
  return muteReason(mutes.get(), thread) !== null
}

export function mutedCount(m: Mutes): number {
  return Object.keys(m.threads).length + m.channels.length + m.keywords.length
}

/** What is muted, re-rendering on any change (this tab or another). */
export function useMutes(): Mutes {
  return useSyncExternalStore(mutes.subscribe, mutes.get)
}
