/**
 * Issue 12: nothing acknowledged is lost when the server process is killed. A real server
 * process (server/src/bin.ts) takes a stream of writes — sign-ups, profile edits, anonymous
 * threads through a 2-second mixing window — and is killed with SIGKILL at a random moment, three
 * times, and started again on the same database (PGlite: the same DATA_DIR, whose lock the dead
 * process left behind; PostgreSQL: the test's database). After each restart:
 * - every sign-up answered 201 can sign in; the stored headline is the last one answered 200 or a
 *   later one that was in flight;
 * - every anonymous write the client saw `stored` is stored; one answered 202 (or not answered)
 *   whose window the kill cut short is `unknown_write`, and the client sends the very same request
 *   again (as the web client's outbox does) until it is stored (one whose window had committed is
 *   simply found stored);
 * - in the end each token's thread is there exactly once, and a token that paid once is refused
 *   for anything else (409 token_spent): none was spent twice.
 * On PostgreSQL the same stream runs against an in-process server while the database itself is
 * stopped with `pg_ctl stop -m immediate` (no checkpoint: a crash; the start replays the WAL), on a
 * cluster of the test's own, twice; the same checks follow each restart.
 */
import assert from 'node:assert/strict'
import type { ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { buildApp } from '../../server/src/app.js'
import { envToConfig } from '../../server/src/config.js'
import { createAppContext } from '../../server/src/context.js'
import { migrateToLatest } from '../../server/src/db/migrate.js'
import { buildTestApp, GOOD_PASSWORD, type TestApp, uniqueEmail } from '../support/app.js'
import { TEST_DB_KIND } from '../support/db.js'
import { buildVerifiedUser } from '../support/factories.js'
import { type ClientToken, fetchSender, IndependentClient, injectSender } from '../support/independent-client.js'
import { freePort } from '../support/net.js'
import { startServerProcess } from '../support/server-process.js'
import { createPgCluster, type PgCluster, pgBinDir } from '../support/pg-cluster.js'
import { openPostgres } from '../../server/src/db/database.js'

const SECRET = 'crash-secret-crash-secret-crash-secret-0123456789'
const KILLS = 3
const TOKENS = 12
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

interface AnonWrite {
  token: ClientToken
  title: string
  body: string
  nonce: string
  /** What the client last saw: nothing yet, 202 (waiting), or stored. */
  seen: 'none' | 'accepted' | 'stored'
  postId?: string
}

/**
 * The writes both tests stream, and what they check after each crash: sign-ups, profile edits
 * and anonymous threads (each asked about until stored), against the server at `base()`.
 */
function writeStream(base: () => string, cookie: string, handle: string, tokens: ClientToken[], rounds: number) {
  const signUps: { email: string; answered: boolean }[] = []
  let headlineSent = 0
  let headlineAcked = 0
  const writes: AnonWrite[] = tokens.map((token, i) => ({ token, title: `Crash test thread ${i}`, body: `Written while the server may die, number ${i}.`, nonce: crypto.randomBytes(16).toString('base64url'), seen: 'none' }))
  const client = () => new IndependentClient(fetchSender(base()))
  let next = 0
  async function call(method: string, url: string, body?: unknown, withCookie = true) {
    const res = await fetch(base() + url, {
      method,
      headers: { ...(withCookie && { cookie }), ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    })
    const text = await res.text()
    return { status: res.status, json: text ? JSON.parse(text) : null }
  }

  /** One round of writes, until the returned stop() (after the crash). */
  function round() {
    let alive = true
    const loops = [
      (async () => {
        while (alive) {
          const email = uniqueEmail('crash')
          const entry = { email, answered: false }
          signUps.push(entry)
          const r = await fetch(`${base()}/api/v1/accounts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Crash Member', email, password: GOOD_PASSWORD }) }).catch(() => null)
          if (!r) return
          entry.answered = r.status === 201
        }
      })(),
      (async () => {
        while (alive) {
          const n = ++headlineSent
          const r = await call('PUT', '/api/v1/me/profile', { headline: `Edit ${n}`, about: '', location: '', experience: [], education: [], skills: [] }).catch(() => null)
          if (!r) return
          if (r.status === 200) headlineAcked = Math.max(headlineAcked, n)
        }
      })(),
      (async () => {
        // A share of the tokens per round: each sent, then asked about until stored.
        for (const w of writes.slice(next, (next = Math.min(writes.length, next + tokens.length / rounds)))) {
          if (!alive) return
          const r = await client().openThread(w.token, w.title, w.body, 'alias', undefined, w.nonce).catch(() => null)
          if (!r) return
          if (r.status !== 202) continue // the database was going away: the outbox sends it again below
          w.seen = 'accepted'
          w.postId = r.json.postId
          while (alive) {
            const st = await client().writeState(w.postId!).catch(() => null)
            if (!st) return
            if (st.json?.state === 'stored') {
              w.seen = 'stored'
              break
            }
            await sleep(200)
          }
        }
      })(),
    ]
    return {
      async stop() {
        alive = false
        await Promise.all(loops)
      },
    }
  }

  /** After a crash and a restart: everything acknowledged is there. */
  async function checkAcknowledged(label: string) {
    for (const x of signUps.filter((y) => y.answered)) {
      const r = await call('POST', '/api/v1/sessions', { email: x.email, password: GOOD_PASSWORD }, false)
      assert.equal(r.status, 200, `${x.email} was answered 201 before the crash`)
    }
    const headline = Number(/^Edit (\d+)$/.exec((await call('GET', `/api/v1/users/${handle}`)).json.headline ?? '')?.[1] ?? 0)
    assert.ok(headline >= headlineAcked && headline <= headlineSent, `stored headline ${headline}, acknowledged ${headlineAcked}, sent ${headlineSent}`)
    // Every write seen stored is stored; the others are sent again, byte for byte, until they are.
    for (const w of writes.filter((x) => x.seen !== 'none' || x.postId)) {
      const state = (await client().writeState(w.postId!)).json
      if (w.seen === 'stored') assert.equal(state.state, 'stored', `${w.title} was seen stored before the crash`)
    }
    process.stdout.write(`# ${label}: ${signUps.filter((x) => x.answered).length} sign-ups acknowledged, headline ${headline} (acknowledged ${headlineAcked}), ${writes.filter((w) => w.seen === 'stored').length} anonymous writes seen stored\n`)
  }

  /** The client's outbox: what was not seen stored is sent again until it is; then each thread is there once and each token spent once. */
  async function resendAndCheckOnce() {
    let resent = 0
    await Promise.all(
      writes.map(async (w) => {
        for (let attempt = 0; w.seen !== 'stored'; attempt++) {
          const state = w.postId ? (await client().writeState(w.postId)).json : null
          assert.ok(attempt < 60, `${w.title} never stored: ${JSON.stringify(state)}`)
          if (state?.state === 'stored') w.seen = 'stored'
          else if (!state || state.code === 'unknown_write') {
            resent++
            const r = await client().openThread(w.token, w.title, w.body, 'alias', undefined, w.nonce)
            assert.ok([200, 201, 202].includes(r.status), `${w.title}: ${r.status} ${JSON.stringify(r.json)}`)
            w.postId = r.json.postId
          }
          if (w.seen !== 'stored') await sleep(500)
        }
      }),
    )
    process.stdout.write(`# ${resent} anonymous writes sent again after the crashes\n`)
    const listed = (await call('GET', '/api/v1/talk/threads?channel=general&sort=new')).json.threads as { title: string }[]
    for (const w of writes) assert.equal(listed.filter((x) => x.title === w.title).length, 1, `${w.title} is there once`)
    for (const w of writes.slice(0, 5)) {
      const again = await client().openThread(w.token, `${w.title}, again`, 'Another thread on a spent token.', 'alias')
      assert.equal(again.status, 409, JSON.stringify(again.json))
      assert.equal(again.json.code, 'token_spent')
    }
  }

  return { round, checkAcknowledged, resendAndCheckOnce }
}

describe(`SIGKILL under a stream of writes (${TEST_DB_KIND})`, () => {
  let port: number
  let dataDir: string
  let databaseUrl: string | null = null
  let t: TestApp | null = null
  let child: ChildProcess | null = null
  let cookie: string
  let handle: string
  let tokens: ClientToken[]

  before(async () => {
    port = await freePort()
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wc-crash-'))
    // The member and its tokens are made in-process first; on PGlite on the DATA_DIR the child then opens.
    if (TEST_DB_KIND === 'postgres') {
      t = await buildTestApp({ env: { SERVER_SECRET: SECRET, MIN_ANONYMITY_SET: '1' } })
      databaseUrl = t.ctx.database.url
      ;({ cookie, handle, tokens } = await member(t.app, t.ctx))
    } else {
      const ctx = await createAppContext(envToConfig({ DATA_DIR: dataDir, SERVER_SECRET: SECRET, MIN_ANONYMITY_SET: '1', LOG_LEVEL: 'silent' }))
      await migrateToLatest(ctx.db)
      const app = await buildApp(ctx, { logger: false })
      ;({ cookie, handle, tokens } = await member(app, ctx))
      await app.close()
      await ctx.close()
    }
    await start()
  })
  after(async () => {
    child?.kill('SIGKILL')
    await t?.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  async function member(app: Parameters<typeof buildVerifiedUser>[0], ctx: Parameters<typeof buildVerifiedUser>[1]) {
    const m = await buildVerifiedUser(app, ctx, 'crash-co')
    const drawn = await new IndependentClient(injectSender(app)).tokensFor(m.cookie, null, 'talk', TOKENS)
    return { cookie: m.cookie, handle: m.handle, tokens: drawn }
  }

  async function start() {
    child = await startServerProcess({ PORT: String(port), SERVER_SECRET: SECRET, DEMO_DATA: 'false', LOG_LEVEL: 'warn', DATA_DIR: dataDir, TALK_MIX_WINDOW_S: '2', MIN_ANONYMITY_SET: '1', DATABASE_URL: databaseUrl ?? undefined })
  }

  const base = () => `http://127.0.0.1:${port}`

  it(`loses nothing acknowledged over ${KILLS} kills, and spends no token twice`, { timeout: 240_000 }, async () => {
    const stream = writeStream(base, cookie, handle, tokens, KILLS)
    for (let round = 0; round < KILLS; round++) {
      const writing = stream.round()
      await sleep(300 + Math.random() * 1500)
      child!.kill('SIGKILL')
      await new Promise((r) => child!.once('exit', r))
      await writing.stop()
      await start()
      await stream.checkAcknowledged(`kill ${round + 1}`)
    }
    await stream.resendAndCheckOnce()
  })
})

const immediateSkip =
  TEST_DB_KIND !== 'postgres' ? 'PostgreSQL only (the PGlite run has the kills above)' : pgBinDir() ? false : 'needs the PostgreSQL server binaries (apt-get install postgresql) to run a cluster of its own'

describe('pg_ctl stop -m immediate under a stream of writes (a cluster of this test’s own)', { skip: immediateSkip }, () => {
  const STOPS = 2
  let cluster: PgCluster
  let t: TestApp
  let origin: string
  let m: Awaited<ReturnType<typeof buildVerifiedUser>>
  let tokens: ClientToken[]

  before(async () => {
    cluster = await createPgCluster()
    const database = openPostgres(cluster.url, 5)
    await migrateToLatest(database.db)
    t = await buildTestApp({ database, env: { SERVER_SECRET: SECRET, MIN_ANONYMITY_SET: '1', TALK_MIX_WINDOW_S: '2' } })
    m = await buildVerifiedUser(t.app, t.ctx, 'crash-co')
    tokens = await new IndependentClient(injectSender(t.app)).tokensFor(m.cookie, null, 'talk', 8)
    origin = await t.app.listen({ port: 0, host: '127.0.0.1' })
  })
  after(async () => {
    await t?.close()
    cluster?.destroy()
  })

  it(`loses nothing acknowledged over ${STOPS} immediate stops of the database, and spends no token twice`, { timeout: 240_000 }, async () => {
    const stream = writeStream(() => origin, m.cookie, m.handle, tokens, STOPS)
    for (let round = 0; round < STOPS; round++) {
      const writing = stream.round()
      await sleep(300 + Math.random() * 1500)
      // No checkpoint, no clean shutdown: the next start replays the WAL, as after a crash.
      cluster.stop('immediate')
      await sleep(500)
      await writing.stop()
      cluster.start()
      for (let i = 0; i < 150 && (await fetch(`${origin}/api/v1/health/ready`).then((r) => r.status).catch(() => 0)) !== 200; i++) await sleep(200)
      await stream.checkAcknowledged(`immediate stop ${round + 1}`)
    }
    await stream.resendAndCheckOnce()
  })
})
