import { sql } from 'kysely'
import type { Static } from '@sinclair/typebox'
import { SEARCH } from '../../../../shared/src/api/limits.js'
import type { PersonResult } from '../../../../shared/src/api/search.js'
import type { AppContext } from '../../context.js'
import { canSeeFullProfile } from '../../policies/profiles.js'
import { degreesFrom } from '../network/graph.js'
import { excludeHidden } from './hidden.js'
import type { Page, Terms } from './terms.js'

/**
 * Members by name and headline: full-text over the name's and headline's tokens (CJK names by
 * their characters and bigrams), or a name whose trigrams are close enough to the query's (so
 * "Alcie Chen" finds "Alice Chen"): pg_trgm's `%` (whole-name similarity ≥ 0.3) or `<%` (the query
 * close to a part of the name, ≥ 0.6) — pg_trgm's default thresholds, both served by the GIN
 * trigram index. Ranked by ts_rank plus the better of the two similarities.
 */
function matches(ctx: AppContext, viewerId: string, t: Terms) {
  // Each condition on its own, so each is answered by its index: OR-ed in one WHERE, the planner
  // took a whole-table scan computing word similarity for every member (124 ms at 50,000 members;
  // 30 ms this way, docs/BENCHMARKS.md).
  const parts = [
    ...(t.match === null ? [] : [sql`select account_id from search_person where doc @@ ${t.match}::tsquery`]),
    ...(t.trigrams === '' ? [] : [sql`select account_id from search_person where trigrams % ${t.trigrams}`, sql`select account_id from search_person where ${t.trigrams} <% trigrams`]),
  ]
  return ctx.db
    .selectFrom('searchPerson')
    .where(sql<boolean>`search_person.account_id in (${sql.join(parts, sql` union `)})`)
    .where(excludeHidden(viewerId, 'searchPerson.accountId'))
}

export async function findPeople(ctx: AppContext, viewerId: string, t: Terms, page: Page): Promise<Static<typeof PersonResult>[]> {
  if (t.match === null && t.trigrams === '') return []
  const rank = t.rank === null ? sql<number>`0` : sql<number>`ts_rank(search_person.doc, ${t.rank}::tsquery)`
  const similarity = t.trigrams === '' ? sql<number>`0` : sql<number>`greatest(similarity(search_person.trigrams, ${t.trigrams}), word_similarity(${t.trigrams}, search_person.trigrams))`
  const rows = await matches(ctx, viewerId, t)
    .innerJoin('account', 'account.id', 'searchPerson.accountId')
    .innerJoin('profile', 'profile.accountId', 'account.id')
    .select(['account.id', 'account.handle', 'account.name', 'profile.headline', 'profile.location', 'profile.visibility'])
    .orderBy(sql`${rank} + ${similarity}`, 'desc')
    .orderBy('account.id')
    .offset(page.offset)
    .limit(page.limit)
    .execute()
  // The card a viewer may see is the profile policy's to decide, with the page's degrees read in one query.
  const degrees = await degreesFrom(ctx.db, viewerId, rows.map((r) => r.id))
  return rows.map((r) => {
    const degree = degrees.get(r.id) ?? null
    const full = canSeeFullProfile(viewerId, r, degree === 1)
    return { type: 'person', handle: r.handle, name: r.name, headline: r.headline, location: full ? r.location : null, restricted: !full, degree }
  })
}

export async function countPeople(ctx: AppContext, viewerId: string, t: Terms): Promise<number> {
  if (t.match === null && t.trigrams === '') return 0
  const rows = await matches(ctx, viewerId, t).select('searchPerson.accountId').limit(SEARCH.countCap + 1).execute()
  return rows.length
}
