import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { AccountExport } from '../../../../shared/src/api/account.js'
import type { AppContext } from '../../context.js'
import { sessionOf } from '../../http/auth.js'
import { problems, SESSION_SECURITY } from '../../http/schema-helpers.js'
import { exportAccount } from '../../services/accounts/export.js'

export function exportRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/me/export',
      {
        schema: {
          tags: ['accounts'],
          summary: 'Download your data',
          description: 'A JSON file (Content-Disposition: attachment) of your own real-name data. Work Talk is not in it: the server holds nothing that links you to it.',
          security: SESSION_SECURITY,
          response: { 200: AccountExport, ...problems(401) },
        },
      },
      async (req, reply) => {
        const { accountId } = sessionOf(req)
        const doc = await exportAccount(ctx, accountId)
        return reply
          .header('content-disposition', `attachment; filename="watercooler-${doc.account.handle}-${doc.exportedOn}.json"`)
          .header('cache-control', 'no-store')
          .send(doc)
      },
    )
  }
}
