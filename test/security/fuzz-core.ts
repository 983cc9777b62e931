import fc from 'fast-check'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import sharp from 'sharp'
import type { RouteTable } from '../../server/src/app.js'
import type { AppContext } from '../../server/src/context.js'
import { buildVerifiedUser } from '../support/factories.js'
import { routesOf } from '../support/route-walk.js'
import { encodeLoose, fromSchema, hostileJson, hostileKey, hostileString, hostileUrlText, type JsonSchema, type KnownValues, mutated, nested, weirdCursor } from './schema-arbitrary.js'

/**
 * Issue 11's schema fuzz, as a library: every route of the app's route table, with requests
 * generated from its OpenAPI schemas and beyond them, judged by `judge` (no 5xx, no stack trace,
 * no internal error text). `npm test` runs it briefly (fuzz.test.ts); `npm run fuzz` for longer.
 */

export interface FuzzTarget {
  name: string
  method: string
  /** The Fastify pattern, `/api/v1/users/:handle`. */
  url: string
  params: { name: string; schema: JsonSchema }[]
  query: { name: string; schema: JsonSchema }[]
  body: { kind: 'json' | 'multipart'; schema: JsonSchema } | null
  /** Answers with a Server-Sent Events stream that stays open. */
  stream: boolean
}

interface OpenApiOperation {
  parameters?: { in: string; name: string; schema?: JsonSchema }[]
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> }
  responses?: Record<string, { content?: Record<string, unknown> }>
}

/** Every route the app registered (its route table), with what its OpenAPI operation says of its inputs. */
export async function fuzzTargets(app: FastifyInstance): Promise<FuzzTarget[]> {
  const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, OpenApiOperation>> }
  const ops = new Map<string, OpenApiOperation>()
  for (const [p, byMethod] of Object.entries(doc.paths)) for (const [m, op] of Object.entries(byMethod)) ops.set(`${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`, op)
  // A multipart route without a body schema is undocumented in OpenAPI; its own route options say what it consumes.
  const consumes = new Map<string, string[]>()
  for (const r of app.routeTable as (RouteTable[number] & { schema?: { consumes?: string[] } })[]) for (const m of [r.method].flat()) consumes.set(`${m} ${r.url}`, r.schema?.consumes ?? [])
  const seen = new Set<string>()
  return routesOf(app)
    .filter((r) => !seen.has(r.name) && seen.add(r.name))
    .map((r) => {
      const op = ops.get(r.name) ?? {}
      const pathNames = [...r.url.matchAll(/:(\w+)/g)].map((m) => m[1]!)
      const documented = (where: string) => (op.parameters ?? []).filter((p) => p.in === where)
      const params = pathNames.map((name) => ({ name, schema: documented('path').find((p) => p.name === name)?.schema ?? { type: 'string' } }))
      if (r.url.endsWith('*')) params.push({ name: '*', schema: { type: 'string' } })
      const content = op.requestBody?.content ?? (consumes.get(r.name)?.includes('multipart/form-data') ? { 'multipart/form-data': {} } : {})
      const body = content['multipart/form-data']
        ? { kind: 'multipart' as const, schema: content['multipart/form-data'].schema ?? {} }
        : content['application/json']
          ? { kind: 'json' as const, schema: content['application/json'].schema ?? {} }
          : null
      const stream = Object.values(op.responses ?? {}).some((res) => Object.keys(res.content ?? {}).includes('text/event-stream'))
      return { name: r.name, method: r.method, url: r.url, params, query: documented('query').map((p) => ({ name: p.name, schema: p.schema ?? {} })), body, stream }
    })
}

export interface FuzzRequest {
  method: string
  url: string
  headers: Record<string, string>
  payload?: string | Buffer
}

const b64png = async () => sharp({ create: { width: 8, height: 8, channels: 3, background: '#c0ffee' } }).png().toBuffer()
let tinyPng: Buffer | null = null
/** Part names for a multipart route whose schema names none. */
const UNDOCUMENTED_PARTS = ['file', 'token', 'photo']

/** Loaded once: a real image for upload routes, so the fuzz reaches the decoder with good and broken bytes. */
export async function fuzzFixtures(): Promise<void> {
  tinyPng ??= await b64png()
}

function pathArb(t: FuzzTarget, known: KnownValues, bent: boolean): fc.Arbitrary<string> {
  const pieces = t.params.map((p) => {
    const good = fromSchema(p.schema, known, p.name).map((v) => encodeLoose(String(v)))
    return bent ? fc.oneof({ arbitrary: good, weight: 1 }, { arbitrary: hostileUrlText, weight: 3 }, { arbitrary: fc.constantFrom('x'.repeat(3000), '9'.repeat(30), 'null', '0', ''), weight: 1 }) : good
  })
  return fc.tuple(...pieces).map((values) => {
    let i = 0
    return t.url.replace(/:\w+|\*$/g, () => values[i++] ?? '')
  })
}

function queryArb(t: FuzzTarget, known: KnownValues, bent: boolean): fc.Arbitrary<string> {
  const documented = t.query.map((q) => {
    const good = fromSchema(q.schema, known, q.name).map((v) => `${q.name}=${encodeLoose(typeof v === 'string' ? v : JSON.stringify(v))}`)
    const bad = fc.oneof(
      (q.name === 'cursor' ? weirdCursor : hostileUrlText).map((v) => `${q.name}=${v}`),
      hostileString.map((v) => `${q.name}=${encodeLoose(v)}`),
      fc.constant(`${q.name}=a&${q.name}=b`),
      fc.constant(q.name),
    )
    return fc.option(bent ? fc.oneof(good, bad) : good, { nil: null })
  })
  const extra = bent
    ? fc.option(
        fc.oneof(
          fc.tuple(hostileUrlText, hostileUrlText).map(([k, v]) => `${k}=${v}`),
          weirdCursor.map((c) => `cursor=${c}`),
          fc.constantFrom('&&&', '=', '==', 'a', 'a[b]=c', 'a[__proto__][x]=1', '__proto__=1', 'constructor[prototype][x]=1', '%', `q=${'x'.repeat(5000)}`),
        ),
        { nil: null },
      )
    : fc.constant(null)
  return fc.tuple(fc.tuple(...documented), extra).map(([parts, more]) => {
    const all = [...parts, more].filter((p): p is string => p !== null)
    return all.length ? `?${all.join('&')}` : ''
  })
}

const JSON_TYPE = 'application/json'

/** Body text that should never reach a handler: broken, hostile to the parser, oversized, or not JSON at all. */
type Body = { payload: string | Buffer; type: string | null }

const rawJsonBody: fc.Arbitrary<Body> = fc.oneof(
  fc.constantFrom('', ' ', '{', '{"a":', '[1,2', 'nul', 'undefined', '{"a":"\\ud800"}', '{"a":"\\u0000"}', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"admin":true}}}', '{"a":1,"a":2}', '\ufeff{}', '1e999999', '"'.repeat(3)).map((payload) => ({ payload, type: JSON_TYPE })),
  fc.constantFrom(8_000, 40_000).map((d) => ({ payload: '['.repeat(d) + ']'.repeat(d), type: JSON_TYPE })),
  fc.constant({ payload: '{"a":'.repeat(5_000), type: JSON_TYPE }),
  fc.constant({ payload: JSON.stringify({ text: 'x'.repeat(600 * 1024) }), type: JSON_TYPE }),
  fc.constant({ payload: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc0, 0x80, 0x22, 0x7d]), type: JSON_TYPE }),
  fc.tuple(fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/json; charset=utf-16', 'application/vnd.api+json', 'image/png'), fc.constantFrom('a=1&b=2', '{"a":1}', '<x/>')).map(([type, payload]) => ({ payload, type })),
  fc.constant({ payload: '{"a":1}', type: null }),
)

function jsonBodyArb(schema: JsonSchema, known: KnownValues, bent: boolean): fc.Arbitrary<Body> {
  const valid = fromSchema(schema, known)
  const asJson = (v: unknown): Body => ({ payload: JSON.stringify(v) ?? 'null', type: JSON_TYPE })
  if (!bent) return valid.map(asJson)
  return fc.oneof(
    { arbitrary: mutated(valid).map(asJson), weight: 5 },
    { arbitrary: hostileJson.map(asJson), weight: 1 },
    { arbitrary: fc.integer({ min: 31, max: 34 }).map((d) => asJson(nested(d))), weight: 1 },
    { arbitrary: rawJsonBody, weight: 2 },
  )
}

function multipartArb(schema: JsonSchema, bent: boolean): fc.Arbitrary<Body> {
  const fields = Object.keys(schema.properties ?? {}).length ? Object.keys(schema.properties ?? {}) : UNDOCUMENTED_PARTS
  const bytes = fc.oneof(
    fc.constant(tinyPng ?? Buffer.alloc(0)),
    fc.integer({ min: 1, max: 60 }).map((n) => (tinyPng ?? Buffer.alloc(0)).subarray(0, n)),
    fc.uint8Array({ maxLength: 2048 }).map((a) => Buffer.from(a)),
    fc.constantFrom(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), Buffer.from('%PDF-1.4\n%\xff\n1 0 obj<<>>endobj\n'), Buffer.from('GIF89a'), Buffer.alloc(0)),
    hostileString.map((s) => Buffer.from(s)),
  )
  const part = fc.record({
    name: fc.oneof({ arbitrary: fields.length ? fc.constantFrom(...fields) : fc.constant('file'), weight: 4 }, { arbitrary: hostileKey.filter((k) => !/["\r\n\\]/.test(k)), weight: 1 }),
    filename: fc.option(fc.constantFrom('a.png', 'a.jpg', '../../etc/passwd', 'résumé.pdf', 'x'.repeat(500), 'a.svg'), { nil: undefined }),
    type: fc.option(fc.constantFrom('image/png', 'image/jpeg', 'image/webp', 'image/svg+xml', 'application/pdf', 'text/plain', 'application/octet-stream'), { nil: undefined }),
    value: fc.oneof(bytes, hostileString.filter((s) => s.length < 5000)),
  })
  const boundary = 'fuzzboundary0123'
  const encode = (parts: { name: string; filename?: string; type?: string; value: string | Buffer }[]) => {
    const chunks: Buffer[] = []
    for (const p of parts) {
      const disposition = `form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ''}`
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n`), Buffer.from(p.value), Buffer.from('\r\n'))
    }
    chunks.push(Buffer.from(`--${boundary}--\r\n`))
    return Buffer.concat(chunks)
  }
  // One part per documented field, as a client sends them: a file where the schema says binary.
  const props = schema.properties ?? {}
  const fieldPart = (name: string) => {
    const s = props[name] ?? { format: 'binary' }
    const value = s.format === 'binary' ? bytes : fromSchema(s).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)))
    return fc.record({ name: fc.constant(name), filename: fc.constant(s.format === 'binary' ? 'upload.png' : undefined), type: fc.constant(s.format === 'binary' ? 'image/png' : undefined), value })
  }
  const good = fc
    .tuple(...fields.map((f) => fc.option(fieldPart(f), { nil: null, freq: 4 })))
    .map((parts): Body => ({ payload: encode(parts.filter((p) => p !== null)), type: `multipart/form-data; boundary=${boundary}` }))
  if (!bent) return good
  const broken = fc.constantFrom<Body>(
    { payload: `--${boundary}\r\nContent-Disposition: form-data; name="${fields[0]}"; filename="a.png"\r\n\r\nunterminated`, type: `multipart/form-data; boundary=${boundary}` },
    { payload: 'no boundary at all', type: 'multipart/form-data' },
    { payload: '--other\r\n\r\n--other--', type: `multipart/form-data; boundary=${boundary}` },
    { payload: `--${boundary}\r\nContent-Disposition: form-data\r\n\r\nx\r\n--${boundary}--\r\n`, type: `multipart/form-data; boundary=${boundary}` },
    { payload: '{"file":"x"}', type: JSON_TYPE },
    { payload: Buffer.alloc(0), type: `multipart/form-data; boundary=${boundary}` },
  )
  return fc.oneof({ arbitrary: fc.array(part, { maxLength: 6 }).map((parts): Body => ({ payload: encode(parts), type: `multipart/form-data; boundary=${boundary}` })), weight: 3 }, { arbitrary: broken, weight: 1 })
}

/**
 * A request for a route: its documented inputs from their schemas, with one part — the path, the
 * query string or the body — bent, broken or oversized (or none), so that the bad part is met deep
 * in the handling rather than always by the first check.
 */
export function requestArbitrary(t: FuzzTarget, known: KnownValues = {}): fc.Arbitrary<FuzzRequest> {
  const hasBody = t.method !== 'GET' && t.method !== 'HEAD'
  const body = (bent: boolean): fc.Arbitrary<Body | null> =>
    !hasBody ? fc.constant(null) : t.body?.kind === 'multipart' ? multipartArb(t.body.schema, bent) : jsonBodyArb(t.body?.schema ?? {}, known, bent)
  const request = (focus: 'none' | 'path' | 'query' | 'body') =>
    fc.record({ path: pathArb(t, known, focus === 'path'), query: queryArb(t, known, focus === 'query'), body: body(focus === 'body') })
  const focuses = [
    { arbitrary: request('none'), weight: 2 },
    { arbitrary: request('query'), weight: 2 },
    ...(t.params.length ? [{ arbitrary: request('path'), weight: 2 }] : []),
    ...(hasBody ? [{ arbitrary: request('body'), weight: 5 }] : []),
  ]
  return fc.oneof(...focuses).map(({ path, query, body }): FuzzRequest => {
    const headers: Record<string, string> = body?.type ? { 'content-type': body.type } : {}
    return { method: t.method, url: path + query, headers, ...(body && { payload: body.payload }) }
  })
}

export interface FuzzResponse {
  statusCode: number
  headers: Record<string, unknown>
  body: string
}

/** Text that belongs in a log, never in an answer: a stack frame, a source path. */
const STACK_TRACE = [/\n\s+at (?:async )?\S+ \(?[^\s)]+:\d+:\d+\)?/, /\bat (?:async )?[\w$.<>[\] ]+ \((?:file:\/\/|node:|\/)[^)]*:\d+:\d+\)/, /file:\/\/\//, /\/node_modules\//, /\b(?:server|shared)\/src\/[\w/.-]+\.[jt]s\b/]
/** What an unexpected failure says: our 500 code, an exception's name, the database's or a library's error text. */
const INTERNAL_ERROR = [
  /"code"\s*:\s*"internal_error"/,
  /\b(?:TypeError|ReferenceError|RangeError|SyntaxError|AssertionError|AggregateError|DatabaseError)\b\s*:/,
  /invalid input syntax for|violates [\w ]*constraint|duplicate key value|syntax error at or near|out of range for type|invalid byte sequence|could not (?:serialize|obtain)|deadlock detected/i,
  /\brelation "[^"]+"|\bcolumn "[^"]+"/,
  /\b(?:PGlite|kysely|ECONNREFUSED|ECONNRESET|ERR_[A-Z][A-Z_]{3,}|FST_[A-Z_]{4,}|UND_ERR_[A-Z_]+)\b/,
  /Cannot read propert(?:y|ies) of|is not a function|is not defined|Maximum call stack/,
]

/**
 * The fuzz's detector: what is wrong with an answer, or nothing. Every body is checked for a stack
 * trace; error answers (and every JSON body) for internal error text, so a 4xx that wraps a crash
 * is caught as well as a 500.
 */
export function judge(res: FuzzResponse): string[] {
  const out: string[] = []
  if (res.statusCode >= 500) out.push(`answered ${res.statusCode}`)
  const type = String(res.headers['content-type'] ?? '')
  const textual = res.statusCode >= 400 || /json/.test(type)
  if (!textual) return out
  for (const re of STACK_TRACE) if (re.test(res.body)) out.push(`a stack trace or source path in the body (${re.source.slice(0, 30)}…)`)
  if (res.statusCode >= 400) for (const re of INTERNAL_ERROR) if (re.test(res.body)) out.push(`internal error text in the body: ${res.body.match(re)![0].slice(0, 60)}`)
  return out
}

export interface FuzzSession {
  label: string
  /** Headers a request of this session carries (a Cookie), read before each request. */
  headers(): Record<string, string>
  /** Called after each route's run: a member session signs in again if the fuzz ended it. */
  restore?(): Promise<void>
}

export interface Finding {
  route: string
  session: string
  request: { method: string; url: string; headers: Record<string, string>; body: string }
  status: number
  problems: string[]
}

export interface FuzzReport {
  requests: number
  /** How many answers had each status, per session: a fuzz that only ever hears 400 or 401 reaches little. */
  statuses: Record<string, Record<number, number>>
  routes: number
  failures: Finding[]
  ms: number
}

const TIMEOUT_MS = 15_000


async function send(app: FastifyInstance, t: FuzzTarget, req: FuzzRequest, extra: Record<string, string>): Promise<FuzzResponse> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS)
  })
  try {
    const res = (await Promise.race([
      app.inject({
        method: req.method as 'GET',
        url: req.url,
        headers: { ...req.headers, ...extra },
        ...(req.payload !== undefined && { payload: req.payload }),
        // An open event stream never ends: take its status and headers, then hang up.
        ...(t.stream && { payloadAsStream: true }),
      }),
      timeout,
    ])) as LightMyRequestResponse
    if (t.stream) {
      const stream = res.stream()
      const body = res.statusCode === 200 ? '' : await new Promise<string>((resolve) => {
        const chunks: Buffer[] = []
        stream.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks).toString('utf8'))).on('error', () => resolve(''))
      })
      stream.destroy()
      return { statusCode: res.statusCode, headers: res.headers, body }
    }
    return { statusCode: res.statusCode, headers: res.headers, body: res.body }
  } finally {
    clearTimeout(timer)
  }
}

function preview(payload: string | Buffer | undefined): string {
  if (payload === undefined) return ''
  const text = Buffer.isBuffer(payload) ? payload.toString('latin1') : payload
  return text.length > 300 ? `${text.slice(0, 300)}… (${text.length} chars)` : text
}

/** A stable 32-bit seed per route and session, so one route's run does not depend on the others'. */
function seedFor(seed: number, name: string): number {
  let h = seed | 0
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193)
  return h
}

/**
 * Runs `runs` generated requests per route and session through fast-check, collecting every route
 * whose answers the detector faulted (the first failing request; shrunk when `shrink` is on).
 */
export async function fuzz(
  app: FastifyInstance,
  opts: { targets: FuzzTarget[]; sessions: FuzzSession[]; runs: number; seed?: number; known?: KnownValues; shrink?: boolean; onRoute?: (name: string, done: number) => void; onAnswer?: (route: string, req: FuzzRequest, res: FuzzResponse) => void },
): Promise<FuzzReport> {
  await fuzzFixtures()
  const started = Date.now()
  const seed = opts.seed ?? 20261207
  let requests = 0
  const statuses: Record<string, Record<number, number>> = {}
  const failures: Finding[] = []
  for (const t of opts.targets) {
    const arb = requestArbitrary(t, opts.known)
    for (const session of opts.sessions) {
      let last: Finding | null = null
      const property = fc.asyncProperty(arb, async (req) => {
        requests++
        const headers = session.headers()
        let res: FuzzResponse
        try {
          res = await send(app, t, req, headers)
        } catch (err) {
          res = { statusCode: 599, headers: {}, body: '' }
          last = { route: t.name, session: session.label, request: { ...req, body: preview(req.payload) }, status: 599, problems: [(err as Error).message] }
          return false
        }
        const mine = (statuses[session.label] ??= {})
        mine[res.statusCode] = (mine[res.statusCode] ?? 0) + 1
        opts.onAnswer?.(t.name, req, res)
        const problems = judge(res)
        if (problems.length) last = { route: t.name, session: session.label, request: { ...req, body: preview(req.payload) }, status: res.statusCode, problems: [...problems, `body: ${res.body.slice(0, 200)}`] }
        return problems.length === 0
      })
      const details = await fc.check(property, { numRuns: opts.runs, seed: seedFor(seed, `${t.name} ${session.label}`), endOnFailure: !opts.shrink })
      if (details.failed && last) failures.push(last)
      await session.restore?.()
    }
    opts.onRoute?.(t.name, requests)
  }
  return { requests, statuses, routes: opts.targets.length, failures, ms: Date.now() - started }
}

/** A signed-in member's session for the fuzz; signs in again (from a fresh address) when a fuzzed request ended it. */
export function memberSession(app: FastifyInstance, member: { email: string; password: string; cookie: string }): FuzzSession {
  let cookie = member.cookie
  let signIns = 0
  return {
    label: 'member',
    headers: () => ({ cookie }),
    async restore() {
      const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } })
      if (me.statusCode !== 401) return
      const res = await app.inject({ method: 'POST', url: '/api/v1/sessions', remoteAddress: `10.99.${Math.floor(++signIns / 250)}.${signIns % 250}`, payload: { email: member.email, password: member.password } })
      const c = res.cookies.find((x) => x.name === 'wc_session')
      if (!c) throw new Error(`the fuzz member could not sign in again: ${res.statusCode} ${res.body}`)
      cookie = `wc_session=${c.value}`
    },
  }
}

export const NO_SESSION: FuzzSession = { label: 'no session', headers: () => ({}) }

/**
 * The world the fuzz runs in: a verified member (signed in), a second member, a company and a feed
 * post, whose handles, slugs and ids the generators mix into parameters of those names.
 */
export async function fuzzWorld(app: FastifyInstance, ctx: AppContext): Promise<{ sessions: FuzzSession[]; known: KnownValues }> {
  const member = await buildVerifiedUser(app, ctx, 'fuzz-co')
  const other = await buildVerifiedUser(app, ctx, 'fuzz-co')
  const post = await app.inject({ method: 'POST', url: '/api/v1/feed/posts', headers: { cookie: other.cookie }, payload: { body: 'A post for the fuzz to poke at.' } })
  if (post.statusCode !== 201) throw new Error(`fuzz world: ${post.statusCode} ${post.body}`)
  const postId = (post.json() as { id: string }).id
  const known: KnownValues = {
    handle: [member.handle, other.handle],
    slug: [member.companySlug],
    companySlug: [member.companySlug],
    channel: ['general'],
    id: [postId],
    postId: [postId],
  }
  return { sessions: [NO_SESSION, memberSession(app, member)], known }
}
