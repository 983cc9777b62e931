import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { LIMITS } from '../../shared/src/api/limits.js'
import { buildTestApp, GOOD_PASSWORD, signUp, type TestApp, uniqueEmail } from '../support/app.js'

let t: TestApp
let cookie: string
before(async () => {
  t = await buildTestApp()
  cookie = (await signUp(t.app)).cookie
})
after(() => t.close())

/** Every row of every account-side table, to prove a refused request changed nothing. */
async function snapshot() {
  const out: Record<string, unknown[]> = {}
  for (const table of ['account', 'profile', 'session', 'company'] as const) {
    out[table] = await t.ctx.db.selectFrom(table).selectAll().execute()
  }
  return JSON.stringify(out)
}

const WRITE_ROUTES = [
  ['POST', '/api/v1/accounts'],
  ['POST', '/api/v1/sessions'],
  ['PATCH', '/api/v1/me'],
  ['PUT', '/api/v1/me/profile'],
  ['PUT', '/api/v1/me/password'],
  ['DELETE', '/api/v1/me'],
] as const

describe('GET /api/v1/health', () => {
  it('answers ok', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/health' })
    assert.equal(res.statusCode, 200)
    assert.deepEqual(res.json(), { status: 'ok' })
  })
})

describe('bad input', () => {
  it('answers unknown API routes with a 404 problem', async () => {
    for (const [method, url] of [['GET', '/api/v1/nothing'], ['POST', '/api/v1/health'], ['DELETE', '/api/v2/accounts'], ['GET', '/api']] as const) {
      const res = await t.app.inject({ method, url, headers: { cookie } })
      assert.equal(res.statusCode, 404, `${method} ${url}`)
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
      assert.equal(res.json().code, 'not_found')
      assert.equal(res.json().type, 'urn:watercooler:problem:not_found')
    }
  })

  it('refuses malformed JSON on every write route, changing nothing', async () => {
    const before = await snapshot()
    for (const [method, url] of WRITE_ROUTES) {
      for (const payload of ['{"name": ', '{bad}', '[1,2', '"unterminated', '{"__proto__": {"admin": true}}']) {
        const res = await t.app.inject({ method, url, headers: { cookie, 'content-type': 'application/json' }, payload })
        assert.equal(res.statusCode, 400, `${method} ${url} ${payload}: ${res.body}`)
        assert.ok(['malformed_json', 'bad_request'].includes(res.json().code), res.body)
      }
    }
    assert.equal(await snapshot(), before)
  })

  it('refuses wrong types, missing and extra fields, naming each field', async () => {
    const before = await snapshot()
    const cases: [string, string, unknown, string[]][] = [
      ['POST', '/api/v1/accounts', { name: 42, email: uniqueEmail(), password: GOOD_PASSWORD }, ['/name']],
      ['POST', '/api/v1/accounts', { email: uniqueEmail(), password: GOOD_PASSWORD }, ['/name']],
      ['POST', '/api/v1/accounts', { name: 'A', email: uniqueEmail(), password: GOOD_PASSWORD, admin: true }, ['/admin']],
      ['POST', '/api/v1/accounts', { name: 'A', email: 'not-an-email', password: GOOD_PASSWORD }, ['/email']],
      ['POST', '/api/v1/accounts', [], ['/']],
      ['POST', '/api/v1/sessions', { email: uniqueEmail() }, ['/password']],
      ['POST', '/api/v1/sessions', { email: ['a@b.c'], password: 'x' }, ['/email']],
      ['PUT', '/api/v1/me/password', { currentPassword: GOOD_PASSWORD, newPassword: 12345678901 }, ['/newPassword']],
      ['DELETE', '/api/v1/me', { password: null }, ['/password']],
    ]
    for (const [method, url, payload, fields] of cases) {
      const res = await t.app.inject({ method: method as 'POST', url, headers: { cookie }, payload: payload as object })
      assert.equal(res.statusCode, 400, `${method} ${url} ${JSON.stringify(payload)}`)
      const body = res.json()
      assert.equal(body.code, 'validation_failed')
      for (const f of fields) assert.ok(body.errors.some((e: { field: string }) => e.field === f), `${f} in ${res.body}`)
      assert.ok(fields.every((f) => body.detail.includes(f)), 'the detail names the field too')
    }
    assert.equal(await snapshot(), before)
  })

  it(`refuses a body over ${LIMITS.jsonBodyBytes} bytes with 413, and reads one at the limit`, async () => {
    const before = await snapshot()
    const wrap = (n: number) => {
      const shell = JSON.stringify({ name: '', email: uniqueEmail(), password: GOOD_PASSWORD })
      return shell.replace('"name":""', `"name":"${'x'.repeat(n - shell.length)}"`)
    }
    const over = wrap(LIMITS.jsonBodyBytes + 1)
    assert.equal(Buffer.byteLength(over), LIMITS.jsonBodyBytes + 1)
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/accounts', headers: { 'content-type': 'application/json' }, payload: over })
    assert.equal(res.statusCode, 413)
    assert.equal(res.json().code, 'body_too_large')
    const at = wrap(LIMITS.jsonBodyBytes)
    assert.equal(Buffer.byteLength(at), LIMITS.jsonBodyBytes)
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/accounts', headers: { 'content-type': 'application/json' }, payload: at })
    assert.equal(ok.statusCode, 400, 'read and judged by the schema (name too long), not cut off')
    assert.equal(ok.json().code, 'validation_failed')
    assert.equal(await snapshot(), before)
  })

  it('refuses bodies that are not JSON with 415 (a cross-site form cannot post)', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/sessions', headers: { 'content-type': type }, payload: 'email=a@b.c&password=x' })
      assert.equal(res.statusCode, 415, type)
      assert.equal(res.json().code, 'unsupported_media_type')
    }
  })

  it('never answers 5xx to junk bodies on any route', async () => {
    const junk: unknown[] = [null, 0, -1, 1e308, true, 'text', [], [{}], {}, { a: { b: { c: [] } } }, { name: {}, email: {}, password: {} }]
    const before = await snapshot()
    for (const [method, url] of WRITE_ROUTES) {
      for (const body of junk) {
        const res = await t.app.inject({ method, url, headers: { cookie, 'content-type': 'application/json' }, payload: JSON.stringify(body) })
        assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${method} ${url} ${JSON.stringify(body)} → ${res.statusCode}`)
        assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
      }
    }
    assert.equal(await snapshot(), before)
  })
})

describe('the Origin rule', () => {
  it('refuses a state-changing request from another origin with 403 bad_origin', async () => {
    const before = await snapshot()
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts',
      headers: { origin: 'https://evil.example' },
      payload: { name: 'Mallory', email: uniqueEmail(), password: GOOD_PASSWORD },
    })
    assert.equal(res.statusCode, 403)
    assert.equal(res.json().code, 'bad_origin')
    assert.equal(await snapshot(), before)
  })

  it('accepts the site origin and requests without an Origin header', async () => {
    const same = await t.app.inject({ method: 'POST', url: '/api/v1/accounts', headers: { origin: t.ctx.config.publicUrl.origin }, payload: { name: 'A', email: uniqueEmail(), password: GOOD_PASSWORD } })
    assert.equal(same.statusCode, 201)
    const none = await t.app.inject({ method: 'POST', url: '/api/v1/accounts', payload: { name: 'B', email: uniqueEmail(), password: GOOD_PASSWORD } })
    assert.equal(none.statusCode, 201)
  })

  it('lets reads through from anywhere (they change nothing)', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/health', headers: { origin: 'https://elsewhere.example' } })
    assert.equal(res.statusCode, 200)
  })
})

describe('security headers', () => {
  it('sends a strict Content-Security-Policy and friends', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/health' })
    const csp = String(res.headers['content-security-policy'])
    for (const d of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'", "frame-ancestors 'none'"]) {
      assert.ok(csp.includes(d), `${d} in ${csp}`)
    }
    assert.ok(!csp.includes('unsafe-inline') && !csp.includes('unsafe-eval'))
    assert.equal(res.headers['x-content-type-options'], 'nosniff')
    assert.equal(res.headers['x-frame-options'], 'DENY')
    assert.equal(res.headers['referrer-policy'], 'no-referrer')
    assert.match(String(res.headers['x-request-id']), /^[0-9a-f-]{36}$/)
  })
})

describe('GET /api/openapi.json', () => {
  it('documents every API route with its request and response schemas', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' })
    assert.equal(res.statusCode, 200)
    const doc = res.json()
    assert.equal(doc.openapi, '3.1.0')
    const expected = [
      ['get', '/api/v1/health'],
      ['get', '/api/v1/health/live'],
      ['get', '/api/v1/health/ready'],
      ['post', '/api/v1/accounts'],
      ['post', '/api/v1/sessions'],
      ['delete', '/api/v1/sessions/current'],
      ['get', '/api/v1/me'],
      ['patch', '/api/v1/me'],
      ['delete', '/api/v1/me'],
      ['put', '/api/v1/me/password'],
      ['put', '/api/v1/me/profile'],
      ['get', '/api/v1/users/{handle}'],
      ['put', '/api/v1/me/handle'],
      ['put', '/api/v1/me/photo'],
      ['delete', '/api/v1/me/photo'],
      ['get', '/api/v1/photos/{id}/{size}'],
      ['get', '/api/v1/me/totp'],
      ['post', '/api/v1/me/totp'],
      ['post', '/api/v1/me/totp/confirm'],
      ['delete', '/api/v1/me/totp'],
      ['post', '/api/v1/sessions/second-factor'],
      ['post', '/api/v1/verifications/email'],
      ['post', '/api/v1/verifications/email/confirm'],
      ['post', '/api/v1/verifications/badge'],
      ['get', '/api/v1/verifications/badge'],
      ['get', '/api/v1/verifications/badge/{id}/photo'],
      ['patch', '/api/v1/me/employments/{id}'],
      ['post', '/api/v1/me/employments/{id}/leave'],
      ['get', '/api/v1/companies'],
      ['get', '/api/v1/companies/{slug}'],
      ['patch', '/api/v1/companies/{slug}'],
      ['post', '/api/v1/companies/{slug}/merge'],
      ['post', '/api/v1/companies/{slug}/representatives'],
      ['delete', '/api/v1/companies/{slug}/representatives/{handle}'],
      ['get', '/api/v1/companies/{slug}/reviews'],
      ['post', '/api/v1/companies/{slug}/reviews'],
      ['post', '/api/v1/companies/{slug}/reviews/{id}/response'],
      ['delete', '/api/v1/companies/{slug}/reviews/{id}/response'],
      ['post', '/api/v1/companies/{slug}/reviews/{id}/helpful'],
      ['get', '/api/v1/companies/{slug}/salaries'],
      ['post', '/api/v1/companies/{slug}/salaries'],
      ['get', '/api/v1/companies/{slug}/interviews'],
      ['post', '/api/v1/companies/{slug}/interviews'],
      ['get', '/api/v1/jobs'],
      ['post', '/api/v1/jobs'],
      ['get', '/api/v1/jobs/{id}'],
      ['patch', '/api/v1/jobs/{id}'],
      ['get', '/api/v1/companies/{slug}/jobs'],
      ['post', '/api/v1/jobs/{id}/applications'],
      ['get', '/api/v1/me/applications'],
      ['post', '/api/v1/applications/{id}/withdraw'],
      ['get', '/api/v1/companies/{slug}/applications'],
      ['patch', '/api/v1/applications/{id}'],
      ['get', '/api/v1/applications/{id}/resume'],
      ['put', '/api/v1/jobs/{id}/saved'],
      ['delete', '/api/v1/jobs/{id}/saved'],
      ['get', '/api/v1/me/saved-jobs'],
      ['get', '/api/v1/me/job-alerts'],
      ['post', '/api/v1/me/job-alerts'],
      ['delete', '/api/v1/me/job-alerts/{id}'],
      ['get', '/api/v1/jobs/{id}/referrers'],
      ['post', '/api/v1/jobs/{id}/referral-requests'],
      ['get', '/api/v1/admin/companies/duplicates'],
      ['post', '/api/v1/admin/companies/duplicates/distinct'],
      ['get', '/api/v1/companies/{slug}/logo'],
      ['put', '/api/v1/companies/{slug}/logo'],
      ['delete', '/api/v1/companies/{slug}/logo'],
      ['get', '/api/v1/reviews/badges'],
      ['get', '/api/v1/reviews/badges/{id}/companies'],
      ['get', '/api/v1/reviews/badges/{id}/photo'],
      ['post', '/api/v1/reviews/badges/{id}/approve'],
      ['post', '/api/v1/reviews/badges/{id}/reject'],
      ['get', '/api/v1/talk/keys'],
      ['get', '/api/v1/talk/keys/log'],
      ['post', '/api/v1/talk/tokens'],
      ['post', '/api/v1/talk/threads'],
      ['get', '/api/v1/talk/threads'],
      ['post', '/api/v1/talk/threads/{id}/posts'],
      ['get', '/api/v1/talk/threads/{id}'],
      ['put', '/api/v1/talk/posts/{id}'],
      ['delete', '/api/v1/talk/posts/{id}'],
      ['get', '/api/v1/talk/writes/{postId}'],
      ['get', '/api/v1/talk/channels'],
      ['post', '/api/v1/talk/channels'],
      ['patch', '/api/v1/talk/channels/{slug}'],
      ['get', '/api/v1/talk/images/{id}'],
      ['get', '/api/v1/talk/public/hot'],
      ['get', '/api/v1/search'],
      ['post', '/api/v1/conversations'],
      ['get', '/api/v1/conversations'],
      ['get', '/api/v1/conversations/{id}/messages'],
      ['post', '/api/v1/conversations/{id}/messages'],
      ['post', '/api/v1/conversations/{id}/read'],
      ['post', '/api/v1/conversations/{id}/accept'],
      ['post', '/api/v1/conversations/{id}/decline'],
      ['get', '/api/v1/notifications'],
      ['post', '/api/v1/notifications/read'],
      ['get', '/api/v1/me/notification-settings'],
      ['put', '/api/v1/me/notification-settings'],
      ['post', '/api/v1/unsubscribe'],
      ['get', '/api/v1/unsubscribe'],
      ['get', '/api/v1/events'],
      ['post', '/api/v1/feed/posts'],
      ['get', '/api/v1/feed/posts/{id}'],
      ['patch', '/api/v1/feed/posts/{id}'],
      ['delete', '/api/v1/feed/posts/{id}'],
      ['get', '/api/v1/feed'],
      ['get', '/api/v1/users/{handle}/posts'],
      ['post', '/api/v1/feed/posts/{id}/likes'],
      ['delete', '/api/v1/feed/posts/{id}/likes'],
      ['post', '/api/v1/feed/posts/{id}/comments'],
      ['get', '/api/v1/feed/posts/{id}/comments'],
      ['patch', '/api/v1/feed/comments/{id}'],
      ['delete', '/api/v1/feed/comments/{id}'],
      ['get', '/api/v1/feed/images/{id}'],
      ['post', '/api/v1/feed/images'],
      ['post', '/api/v1/talk/votes'],
      ['post', '/api/v1/talk/polls/{id}/answers'],
      ['post', '/api/v1/talk/images'],
      ['get', '/api/v1/talk/events'],
      ['post', '/api/v1/password-resets'],
      ['post', '/api/v1/password-resets/confirm'],
      ['get', '/api/v1/me/sessions'],
      ['delete', '/api/v1/me/sessions'],
      ['delete', '/api/v1/me/sessions/{id}'],
      ['get', '/api/v1/me/export'],
      ['post', '/api/v1/connections'],
      ['get', '/api/v1/connections'],
      ['get', '/api/v1/connections/suggestions'],
      ['post', '/api/v1/connections/{id}/accept'],
      ['post', '/api/v1/connections/{id}/ignore'],
      ['delete', '/api/v1/connections/{id}'],
      ['get', '/api/v1/users/{handle}/mutual'],
      ['post', '/api/v1/blocks'],
      ['get', '/api/v1/blocks'],
      ['delete', '/api/v1/blocks/{handle}'],
      ['post', '/api/v1/follows'],
      ['get', '/api/v1/follows'],
      ['delete', '/api/v1/follows/{id}'],
      ['post', '/api/v1/reports'],
      ['post', '/api/v1/takedown-requests'],
      ['get', '/api/v1/moderation/queue'],
      ['post', '/api/v1/moderation/actions'],
      ['get', '/api/v1/moderation/log'],
      ['get', '/api/v1/moderation/transparency'],
      ['post', '/api/v1/talk/reports'],
      ['post', '/api/v1/talk/appeals'],
    ]
    for (const [method, path] of expected) {
      const op = doc.paths[path!]?.[method!]
      assert.ok(op, `${method} ${path} is documented`)
      assert.ok(op.summary, `${method} ${path} has a summary`)
      // A 303 is a success too: GET /unsubscribe only points a browser at the web app's confirm page.
      assert.ok(Object.keys(op.responses).some((s) => s.startsWith('2') || s === '303'), `${method} ${path} documents its success`)
    }
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops as object).map((m) => `${m} ${p}`))
    assert.equal(documented.length, expected.length, `no undocumented extras: ${documented.join(', ')}`)
    assert.ok(doc.paths['/api/v1/accounts'].post.requestBody.content['application/json'].schema.properties.password)
  })

  it('serves a browsable API reference', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/' })
    assert.equal(res.statusCode, 200)
    assert.match(res.body, /swagger-ui/i)
  })
})

describe('logging', () => {
  it('never writes a cookie, a password, an e-mail, an address or a body to the log', async () => {
    const email = uniqueEmail('sentinel-log')
    const password = 'sentinel password 0451'
    const up = await t.app.inject({ method: 'POST', url: '/api/v1/accounts', payload: { name: 'Sentinel Name', email, password }, headers: { 'user-agent': 'SentinelAgent/1.0' } })
    const token = up.cookies.find((c) => c.name === 'wc_session')!.value
    await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: `wc_session=${token}`, authorization: 'Bearer sentinel-auth-header' } })
    await t.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { email, password: 'wrong sentinel password' } })
    await t.app.inject({ method: 'PUT', url: '/api/v1/me/profile', headers: { cookie: `wc_session=${token}` }, payload: { headline: 'sentinel headline' } })
    const text = t.logText()
    assert.ok(text.length > 0, 'the app does log')
    for (const secret of [token, password, 'wrong sentinel password', email, 'Sentinel Name', 'SentinelAgent', 'sentinel-auth-header', 'sentinel headline', '127.0.0.1']) {
      assert.ok(!text.includes(secret), `the log does not contain ${secret}`)
    }
    const line = t.logs.findLast((l) => l.route === '/api/v1/me' && l.method === 'GET')
    assert.ok(line && typeof line.reqId === 'string' && line.status === 200, 'one structured line per request, with its id')
  })
})
