import { sql } from 'kysely'
import type { Contributions, Interview, InterviewPage, Review, ReviewPage, ReviewQuery, ReviewSummary, SalaryCells } from '../../../../shared/src/api/company-reviews.js'
import { RATING_KEYS } from '../../../../shared/src/api/company-reviews.js'
import { COMPANY_REVIEWS, INTERVIEWS, SALARIES } from '../../../../shared/src/api/limits.js'
import type { AppContext } from '../../context.js'
import { AppError } from '../../errors.js'
import { contentModerationOf } from '../../views/moderation.js'
import { roundAnonymitySet, takesRecords } from '../talk/keys.js'
import { decodeOffset, offsetPageOf } from '../network/cursor.js'
import { findCompany } from './companies.js'
import { isRepresentative } from './representatives.js'

/**
 * Reading what members wrote about a company anonymously (issue 10): reviews with their summary
 * and quarterly trend, salary cells as the daily batch left them, interview reports; and the one
 * real-name act on a review — the company's response, by a representative.
 */

export class NotRepresentativeError extends AppError {
  override name = 'NotRepresentativeError'
  constructor(company: string) {
    super(403, 'not_representative', 'Representatives only', `Only a representative of ${company} answers its reviews.`)
  }
}

/** Whether a company takes reviews and salary reports: it has this year's keys for them (keys.ts takesRecords), counted for this company alone. */
export async function contributionsOf(ctx: AppContext, company: { id: string }): Promise<Contributions> {
  const members = await ctx.db.selectFrom('employment').select(sql<number>`count(distinct account_id)::int`.as('n')).where('companyId', '=', company.id).executeTakeFirstOrThrow()
  const min = ctx.config.minAnonymitySet
  return { open: takesRecords(members.n, min), members: roundAnonymitySet(members.n), minMembers: min }
}

const month = (d: string | Date) => (typeof d === 'string' ? d : d.toISOString()).slice(0, 7)
const round1 = (n: number | string | null) => (n === null ? null : Math.round(Number(n) * 10) / 10)

async function summaryOf(ctx: AppContext, slug: string): Promise<ReviewSummary> {
  // A hidden or removed review counts nowhere: a moderator took it out of what the company is rated.
  const base = ctx.db.selectFrom('companyReview').where('companySlug', '=', slug).where('moderation', 'is', null)
  const [agg, dist, trend] = await Promise.all([
    base
      .select([
        sql<number>`count(*)::int`.as('count'),
        sql<string | null>`avg(overall)`.as('overall'),
        sql<string | null>`avg(culture)`.as('culture'),
        sql<string | null>`avg(work_life)`.as('workLife'),
        sql<string | null>`avg(compensation)`.as('compensation'),
        sql<string | null>`avg(management)`.as('management'),
        sql<string | null>`avg(growth)`.as('growth'),
        sql<number>`count(*) filter (where recommend)::int`.as('recommend'),
        sql<number>`count(*) filter (where ceo = 'approve')::int`.as('approve'),
        sql<number>`count(*) filter (where ceo in ('approve', 'disapprove'))::int`.as('opinions'),
      ])
      .executeTakeFirstOrThrow(),
    base.select(['overall', sql<number>`count(*)::int`.as('n')]).groupBy('overall').execute(),
    base
      .select([sql<string>`to_char(posted_on, 'YYYY') || '-Q' || extract(quarter from posted_on)::int`.as('quarter'), sql<number>`count(*)::int`.as('count'), sql<string>`avg(overall)`.as('overall')])
      .groupBy(sql`1`)
      .orderBy(sql`1`)
      .execute(),
  ])
  const distribution = [1, 2, 3, 4, 5].map((r) => dist.find((d) => d.overall === r)?.n ?? 0)
  const pct = (a: number, b: number) => (b === 0 ? null : Math.round((100 * a) / b))
  return {
    count: agg.count,
    averages: Object.fromEntries(RATING_KEYS.map((k) => [k, round1(agg[k])])) as ReviewSummary['averages'],
    distribution,
    recommendPercent: pct(agg.recommend, agg.count),
    ceoApprovalPercent: pct(agg.approve, agg.opinions),
    trend: trend.map((t) => ({ quarter: t.quarter, count: t.count, overall: round1(t.overall)! })),
  }
}

export async function listReviews(ctx: AppContext, viewerId: string, slug: string, q: ReviewQuery): Promise<ReviewPage> {
  const company = await findCompany(ctx, slug)
  const offset = decodeOffset(q.cursor)
  let list = ctx.db.selectFrom('companyReview').selectAll().where('companySlug', '=', company.slug)
  if (q.employment) list = list.where('employment', '=', q.employment)
  if (q.titleFamily) list = list.where('titleFamily', '=', q.titleFamily)
  if (q.rating) list = list.where('overall', '=', q.rating)
  const sort = q.sort ?? 'recent'
  if (sort === 'helpful') list = list.orderBy('helpful', 'desc')
  else if (sort === 'highest') list = list.orderBy('overall', 'desc')
  else if (sort === 'lowest') list = list.orderBy('overall', 'asc')
  list = list.orderBy('postedOn', 'desc').orderBy('id')
  const size = COMPANY_REVIEWS.pageSize
  const [rows, summary, contributions, canRespond] = await Promise.all([
    list.limit(size + 1).offset(offset).execute(),
    summaryOf(ctx, company.slug),
    contributionsOf(ctx, company),
    isRepresentative(ctx, viewerId, company.id),
  ])
  const { rows: shown, nextCursor } = offsetPageOf(rows, size, offset)
  // Batch, then present: the page's responses in one query.
  const responses = shown.length
    ? await ctx.db
        .selectFrom('companyReviewResponse as r')
        .leftJoin('account', 'account.id', 'r.authorId')
        .select(['r.reviewId', 'r.body', 'r.createdAt', 'r.updatedAt', 'account.handle', 'account.name'])
        .where('r.reviewId', 'in', shown.map((r) => r.id))
        .execute()
    : []
  const byReview = new Map(responses.map((r) => [r.reviewId, r]))
  const reviews: Review[] = shown.map((r) => {
    const resp = byReview.get(r.id)
    const moderation = contentModerationOf(r)
    return {
      id: r.id,
      ratings: { overall: r.overall, culture: r.culture, workLife: r.workLife, compensation: r.compensation, management: r.management, growth: r.growth },
      recommend: r.recommend,
      ceo: r.ceo,
      headline: moderation ? '' : r.headline,
      pros: moderation ? '' : r.pros,
      cons: moderation ? '' : r.cons,
      advice: moderation ? '' : r.advice,
      employment: r.employment,
      titleFamily: r.titleFamily as Review['titleFamily'],
      postedOn: month(r.postedOn),
      helpful: r.helpful,
      moderation,
      response: resp && !moderation
        ? {
            body: resp.body,
            by: { handle: resp.handle ?? '', name: resp.name ?? company.name },
            createdAt: new Date(resp.createdAt).toISOString(),
            updatedAt: resp.updatedAt ? new Date(resp.updatedAt).toISOString() : null,
          }
        : null,
    }
  })
  return { reviews, nextCursor, summary, contributions, canRespond }
}

/** A representative's answer to a review: one per review, replaced by a second; 201 when new. */
export async function respondToReview(ctx: AppContext, accountId: string, slug: string, reviewId: string, body: string): Promise<{ created: boolean; response: Review['response'] }> {
  const company = await findCompany(ctx, slug)
  if (!(await isRepresentative(ctx, accountId, company.id))) throw new NotRepresentativeError(company.name)
  const review = await ctx.db.selectFrom('companyReview').select('id').where('id', '=', reviewId).where('companySlug', '=', company.slug).executeTakeFirst()
  if (!review) throw new AppError(404, 'not_found', 'Not found', 'No such review of this company.')
  const now = ctx.clock.now()
  const row = await ctx.db
    .insertInto('companyReviewResponse')
    .values({ reviewId, companyId: company.id, authorId: accountId, body: body.trim(), createdAt: now, updatedAt: null })
    .onConflict((oc) => oc.column('reviewId').doUpdateSet({ body: body.trim(), authorId: accountId, updatedAt: now }))
    .returning(['createdAt', 'updatedAt'])
    .executeTakeFirstOrThrow()
  const me = await ctx.db.selectFrom('account').select(['handle', 'name']).where('id', '=', accountId).executeTakeFirstOrThrow()
  return {
    created: row.updatedAt === null,
    response: { body: body.trim(), by: me, createdAt: new Date(row.createdAt).toISOString(), updatedAt: row.updatedAt ? new Date(row.updatedAt).toISOString() : null },
  }
}

export async function deleteResponse(ctx: AppContext, accountId: string, slug: string, reviewId: string): Promise<void> {
  const company = await findCompany(ctx, slug)
  if (!(await isRepresentative(ctx, accountId, company.id))) throw new NotRepresentativeError(company.name)
  await ctx.db.deleteFrom('companyReviewResponse').where('reviewId', '=', reviewId).where('companyId', '=', company.id).execute()
}

/** The salary cells as the last daily batch left them: never a report, never a figure below SALARIES.minReports. */
export async function salaryCells(ctx: AppContext, slug: string): Promise<SalaryCells> {
  const company = await findCompany(ctx, slug)
  const [rows, contributions] = await Promise.all([
    ctx.db.selectFrom('companySalaryCell').selectAll().where('companySlug', '=', company.slug).orderBy('titleFamily').orderBy('locationKey').orderBy('currency').execute(),
    contributionsOf(ctx, company),
  ])
  const n = (v: string | null) => (v === null ? null : Number(v))
  const computed = rows.reduce<Date | null>((a, r) => (a && a > new Date(r.computedAt) ? a : new Date(r.computedAt)), null)
  return {
    cells: rows.map((r) => {
      const shown = r.count >= SALARIES.minReports
      return {
        titleFamily: r.titleFamily as SalaryCells['cells'][number]['titleFamily'],
        location: r.location,
        currency: r.currency,
        count: r.count,
        p25: shown ? n(r.p25) : null,
        median: shown ? n(r.median) : null,
        p75: shown ? n(r.p75) : null,
        medianTotal: shown ? n(r.medianTotal) : null,
      }
    }),
    computedAt: computed ? computed.toISOString() : null,
    minReports: SALARIES.minReports,
    contributions,
  }
}

export async function listInterviews(ctx: AppContext, slug: string, cursor: string | undefined): Promise<InterviewPage> {
  const company = await findCompany(ctx, slug)
  const offset = decodeOffset(cursor)
  const size = INTERVIEWS.pageSize
  const base = ctx.db.selectFrom('companyInterview').where('companySlug', '=', company.slug)
  const counted = base.where('moderation', 'is', null)
  const [rows, agg] = await Promise.all([
    base.selectAll().orderBy('postedOn', 'desc').orderBy('id').limit(size + 1).offset(offset).execute(),
    // A hidden or removed report counts nowhere in the summary.
    counted
      .select([
        sql<number>`count(*)::int`.as('count'),
        sql<string | null>`avg(difficulty)`.as('difficulty'),
        sql<number>`count(*) filter (where outcome in ('offer', 'declined_offer'))::int`.as('offers'),
        sql<number>`count(*) filter (where experience = 'positive')::int`.as('positive'),
      ])
      .executeTakeFirstOrThrow(),
  ])
  const pct = (a: number) => (agg.count === 0 ? null : Math.round((100 * a) / agg.count))
  const page = offsetPageOf(rows, size, offset)
  const interviews: Interview[] = page.rows.map((r) => {
    const moderation = contentModerationOf(r)
    return {
      id: r.id,
      position: moderation ? '' : r.position,
      outcome: r.outcome,
      difficulty: r.difficulty,
      experience: r.experience,
      body: moderation ? '' : r.body,
      questions: moderation ? '' : r.questions,
      postedOn: month(r.postedOn),
      moderation,
    }
  })
  return {
    interviews,
    nextCursor: page.nextCursor,
    summary: { count: agg.count, averageDifficulty: round1(agg.difficulty), offerPercent: pct(agg.offers), positivePercent: pct(agg.positive) },
  }
}
