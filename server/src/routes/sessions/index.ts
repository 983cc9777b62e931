import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { CreateSession, SessionCreated } from '../../../../shared/src/api/accounts.js'
import { NoContent } from '../../../../shared/src/api/common.js'
import type { AppContext } from '../../context.js'
import { clearSessionCookie, sessionOf, setSessionCookie } from '../../http/auth.js'
import { endSession } from '../../services/sessions/sessions.js'
import { signIn } from '../../services/sessions/sign-in.js'
import { problems, SESSION_SECURITY } from '../../http/schema-helpers.js'
import { PUBLIC } from '../../http/session-scope.js'

export function sessionRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/sessions',
      {
        config: PUBLIC,
        schema: {
          tags: ['accounts'],
          summary: 'Sign in',
          description:
            'Sets the session cookie (HttpOnly, SameSite=Lax). 401 `bad_credentials`. After 10 failures in 15 minutes for one e-mail or one address: 429 `too_many_attempts` with Retry-After.',
          body: CreateSession,
          response: { 200: SessionCreated, ...problems(400, 401, 429) },
        },
      },
      async (req, reply) => {
        const { account, token } = await signIn(ctx, req.body.email, req.body.password, req.ip, req.headers['user-agent'])
        setSessionCookie(ctx, reply, token)
        return account
      },
    )

    app.delete(
      '/sessions/current',
      { schema: { tags: ['accounts'], summary: 'Sign out', security: SESSION_SECURITY, response: { 204: NoContent, ...problems(401) } } },
      async (req, reply) => {
        const { sessionId } = sessionOf(req)
        await endSession(ctx, sessionId)
        clearSessionCookie(ctx, reply)
        return reply.code(204).send(null)
      },
    )
  }
}
