/**
 * The authorization matrix over every route × role × ownership (issue 11's security suite),
 * generated from the route table: a registered route without a row fails, a row whose route is
 * gone fails (unless listed in PENDING_ROUTES), and every row is called against a real app — no
 * session (401), a plain member on a role's route (403), someone else's post, comment, job,
 * company page, conversation or employment (403/404), and the allowed calls answered 2xx/3xx.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { routesOf } from '../support/route-walk.js'
import { ACCOUNT_CALLS } from './authz-calls.js'
import { TALK_CALLS } from './authz-calls-talk.js'
import { ACCESS, type Access, isApiRoute, matrixRows, OUTSIDE_API, PENDING_ROUTES, rowsFor } from './authz-matrix.js'
import { kindOf, runRows } from './authz-run.js'
import { buildWorld, V, type World } from './authz-world.js'

const CALLS = { ...ACCOUNT_CALLS, ...TALK_CALLS }

describe('the authorization matrix', () => {
  let w: World
  let registered: ReturnType<typeof routesOf>
  before(async () => {
    w = await buildWorld()
    registered = routesOf(w.app)
  })
  after(() => w?.close())

  it('has a row for every registered API route (a new route without one fails here)', () => {
    const missing = registered.filter((r) => isApiRoute(r.name) && !ACCESS[r.name]).map((r) => r.name)
    assert.deepEqual(missing, [], 'add these routes to ACCESS in test/security/authz-matrix.ts')
  })

  it('names no route that is not registered, but those still pending', (t) => {
    const names = new Set(registered.map((r) => r.name))
    const stale = Object.keys(ACCESS).filter((name) => !names.has(name) && !PENDING_ROUTES.has(name))
    assert.deepEqual(stale, [], 'these rows name routes the app no longer has')
    const waiting = [...PENDING_ROUTES].filter((name) => !names.has(name))
    if (waiting.length) t.diagnostic(`pending, not registered yet: ${waiting.join(', ')}`)
    for (const name of PENDING_ROUTES) assert.ok(ACCESS[name], `pending ${name} has a row`)
  })

  it('agrees with the route table on which routes are public, anonymous or need a session', () => {
    const disagree = registered
      .filter((r) => ACCESS[r.name] && kindOf(ACCESS[r.name]!) !== r.kind)
      .map((r) => `${r.name}: the matrix says ${kindOf(ACCESS[r.name]!)}, the route table ${r.kind}`)
    assert.deepEqual(disagree, [])
  })

  it('has a call written for every row', () => {
    assert.deepEqual(Object.keys(ACCESS).filter((name) => !CALLS[name]), [])
  })

  it('answers every row of every registered API route as the matrix says', async (t) => {
    const names = new Set(registered.map((r) => r.name))
    const rows = matrixRows().filter((r) => names.has(r.route))
    const wrong = await runRows(w, rows, CALLS)
    t.diagnostic(`${rows.length} rows over ${new Set(rows.map((r) => r.route)).size} routes`)
    assert.deepEqual(wrong, [])
  })

  it('serves every route outside /api/v1 (documentation, the web app) without a session', async () => {
    const outside = registered.filter((r) => !isApiRoute(r.name) && r.method === 'GET')
    assert.ok(outside.length >= 5, `${outside.length} routes outside the API`)
    assert.equal(OUTSIDE_API.kind, 'public')
    const refused: string[] = []
    for (const r of outside) {
      const res = await w.app.inject({ method: 'GET', url: r.url.replace(/\*$/, 'index.html') })
      if (res.statusCode === 401 || res.statusCode === 403) refused.push(`${r.name} → ${res.statusCode}`)
    }
    assert.deepEqual(refused, [])
  })
})

describe('the authorization matrix, planted defects', () => {
  it('reports a role route whose handler forgot its check, and a route that has no row', async () => {
    // Registered beside the scopes, as a careless plugin might: no session, no role check.
    const planted = `GET ${V}/planted/admin-report`
    const w = await buildWorld({ beforeReady: (app) => app.get(`${V}/planted/admin-report`, async () => ({ revenue: 'for anyone' })) })
    try {
      const routes = routesOf(w.app)
      assert.deepEqual(routes.filter((r) => isApiRoute(r.name) && !ACCESS[r.name]).map((r) => r.name), [planted], 'the route→row check names it')
      const admin: Access = { kind: 'role', role: 'admin' }
      const wrong = await runRows(w, rowsFor(planted, admin), { [planted]: async () => ({ method: 'GET', url: `${V}/planted/admin-report` }) })
      assert.deepEqual(wrong, [
        `${planted} as none: expected 401, got 200`,
        `${planted} as member: expected 403, got 200`,
        `${planted} as reviewer: expected 403, got 200`,
        `${planted} as moderator: expected 403, got 200`,
      ])
    } finally {
      await w.close()
    }
  })

  it('reports an ownership route that lets anyone edit (a row expecting 403 answered 2xx)', async () => {
    const w = await buildWorld()
    try {
      // PATCH /feed/posts/:id called on the member's own post for every row: as if the handler
      // ignored whose post it is, "someone else's" succeeds.
      const route = `PATCH ${V}/feed/posts/:id`
      const ownOnly = CALLS[route]!
      const wrong = await runRows(w, rowsFor(route, ACCESS[route]!).filter((r) => r.actor === 'member'), { [route]: (c) => ownOnly({ ...c, own: true }) })
      assert.deepEqual(wrong, [`${route} as member (other): expected 403, got 200`])
    } finally {
      await w.close()
    }
  })
})
