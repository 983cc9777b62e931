import type { ColumnType, Generated } from 'kysely'

/** A real-name feed post; counters and rank are kept by the writes that change them (services/feed). */
export interface FeedPostTable {
  id: Generated<string>
  authorId: string
  body: string
  isReshare: Generated<boolean>
  /** The original of a reshare; null again when that original is deleted (is_reshare stays true). */
  reshareOfId: string | null
  createdAt: Date
  editedAt: Date | null
  likeCount: Generated<number>
  commentCount: Generated<number>
  reshareCount: Generated<number>
  /** Comments ever written on it: the last comment's `seq`. */
  commentSeq: Generated<number>
  /** rankScore (shared/src/feed/rank.ts): the home feed's order, independent of the time of reading. */
  rank: number
  /** Set by a moderator (issue 11): hidden or removed, with its reason shown in its place. */
  moderation: ColumnType<'hidden' | 'removed' | null, 'hidden' | 'removed' | null | undefined, 'hidden' | 'removed' | null>
  moderationReason: ColumnType<string | null, string | null | undefined, string | null>
}

/** An image of a post, re-encoded (pixels only); `postId` null until a post takes it. */
export interface FeedImageTable {
  id: Generated<string>
  ownerId: string
  postId: string | null
  position: Generated<number>
  data: Buffer
  mediaType: string
  width: number
  height: number
  createdAt: Date
}

export interface FeedLikeTable {
  postId: string
  accountId: string
  createdAt: Date
}

export interface FeedCommentTable {
  id: Generated<string>
  postId: string
  authorId: string
  parentId: string | null
  body: string
  /** Its order on the post (the post's commentSeq when it was written). */
  seq: number
  createdAt: Date
  editedAt: ColumnType<Date | null, Date | null | undefined, Date | null>
  /** Set by a moderator (issue 11): hidden or removed, with its reason shown in its place. */
  moderation: ColumnType<'hidden' | 'removed' | null, 'hidden' | 'removed' | null | undefined, 'hidden' | 'removed' | null>
  moderationReason: ColumnType<string | null, string | null | undefined, string | null>
}

export type PartialDB = { feedPost: FeedPostTable; feedImage: FeedImageTable; feedLike: FeedLikeTable; feedComment: FeedCommentTable }
