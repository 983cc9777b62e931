import type { Kysely } from 'kysely'
import pino from 'pino'
import { READS } from '../../shared/src/api/limits.js'
import type { PublicThread } from '../../shared/src/api/talk.js'
import { type AnonContext, createAnonContext, createAnonLog } from './anon/index.js'
import type { AnonDB } from './anon/tables.js'
import type { Config } from './config.js'
import { type Database, openEmbedded, openPostgres } from './db/database.js'
import type { DB } from './db/schema.js'
import { createMailer, type Mailer } from './mail/mailer.js'
import { loadServerSecret, type Secrets, secretsFrom } from './secrets.js'
import { PgListener } from './db/listener.js'
import { WriteWatchPlugin } from './db/write-watch.js'
import { MemberBus } from './services/live/bus.js'
import type { ReadCache } from './db/read-cache.js'
import { createSessionCache, SESSION_NOTIFY_CHANNEL, SESSION_WRITES } from './services/sessions/session-cache.js'
import { createTalkReadCache, TALK_READ_NOTIFY_CHANNEL, TALK_READ_TABLES } from './services/talk/read-cache.js'
import { SessionTouches } from './services/sessions/touches.js'
import { type Clock, systemClock } from './clock.js'

/** Everything a request handler or service needs, passed in explicitly: no module-level state. */
export interface AppContext {
  config: Config
  database: Database
  db: Kysely<DB>
  secrets: Secrets
  mailer: Mailer
  clock: Clock
  /**
   * Per-process caches: of immutable things (opened issuer keys), and of public answers reused
   * for a short while (the public hot list). Never the source of truth.
   */
  caches: { issuerKeys: Map<string, unknown>; publicHot?: { at: number; threads: PublicThread[] }; directory?: { bucket: number; doc: { body: string; etag: string } } }
  /** Pages of the Work Talk lists and threads, shared by their readers, dropped on every write (services/talk/read-cache.ts). */
  talkReads: ReadCache
  /** Sessions resolved lately, dropped on any session or verification change (services/sessions/session-cache.ts). */
  sessionReads: ReadCache
  /** This process's LISTEN connection on PostgreSQL (member events, read-cache drops); null on PGlite. Started when the app is ready. */
  listener: PgListener | null
  /** The sealed anonymous side's own, narrow context (DESIGN §8): its mixer, its log. */
  anon: AnonContext
  /** Days of session use, written in batches (services/sessions/touches.ts). */
  sessionTouches: SessionTouches
  /** The member event bus of GET /events (services/live/): messages, notifications, counts. */
  live: MemberBus
  /** Limits counted in this process's memory (services/limits/read-limits.ts). */
  memoryLimits: { talkReadsPerMinute: number }
  close(): Promise<void>
}

export interface ContextOverrides {
  /** An already open database (tests pass a fresh one per file). */
  database?: Database
  clock?: Clock
  mailer?: Mailer
  /** Where the anonymous side's log lines go (tests collect them with the app's). */
  logStream?: pino.DestinationStream
  /**
   * Work Talk reads a minute per account (default READS.talkPerAccountPerMinute). Only the bench
   * raises it, so one seeded reader can load the read routes with the counting still in the path;
   * no configuration variable reaches it.
   */
  talkReadsPerMinute?: number
}

export async function createAppContext(config: Config, overrides: ContextOverrides = {}): Promise<AppContext> {
  const database =
    overrides.database ?? (config.databaseUrl ? openPostgres(config.databaseUrl) : await openEmbedded(config.dataDir))
  const secrets = secretsFrom(loadServerSecret(config.serverSecret, config.dataDir))
  const mailer = overrides.mailer ?? createMailer(config)
  const clock = overrides.clock ?? systemClock
  const talkReads = createTalkReadCache(() => clock.now().getTime())
  const sessionReads = createSessionCache(() => clock.now().getTime())
  const caches = [
    { cache: talkReads, channel: TALK_READ_NOTIFY_CHANNEL },
    { cache: sessionReads, channel: SESSION_NOTIFY_CHANNEL },
  ]
  // Every query of the process goes through this: a write to what a read cache holds drops it at once.
  const db = database.db.withPlugin(
    new WriteWatchPlugin([
      { writes: Object.fromEntries(TALK_READ_TABLES.map((t) => [t, ['insert', 'update', 'delete'] as const])), onWrite: () => talkReads.drop() },
      { writes: SESSION_WRITES, onWrite: () => sessionReads.drop() },
    ]),
  )
  const sessionTouches = new SessionTouches(db, () => clock.now().toISOString().slice(0, 10))
  const anon = createAnonContext({
    // The one pool, seen through the post side's type: nothing of the account side is in reach.
    db: db as unknown as Kysely<AnonDB>,
    clock,
    // LISTEN on the database this process really uses (tests pass one of their own), never on PGlite.
    config: {
      mixWindowS: config.talkMixWindowS,
      listenUrl: database.kind === 'postgres' ? (config.databaseListenUrl ?? database.url) : null,
      blockedTerms: config.blockedTerms,
    },
    log: createAnonLog(config.logLevel, overrides.logStream ?? pino.destination(1)),
  })
  const log = pino({ level: config.logLevel }, overrides.logStream ?? pino.destination(1))
  // LISTEN on the database this process really uses (tests pass one of their own); PGlite: in process only.
  const listenUrl = database.kind === 'postgres' ? (config.databaseListenUrl ?? database.url) : null
  const listener = listenUrl ? new PgListener({ url: listenUrl, log }) : null
  const live = new MemberBus({ db, log, listener })
  const unlisten: (() => Promise<void>)[] = []
  if (listener) {
    for (const { cache, channel } of caches) listener.on(channel, () => cache.drop())
    listener.onState((listening) => caches.forEach(({ cache }) => cache.setLive(listening)))
  } else if (database.pglite) {
    // One process: its own writes are seen by the plugin; this catches any that bypass it.
    for (const { cache, channel } of caches) {
      unlisten.push(await database.pglite.listen(channel, () => cache.drop()))
      cache.setLive(true)
    }
  }
  return {
    config,
    database,
    db,
    secrets,
    mailer,
    clock,
    caches: { issuerKeys: new Map() } as AppContext['caches'],
    talkReads,
    sessionReads,
    listener,
    anon,
    sessionTouches,
    live,
    memoryLimits: { talkReadsPerMinute: overrides.talkReadsPerMinute ?? READS.talkPerAccountPerMinute },
    async close() {
      await live.close()
      await listener?.close()
      for (const u of unlisten) await u().catch(() => undefined)
      await anon.mixer.close()
      await sessionTouches.close()
      mailer.close()
      await database.close()
    },
  }
}

export { addDays, type Clock, dayOf, systemClock, toMinute } from './clock.js'
