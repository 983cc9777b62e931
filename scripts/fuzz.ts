/**
 * `npm run fuzz`: the schema fuzz of test/security/fuzz.test.ts, run longer — every route of the
 * app, signed out and signed in, against a fresh database (PGlite, or DATABASE_URL's server, where
 * a database is created and dropped). Prints the count of requests and failures; exits 1 on any.
 *
 *   npm run fuzz                                 # 50 requests per route and session, a random seed
 *   FUZZ_RUNS=500 FUZZ_SEED=42 npm run fuzz      # longer, and repeatable
 *   FUZZ_ROUTES='talk|feed' npm run fuzz         # only routes whose "METHOD /path" matches
 *   FUZZ_SHRINK=1 npm run fuzz                   # shrink each failure to a smaller request (more requests)
 */
import { buildTestApp } from '../test/support/app.js'
import { fuzz, fuzzTargets, fuzzWorld } from '../test/security/fuzz-core.js'

const runs = Number(process.env.FUZZ_RUNS ?? 50)
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31)
const only = process.env.FUZZ_ROUTES ? new RegExp(process.env.FUZZ_ROUTES) : null
if (!Number.isInteger(runs) || runs < 1) throw new Error(`FUZZ_RUNS must be a whole number ≥ 1, not ${process.env.FUZZ_RUNS}`)
if (!Number.isFinite(seed)) throw new Error(`FUZZ_SEED must be a number, not ${process.env.FUZZ_SEED}`)

const t = await buildTestApp()
try {
  const targets = (await fuzzTargets(t.app)).filter((x) => !only || only.test(x.name))
  const world = await fuzzWorld(t.app, t.ctx)
  console.log(`fuzzing ${targets.length} routes × ${world.sessions.length} sessions × ${runs} runs, seed ${seed}, database ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}`)
  let routes = 0
  const report = await fuzz(t.app, {
    targets,
    sessions: world.sessions,
    runs,
    seed,
    known: world.known,
    shrink: process.env.FUZZ_SHRINK === '1',
    onRoute: (name, requests) => {
      if (++routes % 20 === 0 || routes === targets.length) console.log(`  ${routes}/${targets.length} routes, ${requests} requests (last: ${name})`)
    },
  })
  for (const f of report.failures) {
    console.log(`\nFAIL ${f.route} (${f.session}) → ${f.status}`)
    for (const p of f.problems) console.log(`  ${p}`)
    console.log(`  request: ${f.request.method} ${f.request.url}`)
    if (Object.keys(f.request.headers).length) console.log(`  headers: ${JSON.stringify(f.request.headers)}`)
    if (f.request.body) console.log(`  body: ${JSON.stringify(f.request.body)}`)
  }
  console.log(`\n${report.requests} requests, ${report.failures.length} failures, ${(report.ms / 1000).toFixed(1)} s (seed ${seed})`)
  for (const [session, statuses] of Object.entries(report.statuses)) console.log(`  ${session}: ${JSON.stringify(statuses)}`)
  process.exitCode = report.failures.length ? 1 : 0
} finally {
  await t.close()
}
