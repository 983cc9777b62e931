import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { sendNotFound } from './problems.js'

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist')

/**
 * Serves the built web app: hashed assets (`/assets/…`) cached for a year as immutable, everything
 * else revalidated; the Brotli or gzip copy the build wrote beside each file when the client
 * accepts it. Any other GET for a page path gets index.html (client-side routes) unless the client
 * asks for JSON only — so `curl http://127.0.0.1:3000/` gets the page, as a browser does. A missing
 * file (a path with an extension, e.g. an old asset) is a 404, not a page, unless HTML is asked
 * for; unknown /api paths always get a JSON problem.
 */
export async function registerWebApp(app: FastifyInstance, dist = WEB_DIST): Promise<void> {
  const hasApp = fs.existsSync(path.join(dist, 'index.html'))
  if (hasApp) {
    await app.register(fastifyStatic, {
      root: dist,
      wildcard: false,
      index: false,
      maxAge: '1y',
      immutable: true,
      preCompressed: true,
      setHeaders: (res, file) => {
        if (!file.includes(`${path.sep}assets${path.sep}`)) res.header('cache-control', 'no-cache')
      },
    })
  }
  app.setNotFoundHandler((req: FastifyRequest, reply: FastifyReply) => {
    const isPagePath = (req.method === 'GET' || req.method === 'HEAD') && !req.url.startsWith('/api/') && req.url !== '/api'
    if (isPagePath && hasApp && wantsPage(req.url, req.headers.accept ?? '')) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html')
    }
    return sendNotFound(reply)
  })
}

/**
 * Whether a GET for a non-API path gets the web app's page: when it accepts HTML, or anything
 * (no Accept, or a wildcard: curl, health checkers) for a path that names no file — but not when it
 * asks for JSON alone.
 */
export function wantsPage(url: string, accept: string): boolean {
  if (accept.includes('text/html')) return true
  const last = url.split('?')[0]!.split('/').pop() ?? ''
  if (last.includes('.')) return false
  return accept === '' || accept.split(',').some((part) => ['*/*', 'text/*'].includes(part.split(';')[0]!.trim()))
}
