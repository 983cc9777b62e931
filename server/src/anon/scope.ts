import type { FastifyInstance } from 'fastify'
import { registerProblemHandlers } from '../http/problems.js'
import type { AnonLog } from './log.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set on every route of the anonymous scope (never by hand): it reads no session, logs no request. */
    anonymous?: boolean
  }
}

/**
 * The only request headers an anonymous route keeps: what it takes to read a JSON body. Everything
 * else — cookies, authorization, user agent, client hints (sec-ch-ua…), accept-language,
 * forwarded-for, referer — could help identify a writer, so it is gone (DESIGN §4).
 */
const KEPT_HEADERS = new Set(['host', 'content-type', 'content-length', 'transfer-encoding', 'accept', 'accept-encoding', 'connection'])

/**
 * The anonymous scope (DESIGN §8). Registered as its own Fastify encapsulation context, beside —
 * not inside — the session scope, so no cookie, session or request-log plugin is registered here
 * at all: a handler cannot read a session because nothing here can parse one. On top of that:
 * - identifying headers are removed before any handler or hook could read them;
 * - every answer closes its connection, so the next request (a directory fetch, a session read)
 *   cannot ride on the same kept-alive connection and be joined with this one;
 * - the request logger is the anonymous log: no request id, times to the minute;
 * - a 500's details go to that log, without the request.
 */
export function registerAnonymousScope(scope: FastifyInstance, log: AnonLog): void {
  scope.setChildLoggerFactory(() => log)
  scope.addHook('onRoute', (route) => {
    route.config = { ...(route.config as object), anonymous: true }
  })
  scope.addHook('onRequest', async (req) => {
    for (const h of Object.keys(req.headers)) if (!KEPT_HEADERS.has(h)) delete req.headers[h]
  })
  scope.addHook('onSend', async (_req, reply) => {
    reply.header('connection', 'close')
  })
  registerProblemHandlers(scope, (err) => log.error({ err }, 'anonymous write failed'))
}
