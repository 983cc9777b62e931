import type { Kysely } from 'kysely'
import type { AnonDB } from '../tables.js'

/**
 * Two company rows found to be one company were merged (an admin's decision, account side,
 * services/companies): Work Talk follows — the merged company's board threads move to the
 * surviving board, posts labelled "Employee of {merged}" read "Employee of {survivor}", and the
 * merged company's reviews, salaries and interview reports are the survivor's.
 * Nothing here names an account, and every row touched already named the company. Runs in the
 * merge's own transaction, so the two sides never disagree.
 */
export async function moveCompanyInTalk(db: Kysely<AnonDB>, from: string, into: { slug: string; name: string }): Promise<void> {
  await db.updateTable('talkThread').set({ channel: into.slug }).where('board', '=', true).where('channel', '=', from).execute()
  await db.updateTable('talkThread').set({ companySlug: into.slug }).where('companySlug', '=', from).execute()
  await db.updateTable('talkPost').set({ companySlug: into.slug, companyName: into.name }).where('companySlug', '=', from).execute()
  // Reviews, salary reports and interview reports follow too; the merged company's salary cells
  // go, and the survivor's wait for the next daily batch (recomputing now would show, as a
  // difference, what the merged company's reports add to each cell before the day's others).
  await db.updateTable('companyReview').set({ companySlug: into.slug }).where('companySlug', '=', from).execute()
  await db.updateTable('companySalary').set({ companySlug: into.slug }).where('companySlug', '=', from).execute()
  await db.updateTable('companyInterview').set({ companySlug: into.slug }).where('companySlug', '=', from).execute()
  await db.deleteFrom('companySalaryCell').where('companySlug', '=', from).execute()
}
