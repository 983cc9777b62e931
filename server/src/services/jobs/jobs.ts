import { sql } from 'kysely'
import type { CreateJob, Job, JobPage, JobQuery, UpdateJob } from '../../../../shared/src/api/jobs.js'
import { JOBS } from '../../../../shared/src/api/limits.js'
import { placeKey } from '../../../../shared/src/companies/places.js'
import { isSalaryCurrency, salaryBounds } from '../../../../shared/src/companies/salary-currencies.js'
import { jobDocument, tsvectorText } from '../../../../shared/src/search/documents.js'
import { type AppContext, addDays, dayOf } from '../../context.js'
import type { DB } from '../../db/schema.js'
import { AppError, NotFoundError, ValidationError } from '../../errors.js'
import { toMinute } from '../../clock.js'
import { findCompany } from '../companies/companies.js'
import { isRepresentative } from '../companies/representatives.js'
import { decodeOffset, offsetPageOf } from '../network/cursor.js'
import { termsOf } from '../search/terms.js'
import type { Kysely } from 'kysely'

/**
 * Jobs (issue 10, DESIGN §5b): posted and edited by the company's representatives, found by
 * everyone signed in — by words (the search index's terms), place, workplace, salary and company.
 * A job takes applications while it is open: not closed, and its closing day (at most
 * JOBS.maxOpenDays after posting) not passed. One owner of "open": `isOpenSql` / `isOpen`.
 */
export class NotRepresentativeError extends AppError {
  override name = 'NotRepresentativeError'
  constructor(company: string) {
    super(403, 'not_representative', 'Representatives only', `Only a representative of ${company} posts and manages its jobs.`)
  }
}
export class JobClosedError extends AppError {
  override name = 'JobClosedError'
  constructor() {
    super(409, 'job_closed', 'Job closed', 'This job no longer takes applications.')
  }
}
export class UnknownCurrencyError extends AppError {
  override name = 'UnknownCurrencyError'
  constructor(code: string) {
    super(400, 'unknown_currency', 'Unknown currency', `"${code}" is not an ISO 4217 currency this site takes.`)
  }
}
export class TooManyJobsError extends AppError {
  override name = 'TooManyJobsError'
  constructor() {
    super(429, 'too_many_jobs', 'Too many open jobs', `A company has at most ${JOBS.maxOpenPerCompany} open jobs; close one first.`)
  }
}

/** Open: not closed, not past its day, and not hidden or removed by a moderator (issue 11). */
export const isOpen = (j: { closed: boolean; closesOn: string; moderation?: string | null }, today: string) => !j.closed && j.closesOn >= today && !j.moderation
const isOpenSql = (today: string) => sql<boolean>`(not job.closed and job.closes_on >= ${today} and job.moderation is null)`

/** A salary range that means something in its currency (salary-currencies.ts bounds a yearly figure). */
function checkSalary(input: { salaryMin?: number | undefined; salaryMax?: number | undefined; currency?: string | undefined }): void {
  const any = input.salaryMin !== undefined || input.salaryMax !== undefined
  const errors: { field: string; message: string }[] = []
  if (any && !input.currency) errors.push({ field: '/currency', message: 'is needed with a salary' })
  if (!any && input.currency) errors.push({ field: '/currency', message: 'goes with a salary range' })
  if (input.currency && !isSalaryCurrency(input.currency)) throw new UnknownCurrencyError(input.currency)
  if (input.currency && any) {
    const b = salaryBounds(input.currency)!
    for (const f of ['salaryMin', 'salaryMax'] as const) {
      const v = input[f]
      if (v !== undefined && (v < b.minBase || v > b.maxBase)) errors.push({ field: `/${f}`, message: `must be a yearly pay between ${b.minBase} and ${b.maxBase} ${input.currency}` })
    }
    if (input.salaryMin !== undefined && input.salaryMax !== undefined && input.salaryMin > input.salaryMax) errors.push({ field: '/salaryMax', message: 'must be at least the minimum' })
  }
  if (errors.length) throw new ValidationError(errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors)
}

function checkClosesOn(closesOn: string | undefined | null, today: string, postedOn: string): string {
  const last = addDays(postedOn, JOBS.maxOpenDays)
  if (closesOn === undefined || closesOn === null) return last
  if (closesOn < today || closesOn > last) throw new ValidationError(`/closesOn: must be between ${today} and ${last}`, [{ field: '/closesOn', message: `must be between ${today} and ${last}` }])
  return closesOn
}

const docOf = (j: { title: string; location: string; description: string }, company: string) => sql<string>`${tsvectorText(jobDocument({ ...j, company }))}::tsvector`

async function managed(ctx: AppContext, viewerId: string, companyId: string, companyName: string): Promise<void> {
  if (!(await isRepresentative(ctx, viewerId, companyId))) throw new NotRepresentativeError(companyName)
}

export async function createJob(ctx: AppContext, viewerId: string, input: CreateJob): Promise<Job> {
  const company = await findCompany(ctx, input.companySlug)
  await managed(ctx, viewerId, company.id, company.name)
  checkSalary(input)
  const today = dayOf(ctx.clock.now())
  const closesOn = checkClosesOn(input.closesOn, today, today)
  const open = await ctx.db.selectFrom('job').select(sql<number>`count(*)::int`.as('n')).where('companyId', '=', company.id).where(isOpenSql(today)).executeTakeFirstOrThrow()
  if (open.n >= JOBS.maxOpenPerCompany) throw new TooManyJobsError()
  const now = toMinute(ctx.clock.now())
  const fields = { title: input.title.trim(), location: input.location.trim(), description: input.description.trim() }
  const row = await ctx.db
    .insertInto('job')
    .values({
      companyId: company.id,
      postedBy: viewerId,
      ...fields,
      workplace: input.workplace,
      salaryMin: input.salaryMin ?? null,
      salaryMax: input.salaryMax ?? null,
      currency: input.currency ?? null,
      postedOn: today,
      closesOn,
      doc: docOf(fields, company.name),
      createdAt: now,
      updatedAt: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return getJob(ctx, viewerId, row.id)
}

export async function updateJob(ctx: AppContext, viewerId: string, id: string, input: UpdateJob): Promise<Job> {
  const job = await ctx.db.selectFrom('job').innerJoin('company', 'company.id', 'job.companyId').selectAll('job').select('company.name as companyName').where('job.id', '=', id).executeTakeFirst()
  if (!job) throw new NotFoundError('job')
  await managed(ctx, viewerId, job.companyId, job.companyName)
  const today = dayOf(ctx.clock.now())
  const closesOn = input.closesOn !== undefined ? checkClosesOn(input.closesOn, today, job.postedOn) : undefined
  const fields = { title: input.title?.trim() ?? job.title, location: input.location?.trim() ?? job.location, description: input.description?.trim() ?? job.description }
  await ctx.db
    .updateTable('job')
    .set({
      ...fields,
      ...(input.workplace && { workplace: input.workplace }),
      ...(closesOn && { closesOn }),
      ...(input.closed !== undefined && { closed: input.closed }),
      doc: docOf(fields, job.companyName),
      updatedAt: toMinute(ctx.clock.now()),
    })
    .where('id', '=', id)
    .execute()
  return getJob(ctx, viewerId, id)
}

function jobQuery(db: Kysely<DB>) {
  return db
    .selectFrom('job')
    .innerJoin('company', 'company.id', 'job.companyId')
    .selectAll('job')
    .select(['company.slug as companySlug', 'company.name as companyName', (eb) => eb('company.logo', 'is not', null).as('hasLogo')])
}

type JobRow = Awaited<ReturnType<ReturnType<typeof jobQuery>['execute']>>[number]

/** Loads what a page of jobs shows the viewer, in one query each, then presents them. */
export async function presentJobs(ctx: AppContext, viewerId: string, rows: readonly JobRow[]): Promise<Job[]> {
  if (!rows.length) return []
  const ids = rows.map((r) => r.id)
  const companies = [...new Set(rows.map((r) => r.companyId))]
  const today = dayOf(ctx.clock.now())
  const [saved, applied, reps] = await Promise.all([
    ctx.db.selectFrom('savedJob').select('jobId').where('accountId', '=', viewerId).where('jobId', 'in', ids).execute(),
    ctx.db.selectFrom('jobApplication').select(['jobId', 'id']).where('applicantId', '=', viewerId).where('jobId', 'in', ids).where('status', '<>', 'withdrawn').execute(),
    Promise.all(companies.map(async (c) => [c, await isRepresentative(ctx, viewerId, c)] as const)),
  ])
  const managedIds = new Set(reps.filter(([, yes]) => yes).map(([c]) => c))
  const counted = rows.filter((r) => managedIds.has(r.companyId)).map((r) => r.id)
  const counts = counted.length
    ? await ctx.db.selectFrom('jobApplication').select(['jobId', sql<number>`count(*)::int`.as('n')]).where('jobId', 'in', counted).where('status', '<>', 'withdrawn').groupBy('jobId').execute()
    : []
  const savedSet = new Set(saved.map((s) => s.jobId))
  const appliedBy = new Map(applied.map((a) => [a.jobId, a.id]))
  const countOf = new Map(counts.map((c) => [c.jobId, c.n]))
  const n = (v: string | null) => (v === null ? null : Number(v))
  return rows.map((r) => ({
    id: r.id,
    company: { slug: r.companySlug, name: r.companyName, hasLogo: Boolean(r.hasLogo) },
    title: r.title,
    location: r.location,
    workplace: r.workplace,
    salaryMin: n(r.salaryMin),
    salaryMax: n(r.salaryMax),
    currency: r.currency,
    description: r.moderation ? '' : r.description,
    postedOn: r.postedOn,
    closesOn: r.closesOn,
    open: isOpen(r, today),
    saved: savedSet.has(r.id),
    applied: appliedBy.get(r.id) ?? null,
    canManage: managedIds.has(r.companyId),
    applicationCount: managedIds.has(r.companyId) ? (countOf.get(r.id) ?? 0) : null,
  }))
}

export async function getJob(ctx: AppContext, viewerId: string, id: string): Promise<Job> {
  const row = await jobQuery(ctx.db).where('job.id', '=', id).executeTakeFirst()
  if (!row) throw new NotFoundError('job')
  return (await presentJobs(ctx, viewerId, [row]))[0]!
}


/** The filters of GET /jobs, also used by job alerts: one owner of "a job matches". */
export function matchingJobs(db: Kysely<DB>, q: Pick<JobQuery, 'q' | 'location' | 'workplace' | 'salaryMin' | 'currency' | 'company'>, today: string) {
  let query = jobQuery(db).where(isOpenSql(today))
  const words = q.q?.trim() ? termsOf(q.q.trim()).match : null
  if (q.q?.trim() && words === null) query = query.where(sql<boolean>`false`)
  if (words) query = query.where(sql<boolean>`job.doc @@ ${words}::tsquery`)
  if (q.location?.trim()) query = query.where(sql<boolean>`strpos(lower(normalize(job.location, NFKC)), ${placeKey(q.location)}) > 0`)
  if (q.workplace) query = query.where('job.workplace', '=', q.workplace)
  if (q.currency) query = query.where('job.currency', '=', q.currency)
  // "Pays at least X": the top of the range reaches it (a job without a range does not say).
  if (q.salaryMin !== undefined) query = query.where(sql<boolean>`coalesce(job.salary_max, job.salary_min) >= ${q.salaryMin}`)
  if (q.company) query = query.where('company.slug', '=', q.company)
  return query
}

export async function listJobs(ctx: AppContext, viewerId: string, q: JobQuery): Promise<JobPage> {
  const offset = decodeOffset(q.cursor, 6)
  const today = dayOf(ctx.clock.now())
  const rankBy = q.q?.trim() ? termsOf(q.q.trim()).rank : null
  let query = matchingJobs(ctx.db, q, today)
  // (A constant in ORDER BY would be read as a column position.)
  if (rankBy) query = query.orderBy(sql<number>`ts_rank(job.doc, ${rankBy}::tsquery)`, 'desc')
  const rows = await query
    .orderBy('job.postedOn', 'desc')
    .orderBy('job.id')
    .limit(JOBS.pageSize + 1)
    .offset(offset)
    .execute()
  const page = offsetPageOf(rows, JOBS.pageSize, offset)
  return { jobs: await presentJobs(ctx, viewerId, page.rows), nextCursor: page.nextCursor }
}

/** A company's jobs for its page: open ones for everyone, closed ones too for its representatives. */
export async function companyJobs(ctx: AppContext, viewerId: string, slug: string): Promise<JobPage> {
  const company = await findCompany(ctx, slug)
  const today = dayOf(ctx.clock.now())
  let query = jobQuery(ctx.db).where('job.companyId', '=', company.id)
  if (!(await isRepresentative(ctx, viewerId, company.id))) query = query.where(isOpenSql(today))
  const rows = await query.orderBy('job.postedOn', 'desc').orderBy('job.id').limit(JOBS.maxOpenPerCompany).execute()
  return { jobs: await presentJobs(ctx, viewerId, rows), nextCursor: null }
}

export { jobQuery, isOpenSql }
