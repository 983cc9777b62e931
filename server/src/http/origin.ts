import type { FastifyInstance } from 'fastify'
import { BadOriginError } from '../errors.js'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** Fetch Metadata (`Sec-Fetch-Site`) values a browser gives a request another site started. */
const FOREIGN_SITES = new Set(['cross-site', 'same-site'])

/**
 * A state-changing request that names an Origin must come from PUBLIC_URL, and one a browser marks
 * `Sec-Fetch-Site: cross-site` or `same-site` (another origin started it) is refused even without
 * an Origin. Together with SameSite=Lax cookies (a cross-site POST carries no session) and JSON-only
 * bodies (a form cannot send JSON; the multipart uploads rely on the others), this closes CSRF.
 * A request with neither header is a non-browser client's, and passes.
 */
export function registerOriginCheck(app: FastifyInstance, publicUrl: URL): void {
  const allowed = publicUrl.origin
  app.addHook('onRequest', async (req) => {
    if (SAFE_METHODS.has(req.method)) return
    const origin = req.headers.origin
    if (origin !== undefined && origin !== allowed) throw new BadOriginError()
    const site = req.headers['sec-fetch-site']
    if (typeof site === 'string' && FOREIGN_SITES.has(site.toLowerCase())) throw new BadOriginError()
  })
}
