import crypto from 'node:crypto'
import { type Kysely, sql } from 'kysely'

/**
 * Work Talk anonymity, second wave (DESIGN §2, §3, §4):
 * - the spent-token row keeps nothing a post does not show: its key's epoch goes, the minute of
 *   the mixed commit (the post's own `created_at`) stays, only so old rows can be pruned;
 * - threads publish their opener nonce, count their visible posts (a thread with none leaves every
 *   list), and an opening key opens one thread only (a retried new thread finds the first);
 * - a thread's title moves into its opening post: the thread row is rewritten on every reply
 *   (counters), and each old version would leave its title behind in the page; the post row
 *   changes only when its author edits or deletes it;
 * - a `pad` column lets an edit or a deletion overwrite the old text where it lay in the heap page
 *   before VACUUM reclaims it (anon/services/scrub.ts explains the two steps);
 * - the public, append-only, hash-chained key log, filled with the keys made so far;
 * - one stored directory document per five minutes, so every process serves the same bytes;
 * - "show on my profile" is off unless a member turns it on (nobody chose it before: reset).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table talk_spent_token drop column epoch`.execute(db)
  await sql`alter table talk_spent_token add column spent_at timestamptz not null default date_trunc('minute', now())`.execute(db)
  await sql`alter table talk_spent_token alter column spent_at drop default`.execute(db)
  await db.schema.createIndex('talk_spent_token_spent_idx').on('talk_spent_token').column('spent_at').execute()

  await db.schema
    .alterTable('talk_thread')
    .addColumn('opener_nonce', 'text')
    .addColumn('visible_posts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await sql`update talk_thread t set visible_posts = (select count(*) from talk_post p where p.thread_id = t.id and not p.deleted)`.execute(db)
  await db.schema
    .alterTable('talk_post')
    .addColumn('title', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('pad', 'text', (c) => c.notNull().defaultTo(''))
    .execute()
  await sql`update talk_post p set title = t.title from talk_thread t where p.thread_id = t.id and p.is_opening and not p.deleted`.execute(db)
  await db.schema.alterTable('talk_thread').dropColumn('title').execute()
  // Room on each page, so an update usually stays on its page (a HOT update) and VACUUM's
  // compaction then moves the new version over the old one.
  await sql`alter table talk_post set (fillfactor = 85)`.execute(db)
  await sql`alter table talk_thread set (fillfactor = 85)`.execute(db)
  await sql`create unique index talk_post_opening_key_idx on talk_post (author_key) where is_opening`.execute(db)

  await db.schema
    .createTable('talk_key_log')
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('key_id', 'text', (c) => c.notNull().unique())
    .addColumn('company_slug', 'text')
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('epoch', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute()
  await sql`create unique index talk_key_log_scope_idx on talk_key_log (coalesce(company_slug, ''), purpose, epoch)`.execute(db)
  // Append-only in the database itself: an entry, once written, can be neither changed nor removed.
  await sql`
    create function talk_key_log_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'talk_key_log is append-only';
    end $$`.execute(db)
  await sql`create trigger talk_key_log_append_only before update or delete on talk_key_log for each row execute function talk_key_log_append_only()`.execute(db)
  await sql`create trigger talk_key_log_no_truncate before truncate on talk_key_log for each statement execute function talk_key_log_append_only()`.execute(db)

  const { rows: keys } = await sql<{ key_id: string; company_slug: string | null; purpose: string; epoch: string }>`
    select key_id, company_slug, purpose, epoch from talk_issuer_key order by epoch, purpose, coalesce(company_slug, ''), key_id`.execute(db)
  let prevHash = ''
  for (const [i, k] of keys.entries()) {
    const seq = i + 1
    // The formula of DESIGN §5, written out here so that this migration never changes meaning.
    const hash = crypto.createHash('sha256').update(JSON.stringify([seq, k.key_id, k.company_slug, k.purpose, k.epoch, prevHash]), 'utf8').digest('base64url')
    await sql`insert into talk_key_log (seq, key_id, company_slug, purpose, epoch, prev_hash, hash) values (${seq}, ${k.key_id}, ${k.company_slug}, ${k.purpose}, ${k.epoch}, ${prevHash}, ${hash})`.execute(db)
    prevHash = hash
  }

  // The directory counts, per key, the accounts that drew from it (its real anonymity set).
  await db.schema.createIndex('talk_issuance_key_idx').on('talk_issuance').column('key_id').execute()

  await db.schema
    .createTable('talk_key_directory')
    .addColumn('bucket', 'timestamptz', (c) => c.primaryKey())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('etag', 'text', (c) => c.notNull())
    .execute()

  await sql`alter table employment alter column show_on_profile set default false`.execute(db)
  await sql`update employment set show_on_profile = false`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table employment alter column show_on_profile set default true`.execute(db)
  await db.schema.dropTable('talk_key_directory').execute()
  await sql`drop index talk_issuance_key_idx`.execute(db)
  await db.schema.dropTable('talk_key_log').execute()
  await sql`drop function talk_key_log_append_only()`.execute(db)
  await sql`drop index talk_post_opening_key_idx`.execute(db)
  await sql`alter table talk_post reset (fillfactor)`.execute(db)
  await sql`alter table talk_thread reset (fillfactor)`.execute(db)
  await db.schema.alterTable('talk_thread').addColumn('title', 'text', (c) => c.notNull().defaultTo('')).execute()
  await sql`update talk_thread t set title = p.title from talk_post p where p.thread_id = t.id and p.is_opening`.execute(db)
  await db.schema.alterTable('talk_post').dropColumn('pad').dropColumn('title').execute()
  await db.schema.alterTable('talk_thread').dropColumn('opener_nonce').dropColumn('visible_posts').execute()
  await sql`drop index talk_spent_token_spent_idx`.execute(db)
  await sql`alter table talk_spent_token drop column spent_at`.execute(db)
  await sql`alter table talk_spent_token add column epoch text not null default ''`.execute(db)
}
