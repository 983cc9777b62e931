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
