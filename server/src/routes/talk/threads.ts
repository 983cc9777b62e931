import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { NoContent } from '../../../../shared/src/api/common.js'
import {
  CreateReply,
  CreateThread,
  DeletePost,
  EditPost,
  ReplyCreated,
  ThreadCreated,
  ThreadDetail,
  ThreadList,
  ThreadListQuery,
} from '../../../../shared/src/api/talk.js'
import type { AppContext } from '../../context.js'
import { requireSession } from '../../http/auth.js'
import { ANONYMOUS } from '../../http/anonymous.js'
import * as posts from '../../services/talk/posts.js'
import * as reading from '../../services/talk/reading.js'
import * as views from '../../views/talk.js'
import { problems, SESSION_SECURITY } from '../schema-helpers.js'

const Id = Type.Object({ id: Type.String({ format: 'uuid' }) })
const SIGNED = `The \`author\` signature (Ed25519, the per-thread pseudonym key) covers the UTF-8 bytes of JSON.stringify(["watercooler/v1/post", threadId or null, title or "", body, label, token.message]).`
const NO_SESSION = 'Anonymous: no session is read even if a cookie is sent, and nothing about the request (address, user agent, cookies, body) is logged or stored.'

export function talkThreadRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/talk/threads',
      {
        config: ANONYMOUS,
        schema: {
          tags: ['talk'],
          summary: 'Open a thread (anonymous)',
          description: `${NO_SESSION} ${SIGNED} The body and signature are checked before the token, so a refused post does not spend it. 409 \`token_spent\`; 403 \`invalid_token\`; 400 \`bad_author_signature\`.`,
          body: CreateThread,
          response: { 201: ThreadCreated, ...problems(400, 403, 409) },
        },
      },
      async (req, reply) => reply.code(201).send(await posts.createThread(ctx, req.body)),
    )

    app.post(
      '/talk/threads/:id/posts',
      {
        config: ANONYMOUS,
        schema: {
          tags: ['talk'],
          summary: 'Reply in a thread (anonymous)',
          description: `${NO_SESSION} ${SIGNED} The same key in one thread keeps its tag (OP, #2, …).`,
          params: Id,
          body: CreateReply,
          response: { 201: ReplyCreated, ...problems(400, 403, 404, 409) },
        },
      },
      async (req, reply) => reply.code(201).send(await posts.createReply(ctx, req.params.id, req.body)),
    )

    app.put(
      '/talk/posts/:id',
      {
        config: ANONYMOUS,
        schema: {
          tags: ['talk'],
          summary: 'Edit a post (by its pseudonym key)',
          description: `${NO_SESSION} \`author\` signs JSON.stringify(["watercooler/v1/edit", postId, revision, title, body]) where revision is the post's current revision (409 \`revision_conflict\` otherwise) and title is the new thread title for an opening post, "" for a reply. 403 \`not_author\`.`,
          params: Id,
          body: EditPost,
          response: { 204: NoContent, ...problems(400, 403, 404, 409) },
        },
      },
      async (req, reply) => {
        await posts.editPost(ctx, req.params.id, req.body)
        return reply.code(204).send(null)
      },
    )

    app.delete(
      '/talk/posts/:id',
      {
        config: ANONYMOUS,
        schema: {
          tags: ['talk'],
          summary: 'Delete a post (by its pseudonym key)',
          description: `${NO_SESSION} \`author\` signs JSON.stringify(["watercooler/v1/delete", postId, revision]). The text is removed for good; a placeholder keeps the thread readable.`,
          params: Id,
          body: DeletePost,
          response: { 204: NoContent, ...problems(400, 403, 404, 409) },
        },
      },
      async (req, reply) => {
        await posts.deletePost(ctx, req.params.id, req.body)
        return reply.code(204).send(null)
      },
    )

    app.get(
      '/talk/threads',
      {
        schema: {
          tags: ['talk'],
          summary: 'List threads',
          description: 'For verified members (current or former). `new`: newest first; `hot`: most recent activity first. Keyset pagination with `nextCursor`.',
          security: SESSION_SECURITY,
          querystring: ThreadListQuery,
          response: { 200: ThreadList, ...problems(400, 401, 403) },
        },
      },
      async (req, reply) => {
        const { accountId } = await requireSession(ctx, req, reply)
        await reading.requireVerifiedReader(ctx, accountId)
        const { rows, nextCursor } = await reading.listThreads(ctx, req.query)
        return { threads: rows.map((r) => views.threadSummary(r, r)), nextCursor }
      },
    )

    app.get(
      '/talk/threads/:id',
      {
        schema: {
          tags: ['talk'],
          summary: 'A thread with its posts, oldest first',
          security: SESSION_SECURITY,
          params: Id,
          response: { 200: ThreadDetail, ...problems(401, 403, 404) },
        },
      },
      async (req, reply) => {
        const { accountId } = await requireSession(ctx, req, reply)
        await reading.requireVerifiedReader(ctx, accountId)
        const { thread, posts: rows } = await reading.getThread(ctx, req.params.id)
        const opening = rows.find((p) => p.isOpening)!
        return { thread: views.threadSummary(thread, opening), posts: rows.map(views.post) }
      },
    )
  }
}
