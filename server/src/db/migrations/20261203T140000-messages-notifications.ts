import { type Kysely, sql } from 'kysely'

/**
 * Messages and in-app notifications (issue 9). Every time here is cut to the minute (DESIGN §4);
 * order within a minute comes from the identity columns, which no table of Work Talk shares.
 * Nothing here names Work Talk.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('conversation')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('created_by', 'uuid', (c) => c.references('account.id').onDelete('set null'))
    .addColumn('is_group', 'boolean', (c) => c.notNull())
    // The one-to-one pair, least id first, so that two members have one such conversation (null for groups).
    .addColumn('pair_key', 'text', (c) => c.unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_message_id', 'bigint')
    .addColumn('last_message_at', 'timestamptz')
    .execute()

  await db.schema
    .createTable('conversation_member')
    .addColumn('conversation_id', 'uuid', (c) => c.notNull().references('conversation.id').onDelete('cascade'))
    .addColumn('account_id', 'uuid', (c) => c.notNull().references('account.id').onDelete('cascade'))
    // request: a message request to this member, waiting; declined: hidden from them (the sender is not told).
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('active', 'request', 'declined')`))
    .addColumn('last_read_id', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('joined_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('conversation_member_pkey', ['conversation_id', 'account_id'])
    .execute()
  await db.schema.createIndex('conversation_member_account_idx').on('conversation_member').columns(['account_id', 'state']).execute()

  await db.schema
    .createTable('message')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('conversation_id', 'uuid', (c) => c.notNull().references('conversation.id').onDelete('cascade'))
    .addColumn('sender_id', 'uuid', (c) => c.references('account.id').onDelete('set null'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('message_conversation_idx').on('message').columns(['conversation_id', 'id']).execute()

  await db.schema
    .createTable('notification')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('recipient_id', 'uuid', (c) => c.notNull().references('account.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'uuid', (c) => c.references('account.id').onDelete('set null'))
    .addColumn('target_id', 'text')
    .addColumn('data', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('read', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('notification_recipient_idx').on('notification').columns(['recipient_id', 'id']).execute()
  await sql`create index notification_unread_idx on notification (recipient_id) where not read`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['notification', 'message', 'conversation_member', 'conversation']) await db.schema.dropTable(table).execute()
}
