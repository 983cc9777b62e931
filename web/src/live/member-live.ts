import { useEffect, useRef, useState } from 'react'
import type { MemberEvent } from '../../../shared/src/api/live.js'
import { messagesApi, notificationsApi } from '../api/messages.js'

/**
 * The member's own live stream, GET /api/v1/events: ONE EventSource per tab, shared by every view
 * that listens (the header's badges, the messages page, the notifications page). Unlike Work
 * Talk's stream (talk/local/live.ts) this one is the member's and needs the session cookie, so a
 * same-origin EventSource is exactly right. It resumes by itself after a drop (the browser sends
 * Last-Event-ID; the server replays from the database). When the stream fails for good (a proxy
 * that breaks streaming, 429/503), the module polls the counts every ~30 s and tries the stream
 * again later, resuming from the last id it saw (?lastEventId=).
 *
 * TEST HOOK: localStorage['wc.live.pollMs'] (a number ≥ 500) is the polling interval.
 */
export type LiveMode = 'connecting' | 'live' | 'polling'
type Listener = (e: MemberEvent) => void

export interface Counts {
  unreadMessages: number
  unreadNotifications: number
  requests: number
}

const URL_ = '/api/v1/events'
const TYPES: MemberEvent['type'][] = ['ready', 'message', 'notification', 'counts', 'resync']
const RETRY_STREAM_MS = 60_000

const listeners = new Set<Listener>()
const modeListeners = new Set<(m: LiveMode) => void>()
let source: EventSource | null = null
let lastId: string | null = null
let mode: LiveMode = 'connecting'
let pollTimer: number | undefined
let retryTimer: number | undefined
let closeTimer: number | undefined
let counts: Counts = { unreadMessages: 0, unreadNotifications: 0, requests: 0 }

function pollMs(): number {
  try {
    const n = Number(localStorage.getItem('wc.live.pollMs'))
    if (Number.isFinite(n) && n >= 500) return n
  } catch {
    // no storage: the default
  }
  return 30_000
}

function setMode(m: LiveMode) {
  mode = m
  for (const l of modeListeners) l(m)
}

function emit(e: MemberEvent) {
  if (e.type === 'ready') counts = { unreadMessages: e.unreadMessages, unreadNotifications: e.unreadNotifications, requests: e.requests }
  else if (e.type === 'message' && !e.request) counts = { ...counts, unreadMessages: e.unreadTotal }
  else if (e.type === 'notification') counts = { ...counts, unreadNotifications: e.unread }
  else if (e.type === 'counts') counts = { ...counts, ...e }
  for (const l of [...listeners]) l(e)
}

function open() {
  if (source || typeof EventSource === 'undefined') {
    if (!source) startPolling()
    return
  }
  const s = new EventSource(lastId ? `${URL_}?lastEventId=${encodeURIComponent(lastId)}` : URL_)
  source = s
  for (const type of TYPES) {
    s.addEventListener(type, (ev) => {
      const m = ev as MessageEvent<string>
      if (m.lastEventId) lastId = m.lastEventId
      try {
        const e = JSON.parse(m.data) as MemberEvent
        if (e.type === 'ready') {
          stopPolling()
          setMode('live')
        }
        emit(e)
      } catch {
        // not ours
      }
    })
  }
  s.onerror = () => {
    // CONNECTING: the browser retries by itself (with Last-Event-ID). CLOSED: it gave up — poll.
    if (s.readyState === EventSource.CLOSED) {
      source = null
      startPolling()
      window.clearTimeout(retryTimer)
      retryTimer = window.setTimeout(() => listeners.size && open(), RETRY_STREAM_MS)
    } else if (mode === 'live') setMode('connecting')
  }
}

async function pollOnce() {
  try {
    const [inbox, notes] = await Promise.all([messagesApi.list('inbox'), notificationsApi.list()])
    emit({ type: 'counts', unreadMessages: inbox.unreadTotal, requests: inbox.requests, unreadNotifications: notes.unread })
    emit({ type: 'resync' })
  } catch {
    // the next poll
  }
}

function startPolling() {
  if (mode !== 'polling') setMode('polling')
  if (pollTimer !== undefined) return
  const tick = () => {
    pollTimer = window.setTimeout(async () => {
      if (document.visibilityState !== 'hidden') await pollOnce()
      if (pollTimer !== undefined) tick()
    }, pollMs())
  }
  void pollOnce()
  tick()
}

function stopPolling() {
  window.clearTimeout(pollTimer)
  pollTimer = undefined
}

function subscribe(l: Listener): () => void {
  listeners.add(l)
  window.clearTimeout(closeTimer)
  open()
  return () => {
    listeners.delete(l)
    if (listeners.size) return
    // A moment for the next page's listener to take the stream over.
    closeTimer = window.setTimeout(() => {
      if (listeners.size) return
      source?.close()
      source = null
      stopPolling()
      window.clearTimeout(retryTimer)
      setMode('connecting')
    }, 5_000)
  }
}

/** Listens to the member's events while the component is mounted (`enabled`: signed in). */
export function useMemberEvents(onEvent: Listener, enabled = true): LiveMode {
  const ref = useRef(onEvent)
  ref.current = onEvent
  const [m, setM] = useState<LiveMode>(mode)
  useEffect(() => {
    if (!enabled) return
    modeListeners.add(setM)
    const off = subscribe((e) => ref.current(e))
    setM(mode)
    return () => {
      off()
      modeListeners.delete(setM)
    }
  }, [enabled])
  return m
}

/** The unread counts for badges, kept up to date by the stream (or polling). */
export function useLiveCounts(enabled: boolean): Counts {
  const [c, setC] = useState<Counts>(counts)
  useMemberEvents(() => setC(counts), enabled)
  return c
}
