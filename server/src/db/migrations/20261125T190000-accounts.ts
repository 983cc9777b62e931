import { type Kysely, sql } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('account')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('handle', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('email_normalized', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull().defaultTo('en'))
    .addColumn('created_on', 'date', (c) => c.notNull().defaultTo(sql`current_date`))
    .execute()

  await db.schema
    .createTable('profile')
    .addColumn('account_id', 'uuid', (c) => c.primaryKey().references('account.id').onDelete('cascade'))
    .addColumn('headline', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('about', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('location', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('experience', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('education', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('skills', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('visibility', 'text', (c) => c.notNull().defaultTo('members').check(sql`visibility in ('members', 'connections')`))
    .execute()

  await db.schema
    .createTable('session')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('account_id', 'uuid', (c) => c.notNull().references('account.id').onDelete('cascade'))
    .addColumn('token_hash', 'bytea', (c) => c.notNull().unique())
    .addColumn('created_on', 'date', (c) => c.notNull().defaultTo(sql`current_date`))
    .addColumn('last_used_on', 'date', (c) => c.notNull().defaultTo(sql`current_date`))
    .addColumn('expires_on', 'date', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('session_account_idx').on('session').column('account_id').execute()

  await db.schema
    .createTable('login_failure')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('key_hash', 'bytea', (c) => c.notNull())
    .addColumn('failed_at', 'timestamptz', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('login_failure_key_idx').on('login_failure').columns(['key_hash', 'failed_at']).execute()

  await db.schema
    .createTable('company')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('domains', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('industry', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('size_band', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_on', 'date', (c) => c.notNull().defaultTo(sql`current_date`))
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['company', 'login_failure', 'session', 'profile', 'account']) {
    await db.schema.dropTable(table).execute()
  }
}
