import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { SecondFactor } from '../../../../shared/src/api/account-extras.js'
import { CreateSession, SessionCreated } from '../../../../shared/src/api/accounts.js'
import { NoContent } from '../../../../shared/src/api/common.js'
import { LOGIN_THROTTLE as T } from '../../../../shared/src/api/limits.js'
import type { AppContext } from '../../context.js'
import { clearSessionCookie, sessionOf, setSessionCookie } from '../../http/auth.js'
import { endSession } from '../../services/sessions/sessions.js'
import { completeSecondFactor, signIn } from '../../services/sessions/sign-in.js'
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
            `Sets the session cookie (HttpOnly, SameSite=Lax). 401 \`bad_credentials\`. Each attempt counts before its password is checked (a success gives its count back): past ${T.perAddressAndEmail} in ${T.windowMs / 60_000} minutes for one e-mail from one address, ${T.perAddress} in ${T.windowMs / 60_000} minutes from one address, or ${T.perEmail} a minute for one e-mail from anywhere: 429 \`too_many_attempts\` with Retry-After. With two-step sign-in on, a right password answers 401 \`second_factor_required\` with a \`challenge\` (5 minutes) for POST /sessions/second-factor.`,
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

    app.post(
      '/sessions/second-factor',
      {
        config: PUBLIC,
        schema: {
          tags: ['accounts'],
          summary: 'Sign in: the second step',
          description:
            'The `challenge` of a 401 `second_factor_required` and a code from the authenticator app (or an unused recovery code, which is then spent). Sets the session cookie. 400 `bad_code` (a code is accepted once); 401 `bad_challenge` (expired, forged, or the password changed); after 5 wrong codes in 15 minutes for the account: 429 `too_many_attempts`.',
          body: SecondFactor,
          response: { 200: SessionCreated, ...problems(400, 401, 409, 429) },
        },
      },
      async (req, reply) => {
        const { account, token } = await completeSecondFactor(ctx, req.body.challenge, req.body.code, req.headers['user-agent'])
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
