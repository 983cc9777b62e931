import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { InvalidCharactersError } from '../errors.js'
import { PROBLEM_CONTENT_TYPE, problemOf } from './problems.js'
import { HOOKLESS_ANSWER_HEADERS } from './security.js'

/** Text PostgreSQL cannot store: a NUL character, or a lone UTF-16 surrogate. */
export function isUnstorable(text: string): boolean {
  return text.includes('\u0000') || !text.isWellFormed()
}

/**
 * True when the query string decodes to text the database could store: every name and value is
 * valid percent-encoded UTF-8, with no NUL. (The query parser keeps what it cannot decode as it
 * was sent, so this looks at the raw string, not at `req.query`.)
 */
export function isCleanQueryString(query: string): boolean {
  for (const part of query.split('&')) {
    for (const piece of part.split('=')) {
      let text: string
      try {
        text = decodeURIComponent(piece.replace(/\+/g, ' '))
      } catch {
        return false
      }
      if (isUnstorable(text)) return false
    }
  }
  return true
}

/**
 * The address's counterpart of json-body.ts (issue 11): a NUL or broken Unicode in a path parameter
 * or the query string is refused with 400 invalid_characters on every route, before any handler,
 * schema or query sees it — PostgreSQL would answer "invalid byte sequence", a 500. Malformed
 * percent-encoding in the path fails in the router; `routerErrors` gives that the same answer.
 * Registered at the root, so the session scope and the anonymous scope both inherit it.
 */
export function registerUrlTextCheck(app: FastifyInstance): void {
  app.addHook('onRequest', async (req) => {
    const params = req.params as Record<string, unknown> | undefined
    if (params) for (const v of Object.values(params)) if (typeof v === 'string' && isUnstorable(v)) throw new InvalidCharactersError('path')
    const q = req.url.indexOf('?')
    if (q !== -1 && !isCleanQueryString(req.url.slice(q + 1))) throw new InvalidCharactersError('query string')
  })
}

/**
 * Fastify's `frameworkErrors` option: the router's own errors (a path whose percent-encoding is
 * not UTF-8, FST_ERR_BAD_URL) answered as problem details instead of Fastify's plain JSON.
 */
export function routerErrors(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  const known = err.code === 'FST_ERR_BAD_URL' ? new InvalidCharactersError('path') : err
  const { body, headers, unexpected } = problemOf(known as FastifyError)
  if (unexpected) req.log.error({ err }, 'router error')
  // The router answers before any hook runs, so helmet's headers are not on this reply.
  void reply.code(body.status).headers({ ...HOOKLESS_ANSWER_HEADERS, ...headers }).type(PROBLEM_CONTENT_TYPE).send(body)
}
