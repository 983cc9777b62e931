import { useEffect, useRef, useState } from 'react'

/**
 * Live updates of Work Talk: GET /api/v1/talk/events (DESIGN §5b), a public Server-Sent Events
 * stream of ids and counts — a new thread, a thread's new reply count, a post's new score — sent
 * when a mixing window commits, never for a company board. No id is sent and nothing missed is
 * replayed, so after any gap a view reads its list again (the `poll` below, once).
 *
 * One stream per page, shared by every view that listens (a list, a thread, the home page), opened
 * with the first listener and closed a few seconds after the last. It is read with fetch rather
 * than EventSource: a same-origin EventSource always sends the session cookie, and this stream is
 * anonymous — `credentials: 'omit'`, `referrerPolicy: 'no-referrer'`, no custom header, exactly
 * like the anonymous writes (anon-fetch.ts). The server sends every public channel's events to
 * everyone; filtering by channel or thread happens here, so the stream does not say what is read.
 *
 * When the stream cannot be had (a network or proxy that breaks streaming, 503 too_many_streams,
 * a browser without streaming fetch) every listener with a `poll` falls back to polling: `poll`
 * every ~45 s (jittered, only while the tab is visible) until the stream is back. The stream is
 * tried again meanwhile, backing off to five minutes.
 *
 * USAGE — a thread page showing "3 new replies" as they come:
 *
 *   const mode = useTalkEvents(
 *     { threadId, types: ['reply'] },
 *     (e) => e.type === 'reply' && setLatestCount(e.replyCount),
 *     { poll: async () => [] },   // or re-read what the view shows, respecting quiet periods
 *   )
 *
 * `filter` is compared by value (a new object each render is fine); `onEvent` and `poll` may be
 * new functions each render (the newest is called). `mode` says what the view gets: 'live'
 * (stream open), 'polling', 'connecting', or 'off' (disabled).
 *
 * TEST HOOK: localStorage['wc.talk.livePollMs'], when it holds a number (at least 500), is the
 * polling interval; the end-to-end tests set it to see the fallback quickly.
 */
export type TalkEvent =
  | { type: 'thread'; threadId: string; channel: string; at: string }
  | { type: 'reply'; threadId: string; channel: string; replyCount: number; at: string }
  | { type: 'vote'; threadId: string; postId: string; score: number; at: string }

export interface TalkEventFilter {
  /** Only this channel's threads and replies (votes carry no channel: they pass; the view keeps those of posts it shows). */
  channel?: string | undefined
  /** Only this thread's events. */
  threadId?: string | undefined
  /** Only these kinds. */
  types?: readonly TalkEvent['type'][] | undefined
}

export interface TalkEventsOptions {
  /** false: no stream, no polling (mode 'off'). */
  enabled?: boolean | undefined
  /**
   * false for a company board: the server never publishes boards, so such a view polls all the
   * time (with `poll`) instead of listening.
   */
  stream?: boolean | undefined
  /** Reads what the view shows and returns what changed as events; called while the stream is down, and once after every reconnect. */
  poll?: (() => Promise<readonly TalkEvent[]>) | undefined
  /** The polling interval's middle (±30 %); 45 s unless the test hook says otherwise. */
  pollMs?: number | undefined
}

export type LiveMode = 'off' | 'connecting' | 'live' | 'polling'

const EVENTS_URL = '/api/v1/talk/events'
const POLL_HOOK_KEY = 'wc.talk.livePollMs'
const DEFAULT_POLL_MS = 45_000
/** The server's `retry:` says 10 s; until it does. */
const DEFAULT_RETRY_MS = 10_000
const MAX_BACKOFF_MS = 5 * 60_000
/** The server sends a comment every 25 s: this long without a byte means the stream is stuck. */
const STALL_MS = 70_000
/** After the last listener leaves: a moment for the next page's listener to take the stream over. */
const CLOSE_GRACE_MS = 5_000

function pollHook(): number | null {
  try {
    const raw = localStorage.getItem(POLL_HOOK_KEY)
    const n = raw === null || raw.trim() === '' ? NaN : Number(raw)
    return Number.isFinite(n) && n >= 500 ? n : null
  } catch {
    return null
  }
}

const jitter = (ms: number, spread = 0.3): number => Math.round(ms * (1 - spread + Math.random() * 2 * spread))

/** An event as sent, with exactly the fields of its type (anything else is dropped). */
export function parseTalkEvent(type: string, data: string): TalkEvent | null {
  let o: Record<string, unknown>
  try {
    o = JSON.parse(data) as Record<string, unknown>
  } catch {
    return null
  }
  if (!o || typeof o !== 'object') return null
  const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 100
  const int = (v: unknown): v is number => Number.isSafeInteger(v)
  if (!str(o.threadId) || !str(o.at)) return null
  if (type === 'thread' && str(o.channel)) return { type, threadId: o.threadId, channel: o.channel, at: o.at }
  if (type === 'reply' && str(o.channel) && int(o.replyCount)) return { type, threadId: o.threadId, channel: o.channel, replyCount: o.replyCount, at: o.at }
  if (type === 'vote' && str(o.postId) && int(o.score)) return { type, threadId: o.threadId, postId: o.postId, score: o.score, at: o.at }
  return null
}

export function matches(filter: TalkEventFilter, e: TalkEvent): boolean {
  if (filter.types && !filter.types.includes(e.type)) return false
  if (filter.threadId && e.threadId !== filter.threadId) return false
  // A vote names no channel: it passes a channel's filter, and the view keeps those for posts it shows.
  if (filter.channel && e.type !== 'vote' && e.channel !== filter.channel) return false
  return true
}

type StreamState = 'idle' | 'connecting' | 'open' | 'down'

/** The page's one stream (see above). */
class LiveStream {
  readonly #listeners = new Set<(e: TalkEvent) => void>()
  readonly #stateListeners = new Set<() => void>()
  readonly #resyncListeners = new Set<() => void>()
  #state: StreamState = 'idle'
  #abort: AbortController | null = null
  #retry: ReturnType<typeof setTimeout> | undefined
  #closeTimer: ReturnType<typeof setTimeout> | undefined
  #failures = 0
  #retryMs = DEFAULT_RETRY_MS
  /** Whether a stream was open (or failed) before: the next open is a reconnect, after which views re-read. */
  #hadStream = false

  get state(): StreamState {
    return this.#state
  }

  /** Listens to events; the function returned stops. `onResync`: the stream is back after a gap. */
  listen(onEvent: (e: TalkEvent) => void, onState: () => void, onResync: () => void): () => void {
    clearTimeout(this.#closeTimer)
    this.#listeners.add(onEvent)
    this.#stateListeners.add(onState)
    this.#resyncListeners.add(onResync)
    if (this.#state === 'idle') this.#connect()
    return () => {
      this.#listeners.delete(onEvent)
      this.#stateListeners.delete(onState)
      this.#resyncListeners.delete(onResync)
      if (this.#listeners.size === 0) {
        clearTimeout(this.#closeTimer)
        this.#closeTimer = setTimeout(() => this.#stop(), CLOSE_GRACE_MS)
      }
    }
  }

  #setState(s: StreamState): void {
    if (this.#state === s) return
    this.#state = s
    for (const l of [...this.#stateListeners]) l()
  }

  #stop(): void {
    if (this.#listeners.size) return
    clearTimeout(this.#retry)
    this.#abort?.abort()
    this.#abort = null
    this.#hadStream = false
    this.#failures = 0
    this.#setState('idle')
  }

  #connect(): void {
    clearTimeout(this.#retry)
    if (!this.#listeners.size) return this.#setState('idle')
    if (typeof fetch !== 'function' || typeof TextDecoderStream !== 'function') return this.#setState('down')
    if (this.#state !== 'down') this.#setState('connecting')
    const abort = new AbortController()
    this.#abort = abort
    void this.#read(abort).then(
      (ended) => this.#ended(abort, ended ? null : 0),
      (err: unknown) => this.#ended(abort, err instanceof RetryLater ? err.ms : 0),
    )
  }

  /** The stream ended: `failedWait` null after a normal end (the server ends streams after ~30 minutes). */
  #ended(abort: AbortController, failedWait: number | null): void {
    if (this.#abort !== abort) return // stopped, or replaced
    this.#abort = null
    if (!this.#listeners.size) return this.#setState('idle')
    let wait: number
    if (failedWait === null) {
      wait = jitter(this.#retryMs, 0.5)
      // Not down: a reconnect in a few seconds; the views re-read once it is back.
      this.#setState('connecting')
    } else {
      this.#failures = Math.min(this.#failures + 1, 10)
      wait = Math.max(failedWait, Math.min(MAX_BACKOFF_MS, this.#retryMs * 2 ** (this.#failures - 1)))
      wait = jitter(wait, 0.25)
      this.#setState('down')
    }
    this.#hadStream = true
    this.#retry = setTimeout(() => this.#connect(), wait)
  }

  /** Reads one stream to its end: true when it ended normally, throws when it failed. */
  async #read(abort: AbortController): Promise<boolean> {
    let stall: ReturnType<typeof setTimeout> | undefined
    const arm = () => {
      clearTimeout(stall)
      stall = setTimeout(() => abort.abort(), STALL_MS)
    }
    try {
      arm()
      const res = await fetch(EVENTS_URL, {
        method: 'GET',
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
        cache: 'no-store',
        mode: 'same-origin',
        headers: { Accept: 'text/event-stream' },
        signal: abort.signal,
      })
      if (!res.ok || !res.body || !(res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
        const after = Number(res.headers.get('retry-after'))
        void res.body?.cancel().catch(() => undefined)
        throw new RetryLater(Number.isFinite(after) && after > 0 ? after * 1000 : 0)
      }
      this.#failures = 0
      const reconnect = this.#hadStream
      this.#setState('open')
      if (reconnect) for (const l of [...this.#resyncListeners]) l()
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader()
      const parser = new SseParser((type, data) => this.#dispatch(type, data), (ms) => (this.#retryMs = Math.min(Math.max(ms, 1000), MAX_BACKOFF_MS)))
      for (;;) {
        const { done, value } = await reader.read()
        if (done) return true
        arm()
        parser.push(value)
      }
    } finally {
      clearTimeout(stall)
    }
  }

  #dispatch(type: string, data: string): void {
    const e = parseTalkEvent(type, data)
    if (!e) return
    for (const l of [...this.#listeners]) {
      try {
        l(e)
      } catch (err) {
        console.warn('Work Talk: a live update could not be shown', err)
      }
    }
  }
}

class RetryLater extends Error {
  readonly ms: number
  constructor(ms: number) {
    super('the live stream is not available')
    this.ms = ms
  }
}

/** The text/event-stream format (HTML Living Standard, "Parsing an event stream"), for the fields the server sends. */
export class SseParser {
  #buffer = ''
  #type = ''
  #data: string[] = []
  readonly #onEvent: (type: string, data: string) => void
  readonly #onRetry: (ms: number) => void

  constructor(onEvent: (type: string, data: string) => void, onRetry: (ms: number) => void = () => {}) {
    this.#onEvent = onEvent
    this.#onRetry = onRetry
  }

  push(chunk: string): void {
    this.#buffer += chunk
    let m: RegExpExecArray | null
    const line = /\r\n|\r|\n/g
    let start = 0
    while ((m = line.exec(this.#buffer))) {
      // A lone \r at the very end may be the first half of \r\n: wait for the next chunk.
      if (m[0] === '\r' && m.index === this.#buffer.length - 1) break
      this.#line(this.#buffer.slice(start, m.index))
      start = m.index + m[0].length
    }
    this.#buffer = this.#buffer.slice(start)
    // Nothing the server sends is this long: a stream that is not one.
    if (this.#buffer.length > 64 * 1024) this.#buffer = ''
  }

  #line(line: string): void {
    if (line === '') {
      if (this.#data.length) this.#onEvent(this.#type || 'message', this.#data.join('\n'))
      this.#type = ''
      this.#data = []
      return
    }
    if (line.startsWith(':')) return
    const colon = line.indexOf(':')
    const field = colon < 0 ? line : line.slice(0, colon)
    let value = colon < 0 ? '' : line.slice(colon + 1)
    if (value.startsWith(' ')) value = value.slice(1)
    if (field === 'event') this.#type = value
    else if (field === 'data') this.#data.push(value)
    else if (field === 'retry' && /^\d+$/.test(value)) this.#onRetry(Number(value))
  }
}

let shared: LiveStream | null = null
const stream = (): LiveStream => (shared ??= new LiveStream())

/** Listens to Work Talk's live updates for one view; see the module comment. */
export function useTalkEvents(filter: TalkEventFilter, onEvent: (e: TalkEvent) => void, options: TalkEventsOptions = {}): LiveMode {
  const enabled = options.enabled ?? true
  const streamed = options.stream ?? true
  const filterKey = JSON.stringify([filter.channel ?? null, filter.threadId ?? null, filter.types ?? null])
  const onEventRef = useRef(onEvent)
  onEventRef.current = onEvent
  const pollRef = useRef(options.poll)
  pollRef.current = options.poll
  const pollMs = options.pollMs
  const [state, setState] = useState<StreamState>(() => (shared ? shared.state : 'idle'))

  useEffect(() => {
    if (!enabled) return
    const f = JSON.parse(filterKey) as [string | null, string | null, TalkEvent['type'][] | null]
    const current: TalkEventFilter = { channel: f[0] ?? undefined, threadId: f[1] ?? undefined, types: f[2] ?? undefined }
    let alive = true
    let timer: ReturnType<typeof setTimeout> | undefined
    let polling = false
    let running = false

    const deliver = (e: TalkEvent) => {
      if (alive && matches(current, e)) onEventRef.current(e)
    }
    const pollOnce = async () => {
      const poll = pollRef.current
      if (!poll || running) return
      running = true
      try {
        for (const e of await poll()) deliver(e)
      } catch {
        // A failed read: the next one may work.
      } finally {
        running = false
      }
    }
    const schedule = () => {
      clearTimeout(timer)
      if (!alive || !polling) return
      timer = setTimeout(() => {
        if (document.visibilityState === 'visible') void pollOnce().finally(schedule)
        else schedule()
      }, jitter(pollMs ?? pollHook() ?? DEFAULT_POLL_MS))
    }
    const setPolling = (on: boolean) => {
      if (on === polling) return
      polling = on
      if (on) schedule()
      else clearTimeout(timer)
    }

    if (!streamed) {
      setState('down')
      setPolling(true)
      return () => {
        alive = false
        clearTimeout(timer)
      }
    }
    const s = stream()
    const onState = () => {
      if (!alive) return
      setState(s.state)
      setPolling(s.state === 'down')
    }
    const stop = s.listen(deliver, onState, () => void pollOnce())
    onState()
    return () => {
      alive = false
      clearTimeout(timer)
      stop()
    }
  }, [enabled, streamed, filterKey, pollMs])

  if (!enabled) return 'off'
  if (!streamed || state === 'down') return 'polling'
  return state === 'open' ? 'live' : 'connecting'
}

/**
 * A `poll` for a thread list: `read` fetches the list's newest threads (GET /talk/threads?sort=new
 * of the same channel, the page everyone reads), and every one not `known` yet that was started
 * after `since` (ms; the list's load, to the minute as Work Talk times are) comes back as a
 * 'thread' event; every listed thread's reply count as a 'reply' event (the view ignores counts
 * it has). `skip()` true: do not read now (a quiet period after this browser's own write).
 */
export function threadListPoll(
  read: () => Promise<readonly { id: string; channel: string; createdAt: string; replyCount: number; lastPostAt: string; openingPostId?: string; score?: number }[]>,
  known: () => ReadonlySet<string>,
  since: number,
  skip: () => boolean = () => false,
): () => Promise<TalkEvent[]> {
  const from = Math.floor(since / 60_000) * 60_000
  return async () => {
    if (skip()) return []
    const threads = await read()
    const seen = known()
    const out: TalkEvent[] = []
    for (const t of threads) {
      if (!seen.has(t.id) && Date.parse(t.createdAt) >= from) out.push({ type: 'thread', threadId: t.id, channel: t.channel, at: t.createdAt })
      out.push({ type: 'reply', threadId: t.id, channel: t.channel, replyCount: t.replyCount, at: t.lastPostAt })
      if (t.openingPostId && t.score !== undefined) out.push({ type: 'vote', threadId: t.id, postId: t.openingPostId, score: t.score, at: t.lastPostAt })
    }
    return out
  }
}
