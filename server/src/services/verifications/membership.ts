import { type ExpressionBuilder, type Kysely, sql } from 'kysely'
import { type AppContext, dayOf } from '../../context.js'
import type { DB } from '../../db/schema.js'

/**
 * "A current member" of a company (DESIGN §5b), defined once: a verified employment that has not
 * ended ("I left") and has not lapsed (verifications last a year). Every rule that depends on it —
 * a company's key of its own, token issuance, company boards, member counts, reminders — asks
 * here, in SQL or in code, so the two can never disagree.
 */
export type EmploymentStatus = 'current' | 'former'

export function employmentStatus(e: { endedOn: string | null; expiresOn: string }, today: string): EmploymentStatus {
  return e.endedOn === null && e.expiresOn > today ? 'current' : 'former'
}

type WithEmployment = ExpressionBuilder<DB, 'employment'>

/** The same rule in a WHERE clause over `employment`. */
export function isCurrentEmployment(eb: WithEmployment, today: string) {
  return eb.and([eb('employment.endedOn', 'is', null), eb('employment.expiresOn', '>', today)])
}

/** And its negation: ended, or lapsed. */
export function isFormerEmployment(eb: WithEmployment, today: string) {
  return eb.or([eb('employment.endedOn', 'is not', null), eb('employment.expiresOn', '<=', today)])
}

/** As an aggregate filter (`count(*) filter (where …)`) over a query whose only employment table is `employment`. */
export const currentEmploymentSql = (today: string) => sql<boolean>`employment.ended_on is null and employment.expires_on > ${today}`

/** Whether an account is a current member of the company with this slug. */
export async function isCurrentMember(ctx: AppContext, accountId: string, companySlug: string): Promise<boolean> {
  const today = dayOf(ctx.clock.now())
  const row = await ctx.db
    .selectFrom('employment')
    .innerJoin('company', 'company.id', 'employment.companyId')
    .select('employment.id')
    .where('employment.accountId', '=', accountId)
    .where('company.slug', '=', companySlug)
    .where((eb) => isCurrentEmployment(eb, today))
    .executeTakeFirst()
  return row !== undefined
}

/** The companies an account is a current member of. */
export async function currentCompaniesOf(ctx: AppContext, accountId: string): Promise<{ id: string; slug: string; name: string }[]> {
  const today = dayOf(ctx.clock.now())
  return ctx.db
    .selectFrom('employment')
    .innerJoin('company', 'company.id', 'employment.companyId')
    .select(['company.id', 'company.slug', 'company.name'])
    .where('employment.accountId', '=', accountId)
    .where((eb) => isCurrentEmployment(eb, today))
    .orderBy('company.name')
    .execute()
}

/** Current members of a company: the size of its crowd. */
export async function countCurrentMembers(db: Kysely<DB>, companyId: string, today: string): Promise<number> {
  const row = await db
    .selectFrom('employment')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('employment.companyId', '=', companyId)
    .where((eb) => isCurrentEmployment(eb, today))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}
