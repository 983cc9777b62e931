import { Type, type Static } from '@sinclair/typebox'
import { FEED } from './limits.js'
import { ContentModeration } from './talk.js'

/**
 * The real-name feed (DESIGN §5b "feed"): posts, likes, comments, reshares, images. Bodies are
 * Work Talk's Markdown subset, stored as written; the web app renders them with the same renderer.
 */

const Uuid = Type.String({ format: 'uuid' })
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()])
const DateTime = Type.String({ format: 'date-time' })

export const FeedIdParam = Type.Object({ id: Uuid })
export const FeedHandleParam = Type.Object({ handle: Type.String({ maxLength: 64 }) })
export const FeedCursorQuery = Type.Object(
  { cursor: Type.Optional(Type.String({ maxLength: 200, description: 'nextCursor of the previous page' })) },
  { additionalProperties: false },
)

export const CreatePost = Type.Object(
  {
    body: Type.String({ maxLength: FEED.bodyLength, description: `At most ${FEED.bodyLength} characters of Markdown (Work Talk's subset). May be empty only for a reshare or a post with images.` }),
    imageIds: Type.Optional(Type.Array(Uuid, { maxItems: FEED.images.perPost, uniqueItems: true, description: `Images uploaded with POST /feed/images, at most ${FEED.images.perPost}, in the order shown.` })),
    reshareOf: Type.Optional(Type.String({ format: 'uuid', description: 'A post to reshare (a reshare of a reshare reshares its original); the body is then an optional comment.' })),
  },
  { additionalProperties: false },
)
export type CreatePost = Static<typeof CreatePost>

export const EditFeedPost = Type.Object(
  { body: Type.String({ maxLength: FEED.bodyLength, description: 'The new text; images and the reshared post stay.' }) },
  { additionalProperties: false },
)
export type EditFeedPost = Static<typeof EditFeedPost>

export const FeedAuthor = Type.Object({
  handle: Type.String(),
  name: Type.String(),
  headline: Type.String(),
  avatarUrl: Nullable(Type.String()),
})
export type FeedAuthor = Static<typeof FeedAuthor>

export const FeedImage = Type.Object({ id: Uuid, url: Type.String(), width: Type.Integer(), height: Type.Integer() })
export type FeedImage = Static<typeof FeedImage>

const PostFields = {
  id: Uuid,
  author: FeedAuthor,
  body: Type.String(),
  images: Type.Array(FeedImage),
  createdAt: DateTime,
  editedAt: Nullable(DateTime),
  likeCount: Type.Integer({ minimum: 0 }),
  commentCount: Type.Integer({ minimum: 0 }),
  reshareCount: Type.Integer({ minimum: 0 }),
  liked: Type.Boolean({ description: 'The viewer likes it.' }),
  mine: Type.Boolean({ description: 'The viewer wrote it (may edit and delete it).' }),
  moderation: ContentModeration, // hidden or removed: the body is "" and the images gone
}

/** A reshared original as shown inside the reshare (not itself a reshare). */
export const ResharedPost = Type.Object(PostFields)
export type ResharedPost = Static<typeof ResharedPost>

export const Reshare = Type.Union(
  [
    Type.Null(),
    Type.Object({ available: Type.Literal(true), post: ResharedPost }),
    Type.Object({ available: Type.Literal(false) }, { description: 'The original was deleted, or its author and the viewer have a block between them: "no longer available".' }),
  ],
  { description: 'null: not a reshare.' },
)
export type Reshare = Static<typeof Reshare>

export const FeedPost = Type.Object({ ...PostFields, reshare: Reshare })
export type FeedPost = Static<typeof FeedPost>

export const FeedPage = Type.Object({ posts: Type.Array(FeedPost), nextCursor: Nullable(Type.String()) })
export type FeedPage = Static<typeof FeedPage>

export const LikeState = Type.Object({ liked: Type.Boolean(), likeCount: Type.Integer({ minimum: 0 }) })
export type LikeState = Static<typeof LikeState>

export const CreateComment = Type.Object(
  {
    body: Type.String({ minLength: 1, maxLength: FEED.commentLength, description: `1–${FEED.commentLength} characters, not only spaces.` }),
    parentId: Type.Optional(Type.String({ format: 'uuid', description: 'A comment of the same post to reply to (one level: a reply to a reply answers its parent).' })),
  },
  { additionalProperties: false },
)
export type CreateComment = Static<typeof CreateComment>

export const EditComment = Type.Object(
  { body: Type.String({ minLength: 1, maxLength: FEED.commentLength }) },
  { additionalProperties: false },
)

export const FeedComment = Type.Object({
  id: Uuid,
  postId: Uuid,
  parentId: Nullable(Uuid),
  author: FeedAuthor,
  body: Type.String(),
  createdAt: DateTime,
  editedAt: Nullable(DateTime),
  mine: Type.Boolean(),
  canDelete: Type.Boolean({ description: 'The viewer wrote it, or wrote the post it is on.' }),
  moderation: ContentModeration, // hidden or removed: the body is "" and the images gone
})
export type FeedComment = Static<typeof FeedComment>

export const CommentPage = Type.Object({
  comments: Type.Array(FeedComment, { description: 'Oldest first, so a reply always comes after its parent.' }),
  nextCursor: Nullable(Type.String()),
})
export type CommentPage = Static<typeof CommentPage>

export const FeedImageUpload = Type.Object({ image: Type.Unsafe<unknown>({ type: 'string', format: 'binary' }) })
export const FeedImageUploaded = Type.Object({ imageId: Uuid, url: Type.String(), width: Type.Integer(), height: Type.Integer() })
export type FeedImageUploaded = Static<typeof FeedImageUploaded>
