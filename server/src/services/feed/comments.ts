import { type Kysely, type Selectable, sql } from 'kysely'
import type { CommentPage, CreateComment, FeedComment } from '../../../../shared/src/api/feed.js'
import { FEED } from '../../../../shared/src/api/limits.js'
import { toMinute } from '../../clock.js'
import type { AppContext } from '../../context.js'
import type { DB } from '../../db/schema.js'
import type { FeedCommentTable } from '../../db/tables/feed.js'
import { NotFoundError, ValidationError } from '../../errors.js'
import { feedVisibleTo } from '../../policies/feed.js'
import { presentComment } from '../../views/feed.js'
import { cursorInteger } from '../cursor-fields.js'
import { decodeCursor, encodeCursor, pageOf } from '../network/cursor.js'
import { NotOwnerError } from './errors.js'
import { authorsOf, type PostRow } from './hydrate.js'
import { resolveMentions } from './mentions.js'
import { onCommented, onMentioned } from './notify-hooks.js'
import { visiblePost } from './posts.js'
import { rankScore } from './rank.js'

/**
 * Comments: flat, or one level of replies (a reply to a reply answers the same parent). The
 * commenter edits and deletes their own; the post's author may delete any on their post. A
 * deleted comment takes its replies with it. Comments across a block are neither shown nor
 * answerable (the feed policy), though the post's count includes them.
 */
type CommentRow = Selectable<FeedCommentTable>

function requireText(body: string): void {
  if (body.trim() === '') throw new ValidationError('body: only spaces', [{ field: '/body', message: 'must not be only spaces' }])
}

async function setCommentCount(tx: Kysely<DB>, post: PostRow, commentCount: number, commentSeq = post.commentSeq): Promise<void> {
  await tx.updateTable('feedPost').set({ commentCount, commentSeq, rank: rankScore({ ...post, commentCount }) }).where('id', '=', post.id).execute()
}

/** A comment the viewer may see, on a post they may see (locked for the change to follow), or 404. */
async function visibleComment(tx: Kysely<DB>, viewerId: string, commentId: string): Promise<{ comment: CommentRow; post: PostRow }> {
  const comment = await tx.selectFrom('feedComment').selectAll().where('id', '=', commentId).where(feedVisibleTo(viewerId, sql.ref('feed_comment.author_id'))).executeTakeFirst()
  if (!comment) throw new NotFoundError('comment')
  const post = await visiblePost(tx, viewerId, comment.postId, true)
  return { comment, post }
}

export async function addComment(ctx: AppContext, viewerId: string, postId: string, input: CreateComment): Promise<FeedComment> {
  requireText(input.body)
  const { post, comment, parentAuthorId } = await ctx.db.transaction().execute(async (tx) => {
    const post = await visiblePost(tx, viewerId, postId, true)
    let parent: CommentRow | undefined
    if (input.parentId) {
      parent = await tx
        .selectFrom('feedComment')
        .selectAll()
        .where('id', '=', input.parentId)
        .where('postId', '=', postId)
        .where(feedVisibleTo(viewerId, sql.ref('feed_comment.author_id')))
        .executeTakeFirst()
      if (!parent) throw new NotFoundError('comment')
    }
    const comment = await tx
      .insertInto('feedComment')
      .values({ postId, authorId: viewerId, parentId: parent ? (parent.parentId ?? parent.id) : null, body: input.body, seq: post.commentSeq + 1, createdAt: toMinute(ctx.clock.now()) })
      .returningAll()
      .executeTakeFirstOrThrow()
    await setCommentCount(tx, post, post.commentCount + 1, post.commentSeq + 1)
    return { post, comment, parentAuthorId: parent?.authorId ?? null }
  })
  if (post.authorId !== viewerId || (parentAuthorId && parentAuthorId !== viewerId)) {
    await onCommented(ctx, { id: post.id, authorId: post.authorId }, comment, parentAuthorId)
  }
  const mentioned = await resolveMentions(ctx, viewerId, comment.body)
  if (mentioned.length) await onMentioned(ctx, mentioned, { postId, commentId: comment.id, authorId: viewerId })
  return presentComment(comment, viewerId, post.authorId, await authorsOf(ctx, [viewerId]))
}

export async function editComment(ctx: AppContext, viewerId: string, commentId: string, body: string): Promise<FeedComment> {
  requireText(body)
  const { before, after, post } = await ctx.db.transaction().execute(async (tx) => {
    const { comment, post } = await visibleComment(tx, viewerId, commentId)
    if (comment.authorId !== viewerId) throw new NotOwnerError('comment')
    const after = await tx.updateTable('feedComment').set({ body, editedAt: toMinute(ctx.clock.now()) }).where('id', '=', commentId).returningAll().executeTakeFirstOrThrow()
    return { before: comment, after, post }
  })
  const mentioned = await resolveMentions(ctx, viewerId, after.body, before.body)
  if (mentioned.length) await onMentioned(ctx, mentioned, { postId: post.id, commentId, authorId: viewerId })
  return presentComment(after, viewerId, post.authorId, await authorsOf(ctx, [viewerId]))
}

/** Deletes a comment (and its replies): its author, or the author of the post it is on. */
export async function deleteComment(ctx: AppContext, viewerId: string, commentId: string): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    const { comment, post } = await visibleComment(tx, viewerId, commentId)
    if (comment.authorId !== viewerId && post.authorId !== viewerId) throw new NotOwnerError('comment')
    const gone = await tx.deleteFrom('feedComment').where((eb) => eb.or([eb('id', '=', commentId), eb('parentId', '=', commentId)])).returning('id').execute()
    await setCommentCount(tx, post, Math.max(0, post.commentCount - gone.length))
  })
}

/** A post's comments in the order they were written (by `seq`, so a reply always follows its parent). */
export async function listComments(ctx: AppContext, viewerId: string, postId: string, cursor?: string): Promise<CommentPage> {
  const post = await visiblePost(ctx.db, viewerId, postId)
  const after = decodeCursor('feed-comments', cursor)
  let q = ctx.db
    .selectFrom('feedComment')
    .selectAll()
    .where('postId', '=', postId)
    .where(feedVisibleTo(viewerId, sql.ref('feed_comment.author_id')))
    .orderBy('seq')
    .limit(FEED.commentsPerPage + 1)
  if (after) {
    const seq = cursorInteger(after.key)
    q = q.where('seq', '>', seq)
  }
  const page = pageOf(await q.execute(), FEED.commentsPerPage, (last) => encodeCursor('feed-comments', String(last.seq), last.id))
  const authors = await authorsOf(ctx, [...new Set(page.rows.map((c) => c.authorId))])
  return { comments: page.rows.map((c) => presentComment(c, viewerId, post.authorId, authors)), nextCursor: page.nextCursor }
}
