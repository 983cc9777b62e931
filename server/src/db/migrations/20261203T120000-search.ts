import { type Kysely, sql } from 'kysely'
import { companyDocument, personDocument, threadDocument, tsvectorText } from '../../../../shared/src/search/documents.js'

/**
 * Search (issue 9): PostgreSQL full-text search over tokens the application makes
 * (shared/src/search: Intl.Segmenter words plus CJK characters and bigrams), and pg_trgm for names.
 *
 * - `search_person`, `search_company`: one document per member and per company, kept by the
 *   services that write what they index (names, headlines, domains), deleted with their row.
 * - `search_feed_post`: how a real-name feed post is indexed once the feed exists (indexFeedPost);
 *   nothing writes it yet.
 * - `talk_post.search`: a Work Talk thread's document, on its opening post — written by the
 *   anonymous module inside the mixed window that stores, edits or deletes that post, so the
 *   index has no account link and no write time of its own (see anon/services/apply.ts).
 *   `fastupdate = off`: no pending list, whose pages would keep a deleted post's words.
 *
 * pg_trgm is a trusted extension: the database owner may create it; PGlite loads the bundled one
 * (db/database.ts PGLITE_EXTENSIONS).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db)

  await db.schema
    .createTable('search_person')
    .addColumn('account_id', 'uuid', (c) => c.primaryKey().references('account.id').onDelete('cascade'))
    .addColumn('trigrams', 'text', (c) => c.notNull())
    .addColumn('doc', sql`tsvector`, (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('search_company')
    .addColumn('company_id', 'uuid', (c) => c.primaryKey().references('company.id').onDelete('cascade'))
    .addColumn('trigrams', 'text', (c) => c.notNull())
    .addColumn('doc', sql`tsvector`, (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('search_feed_post')
    .addColumn('post_id', 'uuid', (c) => c.primaryKey())
    .addColumn('author_id', 'uuid', (c) => c.notNull().references('account.id').onDelete('cascade'))
    .addColumn('doc', sql`tsvector`, (c) => c.notNull())
    .execute()
  for (const t of ['search_person', 'search_company']) {
    await sql`create index ${sql.id(`${t}_doc_idx`)} on ${sql.table(t)} using gin (doc)`.execute(db)
    await sql`create index ${sql.id(`${t}_trgm_idx`)} on ${sql.table(t)} using gin (trigrams gin_trgm_ops)`.execute(db)
  }
  await sql`create index search_feed_post_doc_idx on search_feed_post using gin (doc)`.execute(db)

  await sql`alter table talk_post add column search tsvector`.execute(db)
  await sql`create index talk_post_search_idx on talk_post using gin (search) with (fastupdate = off) where search is not null`.execute(db)

  // What exists already, indexed once.
  const people = await sql<{ id: string; name: string; headline: string }>`select a.id, a.name, p.headline from account a join profile p on p.account_id = a.id`.execute(db)
  for (const p of people.rows) {
    const d = personDocument(p)
    await sql`insert into search_person (account_id, trigrams, doc) values (${p.id}, ${d.trigrams}, ${tsvectorText(d)}::tsvector)`.execute(db)
  }
  const companies = await sql<{ id: string; name: string; domains: string[] }>`select id, name, domains from company`.execute(db)
  for (const c of companies.rows) {
    const d = companyDocument(c)
    await sql`insert into search_company (company_id, trigrams, doc) values (${c.id}, ${d.trigrams}, ${tsvectorText(d)}::tsvector)`.execute(db)
  }
  const openings = await sql<{ id: string; title: string; body: string }>`select id, title, body from talk_post where is_opening and not deleted`.execute(db)
  for (const o of openings.rows) await sql`update talk_post set search = ${tsvectorText(threadDocument(o))}::tsvector where id = ${o.id}`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists talk_post_search_idx`.execute(db)
  await sql`alter table talk_post drop column if exists search`.execute(db)
  for (const t of ['search_feed_post', 'search_company', 'search_person']) await db.schema.dropTable(t).ifExists().execute()
}
