import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { SessionIdParam, SignedInSessions } from '../../../../shared/src/api/account.js'
import { NoContent } from '../../../../shared/src/api/common.js'
import type { AppContext } from '../../context.js'
import { clearSessionCookie, sessionOf } from '../../http/auth.js'
import { problems, SESSION_SECURITY } from '../../http/schema-helpers.js'
import { endOtherSessions, endOwnSession, listSessions } from '../../services/sessions/devices.js'
import * as views from '../../views/sessions.js'

/** The member's signed-in devices (issue 9): list them, sign one out, sign out everywhere else. */
export function deviceRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/me/sessions',
      {
        schema: {
          tags: ['accounts'],
          summary: 'Signed-in devices',
          description: 'Each session with a coarse device label (from the User-Agent at sign-in), the day it was created and the day it was last used — days only, never times.',
          security: SESSION_SECURITY,
          response: { 200: SignedInSessions, ...problems(401) },
        },
      },
      async (req) => {
        const { accountId, sessionId } = sessionOf(req)
        return { sessions: (await listSessions(ctx, accountId)).map((s) => views.signedInSession(s, sessionId)) }
      },
    )

    app.delete(
      '/me/sessions/:id',
      {
        schema: {
          tags: ['accounts'],
          summary: 'Sign one device out',
          description: "404 for a session that is not the caller's. Signing out this device also clears its cookie.",
          security: SESSION_SECURITY,
          params: SessionIdParam,
          response: { 204: NoContent, ...problems(400, 401, 404) },
        },
      },
      async (req, reply) => {
        const { accountId, sessionId } = sessionOf(req)
        await endOwnSession(ctx, accountId, req.params.id)
        if (req.params.id === sessionId) clearSessionCookie(ctx, reply)
        return reply.code(204).send(null)
      },
    )

    app.delete(
      '/me/sessions',
      {
        schema: { tags: ['accounts'], summary: 'Sign out everywhere else', security: SESSION_SECURITY, response: { 204: NoContent, ...problems(401) } },
      },
      async (req, reply) => {
        const { accountId, sessionId } = sessionOf(req)
        await endOtherSessions(ctx, accountId, sessionId)
        return reply.code(204).send(null)
      },
    )
  }
}
