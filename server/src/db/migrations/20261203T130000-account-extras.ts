import type { Kysely } from 'kysely'

/**
 * Account basics II: chosen handles (with the old ones kept for a while), profile photos and a
 * second factor (TOTP). Times are days or minutes (DESIGN §4), never seconds.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('account').addColumn('handle_changed_on', 'date').execute()

  // An old handle: it answers with the account's current one, and no one else may take it, until `kept_until`.
  await db.schema
    .createTable('handle_history')
    .addColumn('handle', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'uuid', (c) => c.notNull().references('account.id').onDelete('cascade'))
    .addColumn('kept_until', 'date', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('handle_history_account_idx').on('handle_history').column('account_id').execute()

  // `id` is new on every upload: it versions the photo's URL, so the URL can be cached for good.
  await db.schema
    .createTable('profile_photo')
    .addColumn('account_id', 'uuid', (c) => c.primaryKey().references('account.id').onDelete('cascade'))
    .addColumn('id', 'uuid', (c) => c.notNull().unique())
    .addColumn('avatar', 'bytea', (c) => c.notNull())
    .addColumn('page', 'bytea', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('totp_credential')
    .addColumn('account_id', 'uuid', (c) => c.primaryKey().references('account.id').onDelete('cascade'))
    .addColumn('secret_sealed', 'bytea', (c) => c.notNull())
    .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(false))
    // The minute of the last accepted code's time step: codes of that minute or earlier are refused (no replay).
    .addColumn('last_used_minute', 'timestamptz')
    .execute()

  await db.schema
    .createTable('totp_recovery_code')
    .addColumn('account_id', 'uuid', (c) => c.notNull().references('account.id').onDelete('cascade'))
    .addColumn('code_hash', 'bytea', (c) => c.notNull())
    .addPrimaryKeyConstraint('totp_recovery_code_pkey', ['account_id', 'code_hash'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['totp_recovery_code', 'totp_credential', 'profile_photo', 'handle_history']) await db.schema.dropTable(table).execute()
  await db.schema.alterTable('account').dropColumn('handle_changed_on').execute()
}
