/**
 * How long the HTTP server waits for a client (issue 12: a body sent one byte every 20 s held its
 * connection without limit). Node checks the header and request deadlines every `checkEveryMs`,
 * so a connection is cut at most that much after its deadline. Documented in the README.
 */
export interface HttpTimeouts {
  /** The request line and every header: slow headers (slowloris) are answered 408 and closed. */
  headersMs: number
  /** The whole request, body included: an 8 MB photo needs about 0.6 Mbit/s to make it. */
  requestMs: number
  /** A connection with no byte either way (live streams send a comment every 25 s, so they stay). */
  idleMs: number
  /** An idle keep-alive connection between two requests (below `idleMs`). */
  keepAliveMs: number
  checkEveryMs: number
}

export const HTTP_TIMEOUTS: Readonly<HttpTimeouts> = {
  headersMs: 15_000,
  requestMs: 120_000,
  idleMs: 75_000,
  keepAliveMs: 72_000,
  checkEveryMs: 2_000,
}

/** Fastify's options for them. */
export function fastifyTimeouts(t: HttpTimeouts) {
  return {
    connectionTimeout: t.idleMs,
    requestTimeout: t.requestMs,
    keepAliveTimeout: t.keepAliveMs,
    http: { headersTimeout: t.headersMs, connectionsCheckingInterval: t.checkEveryMs },
  }
}
