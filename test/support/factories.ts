import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../server/src/context.js'
import { addDays, dayOf } from '../../server/src/context.js'
import { createCompany } from '../../server/src/services/companies/companies.js'
import { recordEmployment } from '../../server/src/services/verifications/employments.js'
import { signUp } from './app.js'

/**
 * A member verified at a company, without the mail round trip (tests of verification itself go
 * through the API). `verifiedDaysAgo` past 365 makes a former employee.
 */
export async function buildVerifiedUser(app: FastifyInstance, ctx: AppContext, companySlug: string, opts: { verifiedDaysAgo?: number } = {}) {
  const user = await signUp(app)
  const today = dayOf(ctx.clock.now())
  let company = await ctx.db.selectFrom('company').select(['id', 'slug']).where('slug', '=', companySlug).executeTakeFirst()
  company ??= await createCompany(ctx.db, companySlug.replace(/-/g, ' '), [`${companySlug}.example`], today)
  await recordEmployment(ctx.db, { accountId: user.id, companyId: company.id, method: 'email', today: addDays(today, -(opts.verifiedDaysAgo ?? 1)), workEmailHmac: null })
  return { ...user, companySlug: company.slug }
}

/**
 * Members written straight into the database (no password hashing, no session): for tests that
 * need many people only to be invited or counted. Returns ids and handles.
 */
export async function insertMembers(ctx: AppContext, n: number, prefix = 'bulk') {
  const tag = `${prefix}-${process.pid}-${Date.now().toString(36)}`
  const rows = Array.from({ length: n }, (_, i) => ({
    handle: `${tag}-${i}`,
    name: `Bulk Member ${i}`,
    email: `${tag}-${i}@example.com`,
    emailNormalized: `${tag}-${i}@example.com`,
    passwordHash: 'not-a-hash',
    createdOn: dayOf(ctx.clock.now()),
  }))
  const accounts = await ctx.db.insertInto('account').values(rows).returning(['id', 'handle']).execute()
  await ctx.db.insertInto('profile').values(accounts.map((a) => ({ accountId: a.id }))).execute()
  return accounts
}
