import crypto from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import pg from 'pg'

/** Reconnecting: the first wait, doubled each failure up to the last, with jitter. */
const RECONNECT_FIRST_MS = 500
const RECONNECT_MAX_MS = 30_000

/** PostgreSQL channel names are identifiers; only these are LISTENed to (no SQL is built from anything else). */
const CHANNEL_NAME = /^[a-z_][a-z0-9_]{0,62}$/

type Log = Pick<FastifyBaseLogger, 'warn'>

/**
 * A LISTEN connection on PostgreSQL, for one or several notification channels: the account side's
 * (the member events of GET /events, the read caches' drops) and, on a connection of its own, the
 * sealed anonymous module's (Work Talk's live events; this file knows nothing of accounts). Not one of the pool's: LISTEN
 * does not survive a transaction-pooling proxy, so it goes to DATABASE_LISTEN_URL when set.
 *
 * It reconnects with backoff when the connection drops. Notifications sent while it was away are
 * lost, so each subscriber is told when listening stops and starts again (`onState`): the member
 * bus relies on its streams' replay, the read cache stops serving until it listens again.
 */
export class PgListener {
  readonly #url: string
  readonly #log: Log
  readonly #lostMessage: string
  readonly #handlers = new Map<string, (payload: string | undefined) => void>()
  readonly #states: ((listening: boolean) => void)[] = []
  #client: pg.Client | null = null
  #listening = false
  #waiters: (() => void)[] = []
  #retry: NodeJS.Timeout | undefined
  #failures = 0
  #started = false
  #closed = false

  /** `lostMessage`: the warning logged once per outage (each owner says what it lost). */
  constructor(parts: { url: string; log: Log; lostMessage?: string }) {
    this.#url = parts.url
    this.#log = parts.log
    this.#lostMessage = parts.lostMessage ?? 'the LISTEN connection was lost; reconnecting'
  }

  get listening(): boolean {
    return this.#listening
  }

  /** A channel and what to do with its notifications; before start(). */
  on(channel: string, handler: (payload: string | undefined) => void): void {
    if (!CHANNEL_NAME.test(channel)) throw new Error(`not a channel name: ${channel}`)
    if (this.#started) throw new Error('channels are added before the listener starts')
    this.#handlers.set(channel, handler)
  }

  /** Called with true each time LISTEN is in place, with false each time the connection is lost. */
  onState(handler: (listening: boolean) => void): void {
    this.#states.push(handler)
  }

  /** Connects and LISTENs; never throws (a failure is retried). */
  start(): void {
    if (this.#started || this.#closed) return
    this.#started = true
    void this.#connect()
  }

  /** Resolves once LISTEN is in place (now, or after the next successful connection). */
  whenListening(): Promise<void> {
    if (this.#listening || this.#closed) return Promise.resolve()
    return new Promise((resolve) => this.#waiters.push(resolve))
  }

  async close(): Promise<void> {
    this.#closed = true
    clearTimeout(this.#retry)
    const client = this.#client
    this.#client = null
    this.#setListening(false)
    await client?.end().catch(() => undefined)
    for (const w of this.#waiters.splice(0)) w()
  }

  #setListening(listening: boolean): void {
    if (this.#listening === listening) return
    this.#listening = listening
    for (const s of this.#states) s(listening)
  }

  async #connect(): Promise<void> {
    if (this.#closed) return
    const client = new pg.Client({ connectionString: this.#url, keepAlive: true, keepAliveInitialDelayMillis: 10_000 })
    let lost = false
    const onLost = (err?: Error) => {
      if (lost) return
      lost = true
      if (this.#client === client) {
        this.#client = null
        this.#setListening(false)
      }
      client.end().catch(() => undefined)
      if (this.#closed) return
      // Once per outage, not once per attempt.
      if (this.#failures === 0) this.#log.warn({ err: { message: (err ?? new Error('the connection ended')).message } }, this.#lostMessage)
      this.#reconnectLater()
    }
    // Without an 'error' listener node-postgres would throw a lost connection out of the process.
    client.on('error', (err) => onLost(err))
    client.on('end', () => onLost())
    client.on('notification', (msg) => this.#handlers.get(msg.channel)?.(msg.payload))
    try {
      await client.connect()
      // Each name matched CHANNEL_NAME when it was added.
      for (const channel of this.#handlers.keys()) await client.query(`LISTEN ${channel}`)
    } catch (err) {
      onLost(err as Error)
      return
    }
    if (this.#closed || lost) {
      await client.end().catch(() => undefined)
      return
    }
    this.#client = client
    this.#failures = 0
    this.#setListening(true)
    for (const w of this.#waiters.splice(0)) w()
  }

  #reconnectLater(): void {
    const wait = Math.min(RECONNECT_MAX_MS, RECONNECT_FIRST_MS * 2 ** this.#failures)
    this.#failures = Math.min(this.#failures + 1, 16)
    clearTimeout(this.#retry)
    this.#retry = setTimeout(() => void this.#connect(), wait / 2 + crypto.randomInt(Math.max(1, Math.floor(wait / 2))))
    this.#retry.unref()
  }
}
