/**
 * The bench's machinery: the two servers under test and the one autocannon runner every
 * scenario goes through. Scenarios themselves live in bench/scenarios.ts.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import Fastify, { type FastifyInstance } from 'fastify'
import { buildApp } from '../server/src/app.js'
import { envToConfig } from '../server/src/config.js'
import { type AppContext, createAppContext } from '../server/src/context.js'
import { createPglite, type Database, openEmbedded, openPglite, openPostgres } from '../server/src/db/database.js'
import { migrateToLatest } from '../server/src/db/migrate.js'
import { freePort } from '../test/support/net.js'

// autocannon reports a fixed list of latency percentiles (…, 90, 97.5, 99, …) that has no 95th.
// It computes them in this thread from the workers' merged HDR histograms, with the list that
// hdr-histogram-percentiles-obj exports: adding 95 there gives an exact p95 (key "p95").
const percentiles = createRequire(createRequire(import.meta.url).resolve('autocannon'))('hdr-histogram-percentiles-obj').percentiles as number[]
if (!percentiles.includes(95)) percentiles.splice(percentiles.indexOf(97.5), 0, 95)

// ---------------------------------------------------------------------------------------------
// Servers
// ---------------------------------------------------------------------------------------------

export type ServerName = 'watercooler' | 'bare'

/** A server listening on 127.0.0.1. */
export interface RunningServer {
  name: ServerName
  /** "http://127.0.0.1:PORT", no trailing slash. */
  origin: string
  app: FastifyInstance
  close(): Promise<void>
}

export interface Watercooler extends RunningServer {
  ctx: AppContext
  /** 'pglite' (in memory) or 'postgres' (DATABASE_URL). */
  databaseKind: Database['kind']
}


/**
 * The real app, as `npm start` builds it, minus logging, on a migrated database: an empty
 * in-memory PGlite with a fresh data dir, or `databaseUrl`. With `seededDir` (BENCH_SEEDED=1) it
 * runs on what `npm run seed` left: that DATA_DIR's server secret (the seeded issuer keys are
 * sealed under it; SERVER_SECRET if the seed was given one) and, without `databaseUrl`, its
 * embedded PGlite. A seeded dir is kept; a fresh one is removed on close.
 */
export async function startWatercooler(databaseUrl: string | undefined, seededDir?: string): Promise<Watercooler> {
  const dataDir = seededDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'wc-bench-'))
  const port = await freePort()
  const secret = seededDir ? process.env.SERVER_SECRET : crypto.randomBytes(36).toString('base64url') // 48 characters
  const config = envToConfig({ DATA_DIR: dataDir, ...(secret && { SERVER_SECRET: secret }), PORT: String(port), LOG_LEVEL: 'warn' })
  const database = databaseUrl ? openPostgres(databaseUrl) : seededDir ? await openEmbedded(seededDir) : openPglite(await createPglite())
  // Work Talk's per-account read limit (120 a minute) would answer 429 to one reader's load: the
  // bench keeps the counting in the path with a ceiling no run reaches (the limit has its own test).
  const ctx = await createAppContext(config, { database, talkReadsPerMinute: Number.MAX_SAFE_INTEGER })
  await migrateToLatest(ctx.db)
  const app = await buildApp(ctx, { logger: false })
  await app.listen({ port, host: '127.0.0.1' })
  return {
    name: 'watercooler',
    origin: `http://127.0.0.1:${port}`,
    app,
    ctx,
    databaseKind: database.kind,
    async close() {
      await app.close()
      await ctx.close()
      if (!seededDir) fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** The baseline: Fastify 5 with defaults and one route, no plugins, no hooks, no schema. */
export async function startBare(): Promise<RunningServer> {
  const port = await freePort()
  const app = Fastify()
  app.get('/health', async () => ({ status: 'ok' }))
  // A JSON body of exactly :bytes bytes, built once per size: the baseline for an endpoint whose
  // answers are that long (writing 28 KB costs the same on both servers; the ratio shows the rest).
  const bodies = new Map<number, string>()
  app.get<{ Params: { bytes: string } }>('/sized/:bytes', async (req, reply) => {
    const n = Math.max(12, Math.min(Number(req.params.bytes) || 0, 4 * 2 ** 20))
    let body = bodies.get(n)
    if (body === undefined) bodies.set(n, (body = `{"pad":"${'x'.repeat(n - 10)}"}`))
    return reply.type('application/json; charset=utf-8').send(body)
  })
  await app.listen({ port, host: '127.0.0.1' })
  return { name: 'bare', origin: `http://127.0.0.1:${port}`, app, close: () => app.close() }
}

// ---------------------------------------------------------------------------------------------
// Scenarios
// ---------------------------------------------------------------------------------------------

/** One HTTP request autocannon repeats (or cycles through, with several). */
export interface BenchRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** Path and query, e.g. "/api/v1/health". */
  path: string
  headers?: Record<string, string>
  /** Sent as JSON (content-type set unless given). */
  json?: unknown
}

export interface BenchEnv {
  watercooler: Watercooler
  bare: RunningServer
}

export interface Scenario {
  /** Shown in the table. */
  name: string
  server: ServerName
  /**
   * Runs once, before the warm-up: create accounts, posts, sessions… It may return requests
   * (e.g. carrying a session cookie it obtained) that replace `requests`.
   */
  setup?: (env: BenchEnv) => Promise<BenchRequest[] | void>
  /** What to send; several are sent in turn on each connection. */
  requests?: BenchRequest[]
  /** The status every response must have (default 200); anything else fails the scenario. */
  expectStatus?: number
}

export interface BenchOptions {
  seconds: number
  warmupSeconds: number
  connections: number
  pipelining: number
}

export interface ScenarioResult {
  scenario: Scenario
  /** Mean of the per-second request counts. */
  rps: number
  p50: number
  p95: number
  p99: number
  total: number
  /** Responses with another status, connection errors and timeouts. */
  bad: number
  /**
   * The bench process's resident memory (MiB) right after the run: both servers, the embedded
   * database when it is PGlite, and autocannon's worker thread — an upper bound on the server's.
   */
  rssMiB: number
  /** Mean length of the scenario's response bodies (the probe's), in bytes. */
  bytes: number
  /** Requests/s of the bare server answering a body of `bytes` bytes under the same load (Watercooler scenarios only). */
  bareSameSizeRps?: number
  problems: string[]
}

function toAutocannon(r: BenchRequest): autocannon.Request {
  const headers: Record<string, string> = { ...r.headers }
  let body: string | undefined
  if (r.json !== undefined) {
    body = JSON.stringify(r.json)
    headers['content-type'] ??= 'application/json'
  }
  return { method: r.method ?? 'GET', path: r.path, headers, ...(body !== undefined && { body }) }
}

async function fire(origin: string, requests: autocannon.Request[], opts: autocannon.Options): Promise<autocannon.Result> {
  return autocannon({ ...opts, url: origin, requests })
}

/**
 * One request on a connection of its own, closed after it: the probe leaves no idle keep-alive
 * socket in fetch's pool for the Work Talk figures (bench/talk.ts) to find dead a minute later.
 */
function once(origin: string, a: autocannon.Request): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request(origin + a.path, { method: a.method, headers: a.headers as http.OutgoingHttpHeaders, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(a.body as string | undefined)
  })
}

/** Sends each request once and checks the status, so a broken scenario fails loudly up front. */
async function probe(origin: string, requests: BenchRequest[], expectStatus: number): Promise<{ problems: string[]; bytes: number }> {
  const problems: string[] = []
  let bytes = 0
  for (const r of requests) {
    const a = toAutocannon(r)
    const res = await once(origin, a)
    bytes += res.body.length
    if (res.status !== expectStatus) {
      problems.push(`${a.method} ${r.path} answered ${res.status} (expected ${expectStatus}): ${res.body.toString('utf8', 0, 200)}`)
    }
  }
  return { problems, bytes: Math.round(bytes / requests.length) }
}

/**
 * Warm-up, then the measured run. Autocannon fires from a worker thread so that the load
 * generator does not share the servers' event loop (both servers run on this process's main
 * thread; only one is loaded at a time).
 */
export async function runScenario(env: BenchEnv, scenario: Scenario, opts: BenchOptions): Promise<ScenarioResult> {
  const server = env[scenario.server]
  const expectStatus = scenario.expectStatus ?? 200
  const requests = (scenario.setup && (await scenario.setup(env))) || scenario.requests
  if (!requests?.length) throw new Error(`scenario "${scenario.name}" has no requests`)

  const { problems, bytes } = await probe(server.origin, requests, expectStatus)
  const empty = { scenario, rps: 0, p50: 0, p95: 0, p99: 0, total: 0, bad: 0, rssMiB: 0, bytes }
  if (problems.length) return { ...empty, problems }

  // The warm-up, then the measured run, on one server.
  const measure = async (origin: string, ac: autocannon.Request[]) => {
    const base: autocannon.Options = { url: origin, connections: opts.connections, pipelining: opts.pipelining, workers: 1 }
    if (opts.warmupSeconds > 0) await fire(origin, ac, { ...base, duration: opts.warmupSeconds })
    return fire(origin, ac, { ...base, duration: opts.seconds })
  }
  const r = await measure(server.origin, requests.map(toAutocannon))

  // autocannon counts any 2xx as success; count what differs from the expected status instead.
  const expected = r.statusCodeStats?.[`${expectStatus}`]?.count ?? 0
  const responses = r['1xx'] + r['2xx'] + r['3xx'] + r['4xx'] + r['5xx']
  const wrongStatus = responses - expected
  const bad = wrongStatus + r.errors
  const out: string[] = []
  if (wrongStatus) out.push(`${wrongStatus} responses without status ${expectStatus} (${JSON.stringify(r.statusCodeStats)})`)
  if (r.errors) out.push(`${r.errors} connection errors (${r.timeouts} timeouts)`)
  const rssMiB = process.memoryUsage().rss / 2 ** 20
  const bareSameSizeRps = scenario.server === 'watercooler' ? (await measure(env.bare.origin, [toAutocannon({ path: `/sized/${bytes}` })])).requests.average : undefined
  return {
    scenario,
    rps: r.requests.average,
    p50: r.latency.p50,
    p95: (r.latency as unknown as Record<string, number>).p95 ?? Number.NaN,
    p99: r.latency.p99,
    total: r.requests.total,
    bad,
    rssMiB,
    bytes,
    ...(bareSameSizeRps !== undefined && { bareSameSizeRps }),
    problems: out,
  }
}

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------

export function machineSummary(): string[] {
  const cpus = os.cpus()
  const model = cpus[0]?.model.trim().replace(/\s+/g, ' ') ?? 'unknown CPU'
  return [
    `node     ${process.version} (${process.platform}-${process.arch})`,
    `cpu      ${model} × ${cpus.length} (available parallelism ${os.availableParallelism()})`,
    `memory   ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
  ]
}

function table(head: string[], rows: string[][], rightAligned: boolean[]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]) =>
    cells.map((c, i) => (rightAligned[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd()
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}

/**
 * The results: each Watercooler row against the bare Fastify baseline's requests/s (`× bare`, a
 * 15-byte body) and against the bare route answering a body as long as the row's (`× same size`).
 */
export function renderResults(results: ScenarioResult[], baselineName: string): string {
  const baseline = results.find((r) => r.scenario.name === baselineName)
  const rows = results.map((r) => {
    const failed = r.problems.length > 0
    const ratio = baseline && baseline.rps > 0 && !failed ? `${(r.rps / baseline.rps).toFixed(2)}` : '-'
    const same = failed ? undefined : r.bareSameSizeRps
    return [
      r.scenario.name,
      r.scenario.server,
      failed && r.total === 0 ? 'FAILED' : Math.round(r.rps).toLocaleString('en-US'),
      failed && r.total === 0 ? '-' : r.p50.toFixed(0),
      failed && r.total === 0 ? '-' : r.p95.toFixed(0),
      failed && r.total === 0 ? '-' : r.p99.toFixed(0),
      ratio,
      r.bytes.toLocaleString('en-US'),
      same !== undefined ? Math.round(same).toLocaleString('en-US') : '-',
      same ? (r.rps / same).toFixed(2) : '-',
      r.bad ? String(r.bad) : '0',
      r.rssMiB ? r.rssMiB.toFixed(0) : '-',
    ]
  })
  return table(
    ['target', 'server', 'req/s (avg)', 'p50 ms', 'p95 ms', 'p99 ms', '× bare', 'bytes', 'bare same size req/s', '× same size', 'errors', 'rss MiB'],
    rows,
    [false, false, true, true, true, true, true, true, true, true, true, true],
  )
}
