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
import { MemberBus } from './services/live/bus.js'
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
  caches: { issuerKeys: Map<string, unknown>; publicHot?: { at: number; threads: PublicThread[] } }
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
  const sessionTouches = new SessionTouches(database.db, () => clock.now().toISOString().slice(0, 10))
  const anon = createAnonContext({
    // The one pool, seen through the post side's type: nothing of the account side is in reach.
    db: database.db as unknown as Kysely<AnonDB>,
    clock,
    // LISTEN on the database this process really uses (tests pass one of their own), never on PGlite.
    config: {
      mixWindowS: config.talkMixWindowS,
      listenUrl: database.kind === 'postgres' ? (config.databaseListenUrl ?? database.url) : null,
      blockedTerms: config.blockedTerms,
    },
    log: createAnonLog(config.logLevel, overrides.logStream ?? pino.destination(1)),
  })
  const live = new MemberBus({
    db: database.db,
    log: pino({ level: config.logLevel }, overrides.logStream ?? pino.destination(1)),
    // LISTEN on the database this process really uses (tests pass one of their own); PGlite: in process only.
    listenUrl: database.kind === 'postgres' ? (config.databaseListenUrl ?? database.url) : null,
  })
  return {
    config,
    database,
    db: database.db,
    secrets,
    mailer,
    clock,
    caches: { issuerKeys: new Map() } as AppContext['caches'],
    anon,
    sessionTouches,
    live,
    memoryLimits: { talkReadsPerMinute: overrides.talkReadsPerMinute ?? READS.talkPerAccountPerMinute },
    async close() {
      await live.close()
      await anon.mixer.close()
      await sessionTouches.close()
      mailer.close()
      await database.close()
    },
  }
}

export { addDays, type Clock, dayOf, systemClock, toMinute } from './clock.js'
