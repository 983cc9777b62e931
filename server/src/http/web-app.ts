import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { sendNotFound } from './problems.js'

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist')

/**
 * Serves the built web app; any other GET that wants HTML gets index.html (client-side routes).
 * Unknown /api paths always get a JSON problem.
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
      setHeaders: (res, file) => {
        if (!file.includes(`${path.sep}assets${path.sep}`)) res.header('cache-control', 'no-cache')
      },
    })
  }
  app.setNotFoundHandler((req: FastifyRequest, reply: FastifyReply) => {
    const wantsPage = (req.method === 'GET' || req.method === 'HEAD') && !req.url.startsWith('/api/') && req.url !== '/api'
    if (wantsPage && hasApp && (req.headers.accept ?? '').includes('text/html')) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html')
    }
    return sendNotFound(reply)
  })
}
