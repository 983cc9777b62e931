import { type Kysely, sql } from 'kysely'
import { SALARIES } from '../../../../shared/src/api/limits.js'
import { toMinute } from '../../clock.js'
import type { AnonDB } from '../tables.js'

/**
 * The daily batch of salary aggregates (issue 10). Reports are never shown: only cells per
 * (company, title family, location, currency) — count, quartiles and the median of total pay —
 * and a cell's figures only from SALARIES.minReports reports on. They are recomputed once a day,
 * never on a report, so that two reads around one new report cannot be subtracted to give it.
 * A cell's place name is the spelling most of its reports used.
 *
 * Runs in one statement pair inside a transaction: a reader sees yesterday's cells or today's.
 */
export async function recomputeSalaryCells(db: Kysely<AnonDB>, at: Date, company?: string): Promise<number> {
  return db.transaction().execute(async (tx) => {
    // One batch at a time across processes (two would insert the same cells).
    await sql`select pg_advisory_xact_lock(hashtext('company_salary_cell'))`.execute(tx)
    let del = tx.deleteFrom('companySalaryCell')
    if (company !== undefined) del = del.where('companySlug', '=', company)
    await del.execute()
    const min = SALARIES.minReports
    const only = company === undefined ? sql`` : sql`where company_slug = ${company}`
    const res = await sql`
      insert into company_salary_cell (company_slug, title_family, location_key, location, currency, count, p25, median, p75, median_total, computed_at)
      select company_slug, title_family, location_key, mode() within group (order by location), currency, count(*)::int,
        case when count(*) >= ${min} then round(percentile_cont(0.25) within group (order by base))::bigint end,
        case when count(*) >= ${min} then round(percentile_cont(0.5) within group (order by base))::bigint end,
        case when count(*) >= ${min} then round(percentile_cont(0.75) within group (order by base))::bigint end,
        case when count(*) >= ${min} then round(percentile_cont(0.5) within group (order by base + bonus + equity))::bigint end,
        ${toMinute(at)}
      from company_salary ${only}
      group by company_slug, title_family, location_key, currency`.execute(tx)
    return Number(res.numAffectedRows ?? 0)
  })
}

/** The batch is due when the cells were last computed before today's (UTC) start. */
export async function salaryCellsDue(db: Kysely<AnonDB>, at: Date): Promise<boolean> {
  const last = await db.selectFrom('companySalaryCell').select((eb) => eb.fn.max('computedAt').as('at')).executeTakeFirst()
  const reports = await db.selectFrom('companySalary').select('id').limit(1).executeTakeFirst()
  if (!reports && !last?.at) return false
  const startOfDay = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()))
  return !last?.at || new Date(last.at) < startOfDay
}
