import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ConfirmTotp, DisableTotp, RecoveryCodes, TotpEnrolment, TotpStatus } from '../../../../shared/src/api/account-extras.js'
import { NoContent } from '../../../../shared/src/api/common.js'
import type { AppContext } from '../../context.js'
import { sessionOf } from '../../http/auth.js'
import { problems, SESSION_SECURITY } from '../../http/schema-helpers.js'
import { checkPassword } from '../../services/accounts/accounts.js'
import { checkSecondFactor, confirmEnrolment, disableTotp, startEnrolment, totpEnabled } from '../../services/totp/totp.js'

export function totpRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/me/totp',
      { schema: { tags: ['accounts'], summary: 'Whether two-step sign-in is on', security: SESSION_SECURITY, response: { 200: TotpStatus, ...problems(401) } } },
      async (req) => ({ enabled: await totpEnabled(ctx, sessionOf(req).accountId) }),
    )

    app.post(
      '/me/totp',
      {
        // A secret shown once: never compressed (http/compression.ts, BREACH).
        compress: false,
        schema: {
          tags: ['accounts'],
          summary: 'Start setting up two-step sign-in',
          description: 'A new TOTP secret (RFC 6238: SHA-1, 6 digits, 30 s), pending until POST /me/totp/confirm. 409 `totp_enabled` when it is already on.',
          security: SESSION_SECURITY,
          response: { 200: TotpEnrolment, ...problems(401, 409) },
        },
      },
      async (req) => startEnrolment(ctx, sessionOf(req).accountId),
    )

    app.post(
      '/me/totp/confirm',
      {
        // Recovery codes shown once: never compressed (http/compression.ts, BREACH).
        compress: false,
        schema: {
          tags: ['accounts'],
          summary: 'Turn two-step sign-in on with a first code',
          description:
            'Answers the 10 recovery codes, once (only their HMACs are kept). 400 `bad_code`; 409 `totp_not_pending` without a started set-up; 429 `too_many_attempts` after 5 wrong codes in 15 minutes.',
          security: SESSION_SECURITY,
          body: ConfirmTotp,
          response: { 200: RecoveryCodes, ...problems(400, 401, 409, 429) },
        },
      },
      async (req) => ({ recoveryCodes: await confirmEnrolment(ctx, sessionOf(req).accountId, req.body.code) }),
    )

    app.delete(
      '/me/totp',
      {
        schema: {
          tags: ['accounts'],
          summary: 'Turn two-step sign-in off',
          description: 'Needs the password and a current code (or a recovery code). 401 `bad_credentials`; 400 `bad_code`; 409 `totp_not_enabled`.',
          security: SESSION_SECURITY,
          body: DisableTotp,
          response: { 204: NoContent, ...problems(400, 401, 409, 429) },
        },
      },
      async (req, reply) => {
        const { accountId } = sessionOf(req)
        await checkPassword(ctx, accountId, req.body.password)
        await checkSecondFactor(ctx, accountId, req.body.code)
        await disableTotp(ctx, accountId)
        return reply.code(204).send(null)
      },
    )
  }
}
