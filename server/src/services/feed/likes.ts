import type { LikeState } from '../../../../shared/src/api/feed.js'
import { toMinute } from '../../clock.js'
import type { AppContext } from '../../context.js'
import { onLiked } from './notify-hooks.js'
import { visiblePost } from './posts.js'
import { rankScore } from './rank.js'

/**
 * Likes: one per member and post (the primary key), so liking twice is one like. The counter and
 * the rank change in the same transaction as the like row, under the post's row lock, so
 * concurrent likes never lose a count.
 */
export async function like(ctx: AppContext, viewerId: string, postId: string): Promise<LikeState> {
  const { post, added } = await ctx.db.transaction().execute(async (tx) => {
    const post = await visiblePost(tx, viewerId, postId, true)
    const inserted = await tx
      .insertInto('feedLike')
      .values({ postId, accountId: viewerId, createdAt: toMinute(ctx.clock.now()) })
      .onConflict((oc) => oc.doNothing())
      .returning('postId')
      .executeTakeFirst()
    if (!inserted) return { post, added: false }
    const likeCount = post.likeCount + 1
    await tx.updateTable('feedPost').set({ likeCount, rank: rankScore({ ...post, likeCount }) }).where('id', '=', postId).execute()
    return { post: { ...post, likeCount }, added: true }
  })
  if (added && post.authorId !== viewerId) await onLiked(ctx, { id: post.id, authorId: post.authorId }, viewerId)
  return { liked: true, likeCount: post.likeCount }
}

/** Takes the viewer's like back; no like is no change. */
export async function unlike(ctx: AppContext, viewerId: string, postId: string): Promise<LikeState> {
  return ctx.db.transaction().execute(async (tx) => {
    const post = await visiblePost(tx, viewerId, postId, true)
    const res = await tx.deleteFrom('feedLike').where('postId', '=', postId).where('accountId', '=', viewerId).executeTakeFirst()
    if (!res.numDeletedRows) return { liked: false, likeCount: post.likeCount }
    const likeCount = Math.max(0, post.likeCount - 1)
    await tx.updateTable('feedPost').set({ likeCount, rank: rankScore({ ...post, likeCount }) }).where('id', '=', postId).execute()
    return { liked: false, likeCount }
  })
}
