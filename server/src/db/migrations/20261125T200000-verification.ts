import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('account')
    .addColumn('role', 'text', (c) => c.notNull().defaultTo('member').check(sql`role in ('member', 'reviewer', 'admin')`))
    .execute()
  await sql`create index company_domains_idx on company using gin (domains)`.execute(db)
  await db.schema.alterTable('company').addColumn('logo', 'bytea').execute()

  await db.schema
    .createTable('employment')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('account_id', 'uuid', (c) => c.notNull().references('account.id').onDelete('cascade'))
    .addColumn('company_id', 'uuid', (c) => c.notNull().references('company.id').onDelete('cascade'))
    .addColumn('method', 'text', (c) => c.notNull().check(sql`method in ('email', 'badge')`))
    .addColumn('verified_on', 'date', (c) => c.notNull())
    .addColumn('expires_on', 'date', (c) => c.notNull())
    .addColumn('ended_on', 'date')
    // HMAC of the normalised work address; cleared when the employment ends or lapses, so the
    // address can verify another account then (one account at a time).
    .addColumn('work_email_hmac', 'bytea', (c) => c.unique())
    .addColumn('show_on_profile', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('reminder_sent', 'boolean', (c) => c.notNull().defaultTo(false))
    .addUniqueConstraint('employment_account_company_key', ['account_id', 'company_id'])
    .execute()
  await db.schema.createIndex('employment_company_idx').on('employment').column('company_id').execute()

  await db.schema
    .createTable('email_verification')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('account_id', 'uuid', (c) => c.notNull().references('account.id').onDelete('cascade'))
    .addColumn('email_hmac', 'bytea', (c) => c.notNull())
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'bytea', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('used', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('email_verification_account_idx').on('email_verification').columns(['account_id', 'created_at']).execute()

  await db.schema
    .createTable('badge_submission')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('account_id', 'uuid', (c) => c.notNull().references('account.id').onDelete('cascade'))
    .addColumn('company_name', 'text', (c) => c.notNull())
    .addColumn('company_domain', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending').check(sql`status in ('pending', 'approved', 'rejected', 'expired')`))
    .addColumn('reason', 'text')
    .addColumn('company_id', 'uuid', (c) => c.references('company.id').onDelete('set null'))
    .addColumn('submitted_at', 'timestamptz', (c) => c.notNull())
    .addColumn('decided_on', 'date')
    .execute()
  await db.schema.createIndex('badge_submission_status_idx').on('badge_submission').columns(['status', 'submitted_at']).execute()

  // The photo lives apart from its submission so that deleting it is deleting a row.
  await db.schema
    .createTable('badge_photo')
    .addColumn('submission_id', 'uuid', (c) => c.primaryKey().references('badge_submission.id').onDelete('cascade'))
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('ciphertext', 'bytea', (c) => c.notNull())
    .addColumn('stored_at', 'timestamptz', (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['badge_photo', 'badge_submission', 'email_verification', 'employment']) {
    await db.schema.dropTable(table).execute()
  }
  await db.schema.alterTable('company').dropColumn('logo').execute()
  await sql`drop index company_domains_idx`.execute(db)
  await db.schema.alterTable('account').dropColumn('role').execute()
}
