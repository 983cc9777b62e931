import sharp from 'sharp'
import { type AppContext, addDays, dayOf } from '../context.js'
import { createAccount } from '../services/accounts/accounts.js'
import { updateProfile } from '../services/profiles/profiles.js'
import { indexCompany } from '../services/search/documents.js'
import { submitBadge } from '../services/verifications/badge.js'
import { recordEmployment } from '../services/verifications/employments.js'
import { COMPANIES, DEMO_PASSWORD, PEOPLE, REVIEWER } from './data.js'
import { seedDemoNetwork } from './network.js'
import { seedDemoTalk } from './talk.js'

/** True when no account exists yet: the only time demo data is loaded. */
export async function isEmpty(ctx: AppContext): Promise<boolean> {
  const row = await ctx.db.selectFrom('account').select('id').limit(1).executeTakeFirst()
  return row === undefined
}

/** Loads demo companies and people through the same services the API uses. */
export async function seedDemo(ctx: AppContext): Promise<{ emails: string[]; reviewerEmail: string; password: string }> {
  await ctx.db
    .insertInto('company')
    .values(COMPANIES.map((c) => ({ ...c, domains: [...c.domains] })))
    .onConflict((oc) => oc.column('slug').doNothing())
    .execute()
  const companyIds = new Map((await ctx.db.selectFrom('company').select(['id', 'slug']).execute()).map((c) => [c.slug, c.id]))
  for (const id of companyIds.values()) await indexCompany(ctx.db, id)
  const today = dayOf(ctx.clock.now())
  const emails: string[] = []
  const ids: string[] = []
  const handles: string[] = []
  for (const person of PEOPLE) {
    const { id, handle } = await createAccount(ctx, { name: person.name, email: person.email, password: DEMO_PASSWORD, language: person.language })
    await updateProfile(ctx, id, person.profile)
    for (const v of person.verified) {
      // Demo people are verified as if by e-mail some days ago; no work address exists for them.
      await recordEmployment(ctx.db, { accountId: id, companyId: companyIds.get(v.company)!, method: 'email', today: addDays(today, -v.daysAgo), workEmailHmac: null })
    }
    if (person.pendingBadge) {
      const photo = await sharp({ create: { width: 480, height: 300, channels: 3, background: '#2f5fb3' } }).jpeg().toBuffer()
      await submitBadge(ctx, id, { photo, companyName: person.pendingBadge, companyDomain: null })
    }
    emails.push(person.email)
    ids.push(id)
    handles.push(handle)
  }
  await seedDemoNetwork(ctx, ids, handles)
  await seedDemoTalk(ctx, ids)
  const reviewer = await createAccount(ctx, { name: REVIEWER.name, email: REVIEWER.email, password: DEMO_PASSWORD })
  await ctx.db.updateTable('account').set({ role: 'admin' }).where('id', '=', reviewer.id).execute()
  return { emails, reviewerEmail: REVIEWER.email, password: DEMO_PASSWORD }
}
