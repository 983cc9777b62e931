import crypto from 'node:crypto'
import { type Kysely, sql } from 'kysely'
import type { FastifyBaseLogger } from 'fastify'
import type { MemberEvent } from '../../../../shared/src/api/live.js'
import { LIVE } from '../../../../shared/src/api/limits.js'
import type { PgListener } from '../../db/listener.js'
import type { DB } from '../../db/schema.js'

/** An open member stream, as the bus sees it. */
export interface MemberSubscriber {
  accountId: string
  send(event: MemberEvent): void
  /** The process is shutting down: end the stream. */
  end(): void
}

/** The limits of the member streams of one process (routes/live/events.ts); tests lower them. */
export interface MemberStreamLimits {
  /** Open streams per process; one more is answered 503 `too_many_streams` with Retry-After. */
  maxStreams: number
  /** Open streams per member; one more is answered 429 `too_many_streams`. */
  perMember: number
  /** A stream is closed after at most this long (90–100 % of it, so reconnects spread out). */
  maxAgeMs: number
  /** A comment line this often keeps proxies and browsers from dropping an idle stream. */
  heartbeatMs: number
}
export const MEMBER_STREAM_LIMITS: Readonly<MemberStreamLimits> = { maxStreams: 5000, perMember: LIVE.streamsPerMember, maxAgeMs: 30 * 60_000, heartbeatMs: 25_000 }

/** The PostgreSQL notification channel of member events (Work Talk has its own, in the sealed module). */
export const MEMBER_NOTIFY_CHANNEL = 'watercooler_member'
/** PostgreSQL refuses a payload of 8000 bytes or more; a little headroom. */
export const MAX_PAYLOAD_BYTES = 7900
/** How long a sent notification's nonce is remembered, waiting for it to come back. */
const SENT_KEEP_MS = 5 * 60_000

interface Payload {
  nonce: string
  to: string[]
  event: MemberEvent
}

type Log = Pick<FastifyBaseLogger, 'warn'>

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/**
 * The member event bus (GET /events): new messages, notifications and counts, to the streams of
 * the members they are for. Built like Work Talk's stream (anon/services/events.ts) but apart from
 * it: nothing of Work Talk goes over this bus, and it never imports the sealed module.
 *
 * publish() hands an event to this process's streams at once and, on PostgreSQL, to the other
 * processes with NOTIFY (several notifications when the list of recipients would pass the 8000-byte
 * limit). Each process LISTENs on a connection of its own (db/listener.ts: DATABASE_LISTEN_URL, else DATABASE_URL)
 * and reconnects when it drops. Events sent while it was away are not lost for the member: a
 * stream that reconnects with Last-Event-ID gets what it missed from the database (replay.ts).
 * On the embedded database there is one process: in-process only.
 */
export class MemberBus {
  readonly limits: MemberStreamLimits = { ...MEMBER_STREAM_LIMITS }
  readonly #db: Kysely<DB>
  readonly log: Log
  readonly #listener: PgListener | null
  readonly #byAccount = new Map<string, Set<MemberSubscriber>>()
  readonly #sent = new Map<string, number>()
  #count = 0
  #closed = false

  /** `listener`: the process's LISTEN connection on PostgreSQL (it is started and closed by its owner); null on PGlite. */
  constructor(parts: { db: Kysely<DB>; log: Log; listener: PgListener | null }) {
    this.#db = parts.db
    this.log = parts.log
    this.#listener = parts.listener
    this.#listener?.on(MEMBER_NOTIFY_CHANNEL, (payload) => this.#received(payload))
  }

  get subscribers(): number {
    return this.#count
  }

  streamsOf(accountId: string): number {
    return this.#byAccount.get(accountId)?.size ?? 0
  }

  get closed(): boolean {
    return this.#closed
  }

  subscribe(s: MemberSubscriber): () => void {
    let set = this.#byAccount.get(s.accountId)
    if (!set) this.#byAccount.set(s.accountId, (set = new Set()))
    if (!set.has(s)) this.#count++
    set.add(s)
    return () => {
      const own = this.#byAccount.get(s.accountId)
      if (!own?.delete(s)) return
      this.#count--
      if (!own.size) this.#byAccount.delete(s.accountId)
    }
  }

  /** Sends one event to every stream of these members, in this process and the others. Never throws. */
  async publish(accountIds: readonly string[], event: MemberEvent): Promise<void> {
    const to = [...new Set(accountIds)].filter((id) => UUID.test(id))
    if (!to.length) return
    this.#deliver(to, event)
    if (this.#listener === null) return
    try {
      const payloads = this.payloads(to, event)
      if (payloads.length) await sql`select pg_notify(${MEMBER_NOTIFY_CHANNEL}, p) from unnest(${payloads}::text[]) as p`.execute(this.#db)
    } catch (err) {
      this.log.warn({ err: { message: (err as Error).message } }, 'a member event could not be sent to the other processes')
    }
  }

  /** The event cut into notifications each under PostgreSQL's payload limit, by splitting the recipients. */
  payloads(to: readonly string[], event: MemberEvent): string[] {
    const now = Date.now()
    for (const [nonce, at] of this.#sent) if (now - at > SENT_KEEP_MS) this.#sent.delete(nonce)
    const base = Buffer.byteLength(JSON.stringify({ nonce: 'x'.repeat(16), to: [], event } satisfies Payload))
    // Bodies are limited so that this cannot happen (limits.ts MESSAGES.bodyLength); never send what PostgreSQL refuses.
    if (base + 40 > MAX_PAYLOAD_BYTES) {
      this.log.warn({ type: event.type }, 'a member event is too large for NOTIFY; other processes miss it live (a reconnect replays it)')
      return []
    }
    const out: string[] = []
    let batch: string[] = []
    let size = base
    const flush = () => {
      if (!batch.length) return
      const nonce = crypto.randomBytes(12).toString('base64url')
      this.#sent.set(nonce, now)
      out.push(JSON.stringify({ nonce, to: batch, event } satisfies Payload))
      batch = []
      size = base
    }
    for (const id of to) {
      const bytes = id.length + 3
      if (size + bytes > MAX_PAYLOAD_BYTES) flush()
      batch.push(id)
      size += bytes
    }
    flush()
    return out
  }

  /** Resolves once LISTEN is in place; at once without PostgreSQL. */
  whenListening(): Promise<void> {
    if (this.#listener === null || this.#closed) return Promise.resolve()
    return this.#listener.whenListening()
  }

  /** Ends every stream (before the HTTP server closes) and takes no more. */
  endStreams(): void {
    this.#closed = true
    for (const set of [...this.#byAccount.values()]) for (const s of [...set]) s.end()
    this.#byAccount.clear()
    this.#count = 0
  }

  async close(): Promise<void> {
    this.endStreams()
  }

  #deliver(to: readonly string[], event: MemberEvent): void {
    for (const id of to) {
      for (const s of [...(this.#byAccount.get(id) ?? [])]) {
        try {
          s.send(event)
        } catch {
          // A stream that cannot take an event ends itself (routes/live/events.ts).
        }
      }
    }
  }

  #received(text: string | undefined): void {
    let payload: Payload
    try {
      payload = JSON.parse(text ?? '') as Payload
    } catch {
      return
    }
    if (typeof payload?.nonce !== 'string' || !Array.isArray(payload.to) || typeof payload.event?.type !== 'string') return
    if (this.#sent.delete(payload.nonce)) return // our own, delivered when published
    const to = payload.to.filter((id): id is string => typeof id === 'string' && UUID.test(id))
    this.#deliver(to, payload.event)
  }
}

/** Sends an event to these members' streams (every process). Never throws: a live update must not fail a committed write. */
export async function publishToMember(ctx: { live: MemberBus }, accountIds: readonly string[], event: MemberEvent): Promise<void> {
  await ctx.live.publish(accountIds, event)
}
