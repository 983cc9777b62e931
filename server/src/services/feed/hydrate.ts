import type { Selectable } from 'kysely'
import { sql } from 'kysely'
import type { FeedPost } from '../../../../shared/src/api/feed.js'
import type { AppContext } from '../../context.js'
import type { FeedPostTable } from '../../db/tables/feed.js'
import { feedVisibleTo } from '../../policies/feed.js'
import { type AuthorRow, type ImageRow, presentPost } from '../../views/feed.js'

export type PostRow = Selectable<FeedPostTable>

/**
 * Hydrate, then present: a page of posts becomes API shapes in four queries whatever its length —
 * the reshared originals the viewer may see, the authors of all of them, their images and the
 * viewer's likes. The caller has already applied the visibility rule to `rows` themselves.
 */
export async function presentPosts(ctx: AppContext, viewerId: string, rows: PostRow[]): Promise<FeedPost[]> {
  if (rows.length === 0) return []
  const originalIds = [...new Set(rows.flatMap((r) => (r.reshareOfId ? [r.reshareOfId] : [])))]
  const originals = originalIds.length
    ? await ctx.db.selectFrom('feedPost').selectAll().where('id', 'in', originalIds).where(feedVisibleTo(viewerId, sql.ref('feed_post.author_id'))).execute()
    : []
  const all = [...rows, ...originals]
  const ids = [...new Set(all.map((r) => r.id))]
  const [authors, images, likes] = await Promise.all([
    authorsOf(ctx, [...new Set(all.map((r) => r.authorId))]),
    ctx.db.selectFrom('feedImage').select(['id', 'postId', 'width', 'height']).where('postId', 'in', ids).orderBy('postId').orderBy('position').execute(),
    ctx.db.selectFrom('feedLike').select('postId').where('accountId', '=', viewerId).where('postId', 'in', ids).execute(),
  ])
  const imagesByPost = new Map<string, ImageRow[]>()
  for (const i of images) imagesByPost.set(i.postId!, [...(imagesByPost.get(i.postId!) ?? []), i])
  const hydrated = { authors, images: imagesByPost, liked: new Set(likes.map((l) => l.postId)), originals: new Map(originals.map((o) => [o.id, o])) }
  return rows.map((r) => presentPost(r, viewerId, hydrated))
}

/** The cards of these members, in one query. */
export async function authorsOf(ctx: AppContext, ids: string[]): Promise<Map<string, AuthorRow>> {
  if (ids.length === 0) return new Map()
  const rows = await ctx.db
    .selectFrom('account')
    .innerJoin('profile', 'profile.accountId', 'account.id')
    .leftJoin('profilePhoto', 'profilePhoto.accountId', 'account.id')
    .select(['account.id', 'account.handle', 'account.name', 'profile.headline', 'profilePhoto.id as photoId'])
    .where('account.id', 'in', ids)
    .execute()
  return new Map(rows.map((r) => [r.id, r]))
}
