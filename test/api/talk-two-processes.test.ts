import assert from 'node:assert/strict'
import type { ChildProcess } from 'node:child_process'
import { after, before, describe, it } from 'node:test'
import { buildTestApp, type TestApp } from '../support/app.js'
import { TEST_DB_KIND } from '../support/db.js'
import { buildVerifiedUser } from '../support/factories.js'
import { freePort } from '../support/net.js'
import { startServerProcess } from '../support/server-process.js'
import { type ClientToken, fetchSender, IndependentClient, injectSender } from '../support/independent-client.js'

const SECRET = 'two-process-secret-two-process-secret-0123456789'
const skip = TEST_DB_KIND !== 'postgres' ? 'needs PostgreSQL (DATABASE_URL): the embedded database admits one process only' : false


describe('two server processes on one PostgreSQL', { skip }, () => {
  let t: TestApp
  let child: ChildProcess
  let urls: string[]
  before(async () => {
    const [portA, portB] = [await freePort(), await freePort()]
    t = await buildTestApp({ port: portA, env: { SERVER_SECRET: SECRET, MIN_ANONYMITY_SET: '1', TALK_MIX_WINDOW_S: String(WINDOW_S) } })
    await t.app.listen({ port: portA, host: '127.0.0.1' })
    child = await startServerProcess({ DATABASE_URL: t.ctx.database.url!, PORT: String(portB), SERVER_SECRET: SECRET, DEMO_DATA: 'false', LOG_LEVEL: 'warn', DATA_DIR: t.ctx.config.dataDir, TALK_MIX_WINDOW_S: String(WINDOW_S) })
    urls = [`http://127.0.0.1:${portA}`, `http://127.0.0.1:${portB}`]
  })
  after(async () => {
    child?.kill('SIGTERM')
    await t?.close()
  })

  /** Sends the racing writes, waits until both processes have committed them, and tells what became of each. */
  async function race(tok: ClientToken, labels: string[]) {
    const accepted = await Promise.all(labels.map((label, i) => new IndependentClient(fetchSender(urls[i % 2]!)).openThread(tok, label, 'One token, two servers', 'alias')))
    return accepted
  }
  async function settle(results: Awaited<ReturnType<typeof race>>) {
    await sleep(2.5 * WINDOW_S * 1000) // every window that took one of them has ended
    const states: string[] = []
    for (const [i, r] of results.entries()) {
      if (r.status === 409) {
        states.push(`409 ${r.json.code}`)
        continue
      }
      assert.equal(r.status, 202, JSON.stringify(r.json))
      // Ask the process that took it: it remembers a refusal; any process finds a stored write.
      const state = (await new IndependentClient(fetchSender(urls[i % 2]!)).writeState(r.json.postId)).json
      states.push(state.state === 'refused' ? `refused ${state.code}` : state.state)
    }
    return states
  }

  it('redeems one token exactly once when 20 requests race across both processes inside one mixing window', async () => {
    const tok = await oneToken('racing')
    await untilWindowStart()
    const states = await settle(await race(tok, Array.from({ length: 20 }, (_, i) => `Race ${i}`)))
    assert.equal(states.filter((s) => s === 'stored').length, 1, states.join(', '))
    assert.ok(states.every((s) => s === 'stored' || s === 'refused token_spent' || s === '409 token_spent'), states.join(', '))
    const stored = await t.ctx.db.selectFrom('talkPost').select('title').where('isOpening', '=', true).where('title', 'like', 'Race %').execute()
    assert.equal(stored.length, 1)
  })

  it('redeems one token exactly once when the racing requests fall into two windows', async () => {
    const tok = await oneToken('racing-two')
    await untilWindowStart()
    const first = await race(tok, Array.from({ length: 10 }, (_, i) => `Split ${i}`))
    await sleep(WINDOW_S * 1000 + 300) // the first window has ended (and committed)
    const secondHalf = await race(tok, Array.from({ length: 10 }, (_, i) => `Split ${i + 10}`))
    const states = await settle([...first, ...secondHalf])
    assert.equal(states.filter((s) => s === 'stored').length, 1, states.join(', '))
    assert.ok(states.slice(10).every((s) => s !== 'stored'), `the later window stored nothing: ${states.join(', ')}`)
    const stored = await t.ctx.db.selectFrom('talkPost').select('title').where('isOpening', '=', true).where('title', 'like', 'Split %').execute()
    assert.equal(stored.length, 1)
  })

  async function oneToken(company: string): Promise<ClientToken> {
    const m = await buildVerifiedUser(t.app, t.ctx, company)
    const client = new IndependentClient(injectSender(t.app))
    const key = (await client.directory()).find((k) => k.company === null && k.purpose === 'talk')!
    const [tok] = await client.fetchTokens(m.cookie, key.keyId, 1)
    return tok!
  }
})

const WINDOW_S = 2
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
/** Just after a window boundary: the whole race then fits in one window. */
async function untilWindowStart() {
  const ms = WINDOW_S * 1000
  await sleep(ms - (Date.now() % ms) + 50)
}
