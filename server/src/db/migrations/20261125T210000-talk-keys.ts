import { type Kysely, sql } from 'kysely'

/**
 * Work Talk issuer keys and issuance counters. The key table names companies by slug, as text:
 * no foreign key leads from Work Talk tables to the account side (DESIGN §4).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('talk_issuer_key')
    .addColumn('key_id', 'text', (c) => c.primaryKey())
    .addColumn('company_slug', 'text')
    .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose in ('talk', 'talk-former', 'review', 'salary')`))
    .addColumn('epoch', 'text', (c) => c.notNull())
    .addColumn('public_key', 'bytea', (c) => c.notNull())
    .addColumn('private_key_sealed', 'bytea', (c) => c.notNull())
    .execute()
  // One key per (company, purpose, epoch), the null company ("any verified professional") included.
  await sql`create unique index talk_issuer_key_scope_idx on talk_issuer_key (coalesce(company_slug, ''), purpose, epoch)`.execute(db)

  // Account side: how many tokens an account drew from a key. Counters only (DESIGN §4).
  await db.schema
    .createTable('talk_issuance')
    .addColumn('account_id', 'uuid', (c) => c.notNull().references('account.id').onDelete('cascade'))
    .addColumn('key_id', 'text', (c) => c.notNull().references('talk_issuer_key.key_id').onDelete('cascade'))
    .addColumn('issued', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('talk_issuance_pkey', ['account_id', 'key_id'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('talk_issuance').execute()
  await db.schema.dropTable('talk_issuer_key').execute()
}
