import fs from 'node:fs'
import path from 'node:path'
import { PGlite, type PGliteOptions } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
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
  /**
   * Where a lost connection is reported, idle or in use (a server restart, an administrator ending
   * it). A query on it fails (DatabaseUnavailable: 503), the pool drops it, and the next query opens
   * a new one; without a listener node-postgres would throw the error out of the process. Until the
   * app sets one, a line goes to stderr.
   */
  onConnectionError(handler: ConnectionErrorHandler): void
  /** How many connections are open now. */
  openConnections(): number
  /** Ends every connection, and resolves only once each one has really closed. */
  close(): Promise<void>
}

export type ConnectionErrorHandler = (err: Error) => void

const toStderr: ConnectionErrorHandler = (err) => {
  process.stderr.write(`watercooler: lost a database connection (${err.message}); the next query opens a new one\n`)
}

/**
 * Both drivers go through node-postgres, so both return the same JavaScript types: `date` as
 * "YYYY-MM-DD" (never a local-time Date), `bigint` as a string, `timestamptz` as Date.
 */
const types = new pg.TypeOverrides()
types.setTypeParser(pg.types.builtins.DATE, (v: string) => v)

/**
 * How long a query waits for a connection (a new one, or a free one of the pool) before it fails
 * with 503: a database that is down or does not answer ends the request instead of holding it.
 */
export const CONNECT_TIMEOUT_MS = 10_000

/** Kysely over a real PostgreSQL server. */
export function openPostgres(url: string, poolSize = 10): Database {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types, connectionTimeoutMillis: CONNECT_TIMEOUT_MS })
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] })
  return { kind: 'postgres', db, pglite: null, url, onConnectionError: reportErrorsOf(pool), ...connectionsOf(pool, db) }
}

/**
 * node-postgres listens for a client's 'error' only while the client is idle in the pool: one the
 * server ends during a query or a transaction emitted 'error' with no listener, and that ended the
 * process (6 of 6 trials under load). So each client has a listener of its own for its whole life.
 * The query in flight fails by itself; the pool drops the client when it is released (it is no
 * longer queryable). The pool's own 'error' (the idle case) is the same error, reported here.
 */
function reportErrorsOf(pool: pg.Pool): Database['onConnectionError'] {
  let handler = toStderr
  pool.on('connect', (client) => client.on('error', (err) => handler(err)))
  pool.on('error', () => undefined)
  return (h) => {
    handler = h
  }
}

/**
 * Kysely's `destroy()` ends the pool, and `pool.end()` resolves once it has *asked* each client to
 * end, before their connections have closed: a server that ends a connection in that window
 * (`DROP DATABASE … WITH (FORCE)`) made a test process die of an unhandled 'error'. This counts
 * connections (the pool's own 'connect' and 'remove' events) and waits until none is left.
 */
/** The longest `close()` waits for connections to report their end. */
const CLOSE_WAIT_MS = 5_000

function connectionsOf(pool: pg.Pool, db: Kysely<DB>): Pick<Database, 'openConnections' | 'close'> {
  let open = 0
  let allClosed: (() => void) | null = null
  pool.on('connect', () => void open++)
  pool.on('remove', () => {
    if (--open === 0) allClosed?.()
  })
  return {
    openConnections: () => open,
    async close() {
      const closed = open === 0 ? Promise.resolve() : new Promise<void>((resolve) => (allClosed = resolve))
      await db.destroy()
      // Bounded, so that a connection that never reports its end cannot hold up a shutdown.
      let timer: NodeJS.Timeout | undefined
      await Promise.race([closed, new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_WAIT_MS)))])
      clearTimeout(timer)
    },
  }
}

/**
 * Kysely over embedded PGlite. PGlite has a single connection, and transactions that interleave
 * on it corrupt each other (one's rollback undoes another's commit). A node-postgres pool of ONE
 * gives a transaction the connection exclusively: every other query queues behind it.
 */
export function openPglite(pglite: PGlite): Database {
  const pool = new pg.Pool({ ...createPgConfig(pglite), max: 1, types })
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] })
  const connections = connectionsOf(pool, db)
  return {
    kind: 'pglite',
    db,
    pglite,
    url: null,
    onConnectionError: reportErrorsOf(pool),
    openConnections: connections.openConnections,
    async close() {
      await connections.close()
      await pglite.close()
    },
  }
}

/**
 * The extensions the schema needs, bundled with PGlite (on PostgreSQL the migrations create them):
 * `pg_trgm` for trigram search of names (search). PGlite loads an extension only when it is
 * created, so every place that creates one goes through `createPglite`.
 */
export const PGLITE_EXTENSIONS = { pg_trgm }

/** A PGlite with the schema's extensions (and any others a caller adds, e.g. the tests' inspectors). */
export function createPglite(options: PGliteOptions = {}): Promise<PGlite> {
  return PGlite.create({ ...options, extensions: { ...PGLITE_EXTENSIONS, ...options.extensions } })
}

/** The embedded database kept in `dataDir/db`. */
export async function openEmbedded(dataDir: string): Promise<Database> {
  const dir = path.join(dataDir, 'db')
  fs.mkdirSync(dir, { recursive: true })
  return openPglite(await createPglite({ dataDir: dir }))
}
