/**
 * An anonymous write sent again to another server process (DESIGN §2: a writer told
 * `unknown_write` by a process that did not take its write resends it, and behind a load balancer
 * the resend may land anywhere): the second process must see the write as itself, stored — not as
 * a conflict with itself. And two processes' windows touching the same threads must not deadlock.
 * The "second process" here is a second application context on the same database, as
 * test/api/talk-events.test.ts builds it.
 */
import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { after, before, describe, it } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../server/src/app.js'
import { type AppContext, createAppContext } from '../../server/src/context.js'
import { buildTestApp, type TestApp } from '../support/app.js'
import { TEST_DB_KIND } from '../support/db.js'
import { buildVerifiedUser } from '../support/factories.js'
import { type ClientToken, IndependentClient, injectSender } from '../support/independent-client.js'

describe('a write sent again to another process', () => {
  let t: TestApp
  let second: { app: FastifyInstance; ctx: AppContext }
  let tokens: ClientToken[]
  before(async () => {
    // A window long enough that nothing commits unless the test says so.
    t = await buildTestApp({ env: { TALK_MIX_WINDOW_S: '120' } })
    const logStream = new Writable({ write: (_c, _e, done) => done() })
    const ctx = await createAppContext(t.ctx.config, { database: { ...t.ctx.database, close: async () => {} }, logStream })
    second = { app: await buildApp(ctx, { logger: false }), ctx }
    await second.app.ready()
    t.ctx.anon.mixer.stop()
    second.ctx.anon.mixer.stop()
    const m = await buildVerifiedUser(t.app, t.ctx, 'resend-co')
    const client = new IndependentClient(injectSender(t.app))
    const key = (await client.directory()).find((k) => k.company === null && k.purpose === 'talk')!
    tokens = await client.fetchTokens(m.cookie, key.keyId, 12)
  })
  after(async () => {
    await second?.app.close()
    await second?.ctx.close()
    await t?.close()
  })

  const a = () => new IndependentClient(injectSender(t.app))
  const onB = (client: IndependentClient) => Object.assign(Object.create(Object.getPrototypeOf(client)), client, { send: injectSender(second.app) }) as IndependentClient

  /** A stored thread of `client` (committed by process A). */
  async function storedThread(client: IndependentClient, title: string) {
    const opened = await client.openThread(tokens.pop()!, title, 'Body text', 'alias')
    assert.equal(opened.status, 202)
    await t.ctx.anon.mixer.flush()
    return opened.json as { threadId: string; postId: string }
  }

  it('answers an edit stored by one process as stored when it reaches the other', async () => {
    const client = a()
    const { threadId, postId } = await storedThread(client, 'Edited once')
    assert.equal((await client.edit(threadId, postId, 0, 'Edited once', 'The new body')).status, 202)
    await t.ctx.anon.mixer.flush()
    assert.equal((await client.writeState(postId, 1)).json.state, 'stored')
    // Process B never heard of it: the writer, told unknown_write there, sends it again.
    const resent = await onB(client).edit(threadId, postId, 0, 'Edited once', 'The new body')
    assert.equal(resent.status, 200, JSON.stringify(resent.json))
    assert.equal((await onB(client).writeState(postId, 1)).json.state, 'stored')
    const post = await t.ctx.db.selectFrom('talkPost').select(['body', 'revision']).where('id', '=', postId).executeTakeFirstOrThrow()
    assert.deepEqual(post, { body: 'The new body', revision: 1 })
    // A different change against the old revision is still a conflict.
    assert.equal((await onB(client).edit(threadId, postId, 0, 'Edited once', 'Another body')).json.code, 'revision_conflict')
  })

  it('stores an edit waiting in both processes once, and both answer stored', async () => {
    const client = a()
    const { threadId, postId } = await storedThread(client, 'Edited in two windows')
    assert.equal((await client.edit(threadId, postId, 0, 'Edited in two windows', 'Twice sent')).status, 202)
    assert.equal((await onB(client).edit(threadId, postId, 0, 'Edited in two windows', 'Twice sent')).status, 202)
    await t.ctx.anon.mixer.flush()
    await second.ctx.anon.mixer.flush()
    assert.equal((await client.writeState(postId, 1)).json.state, 'stored')
    assert.equal((await onB(client).writeState(postId, 1)).json.state, 'stored', 'not refused revision_conflict')
    const post = await t.ctx.db.selectFrom('talkPost').select(['body', 'revision']).where('id', '=', postId).executeTakeFirstOrThrow()
    assert.deepEqual(post, { body: 'Twice sent', revision: 1 })
  })

  it('deletes a post once when the deletion waits in both processes', async () => {
    const client = a()
    const { threadId, postId } = await storedThread(client, 'Deleted in two windows')
    const reply = await client.reply(threadId, tokens.pop()!, 'A reply that stays', 'alias')
    assert.equal(reply.status, 202)
    await t.ctx.anon.mixer.flush()
    assert.equal((await client.remove(threadId, postId, 0)).status, 202)
    assert.equal((await onB(client).remove(threadId, postId, 0)).status, 202)
    await second.ctx.anon.mixer.flush()
    await t.ctx.anon.mixer.flush()
    assert.equal((await client.writeState(postId, 1)).json.state, 'stored')
    assert.equal((await onB(client).writeState(postId, 1)).json.state, 'stored')
    const thread = await t.ctx.db.selectFrom('talkThread').select('visiblePosts').where('id', '=', threadId).executeTakeFirstOrThrow()
    assert.equal(thread.visiblePosts, 1, 'counted once')
    // Sent again after both stored it: still stored, not "no such post".
    assert.equal((await onB(client).remove(threadId, postId, 0)).status, 200)
  })

  it(
    'commits two windows that reply to the same threads at the same moment, with no deadlock',
    { skip: TEST_DB_KIND !== 'postgres' ? 'needs PostgreSQL: the embedded database runs one transaction at a time' : false },
    async () => {
      const opener = a()
      const threads = [await storedThread(opener, 'Lock order one'), await storedThread(opener, 'Lock order two'), await storedThread(opener, 'Lock order three')]
      const more = await new IndependentClient(injectSender(t.app)).fetchTokens((await buildVerifiedUser(t.app, t.ctx, 'resend-co-2')).cookie, tokens[0]!.keyId, 50)
      for (let round = 0; round < 8; round++) {
        // Each process replies to every thread; each window applies its replies in its own random order.
        for (const th of threads) {
          assert.equal((await a().reply(th.threadId, more.pop()!, `A${round}`, 'alias')).status, 202)
          assert.equal((await onB(a()).reply(th.threadId, more.pop()!, `B${round}`, 'alias')).status, 202)
        }
        await Promise.all([t.ctx.anon.mixer.flush(), second.ctx.anon.mixer.flush()])
        // A window that lost a deadlock is kept for the next one: nothing may be left waiting.
        assert.equal(t.ctx.anon.mixer.size + second.ctx.anon.mixer.size, 0, `round ${round}: a window did not commit`)
      }
      const { n } = await t.ctx.db.selectFrom('talkPost').select((eb) => eb.fn.countAll<string>().as('n')).where('threadId', 'in', threads.map((x) => x.threadId)).executeTakeFirstOrThrow()
      assert.equal(Number(n), 3 + 3 * 2 * 8)
    },
  )
})
