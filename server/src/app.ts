import crypto from 'node:crypto'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController, type RouteOptions } from 'fastify'
import pino from 'pino'
import { Problem } from '../../shared/src/api/common.js'
import { LIMITS } from '../../shared/src/api/limits.js'
import { registerAnonymousApi } from './anon/index.js'
import type { AppContext } from './context.js'
import { registerJsonParser } from './http/json-body.js'
import { type Metrics, registerMetrics } from './http/metrics.js'
import { registerOpenApi } from './http/openapi.js'
import { registerCompression } from './http/compression.js'
import { registerOriginCheck } from './http/origin.js'
import { registerProblemHandlers } from './http/problems.js'
import { registerSecurityHeaders } from './http/security.js'
import { registerSessionScope } from './http/session-scope.js'
import { fastifyTimeouts, HTTP_TIMEOUTS, type HttpTimeouts } from './http/timeouts.js'
import { registerUrlTextCheck, routerErrors } from './http/url-text.js'
import { validatorCompiler } from './http/validation.js'
import { registerWebApp } from './http/web-app.js'
import { exportRoutes } from './routes/accounts/export.js'
import { accountRoutes } from './routes/accounts/index.js'
import { passwordResetRoutes } from './routes/accounts/password-resets.js'
import { handleRoutes } from './routes/accounts/handle.js'
import { photoRoutes } from './routes/accounts/photo.js'
import { totpRoutes } from './routes/accounts/totp.js'
import { companyRoutes } from './routes/companies/index.js'
import { companyRecordRoutes } from './routes/companies/records.js'
import { jobRoutes } from './routes/jobs/index.js'
import { feedCommentRoutes } from './routes/feed/comments.js'
import { feedImageRoutes } from './routes/feed/images.js'
import { feedRoutes } from './routes/feed/index.js'
import { healthRoutes } from './routes/health.js'
import { liveRoutes } from './routes/live/events.js'
import { messageRoutes } from './routes/messages/index.js'
import { moderationRoutes } from './routes/moderation/index.js'
import { networkRoutes } from './routes/network/index.js'
import { notificationSettingsRoutes, unsubscribeRoutes } from './routes/notifications/digest.js'
import { notificationRoutes } from './routes/notifications/index.js'
import { profileRoutes } from './routes/profiles/index.js'
import { reviewRoutes } from './routes/reviews/index.js'
import { deviceRoutes } from './routes/sessions/devices.js'
import { searchRoutes } from './routes/search/index.js'
import { sessionRoutes } from './routes/sessions/index.js'
import { talkKeyRoutes } from './routes/talk/keys.js'
import { talkThreadRoutes } from './routes/talk/threads.js'
import { verificationRoutes } from './routes/verifications/index.js'

export interface AppOptions {
  /** A pino level and stream, or `false`; tests pass a stream to collect every line. */
  logger?: boolean | { level: string; stream?: NodeJS.WritableStream }
  /** Where the built web app is; tests of the API alone may point elsewhere. */
  webDist?: string
  /** HTTP_TIMEOUTS unless a test of them sets shorter ones. */
  timeouts?: HttpTimeouts
}

/** Every route as registered, with its config: what the route-table test walks. */
export type RouteTable = Pick<RouteOptions, 'method' | 'url' | 'config'>[]

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: RouteTable
    /** Prometheus metrics, when METRICS_PORT is set (server.ts serves them there). */
    metrics: Metrics | null
  }
}

/** The application's logger; the anonymous side's (AppContext.anon.log) writes to the same place. */
export function appLogger(level: string, destination: pino.DestinationStream = pino.destination(1)): pino.Logger {
  return pino({ level }, destination)
}

/**
 * The whole HTTP application: shared plumbing at the root, then two sibling scopes under
 * /api/v1 — the session scope (every real-name route, default-deny) and the sealed anonymous
 * scope (Work Talk's writes, no cookies, no request log). Routes outside /api/v1 (the web app's
 * files, the API documentation) are public.
 */
export async function buildApp(ctx: AppContext, opts: AppOptions = {}): Promise<FastifyInstance> {
  const logger =
    opts.logger === false ? appLogger('silent') : typeof opts.logger === 'object' ? appLogger(opts.logger.level, opts.logger.stream) : appLogger(ctx.config.logLevel)
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    requestIdHeader: false,
    genReqId: () => crypto.randomUUID(),
    bodyLimit: LIMITS.jsonBodyBytes,
    frameworkErrors: routerErrors,
    // TRUST_PROXY (DESIGN §6): only these proxies' X-Forwarded-For is believed; req.ip is the connection's own otherwise.
    trustProxy: ctx.config.trustProxy.length ? [...ctx.config.trustProxy] : false,
    routerOptions: { ignoreTrailingSlash: true },
    ...fastifyTimeouts(opts.timeouts ?? HTTP_TIMEOUTS),
  }).withTypeProvider<TypeBoxTypeProvider>()

  const routeTable: RouteTable = []
  app.decorate('routeTable', routeTable)
  // Before every route, so the hook sees them all (the anonymous scope's are skipped inside).
  app.decorate('metrics', ctx.config.metricsPort === null ? null : registerMetrics(app, () => ctx.database.openConnections()))
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1/')) route.config = { ...(route.config as object), public: true }
    // The route's own options object: scopes' onRoute hooks (which run after this one) may still set its config.
    routeTable.push(route)
  })

  ctx.database.onConnectionError((err) => app.log.warn({ err: { message: err.message } }, 'lost a database connection; the next query opens a new one'))
  // First of the hooks: a request refused by any check below (Origin, address text) still gets these headers.
  await registerSecurityHeaders(app, ctx.config.publicUrl)
  app.setValidatorCompiler(validatorCompiler())
  app.addSchema(Problem)
  registerJsonParser(app)
  registerUrlTextCheck(app)
  registerProblemHandlers(app)
  // The Origin rule (DESIGN §5) holds for anonymous writes too, so it is checked here, at the
  // root, before the anonymous scope strips headers.
  registerOriginCheck(app, ctx.config.publicUrl)

  await registerOpenApi(app, ctx.config.publicUrl)
  // Before the routes, so every answer of theirs is compressed when it is worth it (compression.ts).
  await registerCompression(app)

  await app.register(
    async (api) => {
      await registerSessionScope(api, ctx)
      await api.register(healthRoutes(ctx))
      await api.register(accountRoutes(ctx))
      await api.register(handleRoutes(ctx))
      await api.register(photoRoutes(ctx))
      await api.register(totpRoutes(ctx))
      await api.register(sessionRoutes(ctx))
      await api.register(passwordResetRoutes(ctx))
      await api.register(deviceRoutes(ctx))
      await api.register(exportRoutes(ctx))
      await api.register(profileRoutes(ctx))
      await api.register(networkRoutes(ctx))
      await api.register(verificationRoutes(ctx))
      await api.register(companyRoutes(ctx))
      await api.register(companyRecordRoutes(ctx))
      await api.register(jobRoutes(ctx))
      await api.register(reviewRoutes(ctx))
      await api.register(talkKeyRoutes(ctx))
      await api.register(talkThreadRoutes(ctx))
      await api.register(searchRoutes(ctx))
      await api.register(feedRoutes(ctx))
      await api.register(feedCommentRoutes(ctx))
      await api.register(feedImageRoutes(ctx))
      await api.register(messageRoutes(ctx))
      await api.register(notificationRoutes(ctx))
      await api.register(notificationSettingsRoutes(ctx))
      await api.register(unsubscribeRoutes(ctx))
      await api.register(liveRoutes(ctx))
      await api.register(moderationRoutes(ctx))
    },
    { prefix: '/api/v1' },
  )
  await registerAnonymousApi(app, ctx.anon)
  app.addHook('onReady', async () => ctx.sessionTouches.start((err) => app.log.warn({ err: { message: (err as Error).message } }, 'session days could not be written; they will be next time')))
  app.addHook('onClose', async () => ctx.sessionTouches.close())
  // LISTEN once ready (member events, read-cache drops); open streams end before the HTTP server closes (clients reconnect).
  app.addHook('onReady', async () => ctx.listener?.start())
  app.addHook('preClose', async () => ctx.live.endStreams())
  app.addHook('onClose', async () => {
    await ctx.live.close()
    await ctx.listener?.close()
  })
  await registerWebApp(app, opts.webDist)
  return app
}
