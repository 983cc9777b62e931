import cookie from '@fastify/cookie'
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../context.js'
import { WRITES } from '../../../shared/src/api/limits.js'
import { UnauthenticatedError } from '../errors.js'
import { hitRateLimit } from '../services/limits/rate-limits.js'
import { resolveSession, SESSION_COOKIE, type SessionInfo } from '../services/sessions/sessions.js'
import { setSessionCookie } from './auth.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A route anyone may call without a session. Every other route of the session scope needs one. */
    public?: boolean
    /**
     * Writes a member may make to this route an hour (default WRITES.perRoutePerAccountPerHour);
     * false: not counted here because the route has a quota of its own whose time must not be
     * kept (POST /talk/tokens: a counter row would record the hour of a draw).
     */
    writesPerHour?: number | false
  }
  interface FastifyRequest {
    /** Set by the session scope before any handler; null on public routes. */
    session: SessionInfo | null
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** Route config of a public route (DESIGN §8: a route is public only by saying so). */
export const PUBLIC = { public: true } as const

/**
 * The scope of every real-name route (DESIGN §8): default-deny. The session is resolved for every
 * route in it before anything else runs, and a request without one is refused with 401 — unless
 * the route says `config: PUBLIC`. A route added here and forgotten is safe; the route-table test
 * (test/api/route-table.test.ts) walks every route to prove it.
 *
 * This scope alone has the cookie plugin and the per-request log line; the anonymous scope
 * (anon/scope.ts) is a sibling, not a child, and has neither.
 */
export async function registerSessionScope(scope: FastifyInstance, ctx: AppContext): Promise<void> {
  await scope.register(cookie)
  scope.decorateRequest('session', null)
  scope.addHook('onRequest', async (req, reply) => {
    if (req.routeOptions.config.public) return
    const token = req.cookies[SESSION_COOKIE]
    const session = token ? await resolveSession(ctx, token) : null
    if (!session) throw new UnauthenticatedError()
    if (session.renewedToken) setSessionCookie(ctx, reply, session.renewedToken)
    req.session = session
    // Every real-name write, counted per account and route (one upsert) before the handler runs.
    const perHour = req.routeOptions.config.writesPerHour ?? WRITES.perRoutePerAccountPerHour
    if (!SAFE_METHODS.has(req.method) && perHour !== false) {
      await hitRateLimit(ctx, { scope: `writes:${req.method} ${req.routeOptions.url}`, key: session.accountId, limit: perHour, windowS: 60 * 60 })
    }
  })
  scope.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id)
  })
  // One line per request: id, method, route pattern, status, duration — never an address, a
  // header, a cookie, a query value or a body.
  scope.addHook('onResponse', async (req, reply) => {
    req.log.info({ method: req.method, route: req.routeOptions.url ?? '(none)', status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request')
  })
}
