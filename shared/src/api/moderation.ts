import { Type, type Static } from '@sinclair/typebox'
import { MODERATION } from './limits.js'
import { Author, Token } from './talk.js'

export { ModerationView } from './talk.js'

const Uuid = Type.String({ format: 'uuid' })

/** DESIGN §3: the reasons a report gives. */
export const REPORT_REASONS = ['harassment', 'personal_info', 'sexual', 'hate', 'spam', 'misinformation', 'illegal'] as const
export type ReportReason = (typeof REPORT_REASONS)[number]
export const ReportReasonSchema = Type.Union(
  REPORT_REASONS.map((r) => Type.Literal(r)),
  { description: 'harassment, personal_info (doxxing), sexual, hate, spam, misinformation (defamation too), illegal.' },
)

/** How soon a moderator should look: the queue's first order (then report count). */
export const SEVERITY: Record<ReportReason, number> = { illegal: 5, personal_info: 4, sexual: 4, hate: 4, harassment: 3, misinformation: 2, spam: 1 }

/** What can be reported and acted on. Work Talk posts only anonymously (POST /talk/reports). `review` and `interview`: a company review or interview report (salary reports are never shown one by one). */
export const TARGET_TYPES = ['talk_post', 'talk_thread', 'feed_post', 'feed_comment', 'message', 'profile', 'job', 'review', 'interview', 'account'] as const
export type TargetType = (typeof TARGET_TYPES)[number]
/** Content a member reports with POST /reports, signed in (reviews and interview reports too: the reporter is named, never their author — there is none stored). */
export const REAL_NAME_TARGETS = ['feed_post', 'feed_comment', 'message', 'profile', 'job', 'review', 'interview'] as const
export type RealNameTarget = (typeof REAL_NAME_TARGETS)[number]

export const TalkReport = Type.Object(
  {
    token: Token,
    postId: Uuid,
    reason: ReportReasonSchema,
    author: Author,
  },
  {
    additionalProperties: false,
    description:
      'Signed by the reporter\'s pseudonym key of the post\'s thread over JSON.stringify(["watercooler/v1/report", postId, reason, token.message]); spends a `react` token. One report per (key, post): a second is 200 with the first.',
  },
)
export type TalkReport = Static<typeof TalkReport>
export const TalkReportAccepted = Type.Object({ postId: Uuid, reason: ReportReasonSchema })

export const TalkAppeal = Type.Object(
  {
    postId: Uuid,
    body: Type.String({ minLength: 1, maxLength: MODERATION.appealLength, pattern: '\\S' }),
    author: Author,
  },
  {
    additionalProperties: false,
    description: 'Signed by the post\'s own pseudonym key over JSON.stringify(["watercooler/v1/appeal", postId, body]) — no token, no session; any device holding the recovery phrase can.',
  },
)
export type TalkAppeal = Static<typeof TalkAppeal>
export const TalkAppealAccepted = Type.Object({ appealId: Uuid, postId: Uuid })

export const RealNameReport = Type.Object(
  {
    targetType: Type.Union(REAL_NAME_TARGETS.map((t) => Type.Literal(t))),
    targetId: Type.String({ minLength: 1, maxLength: 64, description: 'The content\'s id (a profile: its handle).' }),
    reason: ReportReasonSchema,
    note: Type.Optional(Type.String({ maxLength: MODERATION.reportNoteLength })),
  },
  { additionalProperties: false },
)
export type RealNameReport = Static<typeof RealNameReport>
export const ReportFiled = Type.Object({ id: Uuid })

export const TakedownRequest = Type.Object(
  {
    contact: Type.String({ format: 'email', maxLength: 254, description: 'Where we answer.' }),
    url: Type.String({ minLength: 1, maxLength: 2000, description: "The content's link on this site." }),
    reason: ReportReasonSchema,
    details: Type.String({ minLength: 1, maxLength: MODERATION.takedownDetailsLength, pattern: '\\S' }),
  },
  { additionalProperties: false },
)
export type TakedownRequest = Static<typeof TakedownRequest>

export const QueueItem = Type.Object({
  targetType: Type.String(),
  targetId: Type.String(),
  severity: Type.Integer({ description: 'The highest of SEVERITY over its reports (5 first).' }),
  reports: Type.Integer(),
  reasons: Type.Record(Type.String(), Type.Integer(), { description: 'Reports per reason.' }),
  state: Type.Union([Type.Literal('held'), Type.Literal('hidden'), Type.Literal('removed'), Type.Literal('locked'), Type.Null()]),
  excerpt: Type.String({ description: 'The content as the reporter saw it (a message: the reporter\'s copy).' }),
  link: Type.Union([Type.String(), Type.Null()], { description: 'Where the web app shows it.' }),
  notes: Type.Array(Type.String(), { description: 'Reporters\' notes and takedown details (real-name and takedown only).' }),
  appeal: Type.Union([Type.Object({ id: Uuid, body: Type.String() }), Type.Null()]),
  since: Type.String({ format: 'date-time', description: 'The first report (or hold, or appeal) not yet decided.' }),
})
export type QueueItem = Static<typeof QueueItem>
export const ModerationQueueQuery = Type.Object({ cursor: Type.Optional(Type.String({ pattern: '^o[0-9]{1,7}$', description: 'nextCursor of the previous page' })) })
export type ModerationQueueQuery = Static<typeof ModerationQueueQuery>
export const ModerationQueue = Type.Object({ items: Type.Array(QueueItem), nextCursor: Type.Union([Type.String(), Type.Null()]) })
export type ModerationQueue = Static<typeof ModerationQueue>

export const MODERATION_ACTIONS = ['hide', 'remove', 'restore', 'lock', 'unlock', 'suspend', 'dismiss', 'uphold', 'reverse'] as const
export type ModerationActionKind = (typeof MODERATION_ACTIONS)[number]
/** Which actions each kind of content takes (`suspend` on content suspends its real-name author); others are 400 `invalid_action`. */
export const ACTIONS_FOR: Record<TargetType, readonly ModerationActionKind[]> = {
  talk_post: ['hide', 'remove', 'restore', 'dismiss', 'uphold', 'reverse'],
  talk_thread: ['lock', 'unlock', 'dismiss'],
  feed_post: ['hide', 'remove', 'restore', 'dismiss', 'suspend'],
  feed_comment: ['hide', 'remove', 'restore', 'dismiss', 'suspend'],
  job: ['hide', 'remove', 'restore', 'dismiss', 'suspend'],
  // Written anonymously with no key: nobody to suspend, no key to appeal with.
  review: ['hide', 'remove', 'restore', 'dismiss'],
  interview: ['hide', 'remove', 'restore', 'dismiss'],
  message: ['dismiss', 'suspend'],
  profile: ['dismiss', 'suspend', 'restore'],
  account: ['suspend', 'restore', 'dismiss'],
}
export const ModerationActionBody = Type.Object(
  {
    targetType: Type.Union(TARGET_TYPES.map((t) => Type.Literal(t))),
    targetId: Type.String({ minLength: 1, maxLength: 64 }),
    action: Type.Union(MODERATION_ACTIONS.map((a) => Type.Literal(a))),
    reason: Type.String({ minLength: 1, maxLength: 40, pattern: '^[a-z_]+$', description: 'A report reason or check rule; shown in the content\'s place and in the public log.' }),
    note: Type.Optional(Type.String({ maxLength: MODERATION.actionNoteLength, description: 'Staff only; never public.' })),
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: MODERATION.suspendMaxDays, description: 'For `suspend`.' })),
  },
  { additionalProperties: false },
)
export type ModerationActionBody = Static<typeof ModerationActionBody>

export const ModerationLogEntrySchema = Type.Object({
  seq: Type.Integer(),
  day: Type.String({ format: 'date' }),
  action: Type.String(),
  reason: Type.String(),
  targetType: Type.String(),
  targetId: Type.String(),
  prevHash: Type.String(),
  hash: Type.String({ description: 'base64url(SHA-256(UTF-8(JSON.stringify([seq, day, action, reason, targetType, targetId, prevHash])))).' }),
})
export const ModerationLog = Type.Object({
  entries: Type.Array(ModerationLogEntrySchema),
  nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'The next page: `?cursor=` (the last seq read).' }),
})
export const ModerationLogQuery = Type.Object({ cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,9}$' })) })
export const ModerationActionDone = Type.Object({ logSeq: Type.Union([Type.Integer(), Type.Null()], { description: 'The public log entry it made (null: a staff-only dismissal).' }) })

export const Transparency = Type.Object({
  quarter: Type.String({ pattern: '^[0-9]{4}-Q[1-4]$' }),
  reports: Type.Record(Type.String(), Type.Integer(), { description: 'Reports received, by reason (anonymous and real-name).' }),
  takedownRequests: Type.Integer(),
  actions: Type.Record(Type.String(), Type.Integer(), { description: 'Public log entries by action.' }),
  held: Type.Integer({ description: 'Posts held by an automated check.' }),
  appeals: Type.Object({ received: Type.Integer(), upheld: Type.Integer(), reversed: Type.Integer() }),
  legalRequests: Type.Object({ received: Type.Integer(), disclosed: Type.Integer({ description: 'Requests answered with the allow-listed export.' }) }),
})
export type Transparency = Static<typeof Transparency>
export const TransparencyQuery = Type.Object({ quarter: Type.Optional(Type.String({ pattern: '^[0-9]{4}-Q[1-4]$' })) })
