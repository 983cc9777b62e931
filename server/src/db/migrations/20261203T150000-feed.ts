import { type Kysely, sql } from 'kysely'

/**
 * The real-name feed (issue 9): posts (a reshare points at its original), their images, likes and
 * comments. Counters and the rank live on the post, kept by the writes that change them, so the
 * home feed orders by a stored column and never counts rows per request. Everything goes with its
 * post (ON DELETE CASCADE) — its search document too — except reshares, which stay and show their
 * original as "no longer available" (`reshare_of_id` set null, `is_reshare` still true). Times are
 * stored to the minute, like every account-side time (DESIGN §4). Nothing here names Work Talk.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('feed_post')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('author_id', 'uuid', (c) => c.notNull().references('account.id').onDelete('cascade'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('is_reshare', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('reshare_of_id', 'uuid', (c) => c.references('feed_post.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('edited_at', 'timestamptz')
    .addColumn('like_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('comment_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reshare_count', 'integer', (c) => c.notNull().defaultTo(0))
    // Comments ever written on the post: the next comment's `seq` (times are minutes, ids random).
    .addColumn('comment_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rank', 'double precision', (c) => c.notNull())
    .addCheckConstraint('feed_post_reshare', sql`is_reshare or reshare_of_id is null`)
    .execute()
  // The home feed: each followed author's posts by rank (an index range per author); the activity page by time.
  await db.schema.createIndex('feed_post_author_rank_idx').on('feed_post').columns(['author_id', 'rank desc', 'id desc']).execute()
  await db.schema.createIndex('feed_post_author_time_idx').on('feed_post').columns(['author_id', 'created_at desc', 'id desc']).execute()
  await db.schema.createIndex('feed_post_reshare_of_idx').on('feed_post').column('reshare_of_id').where(sql.ref('reshare_of_id'), 'is not', null).execute()

  await db.schema
    .createTable('feed_image')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('owner_id', 'uuid', (c) => c.notNull().references('account.id').onDelete('cascade'))
    // null until a post takes it; an unattached image is deleted after FEED.images.unattachedKeepS.
    .addColumn('post_id', 'uuid', (c) => c.references('feed_post.id').onDelete('cascade'))
    .addColumn('position', 'smallint', (c) => c.notNull().defaultTo(0))
    .addColumn('data', 'bytea', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('feed_image_post_idx').on('feed_image').columns(['post_id', 'position']).execute()
  await db.schema.createIndex('feed_image_unattached_idx').on('feed_image').column('created_at').where(sql.ref('post_id'), 'is', null).execute()

  await db.schema
    .createTable('feed_like')
    .addColumn('post_id', 'uuid', (c) => c.notNull().references('feed_post.id').onDelete('cascade'))
    .addColumn('account_id', 'uuid', (c) => c.notNull().references('account.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('feed_like_pkey', ['post_id', 'account_id'])
    .execute()
  await db.schema.createIndex('feed_like_account_idx').on('feed_like').column('account_id').execute()

  await db.schema
    .createTable('feed_comment')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('post_id', 'uuid', (c) => c.notNull().references('feed_post.id').onDelete('cascade'))
    .addColumn('author_id', 'uuid', (c) => c.notNull().references('account.id').onDelete('cascade'))
    // One level of replies: a parent is always a top-level comment of the same post.
    .addColumn('parent_id', 'uuid', (c) => c.references('feed_comment.id').onDelete('cascade'))
    .addColumn('body', 'text', (c) => c.notNull())
    // The comment's order on its post (1, 2, 3 …): comments in one minute keep the order they were written in.
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('edited_at', 'timestamptz')
    .addUniqueConstraint('feed_comment_post_seq', ['post_id', 'seq'])
    .execute()
  await db.schema.createIndex('feed_comment_parent_idx').on('feed_comment').column('parent_id').where(sql.ref('parent_id'), 'is not', null).execute()
  await db.schema.createIndex('feed_comment_author_idx').on('feed_comment').column('author_id').execute()

  // The search part left search_feed_post without a post to point at; now a document goes with its post.
  await sql`delete from search_feed_post`.execute(db)
  await sql`alter table search_feed_post add constraint search_feed_post_post_fkey foreign key (post_id) references feed_post (id) on delete cascade`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table search_feed_post drop constraint if exists search_feed_post_post_fkey`.execute(db)
  for (const t of ['feed_comment', 'feed_like', 'feed_image', 'feed_post']) await db.schema.dropTable(t).ifExists().execute()
}
