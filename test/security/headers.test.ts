import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { LightMyRequestResponse } from 'fastify'
import { ensureWebBuilt } from '../../scripts/web-build.js'
import { buildTestApp, signUp, type TestApp } from '../support/app.js'
import { photoWithMetadata } from '../support/images.js'
import { multipartBody } from '../support/multipart.js'
import { type HeaderContext, headerViolations } from './header-rules.js'

// Issue 11: "security headers and CSP on every page", checked on the app's real answers.

const ROOT = path.resolve(import.meta.dirname, '../..')

/** The web app's client-side routes, read from its router, each with sample parameters. */
function webPagePaths(): string[] {
  const source = fs.readFileSync(path.join(ROOT, 'web/src/App.tsx'), 'utf8')
  const paths = [...source.matchAll(/<Route\s+path="([^"]+)"/g)].map((m) => m[1]!)
  return [...new Set(['/', ...paths.map((p) => `/${p.replace(/:\w+/g, 'sample-1').replace(/\*$/, 'no/such/page')}`), '/index.html'])]
}

type Checked = { what: string; res: LightMyRequestResponse; ctx: HeaderContext }
/** Every violation of every answer, named by what was asked: one assertion lists them all. */
const violations = (checked: Checked[]) => checked.flatMap(({ what, res, ctx }) => headerViolations(res.headers, ctx).map((v) => `${what} (${res.statusCode}): ${v}`))

describe('security headers of an http site', () => {
  let t: TestApp
  let member: { cookie: string }
  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers })
  before(async () => {
    await ensureWebBuilt()
    t = await buildTestApp()
    member = await signUp(t.app)
  })
  after(() => t.close())

  it('sends the strict CSP and friends with every page of the web app, signed out and in', async () => {
    const pages = webPagePaths()
    assert.ok(pages.length > 20 && pages.includes('/talk') && pages.includes('/signin') && pages.includes('/in/sample-1'), pages.join(' '))
    const checked: Checked[] = []
    for (const url of pages) {
      for (const headers of [{ accept: 'text/html' }, { accept: 'text/html,application/xhtml+xml', cookie: member.cookie }] as Record<string, string>[]) {
        const res = await get(url, headers)
        assert.equal(res.statusCode, 200, `${url}: ${res.statusCode}`)
        checked.push({ what: `page ${url}`, res, ctx: { kind: 'html', https: false } })
      }
    }
    assert.deepEqual(violations(checked), [])
  })

  it('serves a page that works under that CSP: no inline script, handler or style, nothing from elsewhere', async () => {
    const html = (await get('/talk', { accept: 'text/html' })).body
    assert.match(html, /<script type="module"[^>]* src="\/assets\/[^"]+\.js"/)
    assert.deepEqual([...html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>/g)].map((m) => m[0]), [], 'inline scripts')
    assert.deepEqual([...html.matchAll(/\s(on[a-z]+|style)\s*=/gi)].map((m) => m[1]), [], 'inline handlers and styles')
    assert.ok(!/<style\b/i.test(html), 'an inline stylesheet')
    const urls = [...html.matchAll(/\s(?:src|href)="([^"]+)"/g)].map((m) => m[1]!)
    assert.ok(urls.length > 3)
    assert.deepEqual(urls.filter((u) => !u.startsWith('/') || u.startsWith('//')), [], 'every script, style and icon from this origin')
  })

  it('sends them with the built assets, each as what it is', async () => {
    const html = (await get('/', { accept: 'text/html' })).body
    const assets = [...new Set([...html.matchAll(/\s(?:src|href)="(\/[^"]+)"/g)].map((m) => m[1]!))]
    assert.ok(assets.some((a) => a.endsWith('.js')) && assets.some((a) => a.endsWith('.css')) && assets.includes('/favicon.svg'), assets.join(' '))
    const checked: Checked[] = []
    for (const url of assets) {
      const res = await get(url)
      assert.equal(res.statusCode, 200, url)
      checked.push({ what: `asset ${url}`, res, ctx: { kind: 'asset', https: false } })
    }
    assert.deepEqual(violations(checked), [])
  })

  it('sends them with API answers — successes, problems, documents — and keeps members’ answers out of caches', async () => {
    const up = await t.app.inject({ method: 'POST', url: '/api/v1/accounts', payload: { name: 'Header Check', email: `headers.${Date.now()}@example.com`, password: 'correct horse battery staple' } })
    assert.equal(up.statusCode, 201)
    const checked: Checked[] = [
      { what: 'sign-up (sets the session cookie)', res: up, ctx: { kind: 'api', https: false, personal: true } },
      { what: 'health', res: await get('/api/v1/health'), ctx: { kind: 'api', https: false } },
      { what: 'the key directory', res: await get('/api/v1/talk/keys'), ctx: { kind: 'api', https: false } },
      { what: 'the public hot list', res: await get('/api/v1/talk/public/hot'), ctx: { kind: 'api', https: false } },
      { what: 'OpenAPI', res: await get('/api/openapi.json'), ctx: { kind: 'api', https: false } },
      { what: 'me', res: await get('/api/v1/me', { cookie: member.cookie }), ctx: { kind: 'api', https: false, personal: true } },
      { what: 'my sessions', res: await get('/api/v1/me/sessions', { cookie: member.cookie }), ctx: { kind: 'api', https: false, personal: true } },
      { what: 'my notifications', res: await get('/api/v1/notifications', { cookie: member.cookie }), ctx: { kind: 'api', https: false, personal: true } },
      { what: 'Work Talk threads', res: await get('/api/v1/talk/threads', { cookie: member.cookie }), ctx: { kind: 'api', https: false, personal: true } },
      { what: 'no session', res: await get('/api/v1/me'), ctx: { kind: 'api', https: false } },
      { what: 'unknown route', res: await get('/api/v1/nothing/here'), ctx: { kind: 'api', https: false } },
      { what: 'a path the router refuses', res: await get('/api/v1/users/%zz'), ctx: { kind: 'api', https: false } },
      { what: 'broken Unicode in the path', res: await get('/api/v1/users/%ED%A0%80'), ctx: { kind: 'api', https: false } },
      { what: 'a NUL in the path', res: await get('/api/v1/users/a%00b', { cookie: member.cookie }), ctx: { kind: 'api', https: false } },
      { what: 'a NUL in the query', res: await get('/api/v1/search?q=%00', { cookie: member.cookie }), ctx: { kind: 'api', https: false } },
      { what: 'too deep a body', res: await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { cookie: member.cookie, 'content-type': 'application/json' }, payload: '['.repeat(100) }), ctx: { kind: 'api', https: false } },
      { what: 'an anonymous write', res: await t.app.inject({ method: 'POST', url: '/api/v1/talk/votes', payload: {} }), ctx: { kind: 'api', https: false } },
      { what: 'a bad cursor', res: await get('/api/v1/connections?cursor=!!', { cookie: member.cookie }), ctx: { kind: 'api', https: false, personal: true } },
      { what: 'a failed sign-in', res: await t.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { email: 'nobody@example.com', password: 'wrong password' } }), ctx: { kind: 'api', https: false } },
      { what: 'a foreign Origin', res: await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { cookie: member.cookie, origin: 'https://evil.example' }, payload: { name: 'x' } }), ctx: { kind: 'api', https: false } },
      { what: 'a form body', res: await t.app.inject({ method: 'POST', url: '/api/v1/sessions', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'a=b' }), ctx: { kind: 'api', https: false } },
    ]
    assert.deepEqual(violations(checked), [])
    for (const c of checked.filter((x) => x.ctx.personal)) assert.equal(c.res.headers['cache-control'], 'no-store', c.what)
  })

  it('sends them with served images: profile photos and feed images', async () => {
    const photo = multipartBody([{ name: 'photo', value: await photoWithMetadata('jpeg'), filename: 'me.jpg', type: 'image/jpeg' }])
    const put = await t.app.inject({ method: 'PUT', url: '/api/v1/me/photo', headers: { cookie: member.cookie, ...photo.headers }, payload: photo.payload })
    assert.equal(put.statusCode, 200, put.body)
    const { photoUrl, avatarUrl } = put.json() as { photoUrl: string; avatarUrl: string }
    const image = multipartBody([{ name: 'image', value: await photoWithMetadata('png'), filename: 'pic.png', type: 'image/png' }])
    const uploaded = await t.app.inject({ method: 'POST', url: '/api/v1/feed/images', headers: { cookie: member.cookie, ...image.headers }, payload: image.payload })
    assert.equal(uploaded.statusCode, 201, uploaded.body)
    const checked: Checked[] = []
    for (const url of [photoUrl, avatarUrl, `/api/v1/feed/images/${(uploaded.json() as { imageId: string }).imageId}`]) {
      const res = await get(url, { cookie: member.cookie })
      assert.equal(res.statusCode, 200, url)
      checked.push({ what: `image ${url}`, res, ctx: { kind: 'image', https: false, personal: true } })
    }
    assert.deepEqual(violations(checked), [])
  })

  it('sends them with the API reference, whose own CSP is as strict', async () => {
    const res = await get('/api/docs/', { accept: 'text/html' })
    assert.equal(res.statusCode, 200)
    assert.deepEqual(violations([{ what: 'API docs', res, ctx: { kind: 'html', https: false } }]), [])
  })

  it('sends no HSTS over http, where a browser would ignore it', async () => {
    assert.equal((await get('/', { accept: 'text/html' })).headers['strict-transport-security'], undefined)
  })
})

describe('security headers of an https site', () => {
  let t: TestApp
  before(async () => {
    t = await buildTestApp({ env: { PUBLIC_URL: 'https://watercooler.example' } })
  })
  after(() => t.close())

  it('adds HSTS to every answer and marks the session cookie Secure', async () => {
    const up = await t.app.inject({ method: 'POST', url: '/api/v1/accounts', payload: { name: 'Secure Member', email: `secure.${Date.now()}@example.com`, password: 'correct horse battery staple' } })
    assert.equal(up.statusCode, 201)
    const cookie = `wc_session=${up.cookies.find((c) => c.name === 'wc_session')!.value}`
    const checked: Checked[] = [
      { what: 'sign-up', res: up, ctx: { kind: 'api', https: true, personal: true } },
      { what: 'page /talk', res: await t.app.inject({ method: 'GET', url: '/talk', headers: { accept: 'text/html' } }), ctx: { kind: 'html', https: true } },
      { what: 'me', res: await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } }), ctx: { kind: 'api', https: true, personal: true } },
      { what: 'unknown route', res: await t.app.inject({ method: 'GET', url: '/api/v1/nothing' }), ctx: { kind: 'api', https: true } },
    ]
    assert.deepEqual(violations(checked), [])
    assert.match(String(up.headers['set-cookie']), /;\s*Secure/i)
  })
})

describe('the header rules, given planted defects', () => {
  // The app's own headers for a page, as the control: the rules pass them.
  const GOOD = {
    'content-security-policy': "default-src 'self';script-src 'self';style-src 'self';img-src 'self' data: blob:;object-src 'none';base-uri 'none';form-action 'self';frame-ancestors 'none'",
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'content-type': 'text/html; charset=utf-8',
  }
  const page: HeaderContext = { kind: 'html', https: false }
  const csp = (value: string) => ({ ...GOOD, 'content-security-policy': value })

  it('passes the control', () => {
    assert.deepEqual(headerViolations(GOOD, page), [])
    assert.deepEqual(headerViolations({ ...GOOD, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }, { kind: 'api', https: false, personal: true }), [])
  })

  const planted: [string, Record<string, string | string[]>, HeaderContext, RegExp][] = [
    ["script-src 'unsafe-inline'", csp("default-src 'self'; script-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; form-action 'self'"), page, /script-src allows 'unsafe-inline'/],
    ["'unsafe-eval' by default-src", csp("default-src 'self' 'unsafe-eval'; object-src 'none'; base-uri 'none'; form-action 'self'"), page, /script-src allows 'unsafe-eval'/],
    ['scripts from any https host', csp("script-src 'self' https:; object-src 'none'; base-uri 'none'; form-action 'self'"), page, /script-src allows any source of https:/],
    ["a '*' source", csp("default-src 'self'; img-src *; object-src 'none'; base-uri 'none'; form-action 'self'"), page, /img-src allows '\*'/],
    ['plugins allowed', csp("default-src 'self'; base-uri 'none'; form-action 'self'"), page, /object-src is not 'none'/],
    ['no CSP on a page', { ...GOOD, 'content-security-policy': '' }, page, /without Content-Security-Policy/],
    ['nosniff missing', { ...GOOD, 'x-content-type-options': '' }, page, /X-Content-Type-Options is not nosniff/],
    ['X-Powered-By', { ...GOOD, 'x-powered-by': 'Express' }, page, /X-Powered-By is sent/],
    ['framable', { ...csp("default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'"), 'x-frame-options': '' }, page, /may be framed/],
    ['framed by anyone', csp("default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors https:"), page, /frame-ancestors lets other sites/],
    ['a leaky referrer', { ...GOOD, 'referrer-policy': 'unsafe-url' }, page, /Referrer-Policy is unsafe-url/],
    ['CORS for everyone', { ...GOOD, 'access-control-allow-origin': '*' }, page, /Access-Control-Allow-Origin is sent/],
    ['https without HSTS', GOOD, { kind: 'html', https: true }, /Strict-Transport-Security is missing/],
    ['a short HSTS', { ...GOOD, 'strict-transport-security': 'max-age=60' }, { kind: 'html', https: true }, /Strict-Transport-Security is max-age=60/],
    ['a script-readable cookie', { ...GOOD, 'set-cookie': ['wc_session=x; Path=/; SameSite=Lax'] }, page, /cookie wc_session is not HttpOnly/],
    ['a cross-site cookie', { ...GOOD, 'set-cookie': 'wc_session=x; Path=/; HttpOnly; SameSite=None; Secure' }, page, /not SameSite=Lax or Strict/],
    ['a cookie in clear on https', { ...GOOD, 'strict-transport-security': 'max-age=63072000', 'set-cookie': 'wc_session=x; HttpOnly; SameSite=Lax' }, { kind: 'html', https: true }, /not Secure on an https site/],
    ["a member's data in a shared cache", { ...GOOD, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'public, max-age=600' }, { kind: 'api', https: false, personal: true }, /a shared cache could keep it/],
    ['an API answer with no Cache-Control', { ...GOOD, 'content-type': 'application/json; charset=utf-8' }, { kind: 'api', https: false }, /no Cache-Control/],
    ['an upload served as SVG', { ...GOOD, 'content-type': 'image/svg+xml', 'cache-control': 'private' }, { kind: 'image', https: false }, /an image with Content-Type image\/svg\+xml/],
    ['an API answer as HTML', { ...GOOD, 'content-type': 'text/html', 'cache-control': 'no-store' }, { kind: 'api', https: false }, /an API answer with Content-Type text\/html/],
  ]
  for (const [what, headers, ctx, expected] of planted) {
    it(`reports ${what}`, () => {
      const found = headerViolations(headers, ctx)
      assert.ok(found.some((v) => expected.test(v)), `${expected} in ${JSON.stringify(found)}`)
    })
  }

  it('reports a real route whose helmet was switched off', async () => {
    const t = await buildTestApp({
      beforeReady: (app) => app.get('/planted-page', { helmet: false }, async (_req, reply) => reply.type('text/html; charset=utf-8').send('<!doctype html><p>planted</p>')),
    })
    try {
      const res = await t.app.inject({ method: 'GET', url: '/planted-page' })
      assert.equal(res.statusCode, 200)
      const found = headerViolations(res.headers, page)
      for (const expected of [/without Content-Security-Policy/, /nosniff/, /may be framed/, /Referrer-Policy/]) assert.ok(found.some((v) => expected.test(v)), `${expected} in ${JSON.stringify(found)}`)
    } finally {
      await t.close()
    }
  })
})
