import { type Kysely, sql } from 'kysely'

/**
 * One company per real company (issue 10). A company made for a new e-mail domain whose name
 * matches an existing company waits for an admin (`possible_duplicate_of`): same company (merge)
 * or not (a `company_distinct` row, so the pair leaves the list of likely duplicates for good).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('company')
    .addColumn('possible_duplicate_of', 'uuid', (c) => c.references('company.id').onDelete('set null'))
    .execute()
  await db.schema
    .createTable('company_distinct')
    .addColumn('a_id', 'uuid', (c) => c.notNull().references('company.id').onDelete('cascade'))
    .addColumn('b_id', 'uuid', (c) => c.notNull().references('company.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('company_distinct_pkey', ['a_id', 'b_id'])
    .addCheckConstraint('company_distinct_order', sql`a_id < b_id`)
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('company_distinct').execute()
  await db.schema.alterTable('company').dropColumn('possible_duplicate_of').execute()
}
