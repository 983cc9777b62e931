import { type Kysely, sql } from 'kysely'

/**
 * Work Talk as a forum (issue 8):
 * - the `react` purpose (votes, poll answers, reports: DESIGN §2) and `interview`, for later;
 * - channels an admin manages, with names in both languages (company boards are not rows here:
 *   a board is the channel named by a company's slug, for companies with a key of their own);
 * - votes and their counts, a thread's hot score (updated on write, indexed), its distinct
 *   repliers and its highlighted reply;
 * - polls and their answers; images attached to posts.
 * Every new table is on the post side: no account id, no foreign key to the account side, and
 * the rows anonymous writes make keep the pseudonym key of the thread, never more.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table talk_issuer_key drop constraint if exists talk_issuer_key_purpose_check`.execute(db)
  await sql`alter table talk_issuer_key add constraint talk_issuer_key_purpose_check check (purpose in ('talk', 'talk-former', 'react', 'review', 'salary', 'interview'))`.execute(db)

  await db.schema
    .createTable('talk_channel')
    .addColumn('slug', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('open', 'topic')`))
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('archived', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute()
  const channels: [string, 'open' | 'topic', string, string, boolean][] = [
    ['general', 'open', 'Everyone', '综合', false],
    ['compensation', 'topic', 'Salaries & Offers', '薪资与 offer', false],
    ['layoffs', 'topic', 'Layoffs', '裁员', false],
    ['interviews', 'topic', 'Interviews', '面试', false],
    ['tech', 'topic', 'Tech', '技术', false],
    ['career', 'topic', 'Career', '职业发展', false],
    ['off-topic', 'topic', 'Off-topic', '闲聊', false],
    // A channel of the first wave: clients may still post there, so it stays, last.
    ['management', 'topic', 'Management', '管理', false],
  ]
  for (const [i, [slug, kind, en, zh, archived]] of channels.entries()) {
    await sql`insert into talk_channel (slug, kind, name_en, name_zh, position, archived) values (${slug}, ${kind}, ${en}, ${zh}, ${i}, ${archived})`.execute(db)
  }

  await db.schema
    .alterTable('talk_thread')
    .addColumn('hot', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('repliers', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('highlight_post_id', 'uuid')
    .addColumn('has_poll', 'boolean', (c) => c.notNull().defaultTo(false))
    // A company board's thread (channel = the company's slug): never in a public list or stream.
    .addColumn('board', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute()
  // The first wave's threads labelled with a company stay where they were: in their channel.
  // The hot score of the threads there are: their age alone, until votes and replies move it.
  await sql`update talk_thread set hot = (extract(epoch from created_at) - 1700000000) / 45000.0`.execute(db)
  await sql`create index talk_thread_channel_hot_idx on talk_thread (channel, hot desc, id desc) where visible_posts > 0`.execute(db)
  await sql`create index talk_thread_hot_all_idx on talk_thread (hot desc, id desc) where visible_posts > 0`.execute(db)
  await sql`create index talk_thread_channel_new_idx on talk_thread (channel, created_at desc, id desc) where visible_posts > 0`.execute(db)
  await sql`create index talk_thread_top_idx on talk_thread (created_at desc) include (score) where visible_posts > 0`.execute(db)

  await db.schema
    .alterTable('talk_post')
    .addColumn('score', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('ups', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('downs', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()

  // One vote per (pseudonym key, post): changing it needs no new token; withdrawing keeps the row
  // at 0, so voting again later needs none either.
  await db.schema
    .createTable('talk_vote')
    .addColumn('post_id', 'uuid', (c) => c.notNull().references('talk_post.id').onDelete('cascade'))
    .addColumn('author_key', 'bytea', (c) => c.notNull())
    .addColumn('value', 'smallint', (c) => c.notNull().check(sql`value in (-1, 0, 1)`))
    .addPrimaryKeyConstraint('talk_vote_pkey', ['post_id', 'author_key'])
    .execute()

  // One poll per thread, opened with it; counts kept beside the answers so a read sums nothing.
  await db.schema
    .createTable('talk_poll')
    .addColumn('thread_id', 'uuid', (c) => c.primaryKey().references('talk_thread.id').onDelete('cascade'))
    .addColumn('options', 'jsonb', (c) => c.notNull())
    .addColumn('counts', 'jsonb', (c) => c.notNull())
    .addColumn('closes_at', 'timestamptz', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('talk_poll_answer')
    .addColumn('thread_id', 'uuid', (c) => c.notNull().references('talk_poll.thread_id').onDelete('cascade'))
    .addColumn('author_key', 'bytea', (c) => c.notNull())
    .addColumn('option', 'smallint', (c) => c.notNull())
    .addPrimaryKeyConstraint('talk_poll_answer_pkey', ['thread_id', 'author_key'])
    .execute()

  // Images are stored with their window like any anonymous write, then attached to the post that
  // names them; one not attached within the hour goes (maintenance). `created_at` is its window's
  // minute, like every Work Talk time.
  await db.schema
    .createTable('talk_image')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('post_id', 'uuid', (c) => c.references('talk_post.id').onDelete('cascade'))
    .addColumn('position', 'smallint', (c) => c.notNull().defaultTo(0))
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('bytes', 'bytea', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('talk_image_post_idx').on('talk_image').columns(['post_id', 'position']).execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['talk_image', 'talk_poll_answer', 'talk_poll', 'talk_vote']) await db.schema.dropTable(t).execute()
  await db.schema.alterTable('talk_post').dropColumn('score').dropColumn('ups').dropColumn('downs').execute()
  for (const i of ['talk_thread_channel_hot_idx', 'talk_thread_hot_all_idx', 'talk_thread_channel_new_idx', 'talk_thread_top_idx']) await sql`drop index ${sql.id(i)}`.execute(db)
  await db.schema.alterTable('talk_thread').dropColumn('hot').dropColumn('repliers').dropColumn('highlight_post_id').dropColumn('has_poll').dropColumn('board').execute()
  await db.schema.dropTable('talk_channel').execute()
  await sql`alter table talk_issuer_key drop constraint if exists talk_issuer_key_purpose_check`.execute(db)
  await sql`alter table talk_issuer_key add constraint talk_issuer_key_purpose_check check (purpose in ('talk', 'talk-former', 'review', 'salary'))`.execute(db)
}
