import type { FastifyInstance } from 'fastify'

/** Route config of the anonymous Work Talk writes. */
export const ANONYMOUS = { anonymous: true } as const

declare module 'fastify' {
  interface FastifyContextConfig {
    anonymous?: boolean
  }
}

/** Headers that could identify a writer. Anonymous routes never see them (DESIGN §4). */
const IDENTIFYING_HEADERS = ['cookie', 'authorization', 'user-agent', 'x-forwarded-for', 'x-real-ip', 'forwarded', 'referer', 'origin-agent-cluster']

/**
 * For anonymous routes, the identifying headers are removed before any handler, plugin or
 * logger could read them: a handler that tried to read a session would find no cookie. The
 * per-request log line is skipped too (see app.ts), so not even the time of the request to the
 * millisecond is written down; errors are logged without request details.
 */
export function registerAnonymousGuard(app: FastifyInstance): void {
  app.addHook('onRequest', async (req) => {
    if (!req.routeOptions.config.anonymous) return
    for (const h of IDENTIFYING_HEADERS) delete req.headers[h]
    // @fastify/cookie parsed cookies already (its own onRequest hook ran first): drop them too.
    ;(req as { cookies: Record<string, string | undefined> }).cookies = {}
  })
}
