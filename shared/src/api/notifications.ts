import { Type, type Static } from '@sinclair/typebox'
import { NOTIFICATIONS } from './limits.js'
import { Cursor } from './network.js'

/** Every kind of notification; the feed part calls notify() with `like`, `comment` and `mention`. */
export const NOTIFICATION_KINDS = ['invitation', 'acceptance', 'message', 'verification', 'like', 'comment', 'mention', 'application', 'application_status', 'job_alert'] as const
/**
 * Kinds added after the first clients were written (jobs, issue 10): a PUT of the e-mail choice
 * may leave them out, and then keeps what was chosen for them.
 */
export const LATER_NOTIFICATION_KINDS: readonly NotificationKind[] = ['application', 'application_status', 'job_alert']
export const NotificationKind = Type.Union(NOTIFICATION_KINDS.map((k) => Type.Literal(k)))
export type NotificationKind = Static<typeof NotificationKind>

export const Notification = Type.Object({
  id: Type.String(),
  kind: NotificationKind,
  read: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time', description: 'To the minute.' }),
  /** Who did it; null for the site's own (a badge decision names no reviewer) or an account that is gone. */
  actor: Type.Union([Type.Object({ handle: Type.String(), name: Type.String() }), Type.Null()]),
  /** What it is about: a connection, a conversation, a post, an application, a job (by kind). */
  targetId: Type.Union([Type.String(), Type.Null()]),
  /** verification: whether the badge was approved, and the company. */
  approved: Type.Optional(Type.Boolean()),
  company: Type.Optional(Type.String()),
})
export type Notification = Static<typeof Notification>

export const NotificationList = Type.Object({
  notifications: Type.Array(Notification),
  unread: Type.Integer(),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
})
export type NotificationList = Static<typeof NotificationList>

export const NotificationQuery = Type.Object(
  { unread: Type.Optional(Type.Boolean({ description: 'true: only unread ones.' })), cursor: Cursor },
  { additionalProperties: false },
)

export const MarkRead = Type.Object(
  { ids: Type.Optional(Type.Array(Type.String({ pattern: '^[0-9]{1,19}$' }), { minItems: 1, maxItems: NOTIFICATIONS.readIds, description: 'None: every notification.' })) },
  { additionalProperties: false },
)
export type MarkRead = Static<typeof MarkRead>
export const Unread = Type.Object({ unread: Type.Integer() })
