import type { AskReferral } from '../../../../shared/src/api/jobs.js'
import { JOBS } from '../../../../shared/src/api/limits.js'
import { toMinute } from '../../clock.js'
import { type AppContext, dayOf } from '../../context.js'
import { AppError, NotFoundError } from '../../errors.js'
import { startConversation } from '../messages/conversations.js'
import { blocksWith } from '../messages/access.js'
import { isCurrentEmployment } from '../verifications/membership.js'
import { isOpen, JobClosedError } from './jobs.js'

/**
 * Referrals (issue 10): on an open job, a member asks a current verified employee of its company
 * who opted in (employment.accepts_referrals) to refer them. The request is a real-name message
 * (a message request when they are not connected): opt-in on both sides — the employee chose to
 * be asked, the member chose whom to ask. At most JOBS.referralsPerJob asks per job.
 */
export class NotReferrerError extends AppError {
  override name = 'NotReferrerError'
  constructor() {
    super(404, 'not_found', 'Not found', 'No employee of this company takes referral requests under this handle.')
  }
}

async function openJob(ctx: AppContext, jobId: string) {
  const job = await ctx.db.selectFrom('job').innerJoin('company', 'company.id', 'job.companyId').select(['job.id', 'job.title', 'job.closed', 'job.closesOn', 'job.moderation', 'job.companyId', 'company.name as companyName']).where('job.id', '=', jobId).executeTakeFirst()
  if (!job) throw new NotFoundError('job')
  return job
}

/** Who takes referral requests for this job's company: current verified employees who opted in, the viewer and blocks aside. */
export async function referrersFor(ctx: AppContext, viewerId: string, jobId: string) {
  const job = await openJob(ctx, jobId)
  const today = dayOf(ctx.clock.now())
  const rows = await ctx.db
    .selectFrom('employment')
    .innerJoin('account', 'account.id', 'employment.accountId')
    .innerJoin('profile', 'profile.accountId', 'employment.accountId')
    .select(['account.id', 'account.handle', 'account.name', 'profile.headline'])
    .where('employment.companyId', '=', job.companyId)
    .where('employment.acceptsReferrals', '=', true)
    .where((eb) => isCurrentEmployment(eb, today))
    .where('account.id', '<>', viewerId)
    .orderBy('account.name')
    .limit(50)
    .execute()
  const blocked = await blocksWith(ctx.db, viewerId, rows.map((r) => r.id))
  const asked = await ctx.db.selectFrom('referralRequest').innerJoin('account', 'account.id', 'referralRequest.referrerId').select('account.handle').where('jobId', '=', jobId).where('applicantId', '=', viewerId).execute()
  return {
    referrers: rows.filter((r) => !blocked.blocking.has(r.id) && !blocked.blockedBy.has(r.id)).map((r) => ({ handle: r.handle, name: r.name, headline: r.headline })),
    asked: asked.map((a) => a.handle),
  }
}

export async function askReferral(ctx: AppContext, viewerId: string, jobId: string, input: AskReferral): Promise<{ conversationId: string }> {
  const job = await openJob(ctx, jobId)
  if (!isOpen(job, dayOf(ctx.clock.now()))) throw new JobClosedError()
  const { referrers, asked } = await referrersFor(ctx, viewerId, jobId)
  const handle = input.handle.replace(/^@/, '').toLowerCase()
  if (!referrers.some((r) => r.handle.toLowerCase() === handle)) throw new NotReferrerError()
  if (asked.some((a) => a.toLowerCase() === handle)) throw new AppError(409, 'already_asked', 'Already asked', 'You already asked this employee about this job.')
  if (asked.length >= JOBS.referralsPerJob) throw new AppError(429, 'limit_reached', 'Limit reached', `At most ${JOBS.referralsPerJob} referral requests per job.`)
  const referrer = await ctx.db.selectFrom('account').select(['id', 'handle']).where('handle', '=', handle).executeTakeFirstOrThrow()
  const url = `${ctx.config.publicUrl.origin}/jobs/${job.id}`
  const body = `Referral request — ${job.title} at ${job.companyName}\n${url}\n\n${input.note.trim()}`
  const conv = await startConversation(ctx, viewerId, { handles: [referrer.handle], body })
  await ctx.db.insertInto('referralRequest').values({ jobId, applicantId: viewerId, referrerId: referrer.id, createdAt: toMinute(ctx.clock.now()) }).onConflict((oc) => oc.doNothing()).execute()
  return { conversationId: conv.id }
}
