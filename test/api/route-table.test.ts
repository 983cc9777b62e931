import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { buildTestApp, type TestApp } from '../support/app.js'
import { routesOf, unguardedRoutes } from '../support/route-walk.js'

/**
 * The routes that may be called without a session, each on purpose. Adding one here is a
 * decision; forgetting to mark a new route public makes it ask for a session, never the reverse.
 */
const PUBLIC_API = [
  'GET /api/v1/health',
  'GET /api/v1/health/live',
  'GET /api/v1/health/ready',
  'POST /api/v1/accounts',
  'POST /api/v1/sessions',
  'POST /api/v1/password-resets',
  'POST /api/v1/password-resets/confirm',
  'POST /api/v1/sessions/second-factor',
  'GET /api/v1/companies/:slug/logo',
  'GET /api/v1/talk/keys',
  'GET /api/v1/talk/keys/log',
  'GET /api/v1/talk/public/hot',
  'POST /api/v1/unsubscribe',
  'GET /api/v1/unsubscribe',
  'POST /api/v1/takedown-requests',
  'GET /api/v1/moderation/log',
  'GET /api/v1/moderation/transparency',
].sort()
/** Work Talk's anonymous writes and their outcomes: the sealed module's scope (server/src/anon/). */
const ANONYMOUS_API = [
  'POST /api/v1/talk/threads',
  'POST /api/v1/talk/threads/:id/posts',
  'PUT /api/v1/talk/posts/:id',
  'DELETE /api/v1/talk/posts/:id',
  'GET /api/v1/talk/writes/:postId',
  'POST /api/v1/talk/votes',
  'POST /api/v1/talk/polls/:id/answers',
  'POST /api/v1/talk/images',
  'GET /api/v1/talk/events',
  'POST /api/v1/companies/:slug/reviews',
  'POST /api/v1/companies/:slug/salaries',
  'POST /api/v1/companies/:slug/interviews',
  'POST /api/v1/companies/:slug/reviews/:id/helpful',
  'POST /api/v1/talk/reports',
  'POST /api/v1/talk/appeals',
].sort()

describe('the route table', () => {
  let t: TestApp
  before(async () => {
    t = await buildTestApp()
  })
  after(() => t.close())

  it('answers 401 without a session on every API route not marked public or anonymous', async () => {
    const session = routesOf(t.app).filter((r) => r.kind === 'session')
    assert.ok(session.length >= 25, `walked ${session.length} routes`)
    assert.deepEqual(await unguardedRoutes(t.app), [])
  })

  it('has exactly the public and anonymous API routes it means to have', () => {
    const api = routesOf(t.app).filter((r) => r.url.startsWith('/api/v1/'))
    assert.deepEqual(api.filter((r) => r.kind === 'public').map((r) => r.name).sort(), PUBLIC_API)
    assert.deepEqual(api.filter((r) => r.kind === 'anonymous').map((r) => r.name).sort(), ANONYMOUS_API)
    const outside = routesOf(t.app).filter((r) => !r.url.startsWith('/api/v1/'))
    assert.ok(outside.every((r) => r.kind === 'public'), 'outside /api/v1 only the web app and the API documentation')
  })
})

describe('the route-table walk', () => {
  it('fails on a planted route with no session check', async () => {
    // Registered beside the scopes, as a careless plugin might: no session scope guards it.
    const t = await buildTestApp({ beforeReady: (app) => app.get('/api/v1/planted', async () => ({ secrets: 'for anyone' })) })
    try {
      assert.deepEqual(await unguardedRoutes(t.app), ['GET /api/v1/planted → 200'])
    } finally {
      await t.close()
    }
  })
})
