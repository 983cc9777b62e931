import { type Kysely, sql } from 'kysely'

/**
 * Company merges remembered (issue 10): a merged company's slug answers for its survivor, so the
 * tokens its members drew before the merge still speak for them, and its keys are retired at the
 * end of their epoch rather than at once. Public facts about companies: no account, no post.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table company_merge (
      from_slug text primary key,
      into_slug text not null,
      merged_on date not null
    )`.execute(db)
  await sql`create index company_merge_into_idx on company_merge (into_slug)`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('company_merge').execute()
}
