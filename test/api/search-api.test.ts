/**
 * GET /api/v1/search (DESIGN §5b): people by a misspelt name, companies, Work Talk threads by a
 * Chinese word the segmenter cut differently, who finds a board's threads, edits and deletions
 * leaving the index, and the input it refuses.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { SEARCH } from '../../shared/src/api/limits.js'
import { indexFeedPost, removeFeedPost } from '../../server/src/services/search/documents.js'
import { buildTestApp, signUp, type TestApp } from '../support/app.js'
import { TEST_DB_KIND } from '../support/db.js'
import { buildVerifiedUser } from '../support/factories.js'
import { type ClientToken, IndependentClient, injectSender } from '../support/independent-client.js'

let t: TestApp
let viewer: Awaited<ReturnType<typeof signUp>>
/** Two employees of "board-co" (MIN_ANONYMITY_SET 2: it has a board), one of "other-co". */
let alice: Awaited<ReturnType<typeof buildVerifiedUser>>
let bob: Awaited<ReturnType<typeof buildVerifiedUser>>
let outsider: Awaited<ReturnType<typeof buildVerifiedUser>>
let tokens: ClientToken[] = []
const client = new IndependentClient(injectSender({ inject: (o) => t.app.inject(o) }))

const search = (cookie: string, query: Record<string, string>) =>
  t.app.inject({ method: 'GET', url: `/api/v1/search?${new URLSearchParams(query)}`, headers: { cookie } })
const found = async (cookie: string, query: Record<string, string>) => {
  const res = await search(cookie, query)
  assert.equal(res.statusCode, 200, res.body)
  return res.json().results as any[]
}

before(async () => {
  t = await buildTestApp({ env: { MIN_ANONYMITY_SET: '2' } })
  viewer = await signUp(t.app, { name: 'Viewer One' })
  alice = await buildVerifiedUser(t.app, t.ctx, 'board-co')
  bob = await buildVerifiedUser(t.app, t.ctx, 'board-co')
  outsider = await buildVerifiedUser(t.app, t.ctx, 'other-co')
  const key = (await client.directory()).find((k) => k.company === null && k.purpose === 'talk')!
  tokens = await client.fetchTokens(alice.cookie, key.keyId, 10)
})
after(() => t.close())

describe(`GET /api/v1/search: people (${TEST_DB_KIND})`, () => {
  it('finds a member by a misspelt name, and by a Chinese name’s characters', async () => {
    const a = await signUp(t.app, { name: 'Alice Chen' })
    await signUp(t.app, { name: 'Bob Li' })
    const w = await signUp(t.app, { name: '王小明' })
    const typo = await found(viewer.cookie, { q: 'Alcie Chen', type: 'people' })
    assert.equal(typo[0]?.handle, a.handle, JSON.stringify(typo))
    assert.ok(!typo.some((r) => r.name === 'Bob Li'))
    assert.equal((await found(viewer.cookie, { q: '小明', type: 'people' }))[0]?.handle, w.handle)
    assert.equal((await found(viewer.cookie, { q: 'ali', type: 'people' }))[0]?.handle, a.handle, 'a prefix, as one types')
  })

  it('finds a headline, re-indexes a changed name, and shows a "connections only" member as the limited card', async () => {
    const m = await signUp(t.app, { name: 'Carol Zhang' })
    const profile = { headline: '资深数据工程师 at Umbrella', about: 'Hidden about text', location: 'Hangzhou', experience: [], education: [], skills: [], visibility: 'connections' }
    assert.equal((await t.app.inject({ method: 'PUT', url: '/api/v1/me/profile', headers: { cookie: m.cookie }, payload: profile })).statusCode, 200)
    const [card] = await found(viewer.cookie, { q: '数据工程', type: 'people' })
    assert.deepEqual(card, { type: 'person', handle: m.handle, name: 'Carol Zhang', headline: profile.headline, location: null, restricted: true, degree: null })
    const [own] = await found(m.cookie, { q: '数据工程', type: 'people' })
    assert.equal(own.location, 'Hangzhou', 'the owner sees the full card')
    assert.deepEqual(await found(viewer.cookie, { q: 'Hidden about', type: 'people' }), [], 'fields the card does not show are not searched')
    await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { cookie: m.cookie }, payload: { name: 'Carola Zhang' } })
    assert.equal((await found(viewer.cookie, { q: 'carola', type: 'people' }))[0]?.handle, m.handle)
  })

  it('shows a "connections only" member in full to a 1st-degree connection, with the degree; a block hides both ways', async () => {
    const m = await signUp(t.app, { name: 'Dana Wu' })
    const v = await signUp(t.app, { name: 'Evan Hu' })
    const profile = { headline: 'Platform lead', about: '', location: 'Suzhou', experience: [], education: [], skills: [], visibility: 'connections' }
    assert.equal((await t.app.inject({ method: 'PUT', url: '/api/v1/me/profile', headers: { cookie: m.cookie }, payload: profile })).statusCode, 200)
    const invite = await t.app.inject({ method: 'POST', url: '/api/v1/connections', headers: { cookie: v.cookie }, payload: { handle: m.handle } })
    assert.equal(invite.statusCode, 201, invite.body)
    assert.equal((await found(v.cookie, { q: 'Dana Wu', type: 'people' }))[0]?.restricted, true, 'an invitation is not a connection')
    assert.equal((await t.app.inject({ method: 'POST', url: `/api/v1/connections/${invite.json().id}/accept`, headers: { cookie: m.cookie } })).statusCode, 204)
    const [card] = await found(v.cookie, { q: 'Dana Wu', type: 'people' })
    assert.deepEqual([card?.handle, card?.restricted, card?.location, card?.degree], [m.handle, false, 'Suzhou', 1])
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/blocks', headers: { cookie: m.cookie }, payload: { handle: v.handle } })).statusCode < 300, true)
    assert.ok(!(await found(v.cookie, { q: 'Dana Wu', type: 'people' })).some((r) => r.handle === m.handle), 'the blocked member cannot find the blocker')
    assert.ok(!(await found(m.cookie, { q: 'Evan Hu', type: 'people' })).some((r) => r.handle === v.handle), 'nor the blocker the blocked')
  })
})

describe(`GET /api/v1/search: companies (${TEST_DB_KIND})`, () => {
  it('finds companies by a misspelt name and by domain, and GET /companies?q= uses the same index', async () => {
    await buildVerifiedUser(t.app, t.ctx, 'northwind-traders')
    const typo = await found(viewer.cookie, { q: 'nortwind', type: 'companies' })
    assert.equal(typo[0]?.slug, 'northwind-traders', JSON.stringify(typo))
    assert.equal((await found(viewer.cookie, { q: 'northwind-traders.example', type: 'companies' }))[0]?.slug, 'northwind-traders')
    const list = (await t.app.inject({ method: 'GET', url: '/api/v1/companies?q=nortwind', headers: { cookie: viewer.cookie } })).json()
    assert.equal(list.companies[0]?.slug, 'northwind-traders')
  })
})

describe(`GET /api/v1/search: Work Talk threads (${TEST_DB_KIND})`, () => {
  it('finds a Chinese thread by a word the segmenter cut differently ("年终奖" in "今年的年终奖取消了")', async () => {
    const opened = await client.openThread(tokens.pop()!, '今年的年终奖取消了', '部门通知说明年再议。', 'alias')
    assert.equal(opened.status, 201, JSON.stringify(opened.json))
    const results = await found(outsider.cookie, { q: '年终奖', type: 'threads' })
    assert.deepEqual(results.map((r) => r.thread.id), [opened.json.threadId])
    assert.equal(results[0].thread.title, '今年的年终奖取消了')
    assert.equal((await found(outsider.cookie, { q: '再议', type: 'threads' }))[0]?.thread.id, opened.json.threadId, 'the opening post’s body too')
    assert.deepEqual(await found(outsider.cookie, { q: '年终奖金', type: 'threads' }), [], 'every bigram of the query must be there')
  })

  it('finds nothing in Work Talk for a member who never verified', async () => {
    assert.deepEqual(await found(viewer.cookie, { q: '年终奖', type: 'threads' }), [])
    assert.equal((await search(viewer.cookie, { q: '年终奖' })).json().counts.threads, 0)
  })

  it('finds a company board’s threads for its current employees only', async () => {
    const key = (await client.directory()).find((k) => k.company === 'board-co' && k.purpose === 'talk')!
    const [tok] = await client.fetchTokens(bob.cookie, key.keyId, 1)
    const opened = await client.openThread(tok!, 'Boardroom quarterly reorg', 'Only for us.', 'alias', 'board-co')
    assert.equal(opened.status, 201, JSON.stringify(opened.json))
    assert.deepEqual((await found(alice.cookie, { q: 'boardroom', type: 'threads' })).map((r) => r.thread.id), [opened.json.threadId])
    assert.deepEqual(await found(outsider.cookie, { q: 'boardroom', type: 'threads' }), [], 'not an employee')
    assert.equal((await search(outsider.cookie, { q: 'boardroom' })).json().counts.threads, 0, 'not even counted')
  })

  it('re-indexes an edited thread and forgets a deleted one', async () => {
    const { threadId, postId } = (await client.openThread(tokens.pop()!, 'Parking garage closing', 'The garage closes in March.', 'alias')).json
    assert.equal((await found(outsider.cookie, { q: 'garage', type: 'threads' })).length, 1)
    assert.equal((await client.edit(threadId, postId, 0, 'Parking lot closing', 'The lot closes in March.')).status, 200)
    assert.deepEqual(await found(outsider.cookie, { q: 'garage', type: 'threads' }), [], 'the old words are gone')
    assert.equal((await found(outsider.cookie, { q: 'parking lot', type: 'threads' }))[0]?.thread.id, threadId)
    assert.equal((await client.remove(threadId, postId, 1)).status, 200)
    assert.deepEqual(await found(outsider.cookie, { q: 'parking', type: 'threads' }), [])
    const row = await t.ctx.db.selectFrom('talkPost').select('search').where('id', '=', postId).executeTakeFirstOrThrow()
    assert.equal(row.search, null)
  })

  it('does not search replies', async () => {
    const { threadId } = (await client.openThread(tokens.pop()!, 'Cafeteria menu', 'Noodles again.', 'alias')).json
    assert.equal((await client.reply(threadId, tokens.pop()!, 'Dumplings tomorrow apparently', 'alias')).status, 201)
    assert.deepEqual(await found(outsider.cookie, { q: 'dumplings', type: 'threads' }), [])
  })
})

describe(`GET /api/v1/search: feed posts and jobs (${TEST_DB_KIND})`, () => {
  it('answers jobs with an empty list until they exist; the feed’s indexer writes and removes a post’s document (feed posts are found: feed-search.test.ts)', async () => {
    const post = await t.app.inject({ method: 'POST', url: '/api/v1/feed/posts', headers: { cookie: viewer.cookie }, payload: { body: '今年的年终奖取消了' } })
    assert.equal(post.statusCode, 201, post.body)
    const id = post.json().id as string
    await indexFeedPost(t.ctx.db, { id, authorId: viewer.id, body: '今年的年终奖取消了' })
    const doc = await t.ctx.db.selectFrom('searchFeedPost').select('doc').where('postId', '=', id).executeTakeFirstOrThrow()
    assert.match(doc.doc, /'终奖'/)
    assert.deepEqual(await found(viewer.cookie, { q: 'anything', type: 'jobs' }), [])
    await removeFeedPost(t.ctx.db, id)
    assert.equal(await t.ctx.db.selectFrom('searchFeedPost').select('postId').where('postId', '=', id).executeTakeFirst(), undefined)
    await t.app.inject({ method: 'DELETE', url: `/api/v1/feed/posts/${id}`, headers: { cookie: viewer.cookie } })
  })
})

describe(`GET /api/v1/search: one box, pages and bad input (${TEST_DB_KIND})`, () => {
  it('answers every kind at once with counts when no type is given', async () => {
    const body = (await search(outsider.cookie, { q: 'board' })).json()
    assert.ok(body.results.some((r: any) => r.type === 'company' && r.slug === 'board-co'), JSON.stringify(body))
    assert.equal(body.nextCursor, null)
    assert.ok(body.counts.companies >= 1)
    assert.deepEqual([body.counts.posts, body.counts.jobs], [0, 0])
  })

  it('pages with a cursor, and refuses a cursor of another type', async () => {
    for (let i = 0; i < SEARCH.pageSize + 2; i++) await signUp(t.app, { name: `Pager Person ${i}` })
    const first = (await search(viewer.cookie, { q: 'pager', type: 'people' })).json()
    assert.equal(first.results.length, SEARCH.pageSize)
    assert.equal(first.counts.people, SEARCH.pageSize + 2)
    const second = (await search(viewer.cookie, { q: 'pager', type: 'people', cursor: first.nextCursor })).json()
    assert.equal(second.results.length, 2)
    assert.equal(second.nextCursor, null)
    assert.equal(second.counts, null)
    const handles = new Set([...first.results, ...second.results].map((r: any) => r.handle))
    assert.equal(handles.size, SEARCH.pageSize + 2, 'no result twice')
    assert.equal((await search(viewer.cookie, { q: 'pager', type: 'companies', cursor: first.nextCursor })).json().code, 'bad_cursor')
    assert.equal((await search(viewer.cookie, { q: 'pager', type: 'people', cursor: 'not-a-cursor' })).json().code, 'bad_cursor')
    const deep = Buffer.from(JSON.stringify(['people', SEARCH.maxOffset + SEARCH.pageSize])).toString('base64url')
    assert.equal((await search(viewer.cookie, { q: 'pager', type: 'people', cursor: deep })).statusCode, 400, 'no deeper than maxOffset')
  })

  it(`takes a q of ${SEARCH.queryMaxLength} characters and refuses ${SEARCH.queryMaxLength + 1}, an empty or blank q, and an unknown type`, async () => {
    assert.equal((await search(viewer.cookie, { q: 'x'.repeat(SEARCH.queryMaxLength) })).statusCode, 200)
    for (const query of [{ q: 'x'.repeat(SEARCH.queryMaxLength + 1) }, { q: '' }, { q: '   ' }, {}, { q: 'a', type: 'groups' }]) {
      const res = await search(viewer.cookie, query as Record<string, string>)
      assert.equal(res.statusCode, 400, `${JSON.stringify(query)}: ${res.body}`)
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
    }
  })

  it('answers punctuation and emoji alone with nothing, not an error', async () => {
    const body = (await search(viewer.cookie, { q: '🎉 !!! ？' })).json()
    assert.deepEqual(body.results, [])
  })

  it('needs a session', async () => {
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/search?q=alice' })).statusCode, 401)
  })
})
