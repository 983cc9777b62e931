import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { NoContent } from '../../../../shared/src/api/common.js'
import {
  BadgeSubmitted,
  BadgeUpload,
  ConfirmEmailVerification,
  EmailVerificationConfirmed,
  EmailVerificationStarted,
  MySubmissions,
  StartEmailVerification,
  UpdateEmployment,
} from '../../../../shared/src/api/verifications.js'
import { BADGE, LIMITS } from '../../../../shared/src/api/limits.js'
import type { AppContext } from '../../context.js'
import type { FastifyRequest } from 'fastify'
import { sessionOf } from '../../http/auth.js'
import { acceptUploads, readUpload, UNCHECKED_BODY } from '../../http/upload.js'
import * as badge from '../../services/verifications/badge.js'
import * as email from '../../services/verifications/email.js'
import { endEmployment, updateEmployment } from '../../services/verifications/employments.js'
import { problems, SESSION_SECURITY } from '../../http/schema-helpers.js'

const IdParam = Type.Object({ id: Type.String({ format: 'uuid' }) })

export function verificationRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/verifications/email',
      {
        schema: {
          tags: ['verification'],
          summary: 'Mail a code to a work address',
          description:
            'Mails a 6-digit code (valid 30 minutes, 5 tries). 422 `free_email_domain` / `disposable_email_domain` / `bad_email_domain`; 409 `email_in_use` when the address verifies another account; 429 `rate_limited` past 5 codes an hour.',
          security: SESSION_SECURITY,
          body: StartEmailVerification,
          response: { 202: EmailVerificationStarted, ...problems(400, 401, 409, 422, 429) },
        },
      },
      async (req, reply) => {
        const { accountId } = sessionOf(req)
        const { verificationId, embeddedModeCode } = await email.startEmailVerification(ctx, accountId, req.body.email)
        if (embeddedModeCode) {
          req.log.info({ embeddedMode: true, verificationId, code: embeddedModeCode }, 'EMBEDDED MODE (no SMTP_URL): verification code, also in DATA_DIR/outbox')
        }
        return reply.code(202).send({ verificationId })
      },
    )

    app.post(
      '/verifications/email/confirm',
      {
        schema: {
          tags: ['verification'],
          summary: 'Confirm the code',
          description: 'Records the employment (the company is created on the first address at a new domain). 400 `bad_code` for a wrong, expired, used or exhausted code.',
          security: SESSION_SECURITY,
          body: ConfirmEmailVerification,
          response: { 200: EmailVerificationConfirmed, ...problems(400, 401, 404, 409) },
        },
      },
      async (req, reply) => {
        const { accountId } = sessionOf(req)
        return { company: await email.confirmEmailVerification(ctx, accountId, req.body.verificationId, req.body.code) }
      },
    )

    // Multipart is parsed only here: every other route accepts JSON alone.
    await app.register(async (upload) => {
      await acceptUploads(upload, BADGE.maxBytes)
      upload.post(
        '/verifications/badge',
        {
          schema: {
            tags: ['verification'],
            summary: 'Send a badge photo for review',
            description:
              'multipart/form-data with `photo` (JPEG, PNG or WebP, ≤ 8 MB), `companyName` and optionally `companyDomain`. The photo is re-encoded without any metadata, kept encrypted until a reviewer decides, then deleted — after 7 days in any case.',
            security: SESSION_SECURITY,
            consumes: ['multipart/form-data'],
            body: BadgeUpload,
            response: { 202: BadgeSubmitted, ...problems(400, 401, 413, 415, 429) },
          },
          ...UNCHECKED_BODY,
        },
        async (req, reply) => {
          const { accountId } = sessionOf(req)
          const input = await readBadgeUpload(req)
          const submission = await badge.submitBadge(ctx, accountId, input)
          return reply.code(202).send({ submissionId: submission.id, status: submission.status })
        },
      )
    })

    app.get(
      '/verifications/badge',
      { schema: { tags: ['verification'], summary: 'My badge submissions', security: SESSION_SECURITY, response: { 200: MySubmissions, ...problems(401) } } },
      async (req, reply) => {
        const { accountId } = sessionOf(req)
        const rows = await badge.listOwnSubmissions(ctx, accountId)
        return { submissions: rows.map((r) => ({ ...r, submittedAt: r.submittedAt.toISOString(), hasPhoto: Boolean(r.hasPhoto) })) }
      },
    )

    app.get(
      '/verifications/badge/:id/photo',
      {
        schema: {
          tags: ['verification'],
          summary: 'My badge photo, as stored',
          description: 'The re-encoded photo while it waits for review; 404 once deleted.',
          security: SESSION_SECURITY,
          params: IdParam,
          response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...problems(401, 404) },
        },
      },
      async (req, reply) => {
        const { accountId } = sessionOf(req)
        const photo = await badge.readPhoto(ctx, req.params.id, { accountId, isReviewer: false })
        return reply.header('cache-control', 'no-store').type(photo.mediaType).send(photo.data)
      },
    )

    app.patch(
      '/me/employments/:id',
      {
        schema: { tags: ['verification'], summary: 'Show or hide an employment on the profile; take referral requests for its jobs', security: SESSION_SECURITY, params: IdParam, body: UpdateEmployment, response: { 204: NoContent, ...problems(400, 401, 404) } },
      },
      async (req, reply) => {
        const { accountId } = sessionOf(req)
        await updateEmployment(ctx, accountId, req.params.id, req.body)
        return reply.code(204).send(null)
      },
    )

    app.post(
      '/me/employments/:id/leave',
      {
        schema: {
          tags: ['verification'],
          summary: 'I left this company',
          description: 'The employment becomes former (Work Talk then offers "Former employee of …"), and the work address may verify another account.',
          security: SESSION_SECURITY,
          params: IdParam,
          response: { 204: NoContent, ...problems(401, 404) },
        },
      },
      async (req, reply) => {
        const { accountId } = sessionOf(req)
        await endEmployment(ctx, accountId, req.params.id)
        return reply.code(204).send(null)
      },
    )
  }
}

/** The badge upload: a photo, the company's name and, optionally, its domain. */
async function readBadgeUpload(req: FastifyRequest): Promise<{ photo: Buffer; companyName: string; companyDomain: string | null }> {
  const upload = await readUpload(req, 'photo', ['companyName', 'companyDomain'])
  const companyName = upload.text('companyName', LIMITS.entryTextLength, true)
  const companyDomain = upload.text('companyDomain', 253, false).toLowerCase()
  if (companyDomain && !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(companyDomain)) upload.problem('/companyDomain', 'must be a domain like example.com')
  upload.done()
  return { photo: upload.file!, companyName, companyDomain: companyDomain || null }
}
