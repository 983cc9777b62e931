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
  async function call(method: string, url: string, body?: unknown, withCookie = true) {
    const res = await fetch(base() + url, {
      method,
      headers: { ...(withCookie && { cookie }), ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    })
    const text = await res.text()
    return { status: res.status, json: text ? JSON.parse(text) : null }
  }

  it(`loses nothing acknowledged over ${KILLS} kills, and spends no token twice`, { timeout: 240_000 }, async () => {
    const signUps: { email: string; answered: boolean }[] = []
    let headlineSent = 0
    let headlineAcked = 0
    const writes: AnonWrite[] = tokens.map((token, i) => ({ token, title: `Crash test thread ${i}`, body: `Written while the server may die, number ${i}.`, nonce: crypto.randomBytes(16).toString('base64url'), seen: 'none' }))
    const client = () => new IndependentClient(fetchSender(base()))
    let next = 0

    for (let round = 0; round < KILLS; round++) {
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
          // A third of the tokens per round: each sent, then asked about until stored.
          for (const w of writes.slice(next, (next = Math.min(writes.length, next + TOKENS / KILLS)))) {
            if (!alive) return
            const r = await client().openThread(w.token, w.title, w.body, 'alias', undefined, w.nonce).catch(() => null)
            if (!r) return
            assert.equal(r.status, 202, JSON.stringify(r.json))
            w.seen = 'accepted'
            w.postId = r.json.postId
            while (alive) {
              const s = await client().writeState(w.postId!).catch(() => null)
              if (!s) return
              if (s.json?.state === 'stored') {
                w.seen = 'stored'
                break
              }
              await sleep(200)
            }
          }
        })(),
      ]
      await sleep(300 + Math.random() * 1500)
      child!.kill('SIGKILL')
      await new Promise((r) => child!.once('exit', r))
      alive = false
      await Promise.all(loops)
      await start()

      // Every acknowledged sign-up signs in; the headline is the last acknowledged or a later one.
      for (const s of signUps.filter((x) => x.answered)) {
        const r = await call('POST', '/api/v1/sessions', { email: s.email, password: GOOD_PASSWORD }, false)
        assert.equal(r.status, 200, `${s.email} was answered 201 before the kill`)
      }
      const headline = Number(/^Edit (\d+)$/.exec((await call('GET', `/api/v1/users/${handle}`)).json.headline ?? '')?.[1] ?? 0)
      assert.ok(headline >= headlineAcked && headline <= headlineSent, `stored headline ${headline}, acknowledged ${headlineAcked}, sent ${headlineSent}`)
      // Every write seen stored is stored; the others are sent again, byte for byte, until they are.
      for (const w of writes.filter((x) => x.seen !== 'none' || x.postId)) {
        const state = (await client().writeState(w.postId!)).json
        if (w.seen === 'stored') assert.equal(state.state, 'stored', `${w.title} was seen stored before the kill`)
      }
      process.stdout.write(`# kill ${round + 1}: ${signUps.filter((s) => s.answered).length} sign-ups acknowledged, headline ${headline} (acknowledged ${headlineAcked}), ${writes.filter((w) => w.seen === 'stored').length} anonymous writes seen stored\n`)
    }

    // The client's outbox: what was not seen stored is sent again until it is (all at once).
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
    process.stdout.write(`# ${resent} anonymous writes sent again after the kills\n`)
    // Each thread once; each token spent once.
    const listed = (await call('GET', '/api/v1/talk/threads?channel=general&sort=new')).json.threads as { title: string }[]
    for (const w of writes) assert.equal(listed.filter((x) => x.title === w.title).length, 1, `${w.title} is there once`)
    for (const w of writes.slice(0, 5)) {
      const again = await client().openThread(w.token, `${w.title}, again`, 'Another thread on a spent token.', 'alias')
      assert.equal(again.status, 409, JSON.stringify(again.json))
      assert.equal(again.json.code, 'token_spent')
    }
  })
})
