import { Type, type Static } from '@sinclair/typebox'
import { LIMITS } from './limits.js'
import { EducationEntry, ExperienceEntry } from './profiles.js'

/** Account basics of issue 9: password reset, signed-in devices, the data export. */

const Email = Type.String({ format: 'email', maxLength: LIMITS.emailLength })

export const PasswordResetRequest = Type.Object({ email: Email }, { additionalProperties: false })
export type PasswordResetRequest = Static<typeof PasswordResetRequest>

export const PasswordResetAccepted = Type.Object({
  status: Type.Literal('accepted', { description: 'Always the same, whether or not an account has this address.' }),
})

export const PasswordResetConfirm = Type.Object(
  {
    token: Type.String({ minLength: 1, maxLength: 100, description: 'The token of the mailed link.' }),
    password: Type.String({
      minLength: LIMITS.passwordMinLength,
      maxLength: LIMITS.passwordMaxLength,
      description: `The new password: at least ${LIMITS.passwordMinLength} characters and not one of the most common passwords.`,
    }),
  },
  { additionalProperties: false },
)
export type PasswordResetConfirm = Static<typeof PasswordResetConfirm>

/** Coarse device labels, parsed once from the User-Agent at sign-in; the User-Agent itself is not kept. */
export const DEVICE_BROWSERS = ['chrome', 'edge', 'firefox', 'safari', 'opera', 'samsung', 'other'] as const
export const DEVICE_SYSTEMS = ['windows', 'macos', 'linux', 'android', 'ios', 'cros', 'other'] as const
export type DeviceBrowser = (typeof DEVICE_BROWSERS)[number]
export type DeviceSystem = (typeof DEVICE_SYSTEMS)[number]

export const SignedInSession = Type.Object({
  id: Type.String({ format: 'uuid' }),
  browser: Type.Union(DEVICE_BROWSERS.map((b) => Type.Literal(b))),
  os: Type.Union(DEVICE_SYSTEMS.map((o) => Type.Literal(o))),
  createdOn: Type.String({ format: 'date' }),
  lastUsedOn: Type.String({ format: 'date', description: 'A day, never a time.' }),
  current: Type.Boolean({ description: 'true for the session making this request.' }),
})
export type SignedInSession = Static<typeof SignedInSession>
export const SignedInSessions = Type.Object({ sessions: Type.Array(SignedInSession) })
export type SignedInSessions = Static<typeof SignedInSessions>

export const SessionIdParam = Type.Object({ id: Type.String({ format: 'uuid' }) })

const Day = Type.String({ format: 'date' })
const DateTime = Type.String({ format: 'date-time' })
const ExportMember = Type.Object({ handle: Type.String(), name: Type.String() })
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()])

/**
 * GET /me/export: one's own real-name data. Each top-level part comes from one section of the
 * server's export registry (server/src/services/accounts/export.ts); an area that stores more of a
 * member's data (connections, posts, messages) adds its part here and a section there. The
 * response schema is the wall: a field not named here is not sent. Work Talk has no part — the
 * server holds nothing that links a member to it.
 */
export const AccountExport = Type.Object({
  format: Type.Literal('watercooler-export/1'),
  exportedOn: Day,
  account: Type.Object({
    id: Type.String({ format: 'uuid' }),
    handle: Type.String(),
    name: Type.String(),
    email: Type.String(),
    role: Type.String(),
    createdOn: Day,
  }),
  settings: Type.Object({ language: Type.String(), profileVisibility: Type.String() }),
  profile: Type.Object({
    headline: Type.String(),
    about: Type.String(),
    location: Type.String(),
    experience: Type.Array(ExperienceEntry),
    education: Type.Array(EducationEntry),
    skills: Type.Array(Type.String()),
  }),
  employments: Type.Array(
    Type.Object({
      company: Type.Object({ slug: Type.String(), name: Type.String() }),
      method: Type.String(),
      verifiedOn: Day,
      expiresOn: Day,
      endedOn: Nullable(Day),
      status: Type.String(),
      showOnProfile: Type.Boolean(),
    }),
  ),
  badgeSubmissions: Type.Array(
    Type.Object({
      companyName: Type.String(),
      status: Type.String(),
      reason: Nullable(Type.String()),
      submittedOn: Day,
      decidedOn: Nullable(Day),
    }),
  ),
  sessions: Type.Array(Type.Object({ browser: Type.String(), os: Type.String(), createdOn: Day, lastUsedOn: Day })),
  /** The e-mail digest: the kinds mailed and the day of the last digest. */
  notificationEmail: Type.Object({ kinds: Type.Array(Type.String()), lastDigestOn: Nullable(Day) }),
  /** Connections, and invitations sent and received (ignored ones included: the member ignored them). */
  connections: Type.Array(
    Type.Object({
      member: ExportMember,
      state: Type.Union([Type.Literal('connected'), Type.Literal('invitation-sent'), Type.Literal('invitation-received')]),
      note: Nullable(Type.String()),
      since: Day,
    }),
  ),
  follows: Type.Array(
    Type.Object({
      member: Nullable(ExportMember),
      company: Nullable(Type.Object({ slug: Type.String(), name: Type.String() })),
      since: Day,
    }),
  ),
  blocks: Type.Array(Type.Object({ member: ExportMember, since: Day })),
  /** One's feed posts (reshares with the post they share), comments and likes. */
  feed: Type.Object({
    posts: Type.Array(
      Type.Object({
        id: Type.String({ format: 'uuid' }),
        body: Type.String(),
        reshareOf: Nullable(Type.String({ format: 'uuid' })),
        images: Type.Integer(),
        likes: Type.Integer(),
        comments: Type.Integer(),
        createdAt: DateTime,
        editedAt: Nullable(DateTime),
      }),
    ),
    comments: Type.Array(Type.Object({ postId: Type.String({ format: 'uuid' }), body: Type.String(), createdAt: DateTime, editedAt: Nullable(DateTime) })),
    likes: Type.Array(Type.Object({ postId: Type.String({ format: 'uuid' }), on: Day })),
  }),
  /** The companies one represents (issue 10), and since when. */
  representing: Type.Array(Type.Object({ company: Type.Object({ slug: Type.String(), name: Type.String() }), since: Day })),
  /** Every conversation one is in, with all its messages (others' too: one received them). */
  conversations: Type.Array(
    Type.Object({
      id: Type.String({ format: 'uuid' }),
      group: Type.Boolean(),
      state: Type.String(),
      members: Type.Array(ExportMember),
      messages: Type.Array(Type.Object({ from: Nullable(Type.String()), body: Type.String(), sentAt: DateTime })),
    }),
  ),
})
export type AccountExport = Static<typeof AccountExport>
