import crypto from 'node:crypto'
import fs from 'node:fs'
import { pageinspect } from '@electric-sql/pglite/contrib/pageinspect'
import { pg_walinspect } from '@electric-sql/pglite/contrib/pg_walinspect'
import { sql } from 'kysely'
import pg from 'pg'
import { createPglite, type Database, openPglite, openPostgres } from '../../server/src/db/database.js'
import { migrateToLatest } from '../../server/src/db/migrate.js'

/**
 * One fresh, migrated database per caller. scripts/test.ts prepares a migrated template once per
 * run (a PGlite data-directory dump, or a PostgreSQL template database) and names it in the
 * environment; cloning it takes ~0.5 s instead of ~4 s for a new PGlite plus migrations.
 */
export const TEST_DATABASE_URL = process.env.DATABASE_URL || null
export const TEST_DB_KIND: 'postgres' | 'pglite' = TEST_DATABASE_URL ? 'postgres' : 'pglite'

export interface FreshDatabaseOptions {
  /**
   * For the storage-level adversary (test/subpoena/storage.ts): PGlite is started with the bundled
   * `pageinspect` and `pg_walinspect` extensions (they can only be loaded at `PGlite.create`) and
   * both are created; on PostgreSQL `pageinspect` is created (the test user is a superuser there;
   * the WAL is read with pg_waldump instead). Off by default: the extensions cost start-up time.
   */
  inspect?: boolean
}

export async function freshDatabase(opts: FreshDatabaseOptions = {}): Promise<Database> {
  const database = await openFresh(opts)
  if (opts.inspect) {
    const extensions = database.kind === 'pglite' ? ['pageinspect', 'pg_walinspect'] : ['pageinspect']
    for (const e of extensions) await sql`create extension if not exists ${sql.id(e)}`.execute(database.db)
  }
  return database
}

async function openFresh(opts: FreshDatabaseOptions): Promise<Database> {
  if (TEST_DATABASE_URL) return freshPostgres(TEST_DATABASE_URL)
  const extensions = opts.inspect ? { extensions: { pageinspect, pg_walinspect } } : {}
  const dump = process.env.WC_TEST_PGLITE_DUMP
  if (dump && fs.existsSync(dump)) {
    const pglite = await createPglite({ loadDataDir: new Blob([fs.readFileSync(dump)]), ...extensions })
    return openPglite(pglite)
  }
  const database = openPglite(await createPglite(extensions))
  await migrateToLatest(database.db)
  return database
}

async function freshPostgres(url: string): Promise<Database> {
  const name = `wc_test_${crypto.randomBytes(6).toString('hex')}`
  const template = process.env.WC_TEST_PG_TEMPLATE
  await adminQuery(url, template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`)
  const u = new URL(url)
  u.pathname = `/${name}`
  const database = openPostgres(u.toString(), 5)
  if (!template) await migrateToLatest(database.db)
  return {
    ...database,
    async close() {
      await database.close()
      await adminQuery(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    },
  }
}

export async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}
