import type { Message } from './messages.js'
import type { Notification } from './notifications.js'

/**
 * What GET /events sends (Server-Sent Events, `event: <type>`, `data:` this object as JSON).
 * Nothing of Work Talk ever goes over this stream.
 */
export type MemberEvent =
  /** First on every stream: the counts now, and an id to resume from. */
  | { type: 'ready'; unreadMessages: number; unreadNotifications: number; requests: number }
  /** A new message in a conversation of the viewer's (their own too, sent from another tab). */
  | { type: 'message'; message: Message; unread: number; unreadTotal: number; request: boolean }
  | { type: 'notification'; notification: Notification; unread: number }
  /** Counts changed elsewhere (read in another tab, a request accepted). */
  | { type: 'counts'; unreadMessages?: number; unreadNotifications?: number; requests?: number }
  /** More was missed than is replayed: read the lists again. */
  | { type: 'resync' }
