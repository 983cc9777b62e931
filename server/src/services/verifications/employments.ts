import type { Kysely } from 'kysely'
import { type AppContext, addDays, dayOf } from '../../context.js'
import type { DB } from '../../db/schema.js'
import { NotFoundError } from '../../errors.js'
import { employmentStatus } from './membership.js'

/** A verification lasts this long; a reminder goes out REMINDER_DAYS before it lapses. */
export const VERIFICATION_VALID_DAYS = 365
export const REMINDER_DAYS = 14

/**
 * Records (or renews) "account works at company". Re-verifying an employment that ended or lapsed
 * makes it current again.
 */
export async function recordEmployment(
  tx: Kysely<DB>,
  args: { accountId: string; companyId: string; method: 'email' | 'badge'; today: string; workEmailHmac: Buffer | null },
): Promise<void> {
  const values = {
    method: args.method,
    verifiedOn: args.today,
    expiresOn: addDays(args.today, VERIFICATION_VALID_DAYS),
    endedOn: null,
    workEmailHmac: args.workEmailHmac,
    reminderSent: false,
  }
  await tx
    .insertInto('employment')
    .values({ accountId: args.accountId, companyId: args.companyId, ...values })
    .onConflict((oc) => oc.columns(['accountId', 'companyId']).doUpdateSet(values))
    .execute()
}

export { type EmploymentStatus, employmentStatus } from './membership.js'

export async function listEmployments(ctx: AppContext, accountId: string) {
  const rows = await ctx.db
    .selectFrom('employment')
    .innerJoin('company', 'company.id', 'employment.companyId')
    .leftJoin('company as waiting', 'waiting.id', 'company.possibleDuplicateOf')
    .select([
      'waiting.slug as waitingSlug',
      'waiting.name as waitingName',
      'employment.id',
      'employment.method',
      'employment.verifiedOn',
      'employment.expiresOn',
      'employment.endedOn',
      'employment.showOnProfile',
      'employment.acceptsReferrals',
      'company.slug',
      'company.name',
    ])
    .where('employment.accountId', '=', accountId)
    .orderBy('employment.verifiedOn', 'desc')
    .execute()
  const today = dayOf(ctx.clock.now())
  return rows.map((r) => ({ ...r, status: employmentStatus(r, today) }))
}
export type EmploymentRow = Awaited<ReturnType<typeof listEmployments>>[number]

/** "I left": the employment becomes former now, and the work address is free again. */
export async function endEmployment(ctx: AppContext, accountId: string, employmentId: string): Promise<void> {
  const today = dayOf(ctx.clock.now())
  const res = await ctx.db
    .updateTable('employment')
    .set({ endedOn: today, workEmailHmac: null })
    .where('id', '=', employmentId)
    .where('accountId', '=', accountId)
    .where('endedOn', 'is', null)
    .executeTakeFirst()
  if (res.numUpdatedRows === 0n) throw new NotFoundError('current employment')
}

/** What a member chooses about one of their employments: shown on the profile, open to referral requests. */
export async function updateEmployment(ctx: AppContext, accountId: string, employmentId: string, input: { showOnProfile?: boolean | undefined; acceptsReferrals?: boolean | undefined }): Promise<void> {
  const set = { ...(input.showOnProfile !== undefined && { showOnProfile: input.showOnProfile }), ...(input.acceptsReferrals !== undefined && { acceptsReferrals: input.acceptsReferrals }) }
  const res = await ctx.db.updateTable('employment').set(set).where('id', '=', employmentId).where('accountId', '=', accountId).executeTakeFirst()
  if (res.numUpdatedRows === 0n) throw new NotFoundError('employment')
}
