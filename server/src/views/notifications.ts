import type { Notification, NotificationKind } from '../../../shared/src/api/notifications.js'

export interface NotificationRow {
  id: string
  kind: string
  read: boolean
  createdAt: Date
  targetId: string | null
  data: Record<string, unknown>
  actorId: string | null
  actorHandle: string | null
  actorName: string | null
}

/** A notification as its recipient sees it. */
export function notificationView(r: NotificationRow): Notification {
  const out: Notification = {
    id: r.id,
    kind: r.kind as NotificationKind,
    read: r.read,
    createdAt: r.createdAt.toISOString(),
    actor: r.actorHandle && r.actorName !== null ? { handle: r.actorHandle, name: r.actorName } : null,
    targetId: r.targetId,
  }
  if (typeof r.data.approved === 'boolean') out.approved = r.data.approved
  if (typeof r.data.company === 'string') out.company = r.data.company
  return out
}
