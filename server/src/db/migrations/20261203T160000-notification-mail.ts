import { type Kysely, sql } from 'kysely'

/**
 * E-mail digests of notifications (issue 9), account side. One row per member who chose their
 * kinds or got a digest; no row: the defaults. Times are days only (DESIGN §4): the digest runs
 * from maintenance, and which notifications it covered is kept as an id, not a time.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('notification_mail')
    .addColumn('account_id', 'uuid', (c) => c.primaryKey().references('account.id').onDelete('cascade'))
    .addColumn('kinds', sql`text[]`, (c) => c.notNull())
    // The UTC day of the last digest: claimed with a conditional update, so one process sends it.
    .addColumn('last_digest_on', 'date')
    // The highest notification id the last digest covered (0: none yet).
    .addColumn('digested_through', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('notification_mail').execute()
}
