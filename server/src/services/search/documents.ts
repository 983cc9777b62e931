import { type Kysely, sql } from 'kysely'
import { companyDocument, feedPostDocument, personDocument, tsvectorText } from '../../../../shared/src/search/documents.js'
import type { DB } from '../../db/schema.js'

/**
 * Keeping the account side's search documents in step with what they index. Each service that
 * writes an indexed field calls the matching function in the same transaction (`db` may be one):
 * accounts (name), profiles (headline), companies (name, domains). Documents go with their row
 * (ON DELETE CASCADE). What a document holds is defined once, in shared/src/search/documents.ts.
 */

const tsv = (doc: { a: readonly string[]; b: readonly string[] }) => sql<string>`${tsvectorText(doc)}::tsvector`

/** Re-indexes a member from their account and profile rows. */
export async function indexPerson(db: Kysely<DB>, accountId: string): Promise<void> {
  const row = await db
    .selectFrom('account')
    .innerJoin('profile', 'profile.accountId', 'account.id')
    .select(['account.name', 'profile.headline'])
    .where('account.id', '=', accountId)
    .executeTakeFirst()
  if (!row) return
  const d = personDocument(row)
  await db
    .insertInto('searchPerson')
    .values({ accountId, trigrams: d.trigrams, doc: tsv(d) })
    .onConflict((oc) => oc.column('accountId').doUpdateSet({ trigrams: d.trigrams, doc: tsv(d) }))
    .execute()
}

/** Re-indexes a company from its row. */
export async function indexCompany(db: Kysely<DB>, companyId: string): Promise<void> {
  const row = await db.selectFrom('company').select(['name', 'domains']).where('id', '=', companyId).executeTakeFirst()
  if (!row) return
  const d = companyDocument(row)
  await db
    .insertInto('searchCompany')
    .values({ companyId, trigrams: d.trigrams, doc: tsv(d) })
    .onConflict((oc) => oc.column('companyId').doUpdateSet({ trigrams: d.trigrams, doc: tsv(d) }))
    .execute()
}

/**
 * How a real-name feed post is indexed: services/feed/posts.ts calls it when a post is written or
 * edited, in the same transaction, and `removeFeedPost` when it is deleted (the document also goes
 * with its post by foreign key).
 */
export async function indexFeedPost(db: Kysely<DB>, post: { id: string; authorId: string; body: string }): Promise<void> {
  const doc = tsv(feedPostDocument(post))
  await db
    .insertInto('searchFeedPost')
    .values({ postId: post.id, authorId: post.authorId, doc })
    .onConflict((oc) => oc.column('postId').doUpdateSet({ doc }))
    .execute()
}

export async function removeFeedPost(db: Kysely<DB>, postId: string): Promise<void> {
  await db.deleteFrom('searchFeedPost').where('postId', '=', postId).execute()
}
