import { sql } from 'kysely'
import type { Static } from '@sinclair/typebox'
import { SEARCH } from '../../../../shared/src/api/limits.js'
import type { PostResult } from '../../../../shared/src/api/search.js'
import type { AppContext } from '../../context.js'
import { presentPosts } from '../feed/hydrate.js'
import { excludeHidden } from './hidden.js'
import type { Page, Terms } from './terms.js'

/**
 * Real-name feed posts by their text (search_feed_post, written with the post by services/feed):
 * every signed-in member may find every post but those across a block (excludeHidden, the network
 * rule). Ranked by ts_rank, then newer first; a page is hydrated as the feed presents it.
 */
function matches(ctx: AppContext, viewerId: string, match: string) {
  return ctx.db
    .selectFrom('searchFeedPost')
    .where(sql<boolean>`search_feed_post.doc @@ ${match}::tsquery`)
    .where(excludeHidden(viewerId, 'searchFeedPost.authorId'))
}

export async function findPosts(ctx: AppContext, viewerId: string, t: Terms, page: Page): Promise<Static<typeof PostResult>[]> {
  if (t.match === null) return []
  const rank = t.rank === null ? sql<number>`0` : sql<number>`ts_rank(search_feed_post.doc, ${t.rank}::tsquery)`
  const rows = await matches(ctx, viewerId, t.match)
    .innerJoin('feedPost', 'feedPost.id', 'searchFeedPost.postId')
    .selectAll('feedPost')
    .orderBy(rank, 'desc')
    .orderBy('feedPost.createdAt', 'desc')
    .orderBy('feedPost.id', 'desc')
    .offset(page.offset)
    .limit(page.limit)
    .execute()
  return (await presentPosts(ctx, viewerId, rows)).map((post) => ({ type: 'post', post }))
}

export async function countPosts(ctx: AppContext, viewerId: string, t: Terms): Promise<number> {
  if (t.match === null) return 0
  return (await matches(ctx, viewerId, t.match).select('searchFeedPost.postId').limit(SEARCH.countCap + 1).execute()).length
}
