import { type Kysely, sql } from 'kysely'

/**
 * Account basics (issue 9):
 * - password reset links: only the SHA-256 of the token is kept, with its expiry to the minute;
 *   a row is deleted when used, replaced, or the password changes, and pruned once expired;
 * - a coarse device label on each session (browser and system family), written once at sign-in.
 *   The User-Agent itself is not kept, nor an address, nor any time finer than the day.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('password_reset')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('account_id', 'uuid', (c) => c.notNull().references('account.id').onDelete('cascade'))
    .addColumn('token_hash', 'bytea', (c) => c.notNull().unique())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('password_reset_account_idx').on('password_reset').column('account_id').execute()
  await db.schema.createIndex('password_reset_expires_idx').on('password_reset').column('expires_at').execute()

  await db.schema.alterTable('session').addColumn('device_browser', 'text', (c) => c.notNull().defaultTo('other')).execute()
  await db.schema.alterTable('session').addColumn('device_os', 'text', (c) => c.notNull().defaultTo('other')).execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('session').dropColumn('device_os').execute()
  await db.schema.alterTable('session').dropColumn('device_browser').execute()
  await db.schema.dropTable('password_reset').execute()
}
