import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { PasswordResetAccepted, PasswordResetConfirm, PasswordResetRequest } from '../../../../shared/src/api/account.js'
import { NoContent } from '../../../../shared/src/api/common.js'
import { PASSWORD_RESET } from '../../../../shared/src/api/limits.js'
import type { AppContext } from '../../context.js'
import { problems } from '../../http/schema-helpers.js'
import { PUBLIC } from '../../http/session-scope.js'
import { confirmPasswordReset, requestPasswordReset } from '../../services/accounts/password-reset.js'

export function passwordResetRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/password-resets',
      {
        config: PUBLIC,
        schema: {
          tags: ['accounts'],
          summary: 'Ask for a password reset link',
          description: `202 whether or not an account has this address; if one has, a single-use link valid for ${PASSWORD_RESET.tokenLifetimeMs / 60_000} minutes is mailed to it (at most ${PASSWORD_RESET.mailsPerAddressPerHour} an hour per address — past that the answer is the same and nothing is sent). More than ${PASSWORD_RESET.requestsPerIpPerHour} requests an hour from one address: 429 \`rate_limited\`.`,
          body: PasswordResetRequest,
          response: { 202: PasswordResetAccepted, ...problems(400, 429) },
        },
      },
      async (req, reply) => {
        const pending = await requestPasswordReset(ctx, req.body.email, req.ip)
        // Not awaited: the answer leaves before the link is stored and mailed (see the service).
        pending?.background.catch((err: unknown) => req.log.warn({ err: { message: (err as Error).message } }, 'a password reset link could not be stored or mailed'))
        return reply.code(202).send({ status: 'accepted' })
      },
    )

    app.post(
      '/password-resets/confirm',
      {
        config: PUBLIC,
        schema: {
          tags: ['accounts'],
          summary: 'Set a new password from a reset link',
          description:
            'Uses the link up, sets the password and ends EVERY session of the account; signs nothing in. 400 `bad_reset_token` (unknown, used, replaced or expired); 400 `validation_failed` for a password that is too short or too long, 422 `weak_password` for a common one — both leave the link and the password as they were.',
          body: PasswordResetConfirm,
          response: { 204: NoContent, ...problems(400, 422) },
        },
      },
      async (req, reply) => {
        await confirmPasswordReset(ctx, req.body.token, req.body.password)
        return reply.code(204).send(null)
      },
    )
  }
}
