import { sql } from 'kysely'
import { SEARCH } from '../../../../shared/src/api/limits.js'
import type { SearchResult } from '../../../../shared/src/api/search.js'
import { type AppContext, dayOf } from '../../context.js'
import { matchingJobs, presentJobs } from '../jobs/jobs.js'
import type { Page, Terms } from './terms.js'

/** Open jobs in the search box: GET /jobs's own match (jobs.ts matchingJobs), ranked by ts_rank. */
function matches(ctx: AppContext, t: Terms) {
  const q = matchingJobs(ctx.db, {}, dayOf(ctx.clock.now()))
  return t.match === null ? q.where(sql<boolean>`false`) : q.where(sql<boolean>`job.doc @@ ${t.match}::tsquery`)
}

export async function findJobs(ctx: AppContext, viewerId: string, t: Terms, page: Page): Promise<SearchResult[]> {
  if (t.match === null) return []
  let q = matches(ctx, t)
  if (t.rank !== null) q = q.orderBy(sql<number>`ts_rank(job.doc, ${t.rank}::tsquery)`, 'desc')
  const rows = await q.orderBy('job.postedOn', 'desc').orderBy('job.id').offset(page.offset).limit(page.limit).execute()
  return (await presentJobs(ctx, viewerId, rows)).map((job) => ({ type: 'job' as const, job }))
}

export async function countJobs(ctx: AppContext, _viewerId: string, t: Terms): Promise<number> {
  if (t.match === null) return 0
  return (await matches(ctx, t).select('job.id as jid').limit(SEARCH.countCap + 1).execute()).length
}
