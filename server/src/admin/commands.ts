import type { AppContext } from '../context.js'
import { normaliseEmail } from '../services/accounts/accounts.js'
import type { Role } from '../policies/roles.js'

export class AdminCommandError extends Error {
  override name = 'AdminCommandError'
}

async function accountByEmail(ctx: AppContext, email: string) {
  const row = await ctx.db.selectFrom('account').select(['id', 'handle', 'role', 'createdOn']).where('emailNormalized', '=', normaliseEmail(email)).executeTakeFirst()
  if (!row) throw new AdminCommandError(`no account has the login e-mail ${email}`)
  return row
}

export async function setRole(ctx: AppContext, email: string, role: string): Promise<string> {
  if (!['member', 'reviewer', 'admin'].includes(role)) throw new AdminCommandError('role must be member, reviewer or admin')
  const account = await accountByEmail(ctx, email)
  await ctx.db.updateTable('account').set({ role: role as Role }).where('id', '=', account.id).execute()
  return `${account.handle}: ${account.role} → ${role}`
}

/**
 * What Watercooler can hand over about one account under legal process, and nothing else:
 * the day it was created, the last day it was used, and the companies it verified. Modelled on
 * Signal's published answers. Work Talk posts are not in it because nothing links them to it.
 */
export async function legalExport(ctx: AppContext, email: string) {
  const account = await accountByEmail(ctx, email)
  const lastSeen = await ctx.db
    .selectFrom('session')
    .select((eb) => eb.fn.max('lastUsedOn').as('day'))
    .where('accountId', '=', account.id)
    .executeTakeFirst()
  const companies = await ctx.db
    .selectFrom('employment')
    .innerJoin('company', 'company.id', 'employment.companyId')
    .select(['company.name', 'employment.verifiedOn', 'employment.expiresOn', 'employment.endedOn'])
    .where('employment.accountId', '=', account.id)
    .orderBy('employment.verifiedOn')
    .execute()
  return {
    createdOn: account.createdOn,
    lastSeenOn: (lastSeen?.day as string | null | undefined) ?? null,
    verifiedCompanies: companies.map((c) => ({ company: c.name, verifiedOn: c.verifiedOn, expiresOn: c.expiresOn, endedOn: c.endedOn })),
  }
}
