import { type Kysely, sql } from 'kysely'
import type { Static } from '@sinclair/typebox'
import { SEARCH } from '../../../../shared/src/api/limits.js'
import type { CompanyResult } from '../../../../shared/src/api/search.js'
import type { AppContext } from '../../context.js'
import type { DB } from '../../db/schema.js'
import type { Page, Terms } from './terms.js'

/** Companies by name and e-mail domain: full-text (GIN) or trigram similarity (GIN, gin_trgm_ops). The one owner of "a company matches a query". */
export function companyMatches(db: Kysely<DB>, t: Terms) {
  const fts = t.match === null ? sql<boolean>`false` : sql<boolean>`search_company.doc @@ ${t.match}::tsquery`
  const trgm = t.trigrams === '' ? sql<boolean>`false` : sql<boolean>`(search_company.trigrams % ${t.trigrams} or ${t.trigrams} <% search_company.trigrams)`
  return db.selectFrom('searchCompany').where(sql<boolean>`(${fts} or ${trgm})`)
}
const matches = (ctx: AppContext, t: Terms) => companyMatches(ctx.db, t)

export async function findCompanies(ctx: AppContext, t: Terms, page: Page): Promise<Static<typeof CompanyResult>[]> {
  if (t.match === null && t.trigrams === '') return []
  const rank = t.rank === null ? sql<number>`0` : sql<number>`ts_rank(search_company.doc, ${t.rank}::tsquery)`
  const similarity = t.trigrams === '' ? sql<number>`0` : sql<number>`greatest(similarity(search_company.trigrams, ${t.trigrams}), word_similarity(${t.trigrams}, search_company.trigrams))`
  const rows = await matches(ctx, t)
    .innerJoin('company', 'company.id', 'searchCompany.companyId')
    .select(['company.id', 'company.slug', 'company.name', 'company.industry', (eb) => eb('company.logo', 'is not', null).as('hasLogo')])
    .orderBy(sql`${rank} + ${similarity}`, 'desc')
    .orderBy('company.name')
    .orderBy('company.id')
    .offset(page.offset)
    .limit(page.limit)
    .execute()
  return rows.map((r) => ({ type: 'company', slug: r.slug, name: r.name, industry: r.industry, hasLogo: Boolean(r.hasLogo) }))
}

export async function countCompanies(ctx: AppContext, t: Terms): Promise<number> {
  if (t.match === null && t.trigrams === '') return 0
  return (await matches(ctx, t).select('searchCompany.companyId').limit(SEARCH.countCap + 1).execute()).length
}
