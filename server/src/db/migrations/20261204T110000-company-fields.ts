import { type Kysely, sql } from 'kysely'

/** Company page fields (issue 10): a website and the places the company works from. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('company')
    .addColumn('website', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('locations', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('company').dropColumn('website').dropColumn('locations').execute()
}
