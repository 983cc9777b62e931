import { sql } from 'kysely'
import type { MemberEvent } from '../../../../shared/src/api/live.js'
import { LIVE } from '../../../../shared/src/api/limits.js'
import type { AppContext } from '../../context.js'
import { messageView } from '../../views/messages.js'
import { notificationView } from '../../views/notifications.js'
import { messageRows } from '../messages/summaries.js'
import { totalsOf, unreadIn } from '../messages/counts.js'
import { notificationRows } from '../notifications/notifications.js'
import { unreadNotifications } from '../notifications/notify.js'

/**
 * Where a member's stream stands: the newest message (of the conversations they see) and the
 * newest notification it has sent. The SSE id is `<message id>.<notification id>`; a client that
 * reconnects with it as Last-Event-ID is sent what came after, read from the database — not from
 * a buffer in memory, so a reconnect to another process, or after the listener missed a NOTIFY,
 * loses nothing. Both ids come from identity columns, so "after" is "stored later" (a message
 * whose transaction committed after a later-numbered one is the rare exception: its conversation
 * shows it when read).
 */
export interface Marks {
  message: string
  notification: string
}

export function parseMarks(id: string | undefined): Marks | null {
  if (!id || !/^[0-9]{1,19}\.[0-9]{1,19}$/.test(id)) return null
  const [message, notification] = id.split('.') as [string, string]
  return { message, notification }
}

export const formatMarks = (m: Marks) => `${m.message}.${m.notification}`

export function later(a: string, b: string): string {
  return BigInt(a) >= BigInt(b) ? a : b
}

/** The marks now, and the counts a `ready` event carries. */
export async function currentState(ctx: AppContext, accountId: string): Promise<{ marks: Marks; ready: Extract<MemberEvent, { type: 'ready' }> }> {
  const [{ rows }, totals, unreadN] = await Promise.all([
    sql<{ m: string | null; n: string | null }>`
      select
        (select max(c.last_message_id) from conversation_member cm join conversation c on c.id = cm.conversation_id
          where cm.account_id = ${accountId} and cm.state <> 'declined') as m,
        (select max(id) from notification where recipient_id = ${accountId}) as n`.execute(ctx.db),
    totalsOf(ctx.db, accountId),
    unreadNotifications(ctx, accountId),
  ])
  return {
    marks: { message: rows[0]?.m ?? '0', notification: rows[0]?.n ?? '0' },
    ready: { type: 'ready', unreadMessages: totals.unreadTotal, unreadNotifications: unreadN, requests: totals.requests },
  }
}

/**
 * What a stream missed since `since`, oldest first, with today's counts — or a single `resync`
 * when more than LIVE.replayMax of either kind came meanwhile (the client reads its lists again).
 */
export async function missedSince(ctx: AppContext, accountId: string, since: Marks): Promise<MemberEvent[]> {
  const [messages, notifications] = await Promise.all([
    messageRows(ctx)
      .innerJoin('conversationMember as cm', (j) => j.onRef('cm.conversationId', '=', 'message.conversationId').on('cm.accountId', '=', accountId).on('cm.state', '<>', 'declined'))
      .select('cm.state as memberState')
      .where('message.id', '>', since.message)
      .orderBy('message.id', 'asc')
      .limit(LIVE.replayMax + 1)
      .execute(),
    notificationRows(ctx).where('notification.recipientId', '=', accountId).where('notification.id', '>', since.notification).orderBy('notification.id', 'asc').limit(LIVE.replayMax + 1).execute(),
  ])
  if (messages.length > LIVE.replayMax || notifications.length > LIVE.replayMax) return [{ type: 'resync' }]
  const out: MemberEvent[] = []
  if (notifications.length) {
    const unread = await unreadNotifications(ctx, accountId)
    for (const n of notifications) out.push({ type: 'notification', notification: notificationView(n), unread })
  }
  if (messages.length) {
    const [perConversation, totals] = await Promise.all([unreadIn(ctx.db, accountId, [...new Set(messages.map((m) => m.conversationId))]), totalsOf(ctx.db, accountId)])
    for (const m of messages) {
      out.push({ type: 'message', message: messageView(m, accountId), unread: perConversation.get(m.conversationId) ?? 0, unreadTotal: totals.unreadTotal, request: m.memberState === 'request' })
    }
  }
  return out
}
