import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { TALK } from '../../shared/src/api/limits.js'
import { DIRECTORY_MAX_AGE_S } from '../../server/src/services/talk/directory.js'
import { buildTestApp, signUp, type TestApp, testClock } from '../support/app.js'
import { buildVerifiedUser } from '../support/factories.js'
import { type ClientToken, IndependentClient, injectSender } from '../support/independent-client.js'

const MIN = 3
const clock = testClock()
let t: TestApp
let member: Awaited<ReturnType<typeof buildVerifiedUser>>
let client: IndependentClient
let tokens: ClientToken[] = []

before(async () => {
  t = await buildTestApp({ clock, env: { MIN_ANONYMITY_SET: String(MIN) } })
  for (let i = 0; i < MIN; i++) member = await buildVerifiedUser(t.app, t.ctx, 'northwind')
  client = new IndependentClient(injectSender(t.app))
})
after(() => t.close())

async function keyFor(company: string | null, purpose = 'talk') {
  return (await client.directory()).find((k) => k.company === company && k.purpose === purpose)!
}
/** A token of the company key, drawn in batches like the web client does. */
async function token(): Promise<ClientToken> {
  if (!tokens.length) tokens = await client.fetchTokens(member.cookie, (await keyFor('northwind')).keyId, 10)
  return tokens.pop()!
}
const read = async (id: string) => (await client.read(member.cookie, id)).json

describe('an independent client (DESIGN only: blindrsa-ts + noble)', () => {
  it('gets tokens, opens a thread, replies and reads, with per-thread tags and labels', async () => {
    const opened = await client.openThread(await token(), 'Is the reorg real?', 'Heard rumours about the Q3 reorg.', 'company', 'management')
    assert.equal(opened.status, 201, JSON.stringify(opened.json))
    const { threadId, postId } = opened.json

    const other = new IndependentClient(injectSender(t.app))
    const otherTokens = await other.fetchTokens(member.cookie, (await keyFor(null)).keyId, 2)
    assert.equal((await other.reply(threadId, otherTokens[0]!, 'Yes, announced Friday.', 'company')).status, 201)
    assert.equal((await client.reply(threadId, await token(), 'Thanks. Any details?', 'company')).status, 201)
    const third = new IndependentClient(injectSender(t.app))
    assert.equal((await third.reply(threadId, await token(), 'Not yet.', 'alias')).status, 201)

    const { thread, posts } = await read(threadId)
    assert.equal(thread.title, 'Is the reorg real?')
    assert.equal(thread.channel, 'management')
    assert.equal(thread.replyCount, 3)
    assert.equal(thread.authorLabel, 'Employee of northwind')
    assert.equal(posts[0].id, postId)
    assert.deepEqual(posts.map((p: { authorTag: string }) => p.authorTag), ['OP', '#2', 'OP', '#3'])
    assert.equal(posts[1].authorLabel, 'Verified professional', 'the shared key speaks for no company')
    assert.equal(posts[1].author.company, null)
    assert.match(posts[3].authorLabel, /^[A-Z][a-z]+ [A-Z][a-z]+$/, 'an alias name')
    assert.equal(posts[3].author.kind, 'alias')
    assert.equal(posts[0].authorKey, posts[2].authorKey, 'one key per thread for the opener')
    assert.deepEqual(posts.map((p: { isOpening: boolean }) => p.isOpening), [true, false, false, false])
    const alias = await t.ctx.db.selectFrom('talkPost').select(['voice', 'companySlug', 'companyName']).where('id', '=', posts[3].id).executeTakeFirstOrThrow()
    assert.deepEqual(alias, { voice: null, companySlug: null, companyName: null }, 'an alias post keeps no trace of the key that paid for it')
    for (const p of posts) assert.equal(new Date(p.createdAt).getUTCSeconds() + new Date(p.createdAt).getUTCMilliseconds(), 0, 'times to the minute')
  })

  it('keys of two threads by one client are different (unlinkable across threads)', async () => {
    const a = (await client.openThread(await token(), 'Thread one', 'One', 'alias')).json.threadId
    const b = (await client.openThread(await token(), 'Thread two', 'Two', 'alias')).json.threadId
    const [pa, pb] = [(await read(a)).posts[0], (await read(b)).posts[0]]
    assert.notEqual(pa.authorKey, pb.authorKey)
  })

  it('shows "Former employee of X" for talk-former tokens of a company key', async () => {
    for (let i = 0; i < MIN; i++) await buildVerifiedUser(t.app, t.ctx, 'globex', { verifiedDaysAgo: 400 })
    const former = await buildVerifiedUser(t.app, t.ctx, 'globex', { verifiedDaysAgo: 400 })
    clock.advance(DIRECTORY_MAX_AGE_S * 1000) // the directory is one document per five minutes
    const key = await keyFor('globex', 'talk-former')
    assert.ok(key, 'enough former members: a former key of its own')
    const [tok] = await client.fetchTokens(former.cookie, key.keyId, 1)
    const res = await client.openThread(tok!, 'Life after Globex', 'It gets better.', 'company')
    assert.equal((await read(res.json.threadId)).posts[0].authorLabel, 'Former employee of globex')
  })
})

describe('POST /api/v1/talk/threads', () => {
  it('refuses a bad author signature with 400, and the token stays unspent', async () => {
    const tok = await token()
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/talk/threads',
      payload: { token: tok, title: 'T', body: 'B', label: 'alias', author: { publicKey: Buffer.alloc(32, 1).toString('base64url'), signature: Buffer.alloc(64, 2).toString('base64url') } },
    })
    assert.equal(res.statusCode, 400)
    assert.equal(res.json().code, 'bad_author_signature')
    assert.equal((await client.openThread(tok, 'T', 'B', 'alias')).status, 201, 'the same token still pays for a post')
  })

  it('refuses a signature over other fields than sent (title changed after signing)', async () => {
    const tok = await token()
    const ok = await client.openThread(tok, 'Original', 'Body', 'alias')
    assert.equal(ok.status, 201)
    // Replay the signed body with a different label: the signature covers the label.
    const tok2 = await token()
    const spy = new IndependentClient(async (req) => {
      const body = req.body as { label: string }
      body.label = 'company'
      const res = await t.app.inject({ method: req.method, url: req.url, payload: body as object })
      return { status: res.statusCode, json: res.json() }
    })
    const res = await spy.openThread(tok2, 'Title', 'Body', 'alias')
    assert.equal(res.status, 400)
  })

  it('refuses a spent token with 409 token_spent, and changes nothing', async () => {
    const tok = await token()
    assert.equal((await client.openThread(tok, 'First', 'Body', 'alias')).status, 201)
    const count = async () => (await t.ctx.db.selectFrom('talkPost').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n
    const before = await count()
    const again = await client.openThread(tok, 'Second', 'Body', 'alias')
    assert.equal(again.status, 409)
    assert.equal(again.json.code, 'token_spent')
    assert.equal(await count(), before)
  })

  it('refuses forged, unknown-key and malformed tokens with 403 invalid_token', async () => {
    const tok = await token()
    const sig = Buffer.from(tok.signature, 'base64url')
    sig[10] = sig[10]! ^ 1
    for (const bad of [
      { ...tok, signature: sig.toString('base64url') },
      { ...tok, keyId: (await keyFor(null)).keyId },
      { ...tok, message: Buffer.alloc(63, 7).toString('base64url') },
    ]) {
      const res = await client.openThread(bad, 'T', 'B', 'alias')
      assert.equal(res.status, 403, JSON.stringify(res.json))
      assert.equal(res.json.code, 'invalid_token')
    }
  })

  it('accepts a token in its epoch and the next, not later', async () => {
    const tok = await token()
    const spare = await token()
    clock.advance(7 * 24 * 3600 * 1000)
    assert.equal((await client.openThread(tok, 'Next week', 'Still valid', 'alias')).status, 201)
    clock.advance(7 * 24 * 3600 * 1000)
    const late = await client.openThread(spare, 'Two weeks on', 'Too late', 'alias')
    assert.equal(late.status, 403)
    assert.match(late.json.detail, /expired/)
    clock.advance(-14 * 24 * 3600 * 1000)
  })

  it('refuses malformed input with 400 naming the field, spending nothing', async () => {
    const tok = await token()
    const base = { token: tok, title: 'T', body: 'B', label: 'alias', author: { publicKey: 'a', signature: 'b' } }
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, title: '' }, '/title'],
      [{ ...base, title: 'x'.repeat(TALK.titleLength + 1) }, '/title'],
      [{ ...base, body: 'x'.repeat(TALK.bodyLength + 1) }, '/body'],
      [{ ...base, label: 'admin' }, '/label'],
      [{ ...base, channel: 'Not a slug!' }, '/channel'],
      [{ ...base, token: { ...tok, extra: 1 } }, '/token/extra'],
      [{ ...base, accountId: 'x' }, '/accountId'],
    ]
    for (const [payload, field] of cases) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/talk/threads', payload })
      assert.equal(res.statusCode, 400)
      assert.ok(res.json().errors.some((e: { field: string }) => e.field === field), `${field}: ${res.body}`)
    }
    assert.equal((await client.openThread(tok, 'T', 'B', 'alias')).status, 201, 'the token is still good')
  })

  it('accepts a body of exactly the limit', async () => {
    const res = await client.openThread(await token(), 't'.repeat(TALK.titleLength), 'b'.repeat(TALK.bodyLength), 'alias')
    assert.equal(res.status, 201)
  })
})

describe('anonymous writes', () => {
  it('do not read a session, and leave no log line, even when a cookie, user agent and forwarded-for are sent', async () => {
    const send = injectSender(t.app, { cookie: member.cookie, 'user-agent': 'SentinelBrowser/9.9', 'x-forwarded-for': '198.51.100.77' })
    const sneaky = new IndependentClient(send)
    const [tok] = await sneaky.fetchTokens(member.cookie, (await keyFor(null)).keyId, 1)
    const linesBefore = t.logs.length
    const res = await sneaky.openThread(tok!, 'Cookie test', 'Sent with a cookie', 'alias')
    assert.equal(res.status, 201)
    const newLines = t.logs.slice(linesBefore)
    assert.deepEqual(newLines, [], 'nothing logged for an anonymous write')
    assert.ok(!t.logText().includes('SentinelBrowser') && !t.logText().includes('198.51.100.77'))
  })

  it('follow the Origin rule like every write: another site is refused, this one and none are fine', async () => {
    const tok = await token()
    const foreign = await t.app.inject({ method: 'POST', url: '/api/v1/talk/threads', headers: { origin: 'https://elsewhere.example' }, payload: { token: tok, title: 'T', body: 'B', label: 'alias', author: { publicKey: 'a', signature: 'b' } } })
    assert.equal(foreign.statusCode, 403)
    assert.equal(foreign.json().code, 'bad_origin')
    const own = new IndependentClient(injectSender(t.app, { origin: t.ctx.config.publicUrl.origin }))
    assert.equal((await own.openThread(tok, 'Same site', 'Fine', 'alias')).status, 201, 'and the refused request did not spend the token')
  })

  it('redeem one token exactly once when 20 requests race', async () => {
    const tok = await token()
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => client.openThread(tok, `Race ${i}`, 'Same token', 'alias')))
    const statuses = results.map((r) => r.status).sort()
    assert.equal(statuses.filter((s) => s === 201).length, 1, statuses.join(','))
    assert.equal(statuses.filter((s) => s === 409).length, 19)
  })
})

describe('editing and deleting', () => {
  it('lets the pseudonym key edit and delete its post, at the current revision only', async () => {
    const { threadId, postId } = (await client.openThread(await token(), 'Typo in title', 'Body', 'alias')).json
    const stranger = new IndependentClient(injectSender(t.app))
    assert.equal((await stranger.edit(threadId, postId, 0, 'Hijack', 'Hijack')).status, 403)
    const edited = await client.edit(threadId, postId, 0, 'Fixed title', 'Better body')
    assert.equal(edited.status, 200)
    assert.deepEqual(edited.json, { postId, revision: 1 })
    const after = await read(threadId)
    assert.equal(after.thread.title, 'Fixed title')
    assert.equal(after.posts[0].body, 'Better body')
    assert.equal(after.posts[0].revision, 1)
    assert.ok(after.posts[0].editedAt)
    const replay = await client.edit(threadId, postId, 0, 'Typo in title', 'Body')
    assert.equal(replay.status, 409, 'a captured old edit cannot be replayed')
    assert.equal(replay.json.code, 'revision_conflict')
    await client.reply(threadId, await token(), 'A reply keeps the thread alive', 'alias')
    assert.equal((await client.remove(threadId, postId, 1)).status, 200)
    const gone = await read(threadId)
    assert.equal(gone.posts[0].deleted, true)
    assert.equal(gone.posts[0].body, '')
    assert.equal(gone.thread.title, '', 'a deleted opening post takes the title with it')
    const row = await t.ctx.db.selectFrom('talkPost').select(['title', 'body', 'pad']).where('id', '=', postId).executeTakeFirstOrThrow()
    assert.deepEqual(row, { title: '', body: '', pad: '' }, 'the text is gone from the database, not hidden')
  })

  it('takes a thread out of every list once no post of it is left', async () => {
    const { threadId, postId } = (await client.openThread(await token(), 'Regretted thread', 'Names in here', 'alias')).json
    const listed = async () => (await t.app.inject({ method: 'GET', url: '/api/v1/talk/threads?sort=new', headers: { cookie: member.cookie } })).json().threads.some((x: { id: string }) => x.id === threadId)
    assert.equal(await listed(), true)
    assert.equal((await client.remove(threadId, postId, 0)).status, 200)
    assert.equal(await listed(), false)
    assert.equal((await client.read(member.cookie, threadId)).status, 404)
    const late = await client.reply(threadId, await token(), 'Too late', 'alias')
    assert.equal(late.status, 404, 'no reply to a thread that is gone')
  })
})

describe('labels in a thread', () => {
  it('keeps the label a key first posted with: another one is 409 label_mismatch', async () => {
    const { threadId } = (await client.openThread(await token(), 'Opened as an alias', 'Body', 'alias')).json
    const mismatch = await client.reply(threadId, await token(), 'Now as my company', 'company')
    assert.equal(mismatch.status, 409)
    assert.equal(mismatch.json.code, 'label_mismatch')
    assert.equal((await client.reply(threadId, await token(), 'Still the alias', 'alias')).status, 201)
    const other = new IndependentClient(injectSender(t.app))
    assert.equal((await other.reply(threadId, await token(), 'Another key may choose', 'company')).status, 201)
    const shared = (await other.fetchTokens(member.cookie, (await keyFor(null)).keyId, 1))[0]!
    const voice = await other.reply(threadId, shared, 'Same key, another company label', 'company')
    assert.equal(voice.json.code, 'label_mismatch', '"Verified professional" after "Employee of …" is another label too')
  })
})

describe('opening a thread again', () => {
  it('publishes the opener nonce, and a retry with the same nonce finds the first thread', async () => {
    const nonce = Buffer.alloc(16, 9).toString('base64url')
    const first = await client.openThread(await token(), 'Sent twice', 'The answer was lost', 'alias', undefined, nonce)
    assert.equal(first.status, 201)
    const retry = new IndependentClient(injectSender(t.app))
    retry.master.set(client.master)
    const again = await retry.openThread(await token(), 'Sent twice', 'The answer was lost', 'alias', undefined, nonce)
    assert.equal(again.status, 200)
    assert.deepEqual(again.json, first.json)
    assert.equal((await read(first.json.threadId)).thread.openerNonce, nonce)
    const count = await t.ctx.db.selectFrom('talkPost').select((eb) => eb.fn.countAll<string>().as('n')).where('isOpening', '=', true).where('title', '=', 'Sent twice').executeTakeFirstOrThrow()
    assert.equal(Number(count.n), 1)
  })

  it('answers the very same write again with its ids, without spending anything twice', async () => {
    const tok = await token()
    const nonce = Buffer.alloc(16, 3).toString('base64url')
    const first = await client.openThread(tok, 'Exactly once', 'Body', 'alias', undefined, nonce)
    const again = await client.openThread(tok, 'Exactly once', 'Body', 'alias', undefined, nonce)
    assert.equal(again.status, 200)
    assert.deepEqual(again.json, first.json)
    assert.deepEqual((await client.writeState(first.json.postId)).json, { state: 'stored' })
  })
})

describe('reading', () => {
  it('needs a session and a verification', async () => {
    const stranger = await signUp(t.app)
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/talk/threads' })).statusCode, 401)
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/talk/threads', headers: { cookie: stranger.cookie } })
    assert.equal(res.statusCode, 403)
    assert.equal(res.json().code, 'not_verified')
  })

  it('pages through every thread exactly once, newest first, by keyset cursor', async () => {
    const fresh = await buildTestApp({ clock, env: { MIN_ANONYMITY_SET: '1' } })
    try {
      const m = await buildVerifiedUser(fresh.app, fresh.ctx, 'pager')
      const c = new IndependentClient(injectSender(fresh.app))
      const key = (await c.directory()).find((k) => k.company === 'pager' && k.purpose === 'talk')!
      const toks = [...(await c.fetchTokens(m.cookie, key.keyId, 10)), ...(await c.fetchTokens(m.cookie, key.keyId, 10)), ...(await c.fetchTokens(m.cookie, key.keyId, 10)), ...(await c.fetchTokens(m.cookie, key.keyId, 5))]
      const ids: string[] = []
      for (const [i, tok] of toks.entries()) ids.push((await c.openThread(tok, `Thread ${i}`, 'Body', 'company')).json.threadId)
      const seen: string[] = []
      let cursor: string | null = null
      do {
        const url: string = `/api/v1/talk/threads?sort=new${cursor ? `&cursor=${cursor}` : ''}`
        const page: { threads: { id: string }[]; nextCursor: string | null } = (await fresh.app.inject({ method: 'GET', url, headers: { cookie: m.cookie } })).json()
        seen.push(...page.threads.map((x) => x.id))
        cursor = page.nextCursor
      } while (cursor)
      assert.equal(seen.length, 35)
      assert.deepEqual(new Set(seen), new Set(ids))
      const company = (await fresh.app.inject({ method: 'GET', url: '/api/v1/talk/threads?company=pager', headers: { cookie: m.cookie } })).json()
      assert.equal(company.threads.length, TALK.pageSize)
      const bad = await fresh.app.inject({ method: 'GET', url: '/api/v1/talk/threads?cursor=bm9wZQ', headers: { cookie: m.cookie } })
      assert.equal(bad.statusCode, 400)
      assert.equal(bad.json().code, 'bad_cursor')
    } finally {
      await fresh.close()
    }
  })

  it('answers 404 for an unknown thread', async () => {
    const res = await client.read(member.cookie, '00000000-0000-4000-8000-000000000000')
    assert.equal(res.status, 404)
    const reply = await client.reply('00000000-0000-4000-8000-000000000000', await token(), 'x', 'alias')
    assert.equal(reply.status, 404)
  })
})
