import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import multipart from '@fastify/multipart'
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
import { AppError, ValidationError } from '../../errors.js'
import type { FastifyRequest } from 'fastify'
import { requireSession } from '../../http/auth.js'
import * as badge from '../../services/verifications/badge.js'
import * as email from '../../services/verifications/email.js'
import { endEmployment, setShowOnProfile } from '../../services/verifications/employments.js'
import { problems, SESSION_SECURITY } from '../schema-helpers.js'

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
        const { accountId } = await requireSession(ctx, req, reply)
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
        const { accountId } = await requireSession(ctx, req, reply)
        return { company: await email.confirmEmailVerification(ctx, accountId, req.body.verificationId, req.body.code) }
      },
    )

    // Multipart is parsed only here: every other route accepts JSON alone.
    await app.register(async (upload) => {
      await upload.register(multipart, { limits: { fileSize: BADGE.maxBytes, files: 1, fields: 5, parts: 6 } })
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
          validatorCompiler: () => (body) => ({ value: body }), // multipart: checked by readBadgeUpload below
        },
        async (req, reply) => {
          const { accountId } = await requireSession(ctx, req, reply)
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
        const { accountId } = await requireSession(ctx, req, reply)
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
        const { accountId } = await requireSession(ctx, req, reply)
        const photo = await badge.readPhoto(ctx, req.params.id, { accountId, isReviewer: false })
        return reply.header('cache-control', 'no-store').type(photo.mediaType).send(photo.data)
      },
    )

    app.patch(
      '/me/employments/:id',
      {
        schema: { tags: ['verification'], summary: 'Show or hide an employment on the profile', security: SESSION_SECURITY, params: IdParam, body: UpdateEmployment, response: { 204: NoContent, ...problems(400, 401, 404) } },
      },
      async (req, reply) => {
        const { accountId } = await requireSession(ctx, req, reply)
        await setShowOnProfile(ctx, accountId, req.params.id, req.body.showOnProfile)
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
        const { accountId } = await requireSession(ctx, req, reply)
        await endEmployment(ctx, accountId, req.params.id)
        return reply.code(204).send(null)
      },
    )
  }
}

class MalformedMultipartError extends AppError {
  override name = 'MalformedMultipartError'
  constructor() {
    super(400, 'malformed_multipart', 'Malformed upload', 'The multipart/form-data body could not be read.')
  }
}

/** Reads the upload's parts and checks them by hand (multipart bodies bypass the JSON validator). */
async function readBadgeUpload(req: FastifyRequest): Promise<{ photo: Buffer; companyName: string; companyDomain: string | null }> {
  const fields: Record<string, string> = {}
  let photo: Buffer | null = null
  const errors: { field: string; message: string }[] = []
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        if (part.fieldname === 'photo') photo = await part.toBuffer()
        else {
          await part.toBuffer()
          errors.push({ field: `/${part.fieldname}`, message: 'is not a known field' })
        }
      } else fields[part.fieldname] = String(part.value)
    }
  } catch (err) {
    // Limits (file too large, too many parts) carry Fastify codes and map to their own problems;
    // anything else the parser throws means the body itself is broken.
    if (err instanceof AppError || (err as { code?: string }).code?.startsWith('FST_')) throw err
    throw new MalformedMultipartError()
  }
  if (!photo) errors.push({ field: '/photo', message: 'must be a file' })
  const text = (name: string, max: number, required: boolean) => {
    const v = (fields[name] ?? '').trim()
    if (required && !v) errors.push({ field: `/${name}`, message: 'is required' })
    if (v.length > max || !v.isWellFormed() || v.includes('\u0000')) errors.push({ field: `/${name}`, message: `must be at most ${max} characters of text` })
    return v
  }
  const companyName = text('companyName', LIMITS.entryTextLength, true)
  const companyDomain = text('companyDomain', 253, false).toLowerCase()
  if (companyDomain && !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(companyDomain)) errors.push({ field: '/companyDomain', message: 'must be a domain like example.com' })
  for (const k of Object.keys(fields)) if (!['companyName', 'companyDomain'].includes(k)) errors.push({ field: `/${k}`, message: 'is not a known field' })
  if (errors.length) throw new ValidationError(errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors)
  return { photo: photo!, companyName, companyDomain: companyDomain || null }
}
