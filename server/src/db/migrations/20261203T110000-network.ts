import { type Kysely, sql } from 'kysely'

/**
 * The real-name network (issue 9): connections (one row per pair of members, whichever way the
 * invitation went), blocks and follows. Nothing here names Work Talk.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('connection')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('requester_id', 'uuid', (c) => c.notNull().references('account.id').onDelete('cascade'))
    .addColumn('addressee_id', 'uuid', (c) => c.notNull().references('account.id').onDelete('cascade'))
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('pending', 'accepted')`))
    .addColumn('note', 'text')
    // The addressee ignored the invitation: it leaves their list, the sender still sees it pending.
    .addColumn('ignored', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('accepted_at', 'timestamptz')
    .addCheckConstraint('connection_not_self', sql`requester_id <> addressee_id`)
    .execute()
  // One row per pair: A→B and B→A cannot both exist.
  await sql`create unique index connection_pair_idx on connection (least(requester_id, addressee_id), greatest(requester_id, addressee_id))`.execute(db)
  await db.schema.createIndex('connection_requester_idx').on('connection').columns(['requester_id', 'state']).execute()
  await db.schema.createIndex('connection_addressee_idx').on('connection').columns(['addressee_id', 'state']).execute()

  await db.schema
    .createTable('member_block')
    .addColumn('blocker_id', 'uuid', (c) => c.notNull().references('account.id').onDelete('cascade'))
    .addColumn('blocked_id', 'uuid', (c) => c.notNull().references('account.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('member_block_pkey', ['blocker_id', 'blocked_id'])
    .addCheckConstraint('member_block_not_self', sql`blocker_id <> blocked_id`)
    .execute()
  await db.schema.createIndex('member_block_blocked_idx').on('member_block').column('blocked_id').execute()

  await db.schema
    .createTable('follow')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('follower_id', 'uuid', (c) => c.notNull().references('account.id').onDelete('cascade'))
    .addColumn('followee_id', 'uuid', (c) => c.references('account.id').onDelete('cascade'))
    .addColumn('company_id', 'uuid', (c) => c.references('company.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('follow_one_target', sql`(followee_id is null) <> (company_id is null)`)
    .addCheckConstraint('follow_not_self', sql`follower_id <> followee_id`)
    .execute()
  await sql`create unique index follow_member_idx on follow (follower_id, followee_id) where followee_id is not null`.execute(db)
  await sql`create unique index follow_company_idx on follow (follower_id, company_id) where company_id is not null`.execute(db)
  await db.schema.createIndex('follow_followee_idx').on('follow').column('followee_id').execute()
  await db.schema.createIndex('follow_company_target_idx').on('follow').column('company_id').execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['follow', 'member_block', 'connection']) await db.schema.dropTable(table).execute()
}
