import crypto from 'node:crypto'
import cookie from '@fastify/cookie'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { type FastifyInstance, LogController } from 'fastify'
import { Problem } from '../../shared/src/api/common.js'
import { LIMITS } from '../../shared/src/api/limits.js'
import type { AppContext } from './context.js'
import { registerAnonymousGuard } from './http/anonymous.js'
import { registerJsonParser } from './http/json-body.js'
import { registerOpenApi } from './http/openapi.js'
import { registerOriginCheck } from './http/origin.js'
import { registerProblemHandlers } from './http/problems.js'
import { registerSecurityHeaders } from './http/security.js'
import { validatorCompiler } from './http/validation.js'
import { registerWebApp } from './http/web-app.js'
import { accountRoutes } from './routes/accounts/index.js'
import { companyRoutes } from './routes/companies/index.js'
import { healthRoutes } from './routes/health.js'
import { profileRoutes } from './routes/profiles/index.js'
import { reviewRoutes } from './routes/reviews/index.js'
import { sessionRoutes } from './routes/sessions/index.js'
import { talkKeyRoutes } from './routes/talk/keys.js'
import { talkThreadRoutes } from './routes/talk/threads.js'
import { verificationRoutes } from './routes/verifications/index.js'

export interface AppOptions {
  /** A pino logger config or `false`; tests pass a stream to collect every line. */
  logger?: boolean | { level: string; stream?: NodeJS.WritableStream }
  /** Where the built web app is; tests of the API alone may point elsewhere. */
  webDist?: string
}

/**
 * The whole HTTP application. Logs carry one line per request: id, method, route pattern,
 * status and duration — never an address, a header, a cookie, a query value or a body.
 */
export async function buildApp(ctx: AppContext, opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger === undefined ? { level: ctx.config.logLevel } : opts.logger,
    logController: new LogController({ disableRequestLogging: true }),
    requestIdHeader: false,
    genReqId: () => crypto.randomUUID(),
    bodyLimit: LIMITS.jsonBodyBytes,
    trustProxy: false,
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<TypeBoxTypeProvider>()

  ctx.database.onConnectionError((err) => app.log.warn({ err: { message: err.message } }, 'lost an idle database connection; the next query opens a new one'))
  app.setValidatorCompiler(validatorCompiler())
  app.addSchema(Problem)
  registerJsonParser(app)
  registerProblemHandlers(app)
  // The Origin rule (DESIGN §5) holds for anonymous writes too, so it looks before the guard strips headers.
  registerOriginCheck(app, ctx.config.publicUrl)
  registerAnonymousGuard(app)
  app.addHook('onResponse', async (req, reply) => {
    // Anonymous writes leave no per-request line: not even their time to the millisecond.
    if (req.routeOptions.config.anonymous) return
    req.log.info(
      { method: req.method, route: req.routeOptions.url ?? '(none)', status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request',
    )
  })
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id)
  })

  await app.register(cookie)
  await registerSecurityHeaders(app, ctx.config.publicUrl)
  await registerOpenApi(app, ctx.config.publicUrl)

  await app.register(
    async (api) => {
      await api.register(healthRoutes)
      await api.register(accountRoutes(ctx))
      await api.register(sessionRoutes(ctx))
      await api.register(profileRoutes(ctx))
      await api.register(verificationRoutes(ctx))
      await api.register(companyRoutes(ctx))
      await api.register(reviewRoutes(ctx))
      await api.register(talkKeyRoutes(ctx))
      await api.register(talkThreadRoutes(ctx))
    },
    { prefix: '/api/v1' },
  )
  await registerWebApp(app, opts.webDist)
  return app
}
