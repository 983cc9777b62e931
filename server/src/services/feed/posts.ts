import { type Kysely, sql } from 'kysely'
import type { CreatePost, EditFeedPost } from '../../../../shared/src/api/feed.js'
import { FEED } from '../../../../shared/src/api/limits.js'
import { toMinute } from '../../clock.js'
import type { AppContext } from '../../context.js'
import type { DB } from '../../db/schema.js'
import { NotFoundError } from '../../errors.js'
import { feedVisibleTo } from '../../policies/feed.js'
import { indexFeedPost, removeFeedPost } from '../search/documents.js'
import { EmptyPostError, NotOwnerError, ReshareUnavailableError, UnknownImageError } from './errors.js'
import type { PostRow } from './hydrate.js'
import { resolveMentions } from './mentions.js'
import { onMentioned } from './notify-hooks.js'
import { rankScore } from './rank.js'

/**
 * Writing feed posts. Each write checks first (visibility, ownership, images), then runs one
 * transaction that changes the post, its counters, its original's reshare count and its search
 * document together; notification hooks run after the commit.
 */

/** A post the viewer may see (the feed policy), or 404 — also for one across a block. */
export async function visiblePost(db: Kysely<DB>, viewerId: string, postId: string, lock = false): Promise<PostRow> {
  let q = db.selectFrom('feedPost').selectAll().where('id', '=', postId).where(feedVisibleTo(viewerId, sql.ref('feed_post.author_id')))
  if (lock) q = q.forUpdate()
  const row = await q.executeTakeFirst()
  if (!row) throw new NotFoundError('post')
  return row
}

/** The original a new reshare points at: a reshare of a reshare reshares its original. */
async function originalToReshare(ctx: AppContext, viewerId: string, id: string): Promise<PostRow> {
  const target = await visiblePost(ctx.db, viewerId, id)
  if (!target.isReshare) return target
  if (!target.reshareOfId) throw new ReshareUnavailableError()
  try {
    return await visiblePost(ctx.db, viewerId, target.reshareOfId)
  } catch (err) {
    if (err instanceof NotFoundError) throw new ReshareUnavailableError()
    throw err
  }
}

export async function createPost(ctx: AppContext, authorId: string, input: CreatePost): Promise<PostRow> {
  const imageIds = input.imageIds ?? []
  if (input.body.trim() === '' && imageIds.length === 0 && !input.reshareOf) throw new EmptyPostError()
  const original = input.reshareOf ? await originalToReshare(ctx, authorId, input.reshareOf) : null
  const now = ctx.clock.now()
  const createdAt = toMinute(now)
  const post = await ctx.db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('feedPost')
      .values({ authorId, body: input.body, isReshare: original !== null, reshareOfId: original?.id ?? null, createdAt, rank: rankScore({ createdAt, likeCount: 0, commentCount: 0 }) })
      .returningAll()
      .executeTakeFirstOrThrow()
    await attachImages(tx, authorId, row.id, imageIds, now)
    if (original) await tx.updateTable('feedPost').set((eb) => ({ reshareCount: eb('reshareCount', '+', 1) })).where('id', '=', original.id).execute()
    await indexFeedPost(tx, { id: row.id, authorId, body: row.body })
    return row
  })
  const mentioned = await resolveMentions(ctx, authorId, post.body)
  if (mentioned.length) await onMentioned(ctx, mentioned, { postId: post.id, commentId: null, authorId })
  return post
}

/** Gives the uploads to the post, in the order given; each must be the author's own, unattached and not expired. */
async function attachImages(tx: Kysely<DB>, ownerId: string, postId: string, imageIds: string[], now: Date): Promise<void> {
  const oldest = new Date(now.getTime() - FEED.images.unattachedKeepS * 1000)
  for (const [position, id] of imageIds.entries()) {
    const res = await tx
      .updateTable('feedImage')
      .set({ postId, position })
      .where('id', '=', id)
      .where('ownerId', '=', ownerId)
      .where('postId', 'is', null)
      .where('createdAt', '>', oldest)
      .executeTakeFirst()
    if (!res.numUpdatedRows) throw new UnknownImageError()
  }
}

/** A post the viewer may change: 404 when they may not see it, 403 `not_owner` when it is another's. */
async function ownPost(db: Kysely<DB>, viewerId: string, postId: string): Promise<PostRow> {
  const post = await visiblePost(db, viewerId, postId, true)
  if (post.authorId !== viewerId) throw new NotOwnerError('post')
  return post
}

export async function editPost(ctx: AppContext, viewerId: string, postId: string, input: EditFeedPost): Promise<PostRow> {
  const { before, after } = await ctx.db.transaction().execute(async (tx) => {
    const before = await ownPost(tx, viewerId, postId)
    if (input.body.trim() === '' && !before.isReshare) {
      const images = await tx.selectFrom('feedImage').select('id').where('postId', '=', postId).limit(1).execute()
      if (images.length === 0) throw new EmptyPostError()
    }
    const after = await tx
      .updateTable('feedPost')
      .set({ body: input.body, editedAt: toMinute(ctx.clock.now()) })
      .where('id', '=', postId)
      .returningAll()
      .executeTakeFirstOrThrow()
    await indexFeedPost(tx, { id: postId, authorId: viewerId, body: after.body })
    return { before, after }
  })
  const mentioned = await resolveMentions(ctx, viewerId, after.body, before.body)
  if (mentioned.length) await onMentioned(ctx, mentioned, { postId, commentId: null, authorId: viewerId })
  return after
}

/**
 * Deletes a post for everyone: its comments, likes, images and search document go with it
 * (cascades); reshares of it stay and show "no longer available" (reshare_of_id set null).
 */
export async function deletePost(ctx: AppContext, viewerId: string, postId: string): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    const post = await ownPost(tx, viewerId, postId)
    if (post.reshareOfId) {
      await tx.updateTable('feedPost').set((eb) => ({ reshareCount: sql<number>`greatest(${eb.ref('reshareCount')} - 1, 0)` })).where('id', '=', post.reshareOfId).execute()
    }
    await removeFeedPost(tx, postId)
    await tx.deleteFrom('feedPost').where('id', '=', postId).execute()
  })
}
