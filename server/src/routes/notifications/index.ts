import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { NOTIFICATIONS } from '../../../../shared/src/api/limits.js'
import { MarkRead, NotificationList, NotificationQuery, Unread } from '../../../../shared/src/api/notifications.js'
import type { AppContext } from '../../context.js'
import { sessionOf } from '../../http/auth.js'
import { problems, SESSION_SECURITY } from '../../http/schema-helpers.js'
import { listNotifications, markRead } from '../../services/notifications/notifications.js'
import { notificationView } from '../../views/notifications.js'

const tags = ['notifications']

/** In-app notifications (DESIGN §5b). */
export function notificationRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/notifications',
      {
        schema: {
          tags,
          summary: 'Notifications',
          description: `Newest first, ${NOTIFICATIONS.pageSize} a page (\`unread=true\`: only unread ones), with the unread count.`,
          security: SESSION_SECURITY,
          querystring: NotificationQuery,
          response: { 200: NotificationList, ...problems(400, 401) },
        },
      },
      async (req) => {
        const page = await listNotifications(ctx, sessionOf(req).accountId, req.query)
        return { notifications: page.rows.map(notificationView), unread: page.unread, nextCursor: page.nextCursor }
      },
    )

    app.post(
      '/notifications/read',
      {
        schema: {
          tags,
          summary: 'Mark notifications read',
          description: `\`ids\` (at most ${NOTIFICATIONS.readIds}): those; none: every notification. Answers the unread count left; ids of others' notifications change nothing.`,
          security: SESSION_SECURITY,
          body: MarkRead,
          response: { 200: Unread, ...problems(400, 401) },
        },
      },
      async (req) => ({ unread: await markRead(ctx, sessionOf(req).accountId, req.body) }),
    )
  }
}
