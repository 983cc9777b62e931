import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { NoContent } from '../../../../shared/src/api/common.js'
import { CommentPage, CreateComment, EditComment, FeedComment, FeedCursorQuery, FeedIdParam } from '../../../../shared/src/api/feed.js'
import { FEED } from '../../../../shared/src/api/limits.js'
import type { AppContext } from '../../context.js'
import { sessionOf } from '../../http/auth.js'
import { problems, SESSION_SECURITY } from '../../http/schema-helpers.js'
import { addComment, deleteComment, editComment, listComments } from '../../services/feed/comments.js'

const tags = ['feed']

export function feedCommentRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/feed/posts/:id/comments',
      {
        schema: {
          tags,
          summary: 'Comment on a post, or reply to a comment',
          description: `\`body\`: 1–${FEED.commentLength} characters; \`parentId\`: a comment of the same post (one level of replies). 404 for a post or comment one may not see.`,
          security: SESSION_SECURITY,
          params: FeedIdParam,
          body: CreateComment,
          response: { 201: FeedComment, ...problems(400, 401, 404) },
        },
      },
      async (req, reply) => reply.code(201).send(await addComment(ctx, sessionOf(req).accountId, req.params.id, req.body)),
    )

    app.get(
      '/feed/posts/:id/comments',
      {
        schema: {
          tags,
          summary: 'A post’s comments',
          description: `Oldest first, ${FEED.commentsPerPage} a page; none across a block. 404.`,
          security: SESSION_SECURITY,
          params: FeedIdParam,
          querystring: FeedCursorQuery,
          response: { 200: CommentPage, ...problems(400, 401, 404) },
        },
      },
      async (req) => listComments(ctx, sessionOf(req).accountId, req.params.id, req.query.cursor),
    )

    app.patch(
      '/feed/comments/:id',
      {
        schema: { tags, summary: 'Edit one’s comment', description: '403 `not_owner` for another’s; 404.', security: SESSION_SECURITY, params: FeedIdParam, body: EditComment, response: { 200: FeedComment, ...problems(400, 401, 403, 404) } },
      },
      async (req) => editComment(ctx, sessionOf(req).accountId, req.params.id, req.body.body),
    )

    app.delete(
      '/feed/comments/:id',
      {
        schema: {
          tags,
          summary: 'Delete a comment',
          description: 'Its author, or the author of the post it is on; its replies go with it. 403 `not_owner`; 404.',
          security: SESSION_SECURITY,
          params: FeedIdParam,
          response: { 204: NoContent, ...problems(400, 401, 403, 404) },
        },
      },
      async (req, reply) => {
        await deleteComment(ctx, sessionOf(req).accountId, req.params.id)
        return reply.code(204).send(null)
      },
    )
  }
}
