import { Type, type Static } from '@sinclair/typebox'
import { LIMITS } from './limits.js'

const Uuid = Type.String({ format: 'uuid' })
export const CompanyRef = Type.Object({ slug: Type.String(), name: Type.String() })

export const StartEmailVerification = Type.Object(
  { email: Type.String({ format: 'email', maxLength: LIMITS.emailLength, description: 'The work address; it is never stored, only an HMAC of it.' }) },
  { additionalProperties: false },
)
export type StartEmailVerification = Static<typeof StartEmailVerification>
export const EmailVerificationStarted = Type.Object({ verificationId: Uuid })

export const ConfirmEmailVerification = Type.Object(
  { verificationId: Uuid, code: Type.String({ pattern: '^[0-9]{6}$', description: 'The 6-digit code from the mail.' }) },
  { additionalProperties: false },
)
export type ConfirmEmailVerification = Static<typeof ConfirmEmailVerification>
export const EmailVerificationConfirmed = Type.Object({ company: CompanyRef })

export const EmploymentStatus = Type.Union([Type.Literal('current'), Type.Literal('former')])
export const MyEmployment = Type.Object({
  id: Uuid,
  company: CompanyRef,
  method: Type.Union([Type.Literal('email'), Type.Literal('badge')]),
  verifiedAt: Type.String({ format: 'date', description: 'The day of verification (day granularity on purpose).' }),
  expiresOn: Type.String({ format: 'date' }),
  status: EmploymentStatus,
  showOnProfile: Type.Boolean(),
  acceptsReferrals: Type.Boolean({ description: 'Takes referral requests for this company’s jobs.' }),
  waitingFor: Type.Optional(
    Type.Union([CompanyRef, Type.Null()], {
      description: 'The company was made for a new e-mail domain whose name matches this one: an admin confirms whether they are the same (then the two are merged).',
    }),
  ),
})
export type MyEmployment = Static<typeof MyEmployment>

export const UpdateEmployment = Type.Object(
  {
    showOnProfile: Type.Optional(Type.Boolean()),
    acceptsReferrals: Type.Optional(Type.Boolean({ description: "Take referral requests for this company's jobs (a current employment only; real-name messages)." })),
  },
  { additionalProperties: false, minProperties: 1 },
)

export const BadgeStatus = Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected'), Type.Literal('expired')])
export const BadgeUpload = Type.Object(
  {
    photo: Type.String({ format: 'binary', description: 'JPEG, PNG or WebP, at most 8 MB.' }),
    companyName: Type.String({ minLength: 1, maxLength: LIMITS.entryTextLength }),
    companyDomain: Type.Optional(Type.String({ maxLength: 253, description: "The company's web domain, if it has one (helps the reviewer)." })),
  },
  { description: 'multipart/form-data' },
)
export const BadgeSubmitted = Type.Object({ submissionId: Uuid, status: BadgeStatus })
export const MySubmission = Type.Object({
  id: Uuid,
  companyName: Type.String(),
  status: BadgeStatus,
  reason: Type.Union([Type.String(), Type.Null()]),
  submittedAt: Type.String({ format: 'date-time' }),
  decidedOn: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  companySlug: Type.Union([Type.String(), Type.Null()]),
  hasPhoto: Type.Boolean({ description: 'false once the photo is deleted (on decision, or after 7 days).' }),
})
export type MySubmission = Static<typeof MySubmission>
export const MySubmissions = Type.Object({ submissions: Type.Array(MySubmission) })

export const QueuedSubmission = Type.Object({
  id: Uuid,
  companyName: Type.String(),
  companyDomain: Type.Union([Type.String(), Type.Null()]),
  submittedAt: Type.String({ format: 'date-time' }),
  member: Type.Object({ name: Type.String(), handle: Type.String() }),
})
export type QueuedSubmission = Static<typeof QueuedSubmission>
export const ReviewQueue = Type.Object({ submissions: Type.Array(QueuedSubmission) })
export const ApproveBadge = Type.Object(
  {
    companySlug: Type.Optional(Type.String({ description: 'An existing company; left out: the company the member named (created if new).' })),
    createCompany: Type.Optional(
      Type.Boolean({ description: 'Without companySlug: make a new company even though similar ones exist (otherwise 409 near_matches lists them). A company of the very same name, or owning the domain, is used, never duplicated.' }),
    ),
  },
  { additionalProperties: false },
)
export type ApproveBadge = Static<typeof ApproveBadge>
export const CompanyChoices = Type.Object({
  companies: Type.Array(
    Type.Object({
      slug: Type.String(),
      name: Type.String(),
      domains: Type.Array(Type.String()),
      reason: Type.Union([Type.Literal('owns_domain'), Type.Literal('same_name'), Type.Literal('same_domain_name'), Type.Literal('similar_name'), Type.Null()]),
    }),
  ),
})
export type CompanyChoices = Static<typeof CompanyChoices>
export const RejectBadge = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500, pattern: '\\S' }) }, { additionalProperties: false })
export const BadgeDecided = Type.Object({ company: Type.Union([CompanyRef, Type.Null()]) })
