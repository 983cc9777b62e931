import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { NoContent } from '../../../../shared/src/api/common.js'
import { NotificationSettings, UnsubscribeQuery } from '../../../../shared/src/api/digest.js'
import type { AppContext } from '../../context.js'
import { sessionOf } from '../../http/auth.js'
import { problems, SESSION_SECURITY } from '../../http/schema-helpers.js'
import { PUBLIC } from '../../http/session-scope.js'
import { getEmailKinds, setEmailKinds, unsubscribe } from '../../services/notifications/digest.js'

const tags = ['notifications']

/** The member's e-mail digest choice (issue 9). */
export function notificationSettingsRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/me/notification-settings',
      {
        schema: {
          tags,
          summary: 'E-mail notification settings',
          description: 'Which notification kinds the daily e-mail digest lists. Until the member chooses: invitations and message requests on, the rest off.',
          security: SESSION_SECURITY,
          response: { 200: NotificationSettings, ...problems(401) },
        },
      },
      async (req) => ({ email: await getEmailKinds(ctx, sessionOf(req).accountId) }),
    )

    app.put(
      '/me/notification-settings',
      {
        schema: {
          tags,
          summary: 'Choose e-mail notifications',
          description: 'The whole choice: every kind named, true or false (all false: no digest). 400 `validation_failed` for a missing or unknown kind, changing nothing.',
          security: SESSION_SECURITY,
          body: NotificationSettings,
          response: { 200: NotificationSettings, ...problems(400, 401) },
        },
      },
      async (req) => ({ email: await setEmailKinds(ctx, sessionOf(req).accountId, req.body.email) }),
    )
  }
}

/**
 * One-click unsubscribe from digest mails (RFC 8058), no session: the token in the link is the
 * authority. Mail providers POST `List-Unsubscribe=One-Click` as a form, so this plugin alone
 * accepts form bodies (and ignores them: the token is in the query).
 */
export function unsubscribeRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 }, (_req, _body, done) => done(null, undefined))

    app.post(
      '/unsubscribe',
      {
        config: PUBLIC,
        schema: {
          tags,
          summary: 'Unsubscribe from digest mails (one click)',
          description: 'Turns every kind of digest mail off for the account the token names; 204. The body (`List-Unsubscribe=One-Click`, as a form, or nothing) is ignored. 400 `bad_unsubscribe_token` for a forged or malformed token.',
          querystring: UnsubscribeQuery,
          response: { 204: NoContent, ...problems(400) },
        },
      },
      async (req, reply) => {
        await unsubscribe(ctx, req.query.token)
        return reply.code(204).send(null)
      },
    )

    app.get(
      '/unsubscribe',
      {
        config: PUBLIC,
        schema: {
          tags,
          summary: 'Open an unsubscribe link',
          description: 'Changes nothing (link checkers open links): 303 to the web app’s /unsubscribe page, which asks to confirm.',
          querystring: UnsubscribeQuery,
          response: { 303: Type.Null({ description: 'See Location.' }), ...problems(400) },
        },
      },
      async (req, reply) => reply.redirect(`/unsubscribe?token=${encodeURIComponent(req.query.token)}`, 303),
    )
  }
}
