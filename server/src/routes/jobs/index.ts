import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import {
  Application,
  ApplicationList,
  ApplicationStatusSchema,
  ApplicationUpload,
  AskReferral,
  CreateJob,
  CreateJobAlert,
  Job,
  JobAlert,
  JobPage,
  JobQuery,
  ReferrerList,
  SetApplicationStatus,
  UpdateJob,
} from '../../../../shared/src/api/jobs.js'
import { NoContent } from '../../../../shared/src/api/common.js'
import { JOBS } from '../../../../shared/src/api/limits.js'
import type { AppContext } from '../../context.js'
import { NotFoundError } from '../../errors.js'
import { sessionOf } from '../../http/auth.js'
import { problems, SESSION_SECURITY } from '../../http/schema-helpers.js'
import { acceptUploads, readUpload, UNCHECKED_BODY } from '../../http/upload.js'
import * as applications from '../../services/jobs/applications.js'
import * as jobs from '../../services/jobs/jobs.js'
import { askReferral, referrersFor } from '../../services/jobs/referrals.js'
import * as saved from '../../services/jobs/saved.js'

const Id = Type.Object({ id: Type.String({ format: 'uuid' }) })
const Slug = Type.Object({ slug: Type.String({ maxLength: 64 }) })

/** Jobs, applications, saved jobs, alerts and referrals (DESIGN §5b, issue 10): all real-name, session side. */
export function jobRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/jobs',
      {
        schema: {
          tags: ['jobs'],
          summary: 'Find open jobs',
          description: 'By words (title first, then place, company and description; Chinese words too), place (part of it, case aside), workplace, pay (jobs whose range reaches `salaryMin`; with `currency`, that currency only) and company.',
          security: SESSION_SECURITY,
          querystring: JobQuery,
          response: { 200: JobPage, ...problems(400, 401) },
        },
      },
      async (req) => jobs.listJobs(ctx, sessionOf(req).accountId, req.query),
    )
    app.post(
      '/jobs',
      {
        schema: {
          tags: ['jobs'],
          summary: 'Post a job (company representatives)',
          description: `403 \`not_representative\`; 400 \`unknown_currency\`; a salary must be a plausible yearly pay in its currency, the minimum at most the maximum; closes at most ${JOBS.maxOpenDays} days after posting (the default). 429 \`too_many_jobs\` past ${JOBS.maxOpenPerCompany} open jobs.`,
          security: SESSION_SECURITY,
          body: CreateJob,
          response: { 201: Job, ...problems(400, 401, 403, 404, 429) },
        },
      },
      async (req, reply) => reply.code(201).send(await jobs.createJob(ctx, sessionOf(req).accountId, req.body)),
    )
    app.get('/jobs/:id', { schema: { tags: ['jobs'], summary: 'A job', security: SESSION_SECURITY, params: Id, response: { 200: Job, ...problems(401, 404) } } }, async (req) =>
      jobs.getJob(ctx, sessionOf(req).accountId, req.params.id),
    )
    app.patch(
      '/jobs/:id',
      { schema: { tags: ['jobs'], summary: 'Edit, close or reopen a job (representatives)', security: SESSION_SECURITY, params: Id, body: UpdateJob, response: { 200: Job, ...problems(400, 401, 403, 404) } } },
      async (req) => jobs.updateJob(ctx, sessionOf(req).accountId, req.params.id, req.body),
    )
    app.get(
      '/companies/:slug/jobs',
      { schema: { tags: ['jobs'], summary: "A company's jobs (closed ones too, for its representatives)", security: SESSION_SECURITY, params: Slug, response: { 200: JobPage, ...problems(401, 404) } } },
      async (req) => jobs.companyJobs(ctx, sessionOf(req).accountId, req.params.slug),
    )

    await app.register(async (uploads) => {
      await acceptUploads(uploads, JOBS.resumeMaxBytes)
      uploads.post(
        '/jobs/:id/applications',
        {
          ...UNCHECKED_BODY,
          schema: {
            tags: ['jobs'],
            summary: 'Apply to a job',
            description: `multipart/form-data: \`note\` (at most ${JOBS.noteLength} characters) and, if wanted, \`resume\`: a PDF of at most ${JOBS.resumeMaxBytes / 1024 / 1024} MB (413 over; 415 \`not_a_pdf\` when its bytes are not a PDF's), stored encrypted and deleted with the application. With the member's profile. 409 \`already_applied\`, 409 \`job_closed\`.`,
            security: SESSION_SECURITY,
            params: Id,
            consumes: ['multipart/form-data'],
            body: ApplicationUpload,
            response: { 201: Application, ...problems(400, 401, 404, 409, 413, 415, 429) },
          },
        },
        async (req, reply) => {
          const { id } = req.params as { id: string }
          // This route's validator is off (multipart): the id is checked here.
          if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw new NotFoundError('job')
          const upload = await readUpload(req, 'resume', ['note'], { fileOptional: true })
          const note = upload.text('note', JOBS.noteLength, false)
          upload.done()
          return reply.code(201).send(await applications.apply(ctx, sessionOf(req).accountId, id, { note, resume: upload.file }))
        },
      )
    })

    app.get('/me/applications', { schema: { tags: ['jobs'], summary: 'My applications and their status', security: SESSION_SECURITY, response: { 200: ApplicationList, ...problems(401) } } }, async (req) =>
      applications.myApplications(ctx, sessionOf(req).accountId),
    )
    app.post(
      '/applications/:id/withdraw',
      { schema: { tags: ['jobs'], summary: 'Withdraw my application (its résumé is deleted)', security: SESSION_SECURITY, params: Id, response: { 200: Application, ...problems(401, 404) } } },
      async (req) => applications.withdraw(ctx, sessionOf(req).accountId, req.params.id),
    )
    app.get(
      '/companies/:slug/applications',
      {
        schema: {
          tags: ['jobs'],
          summary: "A company's applications (representatives)",
          security: SESSION_SECURITY,
          params: Slug,
          querystring: Type.Object({ job: Type.Optional(Type.String({ format: 'uuid' })), status: Type.Optional(ApplicationStatusSchema) }),
          response: { 200: ApplicationList, ...problems(400, 401, 403, 404) },
        },
      },
      async (req) => applications.companyApplications(ctx, sessionOf(req).accountId, req.params.slug, { jobId: req.query.job, status: req.query.status }),
    )
    app.patch(
      '/applications/:id',
      {
        schema: {
          tags: ['jobs'],
          summary: "Set an application's status (representatives)",
          description: 'new, reviewing, interview, offer or rejected; the applicant sees it and is notified. 409 `withdrawn`.',
          security: SESSION_SECURITY,
          params: Id,
          body: SetApplicationStatus,
          response: { 200: Application, ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (req) => applications.setStatus(ctx, sessionOf(req).accountId, req.params.id, req.body.status),
    )
    app.get(
      '/applications/:id/resume',
      { schema: { tags: ['jobs'], summary: 'The résumé of an application (its applicant, the company’s representatives)', security: SESSION_SECURITY, params: Id, response: { 200: Type.Unknown({ description: 'application/pdf' }), ...problems(401, 404) } } },
      async (req, reply) => {
        const pdf = await applications.resumeOf(ctx, sessionOf(req).accountId, req.params.id)
        return reply.header('cache-control', 'no-store').header('content-disposition', 'attachment; filename="resume.pdf"').type('application/pdf').send(pdf)
      },
    )

    app.put('/jobs/:id/saved', { schema: { tags: ['jobs'], summary: 'Save a job', security: SESSION_SECURITY, params: Id, response: { 204: NoContent, ...problems(401, 404, 429) } } }, async (req, reply) => {
      await saved.saveJob(ctx, sessionOf(req).accountId, req.params.id)
      return reply.code(204).send(null)
    })
    app.delete('/jobs/:id/saved', { schema: { tags: ['jobs'], summary: 'Unsave a job', security: SESSION_SECURITY, params: Id, response: { 204: NoContent, ...problems(401) } } }, async (req, reply) => {
      await saved.unsaveJob(ctx, sessionOf(req).accountId, req.params.id)
      return reply.code(204).send(null)
    })
    app.get('/me/saved-jobs', { schema: { tags: ['jobs'], summary: 'My saved jobs', security: SESSION_SECURITY, response: { 200: JobPage, ...problems(401) } } }, async (req) => saved.savedJobs(ctx, sessionOf(req).accountId))

    app.get('/me/job-alerts', { schema: { tags: ['jobs'], summary: 'My job alerts', security: SESSION_SECURITY, response: { 200: Type.Object({ alerts: Type.Array(JobAlert) }), ...problems(401) } } }, async (req) => ({
      alerts: await saved.listAlerts(ctx, sessionOf(req).accountId),
    }))
    app.post(
      '/me/job-alerts',
      {
        schema: {
          tags: ['jobs'],
          summary: 'Create a job alert',
          description: `GET /jobs's filters; new matching jobs are notified in the app and, with \`mail\`, by e-mail (checked with maintenance). At most ${JOBS.alertsMax} (429 \`limit_reached\`).`,
          security: SESSION_SECURITY,
          body: CreateJobAlert,
          response: { 201: JobAlert, ...problems(400, 401, 429) },
        },
      },
      async (req, reply) => reply.code(201).send(await saved.createAlert(ctx, sessionOf(req).accountId, req.body)),
    )
    app.delete('/me/job-alerts/:id', { schema: { tags: ['jobs'], summary: 'Delete a job alert', security: SESSION_SECURITY, params: Id, response: { 204: NoContent, ...problems(401, 404) } } }, async (req, reply) => {
      await saved.deleteAlert(ctx, sessionOf(req).accountId, req.params.id)
      return reply.code(204).send(null)
    })

    app.get(
      '/jobs/:id/referrers',
      { schema: { tags: ['jobs'], summary: 'Employees who take referral requests for this job’s company', security: SESSION_SECURITY, params: Id, response: { 200: ReferrerList, ...problems(401, 404) } } },
      async (req) => referrersFor(ctx, sessionOf(req).accountId, req.params.id),
    )
    app.post(
      '/jobs/:id/referral-requests',
      {
        schema: {
          tags: ['jobs'],
          summary: 'Ask an employee for a referral (a real-name message)',
          description: `Only employees who opted in (PATCH /me/employments/{id} \`acceptsReferrals\`); at most ${JOBS.referralsPerJob} per job (429 \`limit_reached\`), one per employee (409 \`already_asked\`).`,
          security: SESSION_SECURITY,
          params: Id,
          body: AskReferral,
          response: { 201: Type.Object({ conversationId: Type.String({ format: 'uuid' }) }), ...problems(400, 401, 404, 409, 429) },
        },
      },
      async (req, reply) => reply.code(201).send(await askReferral(ctx, sessionOf(req).accountId, req.params.id, req.body)),
    )
  }
}
