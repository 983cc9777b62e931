import type { FastifyInstance } from 'fastify'
import type { AnonContext } from './context.js'
import { talkEventRoutes } from './routes/events.js'
import { anonymousReactionRoutes } from './routes/reactions.js'
import { anonymousModerationRoutes } from './routes/moderation.js'
import { anonymousRecordRoutes } from './routes/records.js'
import { anonymousWriteRoutes } from './routes/writes.js'
import { flushAnonLog } from './log.js'
import { registerAnonymousScope } from './scope.js'

export { type AnonConfig, type AnonContext, createAnonContext } from './context.js'
export { createAnonLog, flushAnonLog } from './log.js'

/**
 * The sealed anonymous module (DESIGN §8): every Work Talk route that takes a write without a
 * session, in a scope of its own. What lives under anon/ may import only anon/, shared/src/ and
 * a few neutral files (the `anon-is-sealed` rule of the lint step enforces it).
 */
export async function registerAnonymousApi(app: FastifyInstance, ctx: AnonContext): Promise<void> {
  await app.register(
    async (scope) => {
      registerAnonymousScope(scope, ctx.log)
      await scope.register(anonymousWriteRoutes(ctx))
      await scope.register(anonymousReactionRoutes(ctx))
      await scope.register(anonymousRecordRoutes(ctx))
      await scope.register(anonymousModerationRoutes(ctx))
      await scope.register(talkEventRoutes(ctx))
    },
    { prefix: '/api/v1' },
  )
  app.addHook('onReady', async () => {
    ctx.mixer.start()
    ctx.events.listen()
  })
  // Open event streams would hold up the HTTP server's close: they end first (clients reconnect).
  app.addHook('preClose', async () => ctx.events.endStreams())
  // A graceful shutdown commits the open window first: nothing accepted is lost.
  app.addHook('onClose', async () => ctx.mixer.close())
  app.addHook('onClose', async () => ctx.events.close())
  // Last: what the shutdown itself logged goes out too.
  app.addHook('onClose', async () => flushAnonLog(ctx.log))
}
