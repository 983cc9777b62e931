import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { sql } from 'kysely'
import type { AppContext } from '../context.js'
import { problems } from '../http/schema-helpers.js'
import { PUBLIC } from '../http/session-scope.js'

const Ok = Type.Object({ status: Type.Literal('ok') })

/**
 * Liveness and readiness (DESIGN §5b, operations). `live` answers while the process serves HTTP
 * at all (a supervisor restarts it when it does not); `ready` also asks the database, so a load
 * balancer sends no traffic to a process whose database is gone: 503 `database_unavailable` then,
 * from the one error handler. `/health` is the first wave's liveness answer, kept.
 */
export function healthRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    for (const url of ['/health', '/health/live']) {
      app.get(url, { config: PUBLIC, schema: { tags: ['meta'], summary: 'Liveness', response: { 200: Ok } } }, async () => ({ status: 'ok' as const }))
    }
    app.get(
      '/health/ready',
      {
        config: PUBLIC,
        schema: {
          tags: ['meta'],
          summary: 'Readiness',
          description: 'Asks the database for one row: 200 when it answers, 503 database_unavailable when it cannot be reached.',
          response: { 200: Ok, ...problems(503) },
        },
      },
      async () => {
        await sql`select 1`.execute(ctx.db)
        return { status: 'ok' as const }
      },
    )
  }
}
