import type { Kysely } from 'kysely'
import type { AnonDB } from '../tables.js'

/**
 * Two company rows found to be one company were merged (an admin's decision, account side,
 * services/companies): Work Talk follows — the merged company's board threads move to the
 * surviving board, and posts labelled "Employee of {merged}" read "Employee of {survivor}".
 * Nothing here names an account, and every row touched already named the company. Runs in the
 * merge's own transaction, so the two sides never disagree.
 */
export async function moveCompanyInTalk(db: Kysely<AnonDB>, from: string, into: { slug: string; name: string }): Promise<void> {
  await db.updateTable('talkThread').set({ channel: into.slug }).where('board', '=', true).where('channel', '=', from).execute()
  await db.updateTable('talkThread').set({ companySlug: into.slug }).where('companySlug', '=', from).execute()
  await db.updateTable('talkPost').set({ companySlug: into.slug, companyName: into.name }).where('companySlug', '=', from).execute()
}
