import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import type { AppContext } from '../../server/src/context.js'
import { buildTestApp, type TestApp } from '../support/app.js'
import { routesOf } from '../support/route-walk.js'
import { fuzz, fuzzTargets, fuzzWorld, judge, NO_SESSION } from './fuzz-core.js'

// Issue 11's security suite: property-based fuzzing of every route, from its schema and beyond it.
// Here briefly (a few requests per route and session, a fixed seed); `npm run fuzz` runs longer.

const RUNS = 3
const SEED = Number(process.env.FUZZ_SEED) || 20261207

describe('the schema fuzz over every route', () => {
  let t: TestApp
  before(async () => {
    t = await buildTestApp()
  })
  after(() => t.close())

  it(`answers ${RUNS} generated requests per route, signed out and signed in, with no 5xx and no internal error text`, async () => {
    const targets = await fuzzTargets(t.app)
    const world = await fuzzWorld(t.app, t.ctx)
    // Every route of the route table is a target: a new route is fuzzed without anyone listing it.
    assert.deepEqual(targets.map((x) => x.name).sort(), [...new Set(routesOf(t.app).map((r) => r.name))].sort())
    assert.ok(targets.filter((x) => x.body?.kind === 'json').length > 50, 'JSON bodies are generated from their schemas')
    assert.ok(targets.some((x) => x.body?.kind === 'multipart') && targets.some((x) => x.stream), 'uploads and event streams are fuzzed too')

    const report = await fuzz(t.app, { targets, sessions: world.sessions, runs: RUNS, seed: SEED, known: world.known })
    const expected = targets.length * world.sessions.length * RUNS
    assert.ok(report.requests >= expected, `${report.requests} requests for ${targets.length} routes`)
    assert.deepEqual(report.failures, [], `seed ${SEED}`)

    // The member's requests reached past the session check (the fuzz restores a session it ended).
    const member = report.statuses.member ?? {}
    const answered = Object.values(member).reduce((a, b) => a + b, 0)
    assert.ok((member[401] ?? 0) < answered * 0.2, `member answers: ${JSON.stringify(member)}`)
    assert.ok(Object.entries(member).some(([status, n]) => status.startsWith('2') && n > 50), `member answers: ${JSON.stringify(member)}`)
  })
})

/**
 * Throwaway routes, each with a defect of a kind the fuzz must catch: a crash on input the schema
 * lets through, a stack trace in a 4xx, and a database error's text in a 4xx.
 */
function plantDefects(root: FastifyInstance, ctx: () => AppContext) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>()
  app.get('/api/v1/planted/page', { schema: { querystring: Type.Object({ size: Type.Optional(Type.String({ maxLength: 20 })) }) } }, async (req) => ({
    // Number('abc') is NaN, and new Array(NaN) throws a RangeError: a 500.
    items: new Array(Number(req.query.size ?? '10')).fill(0),
  }))
  app.post('/api/v1/planted/parse', { schema: { body: Type.Object({ text: Type.String({ maxLength: 200 }) }, { additionalProperties: false }) } }, async (req, reply) => {
    try {
      return { value: JSON.parse(req.body.text) as unknown }
    } catch (err) {
      return reply.code(400).send({ code: 'bad_text', detail: (err as Error).stack })
    }
  })
  app.get('/api/v1/planted/count/:n', { schema: { params: Type.Object({ n: Type.String({ maxLength: 40 }) }) } }, async (req, reply) => {
    try {
      const row = await sql<{ n: number }>`select ${req.params.n}::int as n`.execute(ctx().db)
      return row.rows[0]
    } catch (err) {
      return reply.code(400).send({ code: 'bad_number', detail: (err as Error).message })
    }
  })
}

describe('the fuzz, given planted defects', () => {
  let t: TestApp
  before(async () => {
    let ctx: AppContext | null = null
    t = await buildTestApp({ beforeReady: (app) => plantDefects(app, () => ctx!) })
    ctx = t.ctx
  })
  after(() => t.close())

  it('finds each planted route, names the request, and faults no other', async () => {
    const all = await fuzzTargets(t.app)
    const planted = all.filter((x) => x.url.startsWith('/api/v1/planted/'))
    assert.equal(planted.length, 3)
    // A well-behaved route beside them, as a control: the detector does not fire on everything.
    const targets = [...planted, ...all.filter((x) => x.name === 'GET /api/v1/health' || x.name === 'POST /api/v1/sessions')]
    const report = await fuzz(t.app, { targets, sessions: [NO_SESSION], runs: 25, seed: SEED })
    const found = Object.fromEntries(report.failures.map((f) => [f.route, f]))
    assert.deepEqual(Object.keys(found).sort(), ['GET /api/v1/planted/count/:n', 'GET /api/v1/planted/page', 'POST /api/v1/planted/parse'])
    assert.equal(found['GET /api/v1/planted/page']!.status, 500)
    assert.match(found['GET /api/v1/planted/page']!.request.url, /^\/api\/v1\/planted\/page/)
    assert.equal(found['POST /api/v1/planted/parse']!.status, 400)
    assert.ok(found['POST /api/v1/planted/parse']!.problems.some((p) => p.startsWith('a stack trace')), found['POST /api/v1/planted/parse']!.problems.join('; '))
    assert.ok(found['GET /api/v1/planted/count/:n']!.problems.some((p) => /invalid input syntax/.test(p)), found['GET /api/v1/planted/count/:n']!.problems.join('; '))
  })
})

describe('the detector', () => {
  it('passes the app’s own answers, 4xx problems included', () => {
    const problem = (detail: string) => ({ statusCode: 400, headers: { 'content-type': 'application/problem+json; charset=utf-8' }, body: JSON.stringify({ code: 'malformed_json', detail }) })
    assert.deepEqual(judge(problem('Body is not valid JSON: Unexpected token } in JSON at position 9')), [])
    assert.deepEqual(judge(problem('/name: must NOT have more than 100 characters')), [])
    assert.deepEqual(judge({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"title":"at the office (again)"}' }), [])
    assert.deepEqual(judge({ statusCode: 200, headers: { 'content-type': 'application/javascript' }, body: 'x.at(1);"./node_modules/react"' }), [], 'a served bundle is not an error')
  })

  it('faults a 5xx, a stack frame, a source path, and an exception or database message', () => {
    const json = { 'content-type': 'application/json' }
    assert.ok(judge({ statusCode: 502, headers: {}, body: '' }).length)
    assert.ok(judge({ statusCode: 400, headers: json, body: '{"detail":"Error: x\\n    at handler (/work/main/server/src/routes/x.ts:10:5)"}' }).length)
    assert.ok(judge({ statusCode: 200, headers: json, body: '{"where":"file:///srv/app/server/src/x.js"}' }).length)
    assert.ok(judge({ statusCode: 404, headers: json, body: '{"detail":"TypeError: Cannot read properties of undefined"}' }).length)
    assert.ok(judge({ statusCode: 409, headers: json, body: '{"detail":"duplicate key value violates unique constraint \\"account_email_key\\""}' }).length)
    assert.ok(judge({ statusCode: 400, headers: json, body: '{"code":"internal_error"}' }).length)
  })
})
