import type { ExpressionBuilder } from 'kysely'
import { type AppContext, dayOf } from '../../context.js'
import type { DB } from '../../db/schema.js'
import { AppError, ForbiddenError } from '../../errors.js'
import { hasRole } from '../../policies/roles.js'
import { findMember } from '../network/members.js'
import { isCurrentEmployment, isCurrentMember } from '../verifications/membership.js'
import { findCompany } from './companies.js'

/**
 * Company representatives (issue 10): the one owner of "who speaks for a company". A
 * representative is a *current* verified employee holding the role: the role lapses with the
 * employment (a member who left, or whose verification expired, no longer speaks for it), so no
 * job or response goes out in the name of a company one does not work at.
 */

export class NotEmployeeError extends AppError {
  override name = 'NotEmployeeError'
  constructor(company: string) {
    super(409, 'not_employee', 'Not a current employee', `Only a current verified employee of ${company} can represent it.`)
  }
}

/** The rule, as a filter over a query joining `company_representative as r` (its company and account). */
function currentlyEmployed(eb: ExpressionBuilder<DB & { r: DB['companyRepresentative'] }, 'r'>, today: string) {
  return eb.exists(
    eb
      .selectFrom('employment')
      .select('employment.id')
      .whereRef('employment.accountId', '=', 'r.accountId')
      .whereRef('employment.companyId', '=', 'r.companyId')
      .where((e) => isCurrentEmployment(e, today)),
  )
}

/** Whether the account represents the company now. */
export async function isRepresentative(ctx: AppContext, accountId: string, companyId: string): Promise<boolean> {
  const today = dayOf(ctx.clock.now())
  const row = await ctx.db
    .selectFrom('companyRepresentative as r')
    .select('r.accountId')
    .where('r.accountId', '=', accountId)
    .where('r.companyId', '=', companyId)
    .where((eb) => currentlyEmployed(eb, today))
    .executeTakeFirst()
  return row !== undefined
}

/** The company's current representatives, by name. */
export async function listRepresentatives(ctx: AppContext, companyId: string): Promise<{ handle: string; name: string }[]> {
  const today = dayOf(ctx.clock.now())
  return ctx.db
    .selectFrom('companyRepresentative as r')
    .innerJoin('account', 'account.id', 'r.accountId')
    .select(['account.handle', 'account.name'])
    .where('r.companyId', '=', companyId)
    .where((eb) => currentlyEmployed(eb, today))
    .orderBy('account.name')
    .orderBy('account.handle')
    .execute()
}

/** Admins, and the company's own representatives, manage the role. */
export async function canManageRepresentatives(ctx: AppContext, actorId: string, companyId: string): Promise<boolean> {
  const actor = await ctx.db.selectFrom('account').select('role').where('id', '=', actorId).executeTakeFirst()
  return (actor !== undefined && hasRole(actor.role, 'admin')) || (await isRepresentative(ctx, actorId, companyId))
}

/** What only admins change on a company page: its name and its e-mail domains (they decide who verifies there). */
export const ADMIN_ONLY_FIELDS = ['name', 'addDomains'] as const

/**
 * Who edits a company's page (issue 10): admins everything; its representatives the profile —
 * description, industry, size, website, locations and logo — not the name or the domains.
 * 403 and nothing changed otherwise.
 */
export async function requireProfileEditor(ctx: AppContext, actorId: string, companyId: string, fields: readonly string[]): Promise<void> {
  const actor = await ctx.db.selectFrom('account').select('role').where('id', '=', actorId).executeTakeFirst()
  if (actor && hasRole(actor.role, 'admin')) return
  if (!(await isRepresentative(ctx, actorId, companyId))) throw new ForbiddenError('Only an admin or one of its representatives may edit a company page.')
  const adminOnly = fields.filter((f) => (ADMIN_ONLY_FIELDS as readonly string[]).includes(f))
  if (adminOnly.length) throw new ForbiddenError(`Only admins change a company's ${adminOnly.join(' and ')}.`)
}

async function requireManager(ctx: AppContext, actorId: string, companyId: string): Promise<void> {
  if (!(await canManageRepresentatives(ctx, actorId, companyId))) throw new ForbiddenError('Only an admin or one of its representatives may change who represents a company.')
}

/** Makes a current verified employee a representative (again: no change). 409 `not_employee` for anyone else. */
export async function grantRepresentative(ctx: AppContext, actorId: string, slug: string, handle: string): Promise<void> {
  const company = await findCompany(ctx, slug)
  await requireManager(ctx, actorId, company.id)
  const member = await findMember(ctx, handle)
  if (!(await isCurrentMember(ctx, member.id, company.slug))) throw new NotEmployeeError(company.name)
  await ctx.db
    .insertInto('companyRepresentative')
    .values({ companyId: company.id, accountId: member.id, grantedOn: dayOf(ctx.clock.now()) })
    .onConflict((oc) => oc.columns(['companyId', 'accountId']).doNothing())
    .execute()
}

/** Ends the role (also one's own). Not a representative: no change. */
export async function revokeRepresentative(ctx: AppContext, actorId: string, slug: string, handle: string): Promise<void> {
  const company = await findCompany(ctx, slug)
  await requireManager(ctx, actorId, company.id)
  const member = await findMember(ctx, handle)
  await ctx.db.deleteFrom('companyRepresentative').where('companyId', '=', company.id).where('accountId', '=', member.id).execute()
}

/** The export's part (services/accounts/export.ts): the companies this account holds the role at (lapsed ones too: the row is theirs). */
export async function exportRepresenting(ctx: AppContext, accountId: string): Promise<{ company: { slug: string; name: string }; since: string }[]> {
  const rows = await ctx.db
    .selectFrom('companyRepresentative as r')
    .innerJoin('company', 'company.id', 'r.companyId')
    .select(['company.slug', 'company.name', 'r.grantedOn'])
    .where('r.accountId', '=', accountId)
    .orderBy('r.grantedOn')
    .orderBy('company.slug')
    .execute()
  return rows.map((r) => ({ company: { slug: r.slug, name: r.name }, since: r.grantedOn }))
}
