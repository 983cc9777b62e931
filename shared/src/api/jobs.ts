import { Type, type Static } from '@sinclair/typebox'
import { JOBS } from './limits.js'

/** Jobs (DESIGN §5b, issue 10): posted by a company's representatives, real-name on both sides. */
export const Workplace = Type.Union([Type.Literal('remote'), Type.Literal('hybrid'), Type.Literal('onsite')])
export type Workplace = Static<typeof Workplace>
export const APPLICATION_STATUSES = ['new', 'reviewing', 'interview', 'offer', 'rejected'] as const
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number] | 'withdrawn'
export const ApplicationStatusSchema = Type.Union(APPLICATION_STATUSES.map((s) => Type.Literal(s)))

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max, pattern: '\\S' })
const Money = Type.Integer({ minimum: 0, maximum: 1_000_000_000_000 })
const Day = Type.String({ format: 'date', description: 'YYYY-MM-DD' })

export const CreateJob = Type.Object(
  {
    companySlug: Type.String({ minLength: 1, maxLength: 64 }),
    title: Text(JOBS.titleLength),
    location: Text(JOBS.locationLength),
    workplace: Workplace,
    salaryMin: Type.Optional(Money),
    salaryMax: Type.Optional(Money),
    currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217, required with a salary (400 `unknown_currency`).' })),
    description: Text(JOBS.descriptionLength),
    closesOn: Type.Optional(Day),
  },
  { additionalProperties: false },
)
export type CreateJob = Static<typeof CreateJob>
export const UpdateJob = Type.Object(
  {
    title: Type.Optional(Text(JOBS.titleLength)),
    location: Type.Optional(Text(JOBS.locationLength)),
    workplace: Type.Optional(Workplace),
    description: Type.Optional(Text(JOBS.descriptionLength)),
    closesOn: Type.Optional(Type.Union([Day, Type.Null()])),
    closed: Type.Optional(Type.Boolean({ description: 'true closes the job now (no more applications); false reopens it.' })),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type UpdateJob = Static<typeof UpdateJob>

export const Job = Type.Object({
  id: Type.String({ format: 'uuid' }),
  company: Type.Object({ slug: Type.String(), name: Type.String(), hasLogo: Type.Boolean() }),
  title: Type.String(),
  location: Type.String(),
  workplace: Workplace,
  salaryMin: Type.Union([Type.Integer(), Type.Null()]),
  salaryMax: Type.Union([Type.Integer(), Type.Null()]),
  currency: Type.Union([Type.String(), Type.Null()]),
  description: Type.String(),
  postedOn: Day,
  closesOn: Type.Union([Day, Type.Null()]),
  open: Type.Boolean({ description: 'Takes applications: not closed, closing date not passed.' }),
  saved: Type.Boolean({ description: 'The viewer saved it.' }),
  applied: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], { description: "The viewer's application, if any (not withdrawn)." }),
  canManage: Type.Boolean({ description: 'The viewer represents the company: may edit the job and read its applications.' }),
  applicationCount: Type.Union([Type.Integer(), Type.Null()], { description: 'For representatives only; null for everyone else.' }),
})
export type Job = Static<typeof Job>

export const JobQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  location: Type.Optional(Type.String({ maxLength: JOBS.locationLength })),
  workplace: Type.Optional(Workplace),
  salaryMin: Type.Optional(Type.Integer({ minimum: 0, description: 'Jobs whose range reaches at least this much (in their own currency; with `currency`, that currency only).' })),
  currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
  company: Type.Optional(Type.String({ maxLength: 64 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
})
export type JobQuery = Static<typeof JobQuery>
export const JobPage = Type.Object({ jobs: Type.Array(Job), nextCursor: Type.Union([Type.String(), Type.Null()]) })
export type JobPage = Static<typeof JobPage>

export const Applicant = Type.Object({ handle: Type.String(), name: Type.String(), headline: Type.String() })
export const Application = Type.Object({
  id: Type.String({ format: 'uuid' }),
  job: Type.Object({ id: Type.String({ format: 'uuid' }), title: Type.String(), company: Type.Object({ slug: Type.String(), name: Type.String() }) }),
  applicant: Applicant,
  note: Type.String(),
  hasResume: Type.Boolean({ description: 'GET /applications/{id}/resume serves it to the applicant and the company’s representatives.' }),
  status: Type.Union([ApplicationStatusSchema, Type.Literal('withdrawn')]),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
})
export type Application = Static<typeof Application>
export const ApplicationList = Type.Object({ applications: Type.Array(Application), nextCursor: Type.Union([Type.String(), Type.Null()]) })
export type ApplicationList = Static<typeof ApplicationList>
export const SetApplicationStatus = Type.Object({ status: ApplicationStatusSchema }, { additionalProperties: false })
export type SetApplicationStatus = Static<typeof SetApplicationStatus>
export const ApplicationUpload = Type.Object(
  {
    note: Type.Optional(Type.String({ maxLength: JOBS.noteLength })),
    resume: Type.Optional(Type.String({ format: 'binary', description: `A PDF, at most ${JOBS.resumeMaxBytes / 1024 / 1024} MB (413 over; 415 \`not_a_pdf\` when its bytes are not a PDF's).` })),
  },
  { description: 'multipart/form-data' },
)

export const JobAlert = Type.Object({
  id: Type.String({ format: 'uuid' }),
  q: Type.String(),
  location: Type.String(),
  workplace: Type.Union([Workplace, Type.Null()]),
  salaryMin: Type.Union([Type.Integer(), Type.Null()]),
  currency: Type.Union([Type.String(), Type.Null()]),
  mail: Type.Boolean({ description: 'Also by e-mail (in-app always).' }),
})
export type JobAlert = Static<typeof JobAlert>
export const CreateJobAlert = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200 })),
    location: Type.Optional(Type.String({ maxLength: JOBS.locationLength })),
    workplace: Type.Optional(Workplace),
    salaryMin: Type.Optional(Type.Integer({ minimum: 0 })),
    currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
    mail: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)
export type CreateJobAlert = Static<typeof CreateJobAlert>

export const Referrer = Type.Object({ handle: Type.String(), name: Type.String(), headline: Type.String() })
export const ReferrerList = Type.Object({ referrers: Type.Array(Referrer), asked: Type.Array(Type.String(), { description: 'Handles the viewer already asked for this job.' }) })
export const AskReferral = Type.Object({ handle: Type.String({ minLength: 1, maxLength: 64 }), note: Text(JOBS.referralNoteLength) }, { additionalProperties: false })
export type AskReferral = Static<typeof AskReferral>
