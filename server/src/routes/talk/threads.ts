import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { ThreadDetail, ThreadList, ThreadListQuery } from '../../../../shared/src/api/talk.js'
import type { AppContext } from '../../context.js'
import { sessionOf } from '../../http/auth.js'
import { problems, SESSION_SECURITY } from '../../http/schema-helpers.js'
import * as reading from '../../services/talk/reading.js'
import * as views from '../../views/talk.js'

const Id = Type.Object({ id: Type.String({ format: 'uuid' }) })

/**
 * Reading Work Talk, with a session (verified members). The anonymous writes are not here: they
 * live in the sealed anonymous module (server/src/anon/), in a scope without sessions.
 */
export function talkThreadRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/talk/threads',
      {
        schema: {
          tags: ['talk'],
          summary: 'List threads',
          description: 'For verified members (current or former). `new`: newest first; `hot`: most recent activity first. Keyset pagination with `nextCursor`. A thread whose posts were all deleted is not listed.',
          security: SESSION_SECURITY,
          querystring: ThreadListQuery,
          response: { 200: ThreadList, ...problems(400, 401, 403) },
        },
      },
      async (req) => {
        const { accountId } = sessionOf(req)
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
          description: 'A deleted opening post leaves its thread with an empty title and a placeholder; a thread with no post left answers 404.',
          security: SESSION_SECURITY,
          params: Id,
          response: { 200: ThreadDetail, ...problems(401, 403, 404) },
        },
      },
      async (req) => {
        const { accountId } = sessionOf(req)
        await reading.requireVerifiedReader(ctx, accountId)
        const { thread, posts: rows } = await reading.getThread(ctx, req.params.id)
        const opening = rows.find((p) => p.isOpening)!
        return { thread: views.threadSummary(thread, opening), posts: rows.map(views.post) }
      },
    )
  }
}
