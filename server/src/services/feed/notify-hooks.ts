import type { AppContext } from '../../context.js'
import { notify } from '../notifications/notify.js'

/**
 * Every point where the feed tells a member something, in one file. Each is called after its
 * write has committed, never for oneself (notify() also drops self and blocked pairs), and never
 * about Work Talk: the feed's rows are all real-name. `targetId` is the post, so the notification
 * leads to it. notify() never throws: a notification that fails is logged, the like stays.
 */

export interface NotifiedPost {
  id: string
  authorId: string
}

/** `likerId` liked the post (the first like only: liking again changes nothing and calls nothing). */
export async function onLiked(ctx: AppContext, post: NotifiedPost, likerId: string): Promise<void> {
  await notify(ctx, post.authorId, { kind: 'like', actorId: likerId, targetId: post.id })
}

/**
 * A comment on the post; `parentAuthorId` is set for a reply (the author of the comment replied
 * to): the post's author and the replied-to member are told, once each.
 */
export async function onCommented(
  ctx: AppContext,
  post: NotifiedPost,
  comment: { id: string; authorId: string; parentId: string | null },
  parentAuthorId: string | null,
): Promise<void> {
  const recipients = new Set([post.authorId, ...(parentAuthorId ? [parentAuthorId] : [])])
  for (const r of recipients) await notify(ctx, r, { kind: 'comment', actorId: comment.authorId, targetId: post.id })
}

/**
 * Members mentioned ("@handle") in a post or a comment: existing handles, not the writer, no block
 * with the writer (services/feed/mentions.ts). On an edit only the newly mentioned ones.
 */
export async function onMentioned(ctx: AppContext, mentionedIds: string[], where: { postId: string; commentId: string | null; authorId: string }): Promise<void> {
  for (const id of mentionedIds) await notify(ctx, id, { kind: 'mention', actorId: where.authorId, targetId: where.postId })
}
