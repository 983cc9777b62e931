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
})
export type MyEmployment = Static<typeof MyEmployment>

export const UpdateEmployment = Type.Object({ showOnProfile: Type.Boolean() }, { additionalProperties: false })

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
  { companySlug: Type.Optional(Type.String({ description: 'An existing company; left out: the company the member named (created if new).' })) },
  { additionalProperties: false },
)
export type ApproveBadge = Static<typeof ApproveBadge>
export const RejectBadge = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500, pattern: '\\S' }) }, { additionalProperties: false })
export const BadgeDecided = Type.Object({ company: Type.Union([CompanyRef, Type.Null()]) })
