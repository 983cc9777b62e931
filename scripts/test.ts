/**
 * `npm test`: lints the dependency rules (`npm run lint`), type-checks, prepares one migrated
 * template database, then runs every test file with node's test runner. With DATABASE_URL set the
 * suite runs against that PostgreSQL server (a template database is cloned per test file);
 * otherwise against in-memory PGlite.
 *
 *   npm test                      # everything
 *   npm test -- test/api          # only files under these paths
 *   WC_SKIP_TYPECHECK=1 npm test  # skip the lint and tsc while iterating
 *   WC_TEST_CONCURRENCY=3 npm test  # more test files at once (default: the CPUs, at least 2)
 */
import { spawnSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createPglite, openPglite, openPostgres } from '../server/src/db/database.js'
import { migrateToLatest } from '../server/src/db/migrate.js'
import { adminQuery } from '../test/support/db.js'
import { ensureWebBuilt } from './web-build.js'

const root = path.resolve(import.meta.dirname, '..')
const args = process.argv.slice(2)
const roots = args.length ? args : ['test', 'server', 'shared']

function findTests(dir: string): string[] {
  const full = path.resolve(root, dir)
  if (!fs.existsSync(full)) return []
  if (fs.statSync(full).isFile()) return [full]
  return fs.readdirSync(full, { withFileTypes: true }).flatMap((e) => {
    if (e.name === 'node_modules') return []
    const p = path.join(full, e.name)
    if (e.isDirectory()) return findTests(p)
    return /\.test\.tsx?$/.test(e.name) ? [p] : []
  })
}

// Browser tests first: they are the longest files, and the longest started first end the run soonest.
const isBrowserTest = (f: string) => f.includes(`${path.sep}e2e${path.sep}`)
const files = roots
  .flatMap(findTests)
  .sort((a, b) => Number(isBrowserTest(b)) - Number(isBrowserTest(a)) || a.localeCompare(b))
if (!files.length) {
  console.error(`no test files under ${roots.join(', ')}`)
  process.exit(1)
}

if (!process.env.WC_SKIP_TYPECHECK && !args.length) {
  // `npm run lint`: the dependency rules of .dependency-cruiser.cjs, the anonymous module's seal among them.
  console.log('linting dependencies…')
  const lint = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'), 'server', 'shared', 'web/src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err-long'],
    { cwd: root, stdio: 'inherit' },
  )
  if (lint.status !== 0) {
    console.error('lint failed: an import above breaks a rule of .dependency-cruiser.cjs (DESIGN §8: the anonymous module is sealed)')
    process.exit(lint.status ?? 1)
  }
  console.log('type-checking…')
  const tsc = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit'], { cwd: root, stdio: 'inherit' })
  if (tsc.status !== 0) process.exit(tsc.status ?? 1)
}

// Browser tests run in parallel processes: build the web app once, here, not in each of them.
if (files.some((f) => f.includes(`${path.sep}e2e${path.sep}`))) await ensureWebBuilt((msg) => console.log(msg))

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wc-run-'))
const env: NodeJS.ProcessEnv = { ...process.env }
let cleanup = async () => {}
const databaseUrl = process.env.DATABASE_URL
if (databaseUrl) {
  const template = `wc_template_${crypto.randomBytes(4).toString('hex')}`
  await adminQuery(databaseUrl, `CREATE DATABASE ${template}`)
  const u = new URL(databaseUrl)
  u.pathname = `/${template}`
  const database = openPostgres(u.toString(), 1)
  await migrateToLatest(database.db)
  await database.close()
  env.WC_TEST_PG_TEMPLATE = template
  cleanup = () => adminQuery(databaseUrl, `DROP DATABASE IF EXISTS ${template} WITH (FORCE)`)
  console.log(`database: PostgreSQL (${u.host}), template ${template}`)
} else {
  const pglite = await createPglite()
  const database = openPglite(pglite)
  await migrateToLatest(database.db)
  const dump = path.join(tmp, 'template.tar')
  fs.writeFileSync(dump, Buffer.from(await (await pglite.dumpDataDir('none')).arrayBuffer()))
  await database.close()
  env.WC_TEST_PGLITE_DUMP = dump
  console.log('database: PGlite (in memory, one per test file)')
}

// As many files as CPUs (at least 2): more starve the browser tests' servers and their timers on a 2-core machine.
const concurrency = String(Number(process.env.WC_TEST_CONCURRENCY) || Math.max(2, os.availableParallelism()))
const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files], {
  cwd: root,
  env,
  stdio: 'inherit',
})
await cleanup()
fs.rmSync(tmp, { recursive: true, force: true })
process.exit(run.status ?? 1)
