import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { NoContent } from '../../../../shared/src/api/common.js'
import { ApproveBadge, BadgeDecided, CompanyChoices, RejectBadge, ReviewQueue } from '../../../../shared/src/api/verifications.js'
import type { AppContext } from '../../context.js'
import { requireRole } from '../../http/auth.js'
import { companyChoices } from '../../services/companies/identity.js'
import * as badge from '../../services/verifications/badge.js'
import { problems, SESSION_SECURITY } from '../../http/schema-helpers.js'

const IdParam = Type.Object({ id: Type.String({ format: 'uuid' }) })

export function reviewRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/reviews/badges',
      { schema: { tags: ['reviews'], summary: 'Badge photos waiting (reviewers)', security: SESSION_SECURITY, response: { 200: ReviewQueue, ...problems(401, 403) } } },
      async (req, reply) => {
        await requireRole(ctx, req, 'reviewer')
        const rows = await badge.reviewQueue(ctx)
        return {
          submissions: rows.map((r) => ({
            id: r.id,
            companyName: r.companyName,
            companyDomain: r.companyDomain,
            submittedAt: r.submittedAt.toISOString(),
            member: { name: r.memberName, handle: r.memberHandle },
          })),
        }
      },
    )

    app.get(
      '/reviews/badges/:id/photo',
      {
        schema: {
          tags: ['reviews'],
          summary: 'A waiting badge photo (reviewers)',
          security: SESSION_SECURITY,
          params: IdParam,
          response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...problems(401, 403, 404) },
        },
      },
      async (req, reply) => {
        const { accountId } = await requireRole(ctx, req, 'reviewer')
        const photo = await badge.readPhoto(ctx, req.params.id, { accountId, isReviewer: true })
        return reply.header('cache-control', 'no-store').type(photo.mediaType).send(photo.data)
      },
    )

    app.get(
      '/reviews/badges/:id/companies',
      {
        schema: {
          tags: ['reviews'],
          summary: 'Companies to approve a badge into (reviewers)',
          description: 'Without `q`: the company owning the named domain and the near matches of the named company (same name, a domain of that name, a similar name). With `q`: companies found by name or domain.',
          security: SESSION_SECURITY,
          params: IdParam,
          querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 100 })) }, { additionalProperties: false }),
          response: { 200: CompanyChoices, ...problems(400, 401, 403, 404) },
        },
      },
      async (req) => {
        await requireRole(ctx, req, 'reviewer')
        const s = await badge.pendingSubmission(ctx, req.params.id)
        return { companies: await companyChoices(ctx.db, { name: s.companyName, domain: s.companyDomain }, req.query.q) }
      },
    )

    app.post(
      '/reviews/badges/:id/approve',
      {
        schema: {
          tags: ['reviews'],
          summary: 'Approve a badge (reviewers)',
          description: 'Verifies the member at the company and deletes the photo. 409 `already_decided`; 409 `near_matches` (with `matches`) when no company is named and similar ones exist; 403 `own_submission`; 422 `unknown_company`.',
          security: SESSION_SECURITY,
          params: IdParam,
          body: ApproveBadge,
          response: { 200: BadgeDecided, ...problems(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req, reply) => {
        const { accountId } = await requireRole(ctx, req, 'reviewer')
        const { company, noticeSent } = await badge.decideBadge(ctx, accountId, req.params.id, { approve: true, companySlug: req.body.companySlug ?? null, createCompany: req.body.createCompany ?? false })
        if (!noticeSent) req.log.warn('badge decision notice could not be mailed')
        return { company }
      },
    )

    app.post(
      '/reviews/badges/:id/reject',
      {
        schema: {
          tags: ['reviews'],
          summary: 'Reject a badge (reviewers)',
          description: 'The member sees the reason; the photo is deleted.',
          security: SESSION_SECURITY,
          params: IdParam,
          body: RejectBadge,
          response: { 204: NoContent, ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (req, reply) => {
        const { accountId } = await requireRole(ctx, req, 'reviewer')
        const { noticeSent } = await badge.decideBadge(ctx, accountId, req.params.id, { approve: false, reason: req.body.reason.trim() })
        if (!noticeSent) req.log.warn('badge decision notice could not be mailed')
        return reply.code(204).send(null)
      },
    )
  }
}
