import { sql } from 'kysely'
import type { NotificationKind } from '../../../../shared/src/api/notifications.js'
import { toMinute } from '../../clock.js'
import type { AppContext } from '../../context.js'
import { isBlockedEitherWay } from '../../policies/network.js'
import { notificationView, type NotificationRow } from '../../views/notifications.js'
import { publishToMember } from '../live/bus.js'

export interface NotifyInput {
  kind: NotificationKind
  /** The member who did it (never for a badge decision: the reviewer stays unnamed). */
  actorId?: string | null
  /** What it is about: a connection, a conversation, a badge submission, a feed post. */
  targetId?: string | null
  /** verification: the outcome and the company's name. */
  approved?: boolean
  company?: string
}

/**
 * The one way to tell a member something (the feed part calls it for likes, comments and
 * mentions): a `notification` row, created to the minute, then the event on their live stream.
 * Nothing is stored when a block stands between the actor and the recipient. Called after the
 * action is committed; never throws — a notice that cannot be stored or sent must not undo or
 * fail what happened (the action's own answer already told the actor).
 *
 * Anonymity: nothing about Work Talk is ever notified (DESIGN §4) — no kind names a thread or post.
 */
export async function notify(ctx: AppContext, recipientId: string, input: NotifyInput): Promise<void> {
  try {
    const actorId = input.actorId ?? null
    if (actorId === recipientId) return
    if (actorId && (await isBlockedEitherWay(ctx, recipientId, actorId))) return
    const data: Record<string, unknown> = {}
    if (input.approved !== undefined) data.approved = input.approved
    if (input.company !== undefined) data.company = input.company
    const row = await ctx.db
      .insertInto('notification')
      .values({ recipientId, kind: input.kind, actorId, targetId: input.targetId ?? null, data: JSON.stringify(data), createdAt: toMinute(ctx.clock.now()) })
      .returning(['id', 'kind', 'read', 'createdAt', 'targetId', 'data', 'actorId'])
      .executeTakeFirstOrThrow()
    const [actor, unread] = await Promise.all([
      actorId ? ctx.db.selectFrom('account').select(['handle', 'name']).where('id', '=', actorId).executeTakeFirst() : undefined,
      unreadNotifications(ctx, recipientId),
    ])
    const full: NotificationRow = { ...row, actorHandle: actor?.handle ?? null, actorName: actor?.name ?? null }
    await publishToMember(ctx, [recipientId], { type: 'notification', notification: notificationView(full), unread })
  } catch (err) {
    ctx.live.log.warn({ err: { message: (err as Error).message }, kind: input.kind }, 'a notification could not be stored or sent')
  }
}

export async function unreadNotifications(ctx: AppContext, recipientId: string): Promise<number> {
  const row = await ctx.db
    .selectFrom('notification')
    .select(sql<string>`count(*)`.as('n'))
    .where('recipientId', '=', recipientId)
    .where('read', '=', false)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}
