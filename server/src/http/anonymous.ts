import type { FastifyInstance } from 'fastify'

/** Route config of the anonymous Work Talk writes. */
export const ANONYMOUS = { anonymous: true } as const

declare module 'fastify' {
  interface FastifyContextConfig {
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
 * For anonymous routes, the identifying headers are removed before any handler, plugin or
 * logger could read them: a handler that tried to read a session would find no cookie. The
 * per-request log line is skipped too (see app.ts), so not even the time of the request to the
 * millisecond is written down; errors are logged without request details.
 */
export function registerAnonymousGuard(app: FastifyInstance): void {
  app.addHook('onRequest', async (req) => {
    if (!req.routeOptions.config.anonymous) return
    for (const h of Object.keys(req.headers)) if (!KEPT_HEADERS.has(h)) delete req.headers[h]
    // @fastify/cookie parsed cookies already (its own onRequest hook ran first): drop them too.
    ;(req as { cookies: Record<string, string | undefined> }).cookies = {}
  })
}
