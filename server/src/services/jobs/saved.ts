import type { CreateJobAlert, JobAlert, JobPage } from '../../../../shared/src/api/jobs.js'
import { JOBS } from '../../../../shared/src/api/limits.js'
import { isSalaryCurrency } from '../../../../shared/src/companies/salary-currencies.js'
import { toMinute } from '../../clock.js'
import { type AppContext, dayOf } from '../../context.js'
import { AppError, NotFoundError } from '../../errors.js'
import { jobAlertMail } from '../../mail/templates.js'
import { notify } from '../notifications/notify.js'
import { jobQuery, matchingJobs, presentJobs, UnknownCurrencyError } from './jobs.js'

/** Saved jobs and job alerts (issue 10): a member's own lists, account side. */
export class LimitReachedError extends AppError {
  override name = 'LimitReachedError'
  constructor(what: string, max: number) {
    super(429, 'limit_reached', 'Limit reached', `At most ${max} ${what}; remove one first.`)
  }
}

export async function saveJob(ctx: AppContext, accountId: string, jobId: string): Promise<void> {
  if (!(await ctx.db.selectFrom('job').select('id').where('id', '=', jobId).executeTakeFirst())) throw new NotFoundError('job')
  const n = await ctx.db.selectFrom('savedJob').select((eb) => eb.fn.countAll<string>().as('n')).where('accountId', '=', accountId).executeTakeFirstOrThrow()
  const already = await ctx.db.selectFrom('savedJob').select('jobId').where('accountId', '=', accountId).where('jobId', '=', jobId).executeTakeFirst()
  if (already) return
  if (Number(n.n) >= JOBS.savedMax) throw new LimitReachedError('saved jobs', JOBS.savedMax)
  await ctx.db.insertInto('savedJob').values({ accountId, jobId, savedAt: toMinute(ctx.clock.now()) }).onConflict((oc) => oc.columns(['accountId', 'jobId']).doNothing()).execute()
}

export async function unsaveJob(ctx: AppContext, accountId: string, jobId: string): Promise<void> {
  await ctx.db.deleteFrom('savedJob').where('accountId', '=', accountId).where('jobId', '=', jobId).execute()
}

export async function savedJobs(ctx: AppContext, accountId: string): Promise<JobPage> {
  const rows = await jobQuery(ctx.db)
    .innerJoin('savedJob', 'savedJob.jobId', 'job.id')
    .where('savedJob.accountId', '=', accountId)
    .orderBy('savedJob.savedAt', 'desc')
    .orderBy('job.id')
    .limit(JOBS.savedMax)
    .execute()
  return { jobs: await presentJobs(ctx, accountId, rows), nextCursor: null }
}

const alertView = (r: { id: string; q: string; location: string; workplace: JobAlert['workplace']; salaryMin: string | null; currency: string | null; mail: boolean }): JobAlert => ({
  id: r.id,
  q: r.q,
  location: r.location,
  workplace: r.workplace,
  salaryMin: r.salaryMin === null ? null : Number(r.salaryMin),
  currency: r.currency,
  mail: r.mail,
})

export async function listAlerts(ctx: AppContext, accountId: string): Promise<JobAlert[]> {
  const rows = await ctx.db.selectFrom('jobAlert').selectAll().where('accountId', '=', accountId).orderBy('createdAt').execute()
  return rows.map(alertView)
}

export async function createAlert(ctx: AppContext, accountId: string, input: CreateJobAlert): Promise<JobAlert> {
  if (input.currency && !isSalaryCurrency(input.currency)) throw new UnknownCurrencyError(input.currency)
  const n = await ctx.db.selectFrom('jobAlert').select((eb) => eb.fn.countAll<string>().as('n')).where('accountId', '=', accountId).executeTakeFirstOrThrow()
  if (Number(n.n) >= JOBS.alertsMax) throw new LimitReachedError('job alerts', JOBS.alertsMax)
  const now = toMinute(ctx.clock.now())
  const row = await ctx.db
    .insertInto('jobAlert')
    .values({
      accountId,
      q: input.q?.trim() ?? '',
      location: input.location?.trim() ?? '',
      workplace: input.workplace ?? null,
      salaryMin: input.salaryMin ?? null,
      currency: input.currency ?? null,
      mail: input.mail ?? false,
      createdAt: now,
      lastCheckedAt: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
  return alertView(row)
}

export async function deleteAlert(ctx: AppContext, accountId: string, id: string): Promise<void> {
  const res = await ctx.db.deleteFrom('jobAlert').where('id', '=', id).where('accountId', '=', accountId).executeTakeFirst()
  if (!res.numDeletedRows) throw new NotFoundError('job alert')
}

/**
 * From maintenance: every alert looks at the jobs posted since it last looked (GET /jobs's own
 * filters, `matchingJobs`), and its member hears of them — a notification for the first, and,
 * if the alert says so, one mail listing them all. Each alert moves its mark first, so two
 * processes never tell a member twice.
 */
export async function runJobAlerts(ctx: AppContext): Promise<number> {
  const now = toMinute(ctx.clock.now())
  const today = dayOf(now)
  const alerts = await ctx.db.selectFrom('jobAlert').innerJoin('account', 'account.id', 'jobAlert.accountId').selectAll('jobAlert').select(['account.email', 'account.language']).where('jobAlert.lastCheckedAt', '<', now).execute()
  let told = 0
  for (const a of alerts) {
    const claimed = await ctx.db.updateTable('jobAlert').set({ lastCheckedAt: now }).where('id', '=', a.id).where('lastCheckedAt', '=', a.lastCheckedAt).returning('id').executeTakeFirst()
    if (!claimed) continue
    const filters = { q: a.q, location: a.location, ...(a.workplace && { workplace: a.workplace }), ...(a.salaryMin !== null && { salaryMin: Number(a.salaryMin) }), ...(a.currency && { currency: a.currency }) }
    const fresh = await matchingJobs(ctx.db, filters, today)
      .where('job.createdAt', '>=', a.lastCheckedAt)
      .where('job.createdAt', '<', now)
      .where((eb) => eb.or([eb('job.postedBy', 'is', null), eb('job.postedBy', '<>', a.accountId)]))
      .orderBy('job.createdAt', 'desc')
      .limit(20)
      .execute()
    if (!fresh.length) continue
    told++
    await notify(ctx, a.accountId, { kind: 'job_alert', targetId: fresh[0]!.id, company: fresh[0]!.companyName })
    if (a.mail) {
      const mail = jobAlertMail(a.language === 'zh-CN' ? 'zh-CN' : 'en', fresh.map((j) => ({ title: j.title, company: j.companyName, location: j.location, url: `${ctx.config.publicUrl.origin}/jobs/${j.id}` })), `${ctx.config.publicUrl.origin}/jobs/alerts`)
      await ctx.mailer.send({ to: a.email, ...mail }).catch((err: unknown) => ctx.live.log.warn({ err: { message: (err as Error).message } }, 'a job alert mail could not be sent'))
    }
  }
  return told
}
