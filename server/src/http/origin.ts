import type { FastifyInstance } from 'fastify'
import { BadOriginError } from '../errors.js'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * A state-changing request that names an Origin must come from PUBLIC_URL. Together with
 * SameSite=Lax cookies (a cross-site POST carries no session) and JSON-only bodies (a form cannot
 * send JSON; the one multipart route, the badge upload, relies on the first two), this closes CSRF.
 */
export function registerOriginCheck(app: FastifyInstance, publicUrl: URL): void {
  const allowed = publicUrl.origin
  app.addHook('onRequest', async (req) => {
    if (SAFE_METHODS.has(req.method)) return
    const origin = req.headers.origin
    if (origin !== undefined && origin !== allowed) throw new BadOriginError()
  })
}
