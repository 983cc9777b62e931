import type { AppContext } from '../context.js'
import { createAccount } from '../services/accounts/accounts.js'
import { updateProfile } from '../services/profiles/profiles.js'
import { COMPANIES, DEMO_PASSWORD, PEOPLE } from './data.js'

/** True when no account exists yet: the only time demo data is loaded. */
export async function isEmpty(ctx: AppContext): Promise<boolean> {
  const row = await ctx.db.selectFrom('account').select('id').limit(1).executeTakeFirst()
  return row === undefined
}

/** Loads demo companies and people through the same services the API uses. */
export async function seedDemo(ctx: AppContext): Promise<{ emails: string[]; password: string }> {
  await ctx.db
    .insertInto('company')
    .values(COMPANIES.map((c) => ({ ...c, domains: [...c.domains] })))
    .onConflict((oc) => oc.column('slug').doNothing())
    .execute()
  const emails: string[] = []
  for (const person of PEOPLE) {
    const { id } = await createAccount(ctx, { name: person.name, email: person.email, password: DEMO_PASSWORD, language: person.language })
    await updateProfile(ctx, id, person.profile)
    emails.push(person.email)
  }
  return { emails, password: DEMO_PASSWORD }
}
