import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { NoContent } from '../../../../shared/src/api/common.js'
import { CreatePost, EditFeedPost, FeedCursorQuery, FeedHandleParam, FeedIdParam, FeedPage, FeedPost, LikeState } from '../../../../shared/src/api/feed.js'
import { FEED } from '../../../../shared/src/api/limits.js'
import type { AppContext } from '../../context.js'
import { sessionOf } from '../../http/auth.js'
import { problems, SESSION_SECURITY } from '../../http/schema-helpers.js'
import { presentPosts } from '../../services/feed/hydrate.js'
import { like, unlike } from '../../services/feed/likes.js'
import { createPost, deletePost, editPost, visiblePost } from '../../services/feed/posts.js'
import { authorPosts, homeFeed } from '../../services/feed/timeline.js'

const tags = ['feed']

/** The real-name feed (DESIGN §5b "feed"): posts, the home feed, activity pages, likes. Comments and images: comments.ts, images.ts. */
export function feedRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    const present = async (viewerId: string, postId: string) => (await presentPosts(ctx, viewerId, [await visiblePost(ctx.db, viewerId, postId)]))[0]!

    app.post(
      '/feed/posts',
      {
        schema: {
          tags,
          summary: 'Post to the feed, or reshare a post',
          description:
            `\`body\`: at most ${FEED.bodyLength} characters of Markdown; \`imageIds\`: up to ${FEED.images.perPost} uploads (POST /feed/images); ` +
            '`reshareOf`: a post to reshare, with `body` as an optional comment. 400 `empty_post`, `unknown_image`; 404 for a post one may not see; 409 `reshare_unavailable` (its original was deleted).',
          security: SESSION_SECURITY,
          body: CreatePost,
          response: { 201: FeedPost, ...problems(400, 401, 404, 409) },
        },
      },
      async (req, reply) => {
        const viewerId = sessionOf(req).accountId
        const post = await createPost(ctx, viewerId, req.body)
        return reply.code(201).send((await presentPosts(ctx, viewerId, [post]))[0]!)
      },
    )

    app.get(
      '/feed/posts/:id',
      { schema: { tags, summary: 'One post', description: '404 for an unknown post and one across a block.', security: SESSION_SECURITY, params: FeedIdParam, response: { 200: FeedPost, ...problems(400, 401, 404) } } },
      async (req) => present(sessionOf(req).accountId, req.params.id),
    )

    app.patch(
      '/feed/posts/:id',
      {
        schema: {
          tags,
          summary: 'Edit one’s post',
          description: 'Sets `editedAt`. 403 `not_owner` for another’s post; 404 for one the viewer may not see; 400 `empty_post`.',
          security: SESSION_SECURITY,
          params: FeedIdParam,
          body: EditFeedPost,
          response: { 200: FeedPost, ...problems(400, 401, 403, 404) },
        },
      },
      async (req) => {
        const viewerId = sessionOf(req).accountId
        const post = await editPost(ctx, viewerId, req.params.id, req.body)
        return (await presentPosts(ctx, viewerId, [post]))[0]!
      },
    )

    app.delete(
      '/feed/posts/:id',
      {
        schema: {
          tags,
          summary: 'Delete one’s post',
          description: 'Gone for everyone, with its comments, likes and images; reshares of it say "no longer available". 403 `not_owner`; 404.',
          security: SESSION_SECURITY,
          params: FeedIdParam,
          response: { 204: NoContent, ...problems(400, 401, 403, 404) },
        },
      },
      async (req, reply) => {
        await deletePost(ctx, sessionOf(req).accountId, req.params.id)
        return reply.code(204).send(null)
      },
    )

    app.get(
      '/feed',
      {
        schema: {
          tags,
          summary: 'The home feed',
          description: `Posts by the viewer, their connections, the members they follow and members showing a current employment at a company they follow — never across a block — ranked by recency and engagement (likes + 2·comments, halved every ${FEED.rankHalfLifeHours} hours). ${FEED.pageSize} a page, by \`cursor\`.`,
          security: SESSION_SECURITY,
          querystring: FeedCursorQuery,
          response: { 200: FeedPage, ...problems(400, 401) },
        },
      },
      async (req) => homeFeed(ctx, sessionOf(req).accountId, req.query.cursor),
    )

    app.get(
      '/users/:handle/posts',
      {
        schema: {
          tags,
          summary: 'A member’s posts (activity page)',
          description: `Newest first, ${FEED.pageSize} a page. 404 for an unknown handle and across a block.`,
          security: SESSION_SECURITY,
          params: FeedHandleParam,
          querystring: FeedCursorQuery,
          response: { 200: FeedPage, ...problems(400, 401, 404) },
        },
      },
      async (req) => authorPosts(ctx, sessionOf(req).accountId, req.params.handle, req.query.cursor),
    )

    app.post(
      '/feed/posts/:id/likes',
      {
        schema: { tags, summary: 'Like a post', description: 'One like per member and post: liking again changes nothing. 404.', security: SESSION_SECURITY, params: FeedIdParam, response: { 200: LikeState, ...problems(400, 401, 404) } },
      },
      async (req) => like(ctx, sessionOf(req).accountId, req.params.id),
    )

    app.delete(
      '/feed/posts/:id/likes',
      { schema: { tags, summary: 'Take one’s like back', description: 'No like: no change. 404.', security: SESSION_SECURITY, params: FeedIdParam, response: { 200: LikeState, ...problems(400, 401, 404) } } },
      async (req) => unlike(ctx, sessionOf(req).accountId, req.params.id),
    )
  }
}
