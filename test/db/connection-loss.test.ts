/**
 * Issue 12: the server survives the database going away. Connections are ended under load
 * (pg_terminate_backend), in the middle of a query, and PostgreSQL is restarted and stopped
 * immediately (a crash) under load: the process lives (it runs in this test process: an unhandled
 * 'error' event would end the test run), every answer is 200 or 503 database_unavailable with
 * Retry-After — never a 500, never a dropped socket — and requests succeed again without a restart
 * once PostgreSQL answers. PostgreSQL only: PGlite runs inside the process, with no connection to
 * lose.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import pg from 'pg'
import { openPostgres } from '../../server/src/db/database.js'
import { migrateToLatest } from '../../server/src/db/migrate.js'
import { DATABASE_RETRY_AFTER_S, isDatabaseUnavailable } from '../../server/src/http/problems.js'
import { buildTestApp, signUp, type TestApp } from '../support/app.js'
import { TEST_DATABASE_URL, TEST_DB_KIND } from '../support/db.js'
import { freePort } from '../support/net.js'
import { createPgCluster, type PgCluster, pgBinDir } from '../support/pg-cluster.js'

const needsServer = TEST_DB_KIND === 'postgres' ? false : 'needs PostgreSQL (DATABASE_URL): PGlite has no connection to lose'
const needsBinaries = needsServer || (pgBinDir() ? false : 'needs the PostgreSQL server binaries (apt-get install postgresql) to run a cluster of its own')

interface Answer {
  status: number
  code?: string
  retryAfter?: string | null
  error?: string
}

/** A listening app and a member of it; `load` keeps `n` clients sending reads and writes until stopped. */
async function serve(t: TestApp) {
  const port = await freePort()
  await t.app.listen({ port, host: '127.0.0.1' })
  const base = `http://127.0.0.1:${port}/api/v1`
  const member = await signUp(t.app)
  const ask = async (path: string, init: RequestInit = {}): Promise<Answer> => {
    try {
      const res = await fetch(base + path, { ...init, headers: { cookie: member.cookie, 'content-type': 'application/json', ...init.headers }, signal: AbortSignal.timeout(30_000) })
      const body = (await res.json().catch(() => ({}))) as { code?: string }
      return { status: res.status, ...(body.code && { code: body.code }), retryAfter: res.headers.get('retry-after') }
    } catch (err) {
      return { status: 0, error: (err as Error).message }
    }
  }
  let edits = 0
  const requests = [
    () => ask('/health/ready'),
    () => ask('/me'),
    () => ask('/me/profile', { method: 'PUT', body: JSON.stringify({ headline: `Edit ${++edits}`, about: '', location: '', experience: [], education: [], skills: [] }) }),
  ]
  return {
    ask,
    load(n: number) {
      const answers: Answer[] = []
      let running = true
      const loops = Array.from({ length: n }, async (_, i) => {
        for (let k = i; running; k++) answers.push(await requests[k % requests.length]!())
      })
      return {
        answers,
        async stop() {
          running = false
          await Promise.all(loops)
          return answers
        },
      }
    },
  }
}

/** Every answer a 200 (a 204 for none here) or a 503 database_unavailable that says when to retry. */
function assertOnly200or503(answers: Answer[]): { ok: number; unavailable: number } {
  let ok = 0
  let unavailable = 0
  for (const a of answers) {
    if (a.status === 200) ok++
    else {
      assert.deepEqual(a, { status: 503, code: 'database_unavailable', retryAfter: String(DATABASE_RETRY_AFTER_S) }, 'only a 503 database_unavailable besides 200s')
      unavailable++
    }
  }
  return { ok, unavailable }
}

async function until(check: () => Promise<boolean>, what: string, ms = 30_000) {
  const end = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting: ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('connections ended from outside (the shared PostgreSQL of the test run)', { skip: needsServer }, () => {
  let t: TestApp
  let s: Awaited<ReturnType<typeof serve>>
  let admin: pg.Client
  let name: string
  before(async () => {
    t = await buildTestApp()
    s = await serve(t)
    name = new URL(t.ctx.database.url!).pathname.slice(1)
    admin = new pg.Client({ connectionString: TEST_DATABASE_URL! })
    await admin.connect()
  })
  after(async () => {
    await admin?.end()
    await t?.close()
  })
  const terminateApp = () => admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`, [name])

  it('a request whose query is running when its connection ends is answered 503 with Retry-After, and the next one works', async () => {
    const holder = new pg.Client({ connectionString: t.ctx.database.url! })
    await holder.connect()
    try {
      // The member's profile is locked, so the profile write waits in the database, mid-request.
      await holder.query('begin')
      await holder.query('lock table profile in access exclusive mode')
      const pending = s.ask('/me/profile', { method: 'PUT', body: JSON.stringify({ headline: 'Blocked', about: '', location: '', experience: [], education: [], skills: [] }) })
      await until(
        async () => (await admin.query(`select 1 from pg_stat_activity where datname = $1 and wait_event_type = 'Lock'`, [name])).rowCount! > 0,
        'the write waits for the lock',
      )
      await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and wait_event_type = 'Lock'`, [name])
      assert.deepEqual(await pending, { status: 503, code: 'database_unavailable', retryAfter: String(DATABASE_RETRY_AFTER_S) })
    } finally {
      await holder.query('rollback').catch(() => undefined)
      await holder.end()
    }
    assert.equal((await s.ask('/me')).status, 200)
    assert.ok(t.logs.some((l) => l.msg === 'lost a database connection; the next query opens a new one'), 'the loss is logged')
    assert.ok(!t.logs.some((l) => l.level === 60), 'nothing fatal')
  })

  it('a connection in use between two queries (a transaction waiting on the app) that the server ends is reported, and only its own work fails', async () => {
    // node-postgres emits 'error' on a checked-out client with no query running, with no listener
    // of the pool's: this is the moment that ended the process under load.
    const before = t.logs.filter((l) => l.msg === 'lost a database connection; the next query opens a new one').length
    const failed = await t.ctx.db
      .connection()
      .execute(async (db) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db)
        await admin.query('select pg_terminate_backend($1)', [rows[0]!.pid])
        await until(async () => t.logs.filter((l) => l.msg === 'lost a database connection; the next query opens a new one').length > before, 'the loss is reported')
        return sql`select 1`.execute(db).then(
          () => null,
          (err: unknown) => err,
        )
      })
    assert.ok(isDatabaseUnavailable(failed), `the next query on it fails as unavailable: ${String(failed)}`)
    assert.equal((await s.ask('/health/ready')).status, 200, 'and the pool serves the next request on a new connection')
  })

  it('every connection ended again and again under load: the process lives, only 200s and 503s, then all 200s', async () => {
    const run = s.load(8)
    for (let i = 0; i < 10; i++) {
      await sleep(150)
      await terminateApp()
    }
    const answers = await run.stop()
    const { ok, unavailable } = assertOnly200or503(answers)
    assert.ok(ok > 0, 'requests got through between the terminations')
    const after = await s.load(4)
    await sleep(500)
    const recovered = await after.stop()
    assert.ok(recovered.length > 0 && recovered.every((a) => a.status === 200), `after the terminations: ${JSON.stringify(recovered.filter((a) => a.status !== 200).slice(0, 3))}`)
    process.stdout.write(`# ${answers.length} answers under terminations: ${ok} × 200, ${unavailable} × 503; then ${recovered.length} × 200\n`)
  })
})

describe('PostgreSQL restarted and crashed under load (a cluster of this test’s own)', { skip: needsBinaries }, () => {
  let cluster: PgCluster
  let t: TestApp
  let s: Awaited<ReturnType<typeof serve>>
  before(async () => {
    cluster = await createPgCluster()
    const database = openPostgres(cluster.url, 5)
    await migrateToLatest(database.db)
    t = await buildTestApp({ database })
    s = await serve(t)
  })
  after(async () => {
    await t?.close()
    cluster?.destroy()
  })

  for (const mode of ['fast', 'immediate'] as const) {
    it(`pg_ctl stop -m ${mode}, a second down, start: 503s while it is down, then 200s with no restart of the app`, async () => {
        const run = s.load(8)
      await sleep(500)
      cluster.stop(mode)
      const downAt = run.answers.length
      await sleep(1000)
      cluster.start()
      await until(async () => (await s.ask('/health/ready')).status === 200, 'ready again')
      const during = run.answers.slice(downAt)
      const answers = await run.stop()
      const { ok, unavailable } = assertOnly200or503(answers)
      assert.ok(unavailable > 0, 'requests while it was down were answered 503')
      assert.ok(during.some((a) => a.status === 503), 'including those sent while it was down')
      const after = s.load(4)
      await sleep(500)
      const recovered = await after.stop()
      assert.ok(recovered.every((a) => a.status === 200), JSON.stringify(recovered.filter((a) => a.status !== 200).slice(0, 3)))
      process.stdout.write(`# stop -m ${mode}: ${answers.length} answers, ${ok} × 200, ${unavailable} × 503; then ${recovered.length} × 200\n`)
    })
  }
})
