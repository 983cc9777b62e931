import { NOTIFICATIONS } from '../../../../shared/src/api/limits.js'
import type { MarkRead } from '../../../../shared/src/api/notifications.js'
import type { AppContext } from '../../context.js'
import { BadCursorError } from '../../errors.js'
import { cursorBigintId } from '../cursor-fields.js'
import type { NotificationRow } from '../../views/notifications.js'
import { publishToMember } from '../live/bus.js'
import { unreadNotifications } from './notify.js'

/** The cursor of GET /notifications: the last id shown (ids only grow). */
function decodeIdCursor(cursor: string | undefined): string | null {
  if (cursor === undefined) return null
  const text = Buffer.from(cursor, 'base64url').toString('utf8')
  if (!text.startsWith('n:')) throw new BadCursorError()
  return cursorBigintId(text.slice(2))
}
const encodeIdCursor = (id: string) => Buffer.from(`n:${id}`).toString('base64url')

/** One query for the page: the notifications with their actors (hydrate, then present). */
export function notificationRows(ctx: AppContext) {
  return ctx.db
    .selectFrom('notification')
    .leftJoin('account', 'account.id', 'notification.actorId')
    .select([
      'notification.id',
      'notification.kind',
      'notification.read',
      'notification.createdAt',
      'notification.targetId',
      'notification.data',
      'notification.actorId',
      'account.handle as actorHandle',
      'account.name as actorName',
    ])
}

/** A page of the member's notifications, newest first (`unread`: only the unread ones). */
export async function listNotifications(ctx: AppContext, viewerId: string, q: { unread?: boolean; cursor?: string }) {
  const before = decodeIdCursor(q.cursor)
  let query = notificationRows(ctx).where('notification.recipientId', '=', viewerId).orderBy('notification.id', 'desc').limit(NOTIFICATIONS.pageSize + 1)
  if (q.unread) query = query.where('notification.read', '=', false)
  if (before) query = query.where('notification.id', '<', before)
  const rows: NotificationRow[] = await query.execute()
  const page = rows.slice(0, NOTIFICATIONS.pageSize)
  const nextCursor = rows.length > NOTIFICATIONS.pageSize ? encodeIdCursor(page[page.length - 1]!.id) : null
  return { rows: page, unread: await unreadNotifications(ctx, viewerId), nextCursor }
}

/** Marks the named notifications (none: all) of the member read; their other tabs hear the new count. */
export async function markRead(ctx: AppContext, viewerId: string, input: MarkRead): Promise<number> {
  let q = ctx.db.updateTable('notification').set({ read: true }).where('recipientId', '=', viewerId).where('read', '=', false)
  if (input.ids) q = q.where('id', 'in', input.ids)
  await q.execute()
  const unread = await unreadNotifications(ctx, viewerId)
  await publishToMember(ctx, [viewerId], { type: 'counts', unreadNotifications: unread })
  return unread
}
