import { SEARCH } from '../../../../shared/src/api/limits.js'
import type { SearchAnswer, SearchCounts, SearchQuery, SearchResult, SearchType } from '../../../../shared/src/api/search.js'
import type { AppContext } from '../../context.js'
import { ValidationError } from '../../errors.js'
import { BadCursorError } from '../../errors.js'
import { cursorFields, cursorInteger } from '../cursor-fields.js'
import { countCompanies, findCompanies } from './companies.js'
import { countPeople, findPeople } from './people.js'
import { countPosts, findPosts } from './posts.js'
import { countThreads, findThreads } from './threads.js'
import { countJobs, findJobs } from './jobs.js'
import { type Page, type Terms, termsOf } from './terms.js'

/**
 * GET /search (DESIGN §5b): one box for people, companies, feed posts, Work Talk threads and jobs.
 *
 * - `posts`: real-name feed posts, indexed by the feed's writes (`indexFeedPost`, documents.ts),
 *   presented as the feed presents them (posts.ts).
 * - `jobs`: open jobs, by title, place, company and description (services/jobs matchingJobs).
 *
 * Pages are a bounded offset (SEARCH.maxOffset), not keyset: see SEARCH in limits.ts.
 */
type Kind = {
  find: (ctx: AppContext, viewerId: string, t: Terms, page: Page) => Promise<SearchResult[]>
  count: (ctx: AppContext, viewerId: string, t: Terms) => Promise<number>
}
const KINDS: Record<SearchType, Kind> = {
  people: { find: findPeople, count: countPeople },
  companies: { find: (ctx, _v, t, p) => findCompanies(ctx, t, p), count: (ctx, _v, t) => countCompanies(ctx, t) },
  posts: { find: findPosts, count: countPosts },
  threads: { find: findThreads, count: countThreads },
  jobs: { find: findJobs, count: countJobs },
}

function encodeCursor(type: SearchType, offset: number): string {
  return Buffer.from(JSON.stringify([type, offset])).toString('base64url')
}
function decodeCursor(type: SearchType, cursor: string): number {
  const [offset] = cursorFields(cursor, type, 1)
  if (typeof offset !== 'number') throw new BadCursorError()
  return cursorInteger(offset, 1, SEARCH.maxOffset)
}

export async function search(ctx: AppContext, viewerId: string, query: SearchQuery): Promise<SearchAnswer> {
  const q = query.q.trim()
  if (q.length < SEARCH.queryMinLength) throw new ValidationError('q: empty', [{ field: '/q', message: 'must not be only spaces' }])
  if (query.cursor && !query.type) throw new BadCursorError()
  const t = termsOf(q)
  const offset = query.cursor && query.type ? decodeCursor(query.type, query.cursor) : 0
  // The counts and the results do not depend on each other: asked for together, a first page
  // waits for the slower of the two, not for both in turn (on PGlite's one connection they queue).
  const counting = offset === 0 ? countAll(ctx, viewerId, t) : Promise.resolve(null)

  if (!query.type) {
    const [counts, previews] = await Promise.all([
      counting,
      Promise.all((Object.keys(KINDS) as SearchType[]).map((k) => KINDS[k].find(ctx, viewerId, t, { offset: 0, limit: SEARCH.previewPerType }))),
    ])
    return { results: previews.flat(), nextCursor: null, counts }
  }
  const [counts, rows] = await Promise.all([counting, KINDS[query.type].find(ctx, viewerId, t, { offset, limit: SEARCH.pageSize + 1 })])
  const next = offset + SEARCH.pageSize
  const nextCursor = rows.length > SEARCH.pageSize && next <= SEARCH.maxOffset ? encodeCursor(query.type, next) : null
  return { results: rows.slice(0, SEARCH.pageSize), nextCursor, counts }
}

async function countAll(ctx: AppContext, viewerId: string, t: Terms): Promise<SearchCounts> {
  const types = Object.keys(KINDS) as SearchType[]
  const n = await Promise.all(types.map((k) => KINDS[k].count(ctx, viewerId, t)))
  return Object.fromEntries(types.map((k, i) => [k, n[i]])) as SearchCounts
}
