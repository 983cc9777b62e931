/**
 * `npm run bench`: Watercooler's endpoints under load (autocannon), against a bare Fastify app
 * answering the same way, both started in this process on 127.0.0.1.
 *
 *   npm run bench                        # in-memory PGlite
 *   DATABASE_URL=postgres://… npm run bench
 *   BENCH_SECONDS=30 npm run bench       # longer runs (default 10 s, after a 2 s warm-up)
 *   BENCH_ONLY=health npm run bench      # only scenarios whose name contains "health"
 *   BENCH_ONLY=feed,search npm run bench # … or any of several words
 *   BENCH_ONLY=ed25519 npm run bench     # the baseline and the Ed25519 verification figures (bench/ed25519.ts)
 *   BENCH_CONNECTIONS=1 npm run bench    # one client at a time: latency without queueing (default 50)
 *   BENCH_SEEDED=1 DATA_DIR=… DATABASE_URL=postgres://… npm run bench
 *                                        # read what `npm run seed -- --posts N` wrote there (or, without
 *                                        # DATABASE_URL, the embedded database in DATA_DIR), instead of
 *                                        # seeding a forum and a network of its own (bench/seeded.ts);
 *                                        # DATA_DIR (and SERVER_SECRET, if set) as the seed had them
 *
 * Scenarios are in bench/scenarios.ts. Exits 1 when a scenario saw unexpected statuses or errors.
 */
import { benchEd25519 } from './ed25519.js'
import { BASELINE, scenarios } from './scenarios.js'
import { benchSeeded } from './seeded.js'
import { benchTalk } from './talk.js'
import { type BenchOptions, machineSummary, renderResults, runScenario, type ScenarioResult, startBare, startWatercooler } from './lib.js'

function positiveNumber(name: string, fallback: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const n = Number(raw)
  if (!Number.isFinite(n) || n <= 0) {
    console.error(`${name} must be a positive number, not "${raw}"`)
    process.exit(2)
  }
  return n
}

const opts: BenchOptions = {
  seconds: positiveNumber('BENCH_SECONDS', 10),
  warmupSeconds: 2,
  connections: positiveNumber('BENCH_CONNECTIONS', 50),
  pipelining: 1,
}
const only = process.env.BENCH_ONLY?.toLowerCase()
const words = only?.split(',').map((w) => w.trim()).filter(Boolean) ?? []
const selected = scenarios.filter((s) => s.name === BASELINE || !words.length || words.some((w) => s.name.toLowerCase().includes(w)))

const databaseUrl = process.env.DATABASE_URL || undefined
// The seed's DATA_DIR: its server secret opens the seeded keys, and without DATABASE_URL its PGlite is the database.
const seededDir = benchSeeded() ? process.env.DATA_DIR || './data' : undefined
const watercooler = await startWatercooler(databaseUrl, seededDir)
const bare = await startBare()
const env = { watercooler, bare }

console.log(machineSummary().join('\n'))
console.log(`database ${watercooler.databaseKind === 'postgres' ? `PostgreSQL (${new URL(databaseUrl!).host}${new URL(databaseUrl!).pathname})` : seededDir ? `PGlite (${seededDir}/db)` : 'PGlite (in memory)'}`)
console.log(
  `load     autocannon, ${opts.connections} connections, pipelining ${opts.pipelining}, ` +
    `${opts.warmupSeconds} s warm-up + ${opts.seconds} s per target, from a worker thread\n`,
)

const results: ScenarioResult[] = []
let exitCode = 0
try {
  for (const scenario of selected) {
    process.stdout.write(`  ${scenario.name} … `)
    const result = await runScenario(env, scenario, opts)
    results.push(result)
    console.log(result.problems.length ? 'PROBLEMS' : `${Math.round(result.rps)} req/s`)
    for (const p of result.problems) console.log(`    ! ${p}`)
    if (result.problems.length) exitCode = 1
  }
  console.log(`\n${renderResults(results, BASELINE)}`)
  if (!words.length || words.some((w) => 'talk'.includes(w) || w.includes('talk'))) {
    console.log('\nWork Talk')
    for (const line of await benchTalk(watercooler, opts.seconds)) console.log(`  ${line}`)
  }
  if (!words.length || words.some((w) => 'ed25519'.includes(w) || w.includes('ed25519'))) {
    console.log('\nEd25519 pseudonym signatures, verifications on 1 core (bench/ed25519.ts)')
    for (const line of benchEd25519(Math.min(opts.seconds, 8))) console.log(`  ${line}`)
  }
} catch (err) {
  console.error(err)
  exitCode = 1
} finally {
  await Promise.allSettled([watercooler.close(), bare.close()])
}
process.exit(exitCode)
