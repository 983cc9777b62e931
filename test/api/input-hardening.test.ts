import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { LightMyRequestResponse } from 'fastify'
import { CURSORS, LIMITS } from '../../shared/src/api/limits.js'
import { jsonDepth } from '../../server/src/http/json-body.js'
import { cursorBigintId, cursorInteger, cursorText, cursorTime, cursorUuid } from '../../server/src/services/cursor-fields.js'
import { buildTestApp, type TestApp } from '../support/app.js'
import { buildVerifiedUser } from '../support/factories.js'
import { routesOf } from '../support/route-walk.js'

// Issue 11, "No 500 from input": what a schema fuzz found answering 500, each replayed here.

let t: TestApp
let ada: { cookie: string; handle: string }
let bob: { cookie: string; handle: string }
before(async () => {
  t = await buildTestApp()
  ada = await buildVerifiedUser(t.app, t.ctx, 'harden-co')
  bob = await buildVerifiedUser(t.app, t.ctx, 'harden-co')
})
after(() => t.close())

const JSON_HEADERS = { 'content-type': 'application/json' }
const DASHES = '-'.repeat(36)
const UUID = '00000000-0000-4000-8000-000000000000'

/** Rows of the tables a refused write could have touched, to prove it changed nothing. */
async function snapshot() {
  const out: Record<string, unknown[]> = {}
  for (const table of ['account', 'profile', 'session', 'talkThread', 'talkPost', 'feedPost', 'companyReview', 'connection', 'conversation', 'message'] as const) {
    out[table] = await t.ctx.db.selectFrom(table).selectAll().execute()
  }
  return JSON.stringify(out)
}

function assertProblem(res: LightMyRequestResponse, code: string, what: string) {
  assert.equal(res.statusCode, 400, `${what}: ${res.statusCode} ${res.body}`)
  assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8', what)
  assert.equal(res.json().code, code, `${what}: ${res.body}`)
}

/** JSON text whose nesting is exactly `depth` levels: {"a":{"a":…{}…}}. */
const nested = (depth: number) => '{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1)

// A session route, an anonymous Work Talk route, and a public one (sign-up).
const BODY_ROUTES = [
  ['PATCH', '/api/v1/me'],
  ['POST', '/api/v1/talk/threads'],
  ['POST', '/api/v1/talk/votes'],
  ['POST', '/api/v1/accounts'],
] as const

describe(`JSON bodies nested deeper than ${LIMITS.jsonMaxDepth}`, () => {
  it('counts depth without recursion, ignoring brackets inside strings', () => {
    assert.equal(jsonDepth('{}'), 1)
    assert.equal(jsonDepth(nested(LIMITS.jsonMaxDepth)), LIMITS.jsonMaxDepth)
    assert.equal(jsonDepth('{"a":"[[[[{{{{\\"[[[[","b":[1,[2]]}'), 3)
    assert.equal(jsonDepth('"\\\\"'), 0, 'an escaped backslash ends before the closing quote')
    assert.equal(jsonDepth('['.repeat(100_000)), 100_000)
  })

  it('refuses 8,000 levels with 400 too_deep on every kind of route, storing nothing', async () => {
    const before = await snapshot()
    for (const deep of ['['.repeat(8000) + ']'.repeat(8000), nested(8000), `{"title":${'['.repeat(8000)}`]) {
      for (const [method, url] of BODY_ROUTES) {
        const res = await t.app.inject({ method, url, headers: { ...JSON_HEADERS, cookie: ada.cookie }, payload: deep })
        assertProblem(res, 'too_deep', `${method} ${url}`)
      }
    }
    assert.equal(await snapshot(), before)
  })

  it('lets the parser accept exactly the limit and refuses one level more', async () => {
    for (const [method, url] of BODY_ROUTES) {
      const at = await t.app.inject({ method, url, headers: { ...JSON_HEADERS, cookie: ada.cookie }, payload: nested(LIMITS.jsonMaxDepth) })
      assert.ok(at.statusCode < 500 && at.json().code !== 'too_deep', `${method} ${url} at the limit: ${at.body}`)
      const over = await t.app.inject({ method, url, headers: { ...JSON_HEADERS, cookie: ada.cookie }, payload: nested(LIMITS.jsonMaxDepth + 1) })
      assertProblem(over, 'too_deep', `${method} ${url} one over`)
    }
  })

  it('still parses a valid body (brackets in strings do not count)', async () => {
    const name = `Ada ${'[{'.repeat(40)} \\"`
    const res = await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { ...JSON_HEADERS, cookie: ada.cookie }, payload: JSON.stringify({ name }) })
    assert.equal(res.statusCode, 200, res.body)
    assert.equal(res.json().name, name)
  })
})

// Each is text the database cannot take or a percent-encoding that is not UTF-8.
const BAD_PARAMS = ['%00', 'a%00b', '%FF', '%ED%A0%80', '%E0%A4%A', '%C0%80']

describe('NUL and broken Unicode in the address', () => {
  it('refuses them in a path parameter of session, anonymous and public routes, storing nothing', async () => {
    const before = await snapshot()
    for (const bad of BAD_PARAMS) {
      for (const [method, url] of [
        ['GET', `/api/v1/users/${bad}`],
        ['GET', `/api/v1/users/${bad}/mutual`],
        ['GET', `/api/v1/companies/${bad}`],
        ['PUT', `/api/v1/talk/posts/${bad}`],
        ['POST', `/api/v1/companies/${bad}/reviews`],
        ['GET', `/api/v1/talk/writes/${bad}`],
      ] as const) {
        const res = await t.app.inject({ method, url, headers: { cookie: ada.cookie, ...(method !== 'GET' && JSON_HEADERS) }, ...(method !== 'GET' && { payload: '{}' }) })
        assertProblem(res, 'invalid_characters', `${method} ${url}`)
      }
    }
    assert.equal(await snapshot(), before)
  })

  it('refuses them in the query string, in a name or a value', async () => {
    for (const bad of BAD_PARAMS) {
      for (const url of [`/api/v1/search?q=${bad}`, `/api/v1/search?${bad}=x`, `/api/v1/talk/threads?channel=${bad}`, `/api/v1/talk/public/hot?x=${bad}`, `/api/v1/health?cursor=${bad}`]) {
        const res = await t.app.inject({ method: 'GET', url, headers: { cookie: ada.cookie } })
        assertProblem(res, 'invalid_characters', url)
      }
    }
    // A lone % is malformed percent-encoding too; a well-formed query still works.
    assertProblem(await t.app.inject({ method: 'GET', url: '/api/v1/search?q=50%', headers: { cookie: ada.cookie } }), 'invalid_characters', 'q=50%')
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/search?q=%E5%B9%B4+end', headers: { cookie: ada.cookie } })).statusCode, 200)
  })

  it('gives no 5xx on any route of the route table or the OpenAPI document with a NUL in each path parameter', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> }
    const fromDoc = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => ({ method: m.toUpperCase(), url: p.replace(/\{(\w+)\}/g, ':$1') })))
    const all = new Map([...routesOf(t.app), ...fromDoc].map((r) => [`${r.method} ${r.url}`, r]))
    const withParams = [...all.values()].filter((r) => /:\w|\*/.test(r.url) && ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method))
    assert.ok(withParams.length > 30, `only ${withParams.length} routes with path parameters`)
    const bad: string[] = []
    for (const r of withParams) {
      for (const value of ['%00', '%ED%A0%80']) {
        const url = r.url.replace(/:(\w+)/g, value).replace(/\*$/, value)
        const res = await t.app.inject({ method: r.method as 'GET', url, headers: { cookie: ada.cookie, ...(r.method !== 'GET' && JSON_HEADERS) }, ...(r.method !== 'GET' && { payload: '{}' }) })
        if (res.statusCode >= 500 || res.json().code !== 'invalid_characters') bad.push(`${r.method} ${url} → ${res.statusCode} ${res.body.slice(0, 80)}`)
      }
    }
    assert.deepEqual(bad, [])
  })
})

const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')
const raw = (s: string) => Buffer.from(s).toString('base64url')

describe('malformed pagination cursors', () => {
  it('checks each field to its shape and range', () => {
    assert.throws(() => cursorUuid(DASHES), { name: 'BadCursorError' })
    assert.equal(cursorUuid(UUID), UUID)
    assert.throws(() => cursorTime('-004714-01-01T00:00:00.000Z'), { name: 'BadCursorError' })
    assert.throws(() => cursorTime(`${CURSORS.minYear - 1}-12-31T23:59:59.999Z`), { name: 'BadCursorError' })
    assert.equal(cursorTime(`${CURSORS.minYear}-01-01T00:00:00.000Z`).getUTCFullYear(), CURSORS.minYear)
    assert.equal(cursorTime(`${CURSORS.maxYear}-12-31T23:59:59.999Z`).getUTCFullYear(), CURSORS.maxYear)
    assert.throws(() => cursorTime('2026-02-30T00:00:00.000Z'), { name: 'BadCursorError' })
    assert.throws(() => cursorTime('March 7, 2026'), { name: 'BadCursorError' })
    assert.equal(cursorBigintId(CURSORS.maxBigint), CURSORS.maxBigint)
    assert.throws(() => cursorBigintId('9223372036854775808'), { name: 'BadCursorError' })
    assert.equal(cursorInteger(CURSORS.maxInteger), CURSORS.maxInteger)
    assert.throws(() => cursorInteger(CURSORS.maxInteger + 1), { name: 'BadCursorError' })
    assert.throws(() => cursorInteger(-1), { name: 'BadCursorError' })
    assert.throws(() => cursorText('a\u0000', 100), { name: 'BadCursorError' })
    assert.throws(() => cursorText('\ud83d', 100), { name: 'BadCursorError' })
  })

  it('answers 400 bad_cursor on every list, before SQL sees the cursor', async () => {
    const before = await snapshot()
    const lists: [string, string][] = [
      ['connections: 36 dashes as an id', `/connections?cursor=${enc(['connections:accepted', '2026-01-01T00:00:00.000Z', DASHES])}`],
      ['connections: before 4713 BC', `/connections?cursor=${enc(['connections:accepted', '-004714-01-01T00:00:00.000Z', UUID])}`],
      ['connections: not a date', `/connections?state=outgoing&cursor=${enc(['connections:outgoing', 'nope', UUID])}`],
      ['follows: year 0001', `/follows?cursor=${enc(['follows', '0001-01-01T00:00:00.000Z', UUID])}`],
      ['blocks: past what Date holds', `/blocks?cursor=${enc(['blocks', '+275760-09-13T00:00:00.001Z', UUID])}`],
      ['mutual: NUL in the name', `/users/${bob.handle}/mutual?cursor=${enc(['mutual', 'a\u0000', UUID])}`],
      ['home feed: 36 dashes', `/feed?cursor=${enc(['feed', '5', DASHES])}`],
      ['home feed: a huge rank', `/feed?cursor=${enc(['feed', '1e300', UUID])}`],
      ['activity: before 4713 BC', `/users/${bob.handle}/posts?cursor=${enc(['activity', '-271821-04-20T00:00:00.000Z', UUID])}`],
      ['notifications: past bigint', `/notifications?cursor=${raw('n:9999999999999999999')}`],
      ['conversations: past bigint', `/conversations?cursor=${enc(['conv', '9999999999999999999', UUID])}`],
      ['conversations: 36 dashes', `/conversations?cursor=${enc(['conv', '1', DASHES])}`],
      ['search: a huge offset', `/search?q=x&type=people&cursor=${enc(['people', 1e300])}`],
      ['talk new: before 4713 BC', `/talk/threads?sort=new&cursor=${enc(['new', '-004714-01-01T00:00:00.000Z', UUID])}`],
      ['talk top: past integer', `/talk/threads?sort=top&cursor=${enc(['top', 1e12, UUID])}`],
      ['talk hot: 36 dashes', `/talk/threads?sort=hot&cursor=${enc(['hot', 1.5, DASHES])}`],
      ['reviews: not an offset', `/companies/harden-co/reviews?cursor=o-1`],
      ['interviews: huge offset', `/companies/harden-co/interviews?cursor=o99999999999`],
      ['jobs: huge offset', `/jobs?cursor=o99999999999`],
    ]
    const wrong: string[] = []
    for (const [what, url] of lists) {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { cookie: ada.cookie } })
      if (res.statusCode !== 400 || res.headers['content-type'] !== 'application/problem+json; charset=utf-8' || res.json().code !== 'bad_cursor') wrong.push(`${what} → ${res.statusCode} ${res.body.slice(0, 60)}`)
    }
    assert.deepEqual(wrong, [])
    assert.equal(await snapshot(), before)
  })

  it('still follows a cursor the server gave out', async () => {
    const net = await t.app.inject({ method: 'GET', url: `/api/v1/talk/threads?sort=new&cursor=${enc(['new', '2026-01-01T00:00:00.000Z', UUID])}`, headers: { cookie: ada.cookie } })
    assert.equal(net.statusCode, 200, net.body)
    const feed = await t.app.inject({ method: 'GET', url: `/api/v1/connections?cursor=${enc(['connections:accepted', '2026-01-01T00:00:00.000Z', UUID])}`, headers: { cookie: ada.cookie } })
    assert.equal(feed.statusCode, 200, feed.body)
  })
})
