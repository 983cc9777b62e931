import crypto from 'node:crypto'
import { type Kysely, sql } from 'kysely'
import { TALK } from '../../../../shared/src/api/limits.js'
import { toMinute } from '../../clock.js'
import { PgListener } from '../../db/listener.js'
import type { AnonLog } from '../log.js'
import type { AnonDB } from '../tables.js'

/**
 * What a live stream sends (DESIGN §5b): ids and counts, never text, an author key or a label.
 * `at` is the minute of the window's commit, like every stored Work Talk time (DESIGN §4).
 */
export type TalkEvent =
  | { type: 'thread'; threadId: string; channel: string; at: string }
  | { type: 'reply'; threadId: string; channel: string; replyCount: number; at: string }
  | { type: 'vote'; threadId: string; postId: string; score: number; at: string }

/**
 * One write of a committed window, as the mixer hands it over. Every kind names its thread's
 * channel — a vote's event does not show it, but the bus needs it to keep boards private and to
 * filter streams by channel.
 */
export type CommittedWrite =
  | { kind: 'thread'; threadId: string; postId: string; channel: string }
  | { kind: 'reply'; threadId: string; postId: string; channel: string; replyCount: number }
  | { kind: 'vote'; threadId: string; postId: string; channel: string; score: number }

/** An open stream, as the bus sees it. */
export interface Subscriber {
  /** Only this (public) channel's events; undefined: every public channel's. */
  channel?: string
  send(event: TalkEvent): void
  /** The process is shutting down: end the stream. */
  end(): void
}

/** The limits of the live streams of one process (routes/events.ts); tests lower them. */
export interface StreamLimits {
  /** Open streams per process; one more is answered 503 with Retry-After. */
  maxStreams: number
  /** A stream is closed after at most this long (90–100 % of it, so reconnects spread out). */
  maxAgeMs: number
  /** A comment line this often keeps proxies and browsers from dropping an idle stream. */
  heartbeatMs: number
}
export const STREAM_LIMITS: Readonly<StreamLimits> = { maxStreams: 2000, maxAgeMs: 30 * 60_000, heartbeatMs: 25_000 }

/** The PostgreSQL notification channel every process LISTENs on. */
export const NOTIFY_CHANNEL = 'watercooler_talk'
/** PostgreSQL refuses a payload of 8000 bytes or more; a little headroom. */
const MAX_PAYLOAD_BYTES = 7900
/** How long a sent notification's nonce is remembered, waiting for it to come back. */
const SENT_KEEP_MS = 5 * 60_000

/** How long the list of public channels is used before it is read again (a new channel shows up this late). */
const CHANNELS_KEEP_MS = 60_000

/**
 * Whether a channel is public, so that its events may go to anyone: one of `channels`, the
 * admin-made channels (talk_channel rows). Anything else — a company board, which is the channel
 * named by a company's slug, or a slug nobody made — is not: default-deny, so a board is never
 * published by mistake. Company boards are private to their employees.
 */
export function isPublicChannel(slug: string, channels: ReadonlySet<string>): boolean {
  return channels.has(slug)
}

/** A notification: a nonce, so the process that sent it knows it again, and its events with their channels. */
interface Payload {
  nonce: string
  events: { channel: string; event: TalkEvent }[]
}

/**
 * Live updates of Work Talk (DESIGN §5b). The mixer publishes each window after it commits; the
 * bus hands the window's events to this process's streams at once and, on PostgreSQL, sends them
 * to the other processes with NOTIFY. Every process LISTENs on a connection of its own (not one of
 * the pool's: LISTEN does not survive a transaction-pooling proxy — DATABASE_LISTEN_URL), and
 * reconnects when it drops; events sent meanwhile are missed, which a live view can afford (its
 * lists are read again anyway). On the embedded database there is one process: in-process only.
 *
 * A process knows its own notifications by a random nonce per notification, not by a process id:
 * a notification then does not say which process committed which window.
 */
export class TalkEvents {
  readonly limits: StreamLimits = { ...STREAM_LIMITS }
  readonly #db: Kysely<AnonDB>
  readonly #log: AnonLog
  /** Its own LISTEN connection (never the account side's), on PostgreSQL; null on PGlite. */
  readonly #listener: PgListener | null
  readonly #subscribers = new Set<Subscriber>()
  /** Nonces of notifications this process sent and has not heard back yet, with when they were sent. */
  readonly #sent = new Map<string, number>()
  #channels: { slugs: ReadonlySet<string>; at: number } | null = null
  #channelsLoading: Promise<ReadonlySet<string>> | null = null
  /** Notifications are handled one after another, so events keep the order they were sent in. */
  #receiving: Promise<void> = Promise.resolve()
  #closed = false

  constructor(parts: { db: Kysely<AnonDB>; log: AnonLog; listenUrl: string | null }) {
    this.#db = parts.db
    this.#log = parts.log
    this.#listener = parts.listenUrl === null ? null : new PgListener({ url: parts.listenUrl, log: parts.log, lostMessage: 'live updates lost their database connection; reconnecting' })
    this.#listener?.on(NOTIFY_CHANNEL, (payload) => {
      this.#receiving = this.#receiving.then(() => this.#received(payload)).catch(() => undefined)
    })
  }

  /** Streams open in this process. */
  get subscribers(): number {
    return this.#subscribers.size
  }

  get closed(): boolean {
    return this.#closed
  }

  /** Adds a stream; the function returned removes it. */
  subscribe(s: Subscriber): () => void {
    this.#subscribers.add(s)
    return () => void this.#subscribers.delete(s)
  }

  /**
   * Publishes a committed window: its new threads, replies and votes, outside company boards, to
   * this process's streams and (PostgreSQL) to the others. Never throws: live updates must not
   * fail a window that is already committed.
   */
  async publish(at: Date, writes: readonly CommittedWrite[]): Promise<void> {
    if (!writes.length) return
    const minute = toMinute(at).toISOString()
    const open = await this.publicChannels()
    const events = writes.filter((w) => isPublicChannel(w.channel, open)).map((w) => ({ channel: w.channel, event: eventOf(w, minute) }))
    if (!events.length) return
    this.#deliver(events)
    if (this.#listener === null) return
    try {
      const payloads = this.#payloads(events)
      await sql`select pg_notify(${NOTIFY_CHANNEL}, p) from unnest(${payloads}::text[]) as p`.execute(this.#db)
    } catch (err) {
      this.#log.warn({ err }, 'live updates of a window could not be sent to the other processes')
    }
  }

  /**
   * Publishes a committed window from what the mixer knows of its writes (kind and ids): the
   * channels, reply counts and scores are read from the rows, once per window. Edits, deletions
   * and poll answers make no event; a thread with several new replies makes one reply event, with
   * its count, and a post with several new votes one vote event, with its score after the window.
   * Never throws.
   */
  async publishWindow(at: Date, written: readonly { kind: string; threadId: string; postId: string }[]): Promise<void> {
    const fresh = written.filter((w) => w.kind === 'thread' || w.kind === 'reply' || w.kind === 'vote')
    if (!fresh.length) return
    try {
      const ids = [...new Set(fresh.map((w) => w.threadId))]
      const votedIds = [...new Set(fresh.filter((w) => w.kind === 'vote').map((w) => w.postId))]
      const [rows, voted] = await Promise.all([
        this.#db.selectFrom('talkThread').select(['id', 'channel', 'replyCount']).where('id', 'in', ids).where('visiblePosts', '>', 0).where('board', '=', false).execute(),
        votedIds.length ? this.#db.selectFrom('talkPost').select(['id', 'score']).where('id', 'in', votedIds).where('deleted', '=', false).execute() : [],
      ])
      const threads = new Map(rows.map((r) => [r.id, r]))
      const scores = new Map(voted.map((r) => [r.id, r.score]))
      const writes: CommittedWrite[] = []
      const replied = new Set<string>()
      const scored = new Set<string>()
      for (const w of fresh) {
        const t = threads.get(w.threadId)
        if (!t) continue
        if (w.kind === 'thread') writes.push({ kind: 'thread', threadId: t.id, postId: w.postId, channel: t.channel })
        else if (w.kind === 'vote') {
          // A post's score after the window, once per post, however many votes it took.
          const score = scores.get(w.postId)
          if (score === undefined || scored.has(w.postId)) continue
          scored.add(w.postId)
          writes.push({ kind: 'vote', threadId: t.id, postId: w.postId, channel: t.channel, score })
        } else if (!replied.has(t.id)) {
          replied.add(t.id)
          writes.push({ kind: 'reply', threadId: t.id, postId: w.postId, channel: t.channel, replyCount: t.replyCount })
        }
      }
      await this.publish(at, writes)
    } catch (err) {
      this.#log.warn({ err }, 'live updates of a window could not be read')
    }
  }

  /**
   * The public channels, read at most once a minute. If they cannot be read, only the open channel
   * counts as public until the next try: a board must never pass because a query failed.
   */
  async publicChannels(): Promise<ReadonlySet<string>> {
    if (this.#channels && Date.now() - this.#channels.at < CHANNELS_KEEP_MS) return this.#channels.slugs
    this.#channelsLoading ??= this.#loadChannels().finally(() => (this.#channelsLoading = null))
    return this.#channelsLoading
  }

  async #loadChannels(): Promise<ReadonlySet<string>> {
    let slugs: ReadonlySet<string>
    try {
      const rows = await this.#db.selectFrom('talkChannel').select('slug').execute()
      slugs = new Set(rows.map((r) => r.slug))
    } catch (err) {
      this.#log.warn({ err }, 'the public channels could not be read; live updates keep to the open channel')
      slugs = new Set([TALK.openChannel])
    }
    this.#channels = { slugs, at: Date.now() }
    return slugs
  }

  /** Whether a channel's events may go to anyone (see isPublicChannel). */
  async isPublicChannel(slug: string): Promise<boolean> {
    return isPublicChannel(slug, await this.publicChannels())
  }

  /** Starts listening for the other processes' notifications (PostgreSQL only); never throws. */
  listen(): void {
    if (!this.#closed) this.#listener?.start()
  }

  /** Resolves once LISTEN is in place (now, or after the next successful connection); at once without PostgreSQL. */
  whenListening(): Promise<void> {
    return this.#listener?.whenListening() ?? Promise.resolve()
  }

  /** Ends every stream (before the HTTP server closes: an open stream would hold it up) and takes no more. */
  endStreams(): void {
    this.#closed = true
    for (const s of [...this.#subscribers]) s.end()
    this.#subscribers.clear()
  }

  /** Ends the streams and the listening connection. */
  async close(): Promise<void> {
    this.endStreams()
    await this.#listener?.close()
  }

  #deliver(events: Payload['events']): void {
    for (const s of this.#subscribers) {
      for (const { channel, event } of events) {
        if (s.channel !== undefined && s.channel !== channel) continue
        try {
          s.send(event)
        } catch {
          // A stream that cannot take an event is its own problem (routes/events.ts ends it), not the window's.
        }
      }
    }
  }

  /** The events cut into notifications each under PostgreSQL's payload limit. */
  #payloads(events: Payload['events']): string[] {
    const now = Date.now()
    for (const [nonce, at] of this.#sent) if (now - at > SENT_KEEP_MS) this.#sent.delete(nonce)
    const out: string[] = []
    let batch: Payload['events'] = []
    const flush = () => {
      if (!batch.length) return
      const nonce = crypto.randomBytes(12).toString('base64url')
      this.#sent.set(nonce, now)
      out.push(JSON.stringify({ nonce, events: batch } satisfies Payload))
      batch = []
    }
    // An empty payload's bytes, with a nonce; each event then adds its JSON and a comma.
    const base = Buffer.byteLength(JSON.stringify({ nonce: 'x'.repeat(16), events: [] }))
    let size = base
    for (const e of events) {
      const bytes = Buffer.byteLength(JSON.stringify(e)) + 1
      if (base + bytes > MAX_PAYLOAD_BYTES) continue // cannot happen with ids and slugs; never send what PostgreSQL refuses
      if (size + bytes > MAX_PAYLOAD_BYTES) {
        flush()
        size = base
      }
      batch.push(e)
      size += bytes
    }
    flush()
    return out
  }

  async #received(text: string | undefined): Promise<void> {
    let payload: Payload
    try {
      payload = JSON.parse(text ?? '') as Payload
    } catch {
      return
    }
    if (typeof payload?.nonce !== 'string' || !Array.isArray(payload.events)) return
    // Our own: delivered here already, when it was published.
    if (this.#sent.delete(payload.nonce)) return
    // Rebuilt field by field: whatever else a notification carries (another version's fields,
    // anything a database user sent with NOTIFY) never reaches a stream.
    const open = await this.publicChannels()
    const events: Payload['events'] = []
    for (const e of payload.events as unknown[]) {
      const clean = cleanEvent(e, open)
      if (clean) events.push(clean)
    }
    this.#deliver(events)
  }
}

function eventOf(w: CommittedWrite, at: string): TalkEvent {
  switch (w.kind) {
    case 'thread':
      return { type: 'thread', threadId: w.threadId, channel: w.channel, at }
    case 'reply':
      return { type: 'reply', threadId: w.threadId, channel: w.channel, replyCount: w.replyCount, at }
    case 'vote':
      return { type: 'vote', threadId: w.threadId, postId: w.postId, score: w.score, at }
  }
}

/** A received event with exactly the fields of its type, or null when it is not one. */
function cleanEvent(x: unknown, open: ReadonlySet<string>): Payload['events'][number] | null {
  const { channel, event: e } = (x ?? {}) as { channel?: unknown; event?: Record<string, unknown> }
  if (typeof channel !== 'string' || !isPublicChannel(channel, open) || !e) return null
  const str = (v: unknown): v is string => typeof v === 'string' && v.length <= 100
  const int = (v: unknown): v is number => Number.isSafeInteger(v)
  if (!str(e.threadId) || !str(e.at)) return null
  const at = toMinute(new Date(e.at))
  if (Number.isNaN(at.getTime())) return null
  if (e.type === 'thread') return { channel, event: eventOf({ kind: 'thread', threadId: e.threadId, postId: '', channel }, at.toISOString()) }
  if (e.type === 'reply' && int(e.replyCount)) return { channel, event: eventOf({ kind: 'reply', threadId: e.threadId, postId: '', channel, replyCount: e.replyCount }, at.toISOString()) }
  if (e.type === 'vote' && str(e.postId) && int(e.score)) return { channel, event: eventOf({ kind: 'vote', threadId: e.threadId, postId: e.postId, channel, score: e.score }, at.toISOString()) }
  return null
}
