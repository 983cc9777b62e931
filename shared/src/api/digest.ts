import { Type, type Static } from '@sinclair/typebox'
import { DIGEST } from './limits.js'
import { LATER_NOTIFICATION_KINDS, NOTIFICATION_KINDS, type NotificationKind } from './notifications.js'

/** Kinds that reach a member by e-mail until they choose: invitations and message requests. */
export const DEFAULT_EMAIL_KINDS: readonly NotificationKind[] = ['invitation', 'message']

/** One boolean per notification kind, every kind named (a PUT states the whole choice; kinds added later may be left out and keep their value). */
export const EmailKinds = Type.Object(
  Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, LATER_NOTIFICATION_KINDS.includes(k) ? Type.Optional(Type.Boolean()) : Type.Boolean()])) as Record<NotificationKind, ReturnType<typeof Type.Boolean>>,
  { additionalProperties: false, description: 'true: notifications of this kind are listed in the daily e-mail digest.' },
)
export type EmailKinds = Static<typeof EmailKinds>

export const NotificationSettings = Type.Object(
  { email: EmailKinds },
  { additionalProperties: false, description: 'Until a member chooses, invitations and message requests are mailed, the rest not.' },
)
export type NotificationSettings = Static<typeof NotificationSettings>

export const UnsubscribeQuery = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: DIGEST.tokenMaxLength, pattern: '^[A-Za-z0-9_.-]+$', description: 'From the digest mail’s List-Unsubscribe link.' }) },
  { additionalProperties: false },
)
export type UnsubscribeQuery = Static<typeof UnsubscribeQuery>
