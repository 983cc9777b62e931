import type { Application, ApplicationList, ApplicationStatus } from '../../../../shared/src/api/jobs.js'
import { JOBS } from '../../../../shared/src/api/limits.js'
import { toMinute } from '../../clock.js'
import { type AppContext, dayOf } from '../../context.js'
import { open, seal } from '../../crypto/box.js'
import { AppError, NotFoundError, ValidationError } from '../../errors.js'
import { findCompany } from '../companies/companies.js'
import { isRepresentative, listRepresentatives } from '../companies/representatives.js'
import { hitRateLimit } from '../limits/rate-limits.js'
import { notify } from '../notifications/notify.js'
import { isOpen, JobClosedError, NotRepresentativeError } from './jobs.js'

/**
 * Applications (issue 10): a member applies with their profile, a note and, if they want, a PDF
 * résumé (checked by its bytes, sealed at rest under its own key, deleted when the application is
 * withdrawn or goes); the company's representatives read them and set a status, which the
 * applicant sees and is notified of. Real-name on both sides, account side only.
 */
export class AlreadyAppliedError extends AppError {
  override name = 'AlreadyAppliedError'
  constructor() {
    super(409, 'already_applied', 'Already applied', 'You have applied to this job; withdraw that application first to send another.')
  }
}
export class NotAPdfError extends AppError {
  override name = 'NotAPdfError'
  constructor() {
    super(415, 'not_a_pdf', 'Not a PDF', 'A résumé must be a PDF file (its content is checked, not its name).')
  }
}

/** A PDF by its bytes: the header "%PDF-1.x" or "%PDF-2.0" at the start, and an end-of-file marker in its last kilobyte. */
export function isPdf(bytes: Buffer): boolean {
  if (bytes.length < 16 || !/^%PDF-[12]\.[0-9]/.test(bytes.subarray(0, 8).toString('latin1'))) return false
  return bytes.subarray(Math.max(0, bytes.length - 1024)).toString('latin1').includes('%%EOF')
}

const resumeKey = (ctx: AppContext) => ctx.secrets.key('resume-encryption')

function applicationRows(ctx: AppContext) {
  return ctx.db
    .selectFrom('jobApplication as a')
    .innerJoin('job', 'job.id', 'a.jobId')
    .innerJoin('company', 'company.id', 'job.companyId')
    .innerJoin('account', 'account.id', 'a.applicantId')
    .innerJoin('profile', 'profile.accountId', 'a.applicantId')
    .leftJoin('jobResume', 'jobResume.applicationId', 'a.id')
    .select([
      'a.id',
      'a.note',
      'a.status',
      'a.createdAt',
      'a.updatedAt',
      'a.applicantId',
      'job.id as jobId',
      'job.title',
      'job.companyId',
      'company.slug',
      'company.name as companyName',
      'account.handle',
      'account.name',
      'profile.headline',
      (eb) => eb('jobResume.applicationId', 'is not', null).as('hasResume'),
    ])
}
type Row = Awaited<ReturnType<ReturnType<typeof applicationRows>['execute']>>[number]
const view = (r: Row): Application => ({
  id: r.id,
  job: { id: r.jobId, title: r.title, company: { slug: r.slug, name: r.companyName } },
  applicant: { handle: r.handle, name: r.name, headline: r.headline },
  note: r.note,
  hasResume: Boolean(r.hasResume),
  status: r.status,
  createdAt: new Date(r.createdAt).toISOString(),
  updatedAt: new Date(r.updatedAt).toISOString(),
})

async function one(ctx: AppContext, id: string): Promise<Row> {
  const row = await applicationRows(ctx).where('a.id', '=', id).executeTakeFirst()
  if (!row) throw new NotFoundError('application')
  return row
}

export async function apply(ctx: AppContext, applicantId: string, jobId: string, input: { note: string; resume: Buffer | null }): Promise<Application> {
  const job = await ctx.db.selectFrom('job').select(['id', 'companyId', 'closed', 'closesOn', 'title', 'moderation']).where('id', '=', jobId).executeTakeFirst()
  if (!job) throw new NotFoundError('job')
  if (!isOpen(job, dayOf(ctx.clock.now()))) throw new JobClosedError()
  if (input.resume && !isPdf(input.resume)) throw new NotAPdfError()
  if (input.note.length > JOBS.noteLength) throw new ValidationError(`/note: at most ${JOBS.noteLength} characters`, [{ field: '/note', message: `must be at most ${JOBS.noteLength} characters` }])
  const existing = await ctx.db.selectFrom('jobApplication').select('id').where('jobId', '=', jobId).where('applicantId', '=', applicantId).where('status', '<>', 'withdrawn').executeTakeFirst()
  if (existing) throw new AlreadyAppliedError()
  await hitRateLimit(ctx, { scope: 'job-applications', key: applicantId, limit: JOBS.applicationsPerDay, windowS: 24 * 60 * 60 })
  const now = toMinute(ctx.clock.now())
  const id = await ctx.db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('jobApplication')
      .values({ jobId, applicantId, note: input.note, createdAt: now, updatedAt: now })
      .onConflict((oc) => oc.columns(['jobId', 'applicantId']).where('status', '<>', 'withdrawn').doNothing())
      .returning('id')
      .executeTakeFirst()
    if (!row) throw new AlreadyAppliedError()
    if (input.resume) await tx.insertInto('jobResume').values({ applicationId: row.id, ciphertext: seal(resumeKey(ctx), input.resume, row.id), bytes: input.resume.length }).execute()
    return row.id
  })
  for (const rep of await representativeIds(ctx, job.companyId)) await notify(ctx, rep, { kind: 'application', actorId: applicantId, targetId: id })
  return view(await one(ctx, id))
}

async function representativeIds(ctx: AppContext, companyId: string): Promise<string[]> {
  const reps = await listRepresentatives(ctx, companyId)
  if (!reps.length) return []
  return (await ctx.db.selectFrom('account').select('id').where('handle', 'in', reps.map((r) => r.handle)).execute()).map((r) => r.id)
}

/** The applicant takes it back: the status says so, the résumé is deleted at once. */
export async function withdraw(ctx: AppContext, applicantId: string, id: string): Promise<Application> {
  const row = await one(ctx, id)
  if (row.applicantId !== applicantId) throw new NotFoundError('application')
  await ctx.db.transaction().execute(async (tx) => {
    await tx.deleteFrom('jobResume').where('applicationId', '=', id).execute()
    await tx.updateTable('jobApplication').set({ status: 'withdrawn', updatedAt: toMinute(ctx.clock.now()) }).where('id', '=', id).execute()
  })
  return view(await one(ctx, id))
}

export async function myApplications(ctx: AppContext, applicantId: string): Promise<ApplicationList> {
  const rows = await applicationRows(ctx).where('a.applicantId', '=', applicantId).orderBy('a.createdAt', 'desc').orderBy('a.id').limit(500).execute()
  return { applications: rows.map(view), nextCursor: null }
}

/** A company's inbox (its representatives only), newest first; by job or status if asked. */
export async function companyApplications(ctx: AppContext, viewerId: string, slug: string, q: { jobId?: string | undefined; status?: ApplicationStatus | undefined }): Promise<ApplicationList> {
  const company = await findCompany(ctx, slug)
  if (!(await isRepresentative(ctx, viewerId, company.id))) throw new NotRepresentativeError(company.name)
  let rows = applicationRows(ctx).where('job.companyId', '=', company.id).where('a.status', '<>', 'withdrawn')
  if (q.jobId) rows = rows.where('job.id', '=', q.jobId)
  if (q.status) rows = rows.where('a.status', '=', q.status)
  return { applications: (await rows.orderBy('a.createdAt', 'desc').orderBy('a.id').limit(500).execute()).map(view), nextCursor: null }
}

export async function setStatus(ctx: AppContext, viewerId: string, id: string, status: Exclude<ApplicationStatus, 'withdrawn'>): Promise<Application> {
  const row = await one(ctx, id)
  if (!(await isRepresentative(ctx, viewerId, row.companyId))) throw new NotRepresentativeError(row.companyName)
  if (row.status === 'withdrawn') throw new AppError(409, 'withdrawn', 'Withdrawn', 'The applicant withdrew this application.')
  if (row.status === status) return view(row)
  await ctx.db.updateTable('jobApplication').set({ status, updatedAt: toMinute(ctx.clock.now()) }).where('id', '=', id).execute()
  await notify(ctx, row.applicantId, { kind: 'application_status', targetId: id, company: row.companyName })
  return view(await one(ctx, id))
}

/** The résumé, for its applicant and the company's representatives. */
export async function resumeOf(ctx: AppContext, viewerId: string, id: string): Promise<Buffer> {
  const row = await one(ctx, id)
  if (row.applicantId !== viewerId && !(await isRepresentative(ctx, viewerId, row.companyId))) throw new NotFoundError('application')
  const r = await ctx.db.selectFrom('jobResume').select('ciphertext').where('applicationId', '=', id).executeTakeFirst()
  if (!r) throw new NotFoundError('résumé')
  return open(resumeKey(ctx), r.ciphertext, id)
}

