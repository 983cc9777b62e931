/**
 * Mixed commits (DESIGN §2): anonymous writes are checked on arrival, then stored with the other
 * writes of their window in one transaction, in random order, their spent tokens in the same
 * transaction. Two AppContexts on one database stand for two server processes; the windows are
 * ended by hand (the mixer's timer is stopped), so nothing here waits on the wall clock.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../server/src/app.js'
import { type AppContext, createAppContext } from '../../server/src/context.js'
import { buildTestApp, type TestApp } from '../support/app.js'
import { buildVerifiedUser } from '../support/factories.js'
import { type ClientToken, IndependentClient, injectSender } from '../support/independent-client.js'

let t: TestApp
let second: { app: FastifyInstance; ctx: AppContext }
let member: Awaited<ReturnType<typeof buildVerifiedUser>>
let tokens: ClientToken[] = []
const clientA = () => new IndependentClient(injectSender(t.app))

before(async () => {
  t = await buildTestApp({ env: { MIN_ANONYMITY_SET: '1', TALK_MIX_WINDOW_S: '30' } })
  t.ctx.anon.mixer.stop()
  member = await buildVerifiedUser(t.app, t.ctx, 'mixco')
  // A second server process: its own app, context and mixer, on the same database.
  const ctx = await createAppContext(t.ctx.config, { database: { ...t.ctx.database, close: async () => {} } })
  second = { app: await buildApp(ctx, { logger: false }), ctx }
  await second.app.ready()
  second.ctx.anon.mixer.stop()
})
after(async () => {
  await second?.app.close()
  await t.close()
})

async function token(): Promise<ClientToken> {
  if (!tokens.length) {
    const c = clientA()
    const key = (await c.directory()).find((k) => k.company === 'mixco' && k.purpose === 'talk')!
    tokens = await c.fetchTokens(member.cookie, key.keyId, 40)
  }
  return tokens.pop()!
}
const countPosts = async () => Number((await t.ctx.db.selectFrom('talkPost').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)
const countSpent = async () => Number((await t.ctx.db.selectFrom('talkSpentToken').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)

describe('a mixing window', () => {
  it('accepts writes with 202, stores nothing until the window ends, then stores them in one transaction', async () => {
    const [posts, spent] = [await countPosts(), await countSpent()]
    const c = clientA()
    const opened = await c.openThread(await token(), 'Mixed thread', 'Opening', 'company')
    assert.equal(opened.status, 202, JSON.stringify(opened.json))
    const replies = []
    for (let i = 0; i < 12; i++) replies.push(await clientA().reply(opened.json.threadId, await token(), `Reply ${i}`, 'alias'))
    for (const r of replies) assert.equal(r.status, 202, 'a reply to a thread still waiting in this window is accepted')
    assert.equal(await countPosts(), posts, 'nothing stored before the window ends')
    assert.equal(await countSpent(), spent, 'not even the spent tokens')
    assert.deepEqual((await c.writeState(opened.json.postId)).json, { state: 'pending' })

    await t.ctx.anon.mixer.flush()
    assert.deepEqual((await c.writeState(opened.json.postId)).json, { state: 'stored' })
    for (const r of replies) assert.deepEqual((await c.writeState(r.json.postId)).json, { state: 'stored' })
    const rows = await sql<{ x: string; c: string; body: string; created: Date }>`
      select xmin::text as x, ctid::text as c, body, created_at as created from talk_post where thread_id = ${opened.json.threadId}`.execute(t.ctx.db)
    assert.equal(rows.rows.length, 13)
    assert.equal(new Set(rows.rows.map((r) => r.x)).size, 1, 'one transaction for the whole window')
    assert.equal(new Set(rows.rows.map((r) => r.created.getTime())).size, 1, 'one time for the whole window: its minute')
    assert.equal(rows.rows[0]!.created.getTime() % 60_000, 0)
    const spentRows = await sql<{ x: string }>`select xmin::text as x from talk_spent_token`.execute(t.ctx.db)
    assert.ok(spentRows.rows.some((r) => r.x === rows.rows[0]!.x), 'the tokens were spent in the same transaction')
    // Arrival order is gone: neither the row order nor the positions follow it (12! orders).
    const byPosition = (await t.ctx.db.selectFrom('talkPost').select(['body', 'position']).where('threadId', '=', opened.json.threadId).where('isOpening', '=', false).orderBy('position').execute()).map((r) => r.body)
    assert.notDeepEqual(byPosition, replies.map((_, i) => `Reply ${i}`), 'replies are not stored in the order they came')
  })

  it('keeps nothing in the spent-token row that the post does not show', async () => {
    const cols = await sql<{ c: string }>`select column_name as c from information_schema.columns where table_name = 'talk_spent_token' order by c`.execute(t.ctx.db)
    // `long_lived`: paid for a yearly record (a review, salary or interview report) — what the record itself shows.
    assert.deepEqual(cols.rows.map((r) => r.c), ['long_lived', 'spent_at', 'token_hash'])
  })

  it('refuses a second use of a token waiting in the same window at once, and lets the identical write through as itself', async () => {
    const tok = await token()
    const c = clientA()
    const nonce = Buffer.alloc(16, 5).toString('base64url')
    const first = await c.openThread(tok, 'One token', 'First', 'alias', undefined, nonce)
    assert.equal(first.status, 202)
    const same = await c.openThread(tok, 'One token', 'First', 'alias', undefined, nonce)
    assert.equal(same.status, 202)
    assert.deepEqual(same.json, first.json, 'a resend is the same write')
    const other = await clientA().openThread(tok, 'One token', 'Another write', 'alias')
    assert.equal(other.status, 409)
    assert.equal(other.json.code, 'token_spent')
    await t.ctx.anon.mixer.flush()
  })

  it('stores exactly one of two uses of one token accepted by two processes; the other learns token_spent', async () => {
    const tok = await token()
    const a = await clientA().openThread(tok, 'Race A', 'Body', 'alias')
    const b = await new IndependentClient(injectSender(second.app)).openThread(tok, 'Race B', 'Body', 'alias')
    assert.equal(a.status, 202)
    assert.equal(b.status, 202, 'the second process cannot know yet')
    await second.ctx.anon.mixer.flush()
    await t.ctx.anon.mixer.flush()
    const stateB = (await new IndependentClient(injectSender(second.app)).writeState(b.json.postId)).json
    const stateA = (await clientA().writeState(a.json.postId)).json
    assert.deepEqual(stateB, { state: 'stored' })
    assert.deepEqual(stateA, { state: 'refused', code: 'token_spent' })
    const titles = (await t.ctx.db.selectFrom('talkPost').select('title').where('isOpening', '=', true).where('title', 'in', ['Race A', 'Race B']).execute()).map((r) => r.title)
    assert.deepEqual(titles, ['Race B'])
  })

  it('gives the token back when a write is refused at commit (another process stored a conflicting label first)', async () => {
    const opener = clientA()
    const { threadId } = (await opener.openThread(await token(), 'Label race', 'Body', 'alias')).json
    await t.ctx.anon.mixer.flush()
    const replier = clientA()
    const viaSecond = new IndependentClient(injectSender(second.app))
    viaSecond.master.set(replier.master) // one browser, two tabs, two server processes
    const tokA = await token()
    const tokB = await token()
    assert.equal((await replier.reply(threadId, tokA, 'As an alias', 'alias')).status, 202)
    const b = await viaSecond.reply(threadId, tokB, 'As my company', 'company')
    assert.equal(b.status, 202)
    await t.ctx.anon.mixer.flush()
    await second.ctx.anon.mixer.flush()
    assert.deepEqual((await viaSecond.writeState(b.json.postId)).json, { state: 'refused', code: 'label_mismatch' })
    const reuse = await clientA().openThread(tokB, 'Token back', 'The refused reply did not spend it', 'alias')
    assert.equal(reuse.status, 202)
    await t.ctx.anon.mixer.flush()
  })

  it('answers 404 unknown_write for a write a process lost, and takes the same write again when it is resent', async () => {
    const c = clientA()
    const tok = await token()
    const nonce = Buffer.alloc(16, 7).toString('base64url')
    const sent = await c.openThread(tok, 'Lost in a crash', 'Body', 'alias', undefined, nonce)
    assert.equal(sent.status, 202)
    // The process dies: its waiting writes are gone, nothing was stored, the token is unspent.
    const crashed = await createAppContext(t.ctx.config, { database: { ...t.ctx.database, close: async () => {} } })
    const fresh = await buildApp(crashed, { logger: false })
    try {
      const asked = await new IndependentClient(injectSender(fresh)).writeState(sent.json.postId)
      assert.equal(asked.status, 404)
      assert.equal(asked.json.code, 'unknown_write')
      const again = await c.openThread(tok, 'Lost in a crash', 'Body', 'alias', undefined, nonce)
      assert.deepEqual(again.json, sent.json, 'the same ids')
      await t.ctx.anon.mixer.flush()
      assert.deepEqual((await new IndependentClient(injectSender(fresh)).writeState(sent.json.postId)).json, { state: 'stored' }, 'any process reads it from the database')
    } finally {
      await fresh.close()
    }
  })

  it('mixes edits and deletions too, and tells their outcome by revision', async () => {
    const c = clientA()
    const { threadId, postId } = (await c.openThread(await token(), 'To be edited', 'Old text', 'alias')).json
    const reply = (await c.reply(threadId, await token(), 'A reply', 'alias')).json
    await t.ctx.anon.mixer.flush()
    const edit = await c.edit(threadId, postId, 0, 'Edited', 'New text')
    assert.equal(edit.status, 202)
    assert.deepEqual(edit.json, { postId, revision: 1 })
    assert.deepEqual((await c.writeState(postId, 1)).json, { state: 'pending' })
    const racing = await c.edit(threadId, postId, 0, 'Other', 'Other text')
    assert.equal(racing.status, 409, 'a second change of one post in one window would race the first')
    assert.equal((await t.ctx.db.selectFrom('talkPost').select('body').where('id', '=', postId).executeTakeFirstOrThrow()).body, 'Old text')
    await t.ctx.anon.mixer.flush()
    assert.deepEqual((await c.writeState(postId, 1)).json, { state: 'stored' })
    const del = await c.remove(threadId, reply.postId, 0)
    assert.equal(del.status, 202)
    await t.ctx.anon.mixer.flush()
    const row = await t.ctx.db.selectFrom('talkPost').select(['body', 'deleted', 'pad']).where('id', '=', reply.postId).executeTakeFirstOrThrow()
    assert.deepEqual(row, { body: '', deleted: true, pad: '' })
  })

  it('commits the open window when the server shuts down gracefully', async () => {
    const app = await buildTestApp({ env: { MIN_ANONYMITY_SET: '1', TALK_MIX_WINDOW_S: '120' } })
    try {
      app.ctx.anon.mixer.stop()
      const m = await buildVerifiedUser(app.app, app.ctx, 'closing')
      const c = new IndependentClient(injectSender(app.app))
      const key = (await c.directory()).find((k) => k.company === 'closing' && k.purpose === 'talk')!
      const [tok] = await c.fetchTokens(m.cookie, key.keyId, 1)
      const sent = await c.openThread(tok!, 'Said before the restart', 'Body', 'alias')
      assert.equal(sent.status, 202)
      await app.app.close()
      const stored = await app.ctx.db.selectFrom('talkPost').select('id').where('id', '=', sent.json.postId).executeTakeFirst()
      assert.ok(stored, 'stored by the shutdown')
    } finally {
      await app.close()
    }
  })
})
