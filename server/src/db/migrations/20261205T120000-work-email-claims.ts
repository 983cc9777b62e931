import { type Kysely, sql } from 'kysely'

/**
 * One mailbox verifies one account a year (issue 10: one review per person, company and year
 * rests on it). The employment's HMAC of the work address is released when the member leaves or
 * the verification lapses; the claim stays for a year from the day it was made, so "I left" and
 * a second account (or a deleted and re-created one) cannot verify the same mailbox again and
 * draw a second yearly review token. Account side; the account id goes null with the account,
 * and the claim still counts.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table work_email_claim (
      email_hmac bytea primary key,
      account_id uuid references account (id) on delete set null,
      claimed_on date not null
    )`.execute(db)
  await sql`
    insert into work_email_claim (email_hmac, account_id, claimed_on)
    select work_email_hmac, account_id, verified_on from employment where work_email_hmac is not null
    on conflict do nothing`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('work_email_claim').execute()
}
