import type { Kysely } from 'kysely'

/**
 * Company representatives (issue 10): verified employees an admin, or the company's existing
 * representative, lets speak for the company in its own name — employer responses, job postings.
 * Real-name and account side; the role holds only while the employment is current.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('company_representative')
    .addColumn('company_id', 'uuid', (c) => c.notNull().references('company.id').onDelete('cascade'))
    .addColumn('account_id', 'uuid', (c) => c.notNull().references('account.id').onDelete('cascade'))
    .addColumn('granted_on', 'date', (c) => c.notNull())
    .addPrimaryKeyConstraint('company_representative_pkey', ['company_id', 'account_id'])
    .execute()
  await db.schema.createIndex('company_representative_account_idx').on('company_representative').column('account_id').execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('company_representative').execute()
}
