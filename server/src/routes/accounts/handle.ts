import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ChangeHandle } from '../../../../shared/src/api/account-extras.js'
import { Me } from '../../../../shared/src/api/accounts.js'
import type { AppContext } from '../../context.js'
import { sessionOf } from '../../http/auth.js'
import { problems, SESSION_SECURITY } from '../../http/schema-helpers.js'
import * as accounts from '../../services/accounts/accounts.js'
import { changeHandle } from '../../services/accounts/handles.js'
import { listEmployments } from '../../services/verifications/employments.js'
import * as views from '../../views/accounts.js'

export function handleRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.put(
      '/me/handle',
      {
        schema: {
          tags: ['accounts'],
          summary: 'Choose a new handle',
          description:
            'Lower-cased. The old handle keeps answering (GET /users/{old}: 301 to the new one) and stays reserved for 90 days. 409 `handle_taken` (also for someone’s recently left handle); 400 `handle_reserved`; 429 `handle_change_too_soon` within 30 days of the last change (Retry-After). The same handle again changes nothing.',
          security: SESSION_SECURITY,
          body: ChangeHandle,
          response: { 200: Me, ...problems(400, 401, 409, 429) },
        },
      },
      async (req) => {
        const { accountId } = sessionOf(req)
        await changeHandle(ctx, accountId, req.body.handle)
        return views.me(await accounts.getAccount(ctx, accountId), await listEmployments(ctx, accountId))
      },
    )
  }
}
