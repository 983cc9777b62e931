import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { IssueTokens, KeyDirectory, KeyLog, TokensIssued } from '../../../../shared/src/api/talk.js'
import { TALK_TOKENS } from '../../../../shared/src/api/limits.js'
import type { AppContext } from '../../context.js'
import { ValidationError } from '../../errors.js'
import { sessionOf } from '../../http/auth.js'
import { problems, SESSION_SECURITY } from '../../http/schema-helpers.js'
import { PUBLIC } from '../../http/session-scope.js'
import { DIRECTORY_MAX_AGE_S, directoryDocument } from '../../services/talk/directory.js'
import { issueTokens } from '../../services/talk/issuance.js'
import { keyLog } from '../../services/talk/keys.js'

export function talkKeyRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/talk/keys',
      {
        config: PUBLIC,
        schema: {
          tags: ['talk'],
          summary: 'The issuer key directory',
          description: `Public, cacheable and byte-for-byte the same for every client (one document per ${DIRECTORY_MAX_AGE_S / 60} minutes, with its ETag; If-None-Match answers 304): the current epoch key of each purpose for the null company and for every company with at least MIN_ANONYMITY_SET verified members, plus the next epoch key during the last day of an epoch. Every key is in the key log (GET /talk/keys/log); clients refuse one that is not. \`anonymitySet\` counts the accounts that drew from the key.`,
          response: { 200: KeyDirectory, 304: { type: 'null', description: 'Not modified' } },
        },
      },
      async (req, reply) => {
        const doc = await directoryDocument(ctx)
        reply.header('etag', doc.etag).header('cache-control', `public, max-age=${DIRECTORY_MAX_AGE_S}`).header('connection', 'close')
        if (req.headers['if-none-match'] === doc.etag) return reply.code(304).send()
        // The stored bytes as they are (a string with a JSON type is sent unserialised).
        return reply.type('application/json; charset=utf-8').send(doc.body)
      },
    )

    app.get(
      '/talk/keys/log',
      {
        config: PUBLIC,
        schema: {
          tags: ['talk'],
          summary: 'The append-only key log',
          description:
            'Every issuer key ever made, oldest first, hash-chained: `hash` = base64url(SHA-256(UTF-8 of JSON.stringify([seq, keyId, company, purpose, epoch, prevHash]))), the first `prevHash` is "". An entry is never changed or removed. A key given to one member alone would have to appear here, where everyone sees a second key for its scope. When a company merges into another, each of its keys in service gets a retirement entry of the same shape: `keyId` `retired:<keyId>:into:<survivor>`, `purpose` `retired:<purpose>`, `company` the merged company, `epoch` the last epoch the key is listed in; its tokens pay for the survivor.',
          response: { 200: KeyLog },
        },
      },
      async (_req, reply) => {
        reply.header('cache-control', 'public, max-age=60').header('connection', 'close')
        return { entries: await keyLog(ctx) }
      },
    )

    app.post(
      '/talk/tokens',
      {
        // Its weekly quota limits it; a per-hour counter row would keep the hour of each draw (DESIGN §2).
        config: { writesPerHour: false },
        schema: {
          tags: ['talk'],
          summary: 'Blind-sign token requests',
          description: `RFC 9474 BlindSign of up to ${TALK_TOKENS.perRequest} blinded messages with the key \`keyId\`, for a member verified at its company (any verified member for the null key; former members for talk-former). Clients draw a key's whole quota in one request, at a random moment of the epoch (DESIGN §2). The server keeps only a counter per account and key: 403 \`not_verified\`, 429 \`quota_exceeded\` past the key's quota (${TALK_TOKENS.quota.talk} a week for talk keys), 400 \`invalid_blinded_message\`.`,
          security: SESSION_SECURITY,
          body: IssueTokens,
          response: { 200: TokensIssued, ...problems(400, 401, 403, 404, 429) },
        },
      },
      async (req) => {
        const { accountId } = sessionOf(req)
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
