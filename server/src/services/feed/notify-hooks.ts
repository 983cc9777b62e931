import type { AppContext } from '../../context.js'

/**
 * Every point where the feed should tell a member something — the one file the notifications part
 * (issue 9, built in parallel) fills in. Each is called after its write has committed, never for
 * oneself, and never about Work Talk: the feed's rows are all real-name. They do nothing for now.
 */

export interface NotifiedPost {
  id: string
  authorId: string
}

/** `likerId` liked the post (the first like only: liking again changes nothing and calls nothing). */
export async function onLiked(_ctx: AppContext, _post: NotifiedPost, _likerId: string): Promise<void> {
  // @TODO notifications: tell post.authorId (a `like` notification), unless likerId === authorId (the caller already skips it).
}

/**
 * A comment on the post; `parentAuthorId` is set for a reply (the author of the comment replied
 * to), so both the post's author and the replied-to member can be told.
 */
export async function onCommented(
  _ctx: AppContext,
  _post: NotifiedPost,
  _comment: { id: string; authorId: string; parentId: string | null },
  _parentAuthorId: string | null,
): Promise<void> {
  // @TODO notifications: a `comment` notification to the post's author (and to parentAuthorId for a reply), never to the commenter.
}

/**
 * Members mentioned ("@handle") in a post or a comment: existing handles, not the writer, no block
 * with the writer (services/feed/mentions.ts). On an edit only the newly mentioned ones.
 */
export async function onMentioned(
  _ctx: AppContext,
  _mentionedIds: string[],
  _where: { postId: string; commentId: string | null; authorId: string },
): Promise<void> {
  // @TODO notifications: a `mention` notification to each.
}
