import { type Kysely, sql } from 'kysely'

/**
 * Work Talk content. These tables are written by anonymous endpoints: they hold no account id,
 * session, address or user agent, no foreign key to the account side, and times only to the
 * minute (DESIGN §4). Ids are random UUIDs: no sequence numbers betray insertion order.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('talk_spent_token')
    .addColumn('token_hash', 'bytea', (c) => c.primaryKey())
    .addColumn('epoch', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('talk_thread')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    // The company a thread's opener spoke for (company-key tokens only); null otherwise.
    .addColumn('company_slug', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_post_at', 'timestamptz', (c) => c.notNull())
    .addColumn('reply_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('score', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema.createIndex('talk_thread_new_idx').on('talk_thread').columns(['created_at', 'id']).execute()
  await db.schema.createIndex('talk_thread_hot_idx').on('talk_thread').columns(['last_post_at', 'id']).execute()
  await db.schema.createIndex('talk_thread_company_idx').on('talk_thread').columns(['company_slug', 'created_at']).execute()

  await db.schema
    .createTable('talk_post')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('thread_id', 'uuid', (c) => c.notNull().references('talk_thread.id').onDelete('cascade'))
    .addColumn('is_opening', 'boolean', (c) => c.notNull())
    // Order within the thread (0 = opening post). Readers see this order anyway; times are to the minute.
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull().check(sql`label in ('company', 'alias')`))
    // Who the token vouched for, for `company` labels: employee / former / professional (null
    // key). Null for alias posts: which kind of key paid for an alias post is not kept.
    .addColumn('voice', 'text', (c) => c.check(sql`voice in ('employee', 'former', 'professional')`))
    .addColumn('company_slug', 'text')
    .addColumn('company_name', 'text')
    .addColumn('author_key', 'bytea', (c) => c.notNull())
    .addColumn('author_tag', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('deleted', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('edited_at', 'timestamptz')
    .execute()
  await db.schema.createIndex('talk_post_thread_idx').on('talk_post').columns(['thread_id', 'position']).unique().execute()
  await db.schema.createIndex('talk_post_author_idx').on('talk_post').columns(['thread_id', 'author_key']).execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['talk_post', 'talk_thread', 'talk_spent_token']) await db.schema.dropTable(table).execute()
}
