import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { InterviewPage, RespondToReview, ReviewPage, ReviewQuery, ReviewResponse, SalaryCells } from '../../../../shared/src/api/company-reviews.js'
import { NoContent } from '../../../../shared/src/api/common.js'
import { SALARIES } from '../../../../shared/src/api/limits.js'
import type { AppContext } from '../../context.js'
import { sessionOf } from '../../http/auth.js'
import { problems, SESSION_SECURITY } from '../../http/schema-helpers.js'
import * as records from '../../services/companies/records.js'

const SlugParam = Type.Object({ slug: Type.String({ maxLength: 64 }) })
const ReviewParams = Type.Object({ slug: Type.String({ maxLength: 64 }), id: Type.String({ format: 'uuid' }) })

/**
 * Reading reviews, salaries and interview reports, and answering reviews (session side). Writing
 * them is anonymous (anon/routes/records.ts): the same paths' POSTs live in the sealed module.
 */
export function companyRecordRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/companies/:slug/reviews',
      {
        schema: {
          tags: ['companies'],
          summary: "A company's reviews, their summary and trend",
          security: SESSION_SECURITY,
          params: SlugParam,
          querystring: ReviewQuery,
          response: { 200: ReviewPage, ...problems(400, 401, 404) },
        },
      },
      async (req) => records.listReviews(ctx, sessionOf(req).accountId, req.params.slug, req.query),
    )

    app.post(
      '/companies/:slug/reviews/:id/response',
      {
        schema: {
          tags: ['companies'],
          summary: 'Answer a review in the company’s name (representatives)',
          description: 'One public response per review, shown as "Response from {company}" with the representative\'s name; a second replaces it (200). 403 `not_representative`.',
          security: SESSION_SECURITY,
          params: ReviewParams,
          body: RespondToReview,
          response: { 200: ReviewResponse, 201: ReviewResponse, ...problems(400, 401, 403, 404) },
        },
      },
      async (req, reply) => {
        const r = await records.respondToReview(ctx, sessionOf(req).accountId, req.params.slug, req.params.id, req.body.body)
        return reply.code(r.created ? 201 : 200).send(r.response!)
      },
    )

    app.delete(
      '/companies/:slug/reviews/:id/response',
      {
        schema: {
          tags: ['companies'],
          summary: 'Withdraw the company’s response to a review (representatives)',
          security: SESSION_SECURITY,
          params: ReviewParams,
          response: { 204: NoContent, ...problems(401, 403, 404) },
        },
      },
      async (req, reply) => {
        await records.deleteResponse(ctx, sessionOf(req).accountId, req.params.slug, req.params.id)
        return reply.code(204).send(null)
      },
    )

    app.get(
      '/companies/:slug/salaries',
      {
        schema: {
          tags: ['companies'],
          summary: "A company's salaries, in cells of at least five reports",
          description: `Per (title family, location, currency): the count and, from ${SALARIES.minReports} reports on, the 25th percentile, median and 75th percentile of base pay and the median of total pay. Recomputed once a day, not on each report.`,
          security: SESSION_SECURITY,
          params: SlugParam,
          response: { 200: SalaryCells, ...problems(401, 404) },
        },
      },
      async (req) => records.salaryCells(ctx, req.params.slug),
    )

    app.get(
      '/companies/:slug/interviews',
      {
        schema: {
          tags: ['companies'],
          summary: "Interview reports about a company",
          security: SESSION_SECURITY,
          params: SlugParam,
          querystring: Type.Object({ cursor: Type.Optional(Type.String({ maxLength: 200 })) }),
          response: { 200: InterviewPage, ...problems(400, 401, 404) },
        },
      },
      async (req) => records.listInterviews(ctx, req.params.slug, req.query.cursor),
    )
  }
}
