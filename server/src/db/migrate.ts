import { type Kysely, Migrator, type MigrationResultSet } from 'kysely'
import { migrations } from './migrations/index.js'

function migrator(db: Kysely<unknown>): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => migrations } })
}

function check({ error, results }: MigrationResultSet): string[] {
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${String(error)}`, { cause: error })
  }
  return (results ?? []).map((r) => r.migrationName)
}

/** Runs every pending migration; returns the names it ran. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  return check(await migrator(db).migrateToLatest())
}

/** Undoes every migration (tests use it to prove each one is reversible). */
export async function migrateToNothing(db: Kysely<any>): Promise<string[]> {
  const { NO_MIGRATIONS } = await import('kysely')
  return check(await migrator(db).migrateTo(NO_MIGRATIONS))
}
