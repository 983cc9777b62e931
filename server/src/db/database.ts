import fs from 'node:fs'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { createPgConfig } from '@electric-sql/pglite/node-postgres'
import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { DB } from './schema.js'

export interface Database {
  kind: 'pglite' | 'postgres'
  db: Kysely<DB>
  /** The embedded engine, when there is one (tests dump and load it). */
  pglite: PGlite | null
  /** The PostgreSQL URL, when there is one (tests start a second server process on it). */
  url: string | null
  close(): Promise<void>
}

/**
 * Both drivers go through node-postgres, so both return the same JavaScript types: `date` as
 * "YYYY-MM-DD" (never a local-time Date), `bigint` as a string, `timestamptz` as Date.
 */
const types = new pg.TypeOverrides()
types.setTypeParser(pg.types.builtins.DATE, (v: string) => v)

/** Kysely over a real PostgreSQL server. */
export function openPostgres(url: string, poolSize = 10): Database {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types })
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] })
  return { kind: 'postgres', db, pglite: null, url, close: () => db.destroy() }
}

/**
 * Kysely over embedded PGlite. PGlite has a single connection, and transactions that interleave
 * on it corrupt each other (one's rollback undoes another's commit). A node-postgres pool of ONE
 * gives a transaction the connection exclusively: every other query queues behind it.
 */
export function openPglite(pglite: PGlite): Database {
  const pool = new pg.Pool({ ...createPgConfig(pglite), max: 1, types })
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] })
  return {
    kind: 'pglite',
    db,
    pglite,
    url: null,
    async close() {
      await db.destroy()
      await pglite.close()
    },
  }
}

/** The embedded database kept in `dataDir/db`. */
export async function openEmbedded(dataDir: string): Promise<Database> {
  const dir = path.join(dataDir, 'db')
  fs.mkdirSync(dir, { recursive: true })
  return openPglite(await PGlite.create(dir))
}
