import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { CreateInterview, CreateReview, CreateSalary, MarkHelpful, RecordCreated } from '../../../../shared/src/api/company-reviews.js'
import { SALARIES } from '../../../../shared/src/api/limits.js'
import { problems } from '../../http/schema-helpers.js'
import type { AnonContext } from '../context.js'
import type { Accepted } from '../services/accept.js'
import { acceptHelpful, acceptInterview, acceptReview, acceptSalary } from '../services/records.js'
import { NO_SESSION, statusOf } from './reactions.js'

const MIXED = 'Checked now, stored with its mixing window (TALK_MIX_WINDOW_S): 202 means accepted and waiting (ask GET /talk/writes/{id}?record=…); 201 stored; 200 already so (the id comes from the token: a resend is the same record).'
const Slug = Type.Object({ slug: Type.String({ minLength: 1, maxLength: 64 }) })
const SlugAndId = Type.Object({ slug: Type.String({ minLength: 1, maxLength: 64 }), id: Type.String({ format: 'uuid' }) })

const idOf = (a: Accepted) => (a.state === 'existing' ? a.postId : a.write.postId)

/** Company reviews, salary reports, interview reports and helpful marks: anonymous writes about companies (DESIGN §5b, issue 10). */
export function anonymousRecordRoutes(ctx: AnonContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    const responses = { 200: RecordCreated, 201: RecordCreated, 202: RecordCreated, ...problems(400, 403, 404, 409) }
    app.post(
      '/companies/:slug/reviews',
      {
        schema: {
          tags: ['companies'],
          summary: 'Review a company (anonymous)',
          description: `${NO_SESSION} ${MIXED} Paid with a token of the company's \`review\` key of this year or last (one per person and year: a second draw is 429 \`quota_exceeded\` at POST /talk/tokens); a token of another key is 403 \`invalid_token\` (reason \`wrong_purpose\` or \`wrong_company\`).`,
          params: Slug,
          body: CreateReview,
          response: responses,
        },
      },
      async (req, reply) => {
        const a = await acceptReview(ctx, req.params.slug, req.body)
        return reply.code(statusOf(a)).send({ id: idOf(a) })
      },
    )
    app.post(
      '/companies/:slug/salaries',
      {
        schema: {
          tags: ['companies'],
          summary: 'Report a salary (anonymous)',
          description: `${NO_SESSION} ${MIXED} Paid with a token of the company's \`salary\` key. Never shown itself: the daily batch folds it into the cells of GET /companies/{slug}/salaries, which show figures from ${SALARIES.minReports} reports on. 400 \`unknown_currency\`; 400 \`validation_failed\` for a pay outside the currency's plausible range or a year out of range.`,
          params: Slug,
          body: CreateSalary,
          response: responses,
        },
      },
      async (req, reply) => {
        const a = await acceptSalary(ctx, req.params.slug, req.body)
        return reply.code(statusOf(a)).send({ id: idOf(a) })
      },
    )
    app.post(
      '/companies/:slug/interviews',
      {
        schema: {
          tags: ['companies'],
          summary: 'Report an interview (anonymous)',
          description: `${NO_SESSION} ${MIXED} Paid with a token of the null \`interview\` key (any verified member; five a year).`,
          params: Slug,
          body: CreateInterview,
          response: responses,
        },
      },
      async (req, reply) => {
        const a = await acceptInterview(ctx, req.params.slug, req.body)
        return reply.code(statusOf(a)).send({ id: idOf(a) })
      },
    )
    app.post(
      '/companies/:slug/reviews/:id/helpful',
      {
        schema: {
          tags: ['companies'],
          summary: 'Mark a review helpful (anonymous)',
          description: `${NO_SESSION} ${MIXED} A \`react\` token, and the member's key for this review signing JSON.stringify(["watercooler/v1/helpful", reviewId, token.message]): one mark per key (409 \`already_helpful\`). Ask GET /talk/writes/{reviewId}?record=helpful&voter=…&proof=….`,
          params: SlugAndId,
          body: MarkHelpful,
          response: responses,
        },
      },
      async (req, reply) => {
        const a = await acceptHelpful(ctx, req.params.slug, req.params.id, req.body)
        return reply.code(statusOf(a)).send({ id: req.params.id })
      },
    )
  }
}
