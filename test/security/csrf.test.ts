import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import cookiePlugin from '@fastify/cookie'
import Fastify, { type FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import type { AppContext } from '../../server/src/context.js'
import { registerJsonParser } from '../../server/src/http/json-body.js'
import { registerOriginCheck } from '../../server/src/http/origin.js'
import { registerProblemHandlers } from '../../server/src/http/problems.js'
import { buildTestApp, type TestApp } from '../support/app.js'
import { buildVerifiedUser } from '../support/factories.js'
import { routesOf } from '../support/route-walk.js'
import { memberSession } from './fuzz-core.js'

// Issue 11: Origin/CSRF. Every state-changing route, called with a member's session cookie the way
// another site's page could make a browser call it, is refused before it does anything.

const EVIL = 'https://evil.example'
const UUID = '00000000-0000-4000-8000-000000000000'
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * Routes that take a cross-site form without an Origin on purpose: the one-click unsubscribe that
 * mail providers POST as a form (RFC 8058). Its authority is the token in the link, not a session.
 * A foreign Origin or Sec-Fetch-Site is still refused there.
 */
const FORMS_WITHOUT_ORIGIN_ALLOWED = new Set(['POST /api/v1/unsubscribe'])

interface Attack {
  what: string
  headers: Record<string, string>
  payload: string
  /** The answers that mean "refused at the door". */
  refused: (status: number, code: unknown) => boolean
}

const byOrigin = (status: number, code: unknown) => status === 403 && code === 'bad_origin'
const ATTACKS: Attack[] = [
  { what: 'a foreign Origin', headers: { origin: EVIL, 'content-type': 'application/json' }, payload: '{}', refused: byOrigin },
  { what: 'Origin: null (a sandboxed or file: page)', headers: { origin: 'null', 'content-type': 'application/json' }, payload: '{}', refused: byOrigin },
  { what: 'a foreign Origin, as a form', headers: { origin: EVIL, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'a=1', refused: byOrigin },
  { what: 'Sec-Fetch-Site: cross-site, no Origin', headers: { 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' }, payload: '{}', refused: byOrigin },
  { what: 'Sec-Fetch-Site: same-site (a sibling subdomain)', headers: { 'sec-fetch-site': 'same-site', 'content-type': 'text/plain' }, payload: '{}', refused: byOrigin },
  ...['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x'].map(
    (type): Attack => ({
      what: `no Origin, a form's ${type.split(';')[0]} body`,
      headers: { 'content-type': type },
      payload: type.startsWith('multipart') ? '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n' : 'a=1',
      // The JSON routes refuse every form body (415); the upload routes are multipart, so a form's
      // multipart body without Origin or Sec-Fetch-Site is what a non-browser client sends (SameSite
      // keeps a browser's cookie off a cross-site form) — for them the two attacks above are the test.
      refused: (status, code) => byOrigin(status, code) || (status === 415 && code === 'unsupported_media_type'),
    }),
  ),
]

interface CsrfTarget {
  name: string
  method: string
  url: string
  multipart: boolean
}

/**
 * What the database holds: `all` of it, or its `content` — everything but the attempt counters
 * (rate_limit), which a request that passes the Origin check counts before its body is read.
 */
type Fingerprint = (what: 'all' | 'content') => Promise<string>

/**
 * The detector: every attack on every route, each expected to be refused at the door and to leave
 * the database (the `fingerprint`) unchanged — all of it for a foreign Origin or Sec-Fetch-Site
 * (refused before the session is even read), its content for a form without either. Returns what
 * got through, named.
 */
async function csrfFindings(app: FastifyInstance, opts: { targets: CsrfTarget[]; cookie: () => string; fingerprint: Fingerprint; params?: Record<string, string> }): Promise<string[]> {
  const found: string[] = []
  for (const t of opts.targets) {
    const url = t.url.replace(/:(\w+)/g, (_m, p: string) => opts.params?.[p] ?? UUID)
    for (const foreign of [true, false]) {
      const what = foreign ? 'all' : 'content'
      const before = await opts.fingerprint(what)
      for (const attack of ATTACKS) {
        if (Boolean(attack.headers.origin || attack.headers['sec-fetch-site']) !== foreign) continue
        if (!foreign && (FORMS_WITHOUT_ORIGIN_ALLOWED.has(t.name) || (t.multipart && attack.headers['content-type']!.startsWith('multipart/')))) continue
        const res = await app.inject({ method: t.method as 'POST', url, headers: { ...attack.headers, cookie: opts.cookie() }, payload: attack.payload })
        const code = res.headers['content-type']?.toString().includes('json') ? (res.json() as { code?: unknown }).code : undefined
        if (!attack.refused(res.statusCode, code)) found.push(`${t.name} with ${attack.what} → ${res.statusCode} ${String(code)}`)
      }
      if ((await opts.fingerprint(what)) !== before) found.push(`${t.name}: the refused requests changed the database${foreign ? '' : "'s content"}`)
    }
  }
  return found
}

/** Every row of every table, as one hash per table, in one statement: what a refused request must not change. */
async function databaseFingerprint(ctx: AppContext, what: 'all' | 'content' = 'all'): Promise<string> {
  const tables = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`.execute(ctx.db)
  const parts = tables.rows.filter((r) => what === 'all' || r.name !== 'rate_limit').map((r) => sql`select ${r.name} as name, md5(coalesce(string_agg(t::text, ',' order by t::text), '')) as hash from ${sql.id(r.name)} t`)
  const rows = await sql<{ name: string; hash: string }>`${sql.join(parts, sql` union all `)}`.execute(ctx.db)
  return rows.rows.map((r) => `${r.name}:${r.hash}`).join(' ')
}

function writeTargets(app: FastifyInstance): CsrfTarget[] {
  const multipart = new Set<string>()
  for (const r of app.routeTable as { method: string | string[]; url: string; schema?: { consumes?: string[] } }[]) {
    if (r.schema?.consumes?.includes('multipart/form-data')) for (const m of [r.method].flat()) multipart.add(`${m} ${r.url}`)
  }
  return routesOf(app)
    .filter((r) => WRITES.has(r.method))
    .map((r) => ({ name: r.name, method: r.method, url: r.url, multipart: multipart.has(r.name) }))
}

describe('CSRF: every state-changing route', () => {
  let t: TestApp
  let member: Awaited<ReturnType<typeof buildVerifiedUser>>
  let other: Awaited<ReturnType<typeof buildVerifiedUser>>
  let params: Record<string, string>
  before(async () => {
    t = await buildTestApp()
    member = await buildVerifiedUser(t.app, t.ctx, 'csrf-co')
    other = await buildVerifiedUser(t.app, t.ctx, 'csrf-co')
    params = { handle: other.handle, slug: member.companySlug }
  })
  after(() => t.close())

  it('refuses each attack with a session cookie, changing nothing', async () => {
    const targets = writeTargets(t.app)
    assert.ok(targets.length > 60, `${targets.length} state-changing routes`)
    assert.ok(targets.filter((x) => x.multipart).length >= 5, 'the upload routes are among them')
    // The fingerprint sees a change: a same-origin write moves it.
    const before = await databaseFingerprint(t.ctx)
    assert.equal((await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { cookie: member.cookie, origin: t.ctx.config.publicUrl.origin }, payload: { name: 'Changed Once' } })).statusCode, 200)
    assert.notEqual(await databaseFingerprint(t.ctx), before)

    assert.deepEqual(await csrfFindings(t.app, { targets, cookie: () => member.cookie, fingerprint: (what) => databaseFingerprint(t.ctx, what), params }), [])
  })

  it('lets the same requests through from the site itself', async () => {
    const session = memberSession(t.app, member)
    const site = t.ctx.config.publicUrl.origin
    const stopped: string[] = []
    for (const r of writeTargets(t.app)) {
      const url = r.url.replace(/:(\w+)/g, (_m, p: string) => params[p] ?? UUID)
      for (const headers of [{ origin: site, 'sec-fetch-site': 'same-origin' }, {}]) {
        const res = await t.app.inject({ method: r.method as 'POST', url, headers: { ...headers, cookie: session.headers().cookie!, 'content-type': 'application/json' }, payload: '{}' })
        if (res.statusCode === 403 && res.json().code === 'bad_origin') stopped.push(`${r.name} ${JSON.stringify(headers)}`)
        await session.restore!() // a route that signs out (DELETE /sessions/current) must not blind the rest
      }
    }
    assert.deepEqual(stopped, [])
  })

  it('changes a name from the site, and not from another site', async () => {
    const patch = (headers: Record<string, string>, name: string) => t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { cookie: other.cookie, ...headers }, payload: { name } })
    const nameNow = async () => (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: other.cookie } })).json().name
    assert.equal((await patch({ origin: t.ctx.config.publicUrl.origin, 'sec-fetch-site': 'same-origin' }, 'From The Site')).statusCode, 200)
    assert.equal(await nameNow(), 'From The Site')
    assert.equal((await patch({ origin: EVIL }, 'From Evil')).statusCode, 403)
    assert.equal((await patch({ 'sec-fetch-site': 'cross-site' }, 'From Evil')).statusCode, 403)
    assert.equal(await nameNow(), 'From The Site')
  })
})

describe('the CSRF detector, given planted defects', () => {
  /** A minimal app like the real one: JSON-only bodies, a cookie session, one write that counts. */
  async function tinyApp(withOriginCheck: boolean) {
    const app = Fastify()
    let writes = 0
    registerJsonParser(app)
    registerProblemHandlers(app)
    if (withOriginCheck) registerOriginCheck(app, new URL('http://127.0.0.1:3000'))
    await app.register(cookiePlugin)
    app.post('/api/v1/transfer', async (req, reply) => {
      if (req.cookies.wc_session !== 'good') return reply.code(401).send({ code: 'unauthenticated' })
      writes++
      return { ok: true }
    })
    await app.ready()
    return { app, writes: () => writes }
  }
  const targets: CsrfTarget[] = [{ name: 'POST /api/v1/transfer', method: 'POST', url: '/api/v1/transfer', multipart: false }]

  it('reports a write route whose Origin check is bypassed, and its side effect', async () => {
    const { app, writes } = await tinyApp(false)
    const found = await csrfFindings(app, { targets, cookie: () => 'wc_session=good', fingerprint: async () => String(writes()) })
    assert.ok(found.some((f) => f.includes('a foreign Origin → 200')), found.join('\n'))
    assert.ok(found.some((f) => f.includes('Sec-Fetch-Site: cross-site, no Origin → 200')), found.join('\n'))
    assert.ok(found.some((f) => f.endsWith('the refused requests changed the database')), found.join('\n'))
    assert.ok(writes() > 0)
    await app.close()
  })

  it('passes the same route with the check in place (the control)', async () => {
    const { app, writes } = await tinyApp(true)
    assert.deepEqual(await csrfFindings(app, { targets, cookie: () => 'wc_session=good', fingerprint: async () => String(writes()) }), [])
    assert.equal(writes(), 0)
    await app.close()
  })

  it('reports a route of the real app that takes forms', async () => {
    let ctx: AppContext | null = null
    // A careless plugin: its own scope parses forms, and its write needs no JSON.
    const t = await buildTestApp({
      beforeReady: (app) =>
        void app.register(async (scope) => {
          scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))))
          scope.patch('/api/v1/planted/name', async () => {
            await ctx!.db.updateTable('account').set({ name: 'Planted' }).execute()
            return { ok: true }
          })
        }),
    })
    ctx = t.ctx
    try {
      const m = await buildVerifiedUser(t.app, t.ctx, 'planted-co')
      const targets = writeTargets(t.app).filter((r) => r.name === 'PATCH /api/v1/planted/name' || r.name === 'PATCH /api/v1/me')
      assert.equal(targets.length, 2)
      const found = await csrfFindings(t.app, { targets, cookie: () => m.cookie, fingerprint: (what) => databaseFingerprint(t.ctx, what) })
      assert.deepEqual(found, ["PATCH /api/v1/planted/name with no Origin, a form's application/x-www-form-urlencoded body → 200 undefined", "PATCH /api/v1/planted/name: the refused requests changed the database's content"])
    } finally {
      await t.close()
    }
  })
})
