import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { IssueTokens, KeyDirectory, TokensIssued } from '../../../../shared/src/api/talk.js'
import type { AppContext } from '../../context.js'
import { ValidationError } from '../../errors.js'
import { requireSession } from '../../http/auth.js'
import { issueTokens } from '../../services/talk/issuance.js'
import { keyDirectory } from '../../services/talk/keys.js'
import { problems, SESSION_SECURITY } from '../schema-helpers.js'

export function talkKeyRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/talk/keys',
      {
        schema: {
          tags: ['talk'],
          summary: 'The issuer key directory',
          description:
            'Public and the same for every client: the current epoch key of each purpose for the null company and for every company with at least MIN_ANONYMITY_SET verified members, plus the next epoch key during the last day of an epoch. Clients discard tokens of keys not listed here.',
          response: { 200: KeyDirectory },
        },
      },
      async () => ({ keys: await keyDirectory(ctx) }),
    )

    app.post(
      '/talk/tokens',
      {
        schema: {
          tags: ['talk'],
          summary: 'Blind-sign token requests',
          description:
            'RFC 9474 BlindSign of up to 10 blinded messages with the key `keyId`, for a member verified at its company (any verified member for the null key; former members for talk-former). The server keeps only a counter per account and key: 403 `not_verified`, 429 `quota_exceeded` past 50 per key (epoch), 400 `invalid_blinded_message`.',
          security: SESSION_SECURITY,
          body: IssueTokens,
          response: { 200: TokensIssued, ...problems(400, 401, 403, 404, 429) },
        },
      },
      async (req, reply) => {
        const { accountId } = await requireSession(ctx, req, reply)
        const blinded = req.body.blindedMessages.map((m, i) => {
          const bytes = Buffer.from(m, 'base64url')
          if (bytes.toString('base64url') !== m) throw new ValidationError(`/blindedMessages/${i}: not canonical base64url`, [{ field: `/blindedMessages/${i}`, message: 'is not canonical base64url' }])
          return bytes
        })
        const signatures = await issueTokens(ctx, accountId, req.body.keyId, blinded)
        return { blindSignatures: signatures.map((s) => Buffer.from(s).toString('base64url')) }
      },
    )
  }
}
