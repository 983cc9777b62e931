import type { Kysely } from 'kysely'
import type { Config } from './config.js'
import { type Database, openEmbedded, openPostgres } from './db/database.js'
import type { DB } from './db/schema.js'
import { createMailer, type Mailer } from './mail/mailer.js'
import { loadServerSecret, type Secrets, secretsFrom } from './secrets.js'

export interface Clock {
  now(): Date
}
export const systemClock: Clock = { now: () => new Date() }

/** Everything a request handler or service needs, passed in explicitly: no module-level state. */
export interface AppContext {
  config: Config
  database: Database
  db: Kysely<DB>
  secrets: Secrets
  mailer: Mailer
  clock: Clock
  /** Per-process caches of immutable things (opened issuer keys): never the source of truth. */
  caches: { issuerKeys: Map<string, unknown> }
  close(): Promise<void>
}

export interface ContextOverrides {
  /** An already open database (tests pass a fresh one per file). */
  database?: Database
  clock?: Clock
  mailer?: Mailer
}

export async function createAppContext(config: Config, overrides: ContextOverrides = {}): Promise<AppContext> {
  const database =
    overrides.database ?? (config.databaseUrl ? openPostgres(config.databaseUrl) : await openEmbedded(config.dataDir))
  const secrets = secretsFrom(loadServerSecret(config.serverSecret, config.dataDir))
  const mailer = overrides.mailer ?? createMailer(config)
  return {
    config,
    database,
    db: database.db,
    secrets,
    mailer,
    clock: overrides.clock ?? systemClock,
    caches: { issuerKeys: new Map() },
    async close() {
      mailer.close()
      await database.close()
    },
  }
}

/** "YYYY-MM-DD" of a moment, in UTC. */
export function dayOf(d: Date): string {
  return d.toISOString().slice(0, 10)
}

export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return dayOf(d)
}

/**
 * A moment cut to the minute. Every stored time is a day or a minute (DESIGN §4): no table keeps
 * the second at which someone did something.
 */
export function toMinute(d: Date): Date {
  return new Date(Math.floor(d.getTime() / 60_000) * 60_000)
}
