import type { Kysely } from 'kysely'

/** Fixed-window request counters shared by every server process (services/limits/rate-limits.ts). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rate_limit')
    .addColumn('key_hash', 'bytea', (c) => c.notNull())
    .addColumn('window_start', 'timestamptz', (c) => c.notNull())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rate_limit_pkey', ['key_hash', 'window_start'])
    .execute()
  await db.schema.createIndex('rate_limit_window_idx').on('rate_limit').column('window_start').execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('rate_limit').execute()
}
