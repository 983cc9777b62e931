/**
 * Work Talk as a forum (issue 8), through the public API with the independent client: channels
 * and company boards, ranking (hot, new, top) with excerpts and highlighted replies, votes, polls
 * and images — every write anonymous, paid with tokens, signed by the thread's pseudonym key.
 */
import { randomUUID } from 'node:crypto'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import sharp from 'sharp'
import { TALK, TALK_FORUM } from '../../shared/src/api/limits.js'
import { hotScore } from '../../shared/src/talk/hot.js'
import { pollClosingAtOrAfter } from '../../shared/src/talk/poll-time.js'
import { runMaintenance } from '../../server/src/services/maintenance.js'
import { buildTestApp, signUp, type TestApp, testClock } from '../support/app.js'
import { buildVerifiedUser } from '../support/factories.js'
import { METADATA_SENTINELS, photoWithMetadata } from '../support/images.js'
import { type ClientToken, IndependentClient, injectSender } from '../support/independent-client.js'
import { multipartBody } from '../support/multipart.js'

const clock = testClock(new Date())
let t: TestApp
/** Two employees of "board-co" (MIN_ANONYMITY_SET is 2: it has a board), one of "lone-co" (none). */
let alice: Awaited<ReturnType<typeof buildVerifiedUser>>
let bob: Awaited<ReturnType<typeof buildVerifiedUser>>
let outsider: Awaited<ReturnType<typeof buildVerifiedUser>>
let admin: Awaited<ReturnType<typeof buildVerifiedUser>>

before(async () => {
  t = await buildTestApp({ clock, env: { MIN_ANONYMITY_SET: '2' } })
  alice = await buildVerifiedUser(t.app, t.ctx, 'board-co')
  bob = await buildVerifiedUser(t.app, t.ctx, 'board-co')
  outsider = await buildVerifiedUser(t.app, t.ctx, 'lone-co')
  admin = await buildVerifiedUser(t.app, t.ctx, 'admin-co')
  await t.ctx.db.updateTable('account').set({ role: 'admin' }).where('id', '=', admin.id).execute()
})
after(() => t.close())

const client = () => new IndependentClient(injectSender(t.app))
const get = (url: string, cookie?: string) => t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} })

const tokens = (cookie: string, company: string | null, purpose: 'talk' | 'react', n: number) => client().tokensFor(cookie, company, purpose, n)

describe('channels and company boards', () => {
  it('lists the open channel and the topics in both languages, then the boards of the reader’s companies and why one is missing', async () => {
    const mine = (await get('/api/v1/talk/channels', alice.cookie)).json()
    const slugs = mine.channels.filter((c: { kind: string }) => c.kind !== 'board').map((c: { slug: string }) => c.slug)
    assert.deepEqual(slugs.slice(0, 7), ['general', 'compensation', 'layoffs', 'interviews', 'tech', 'career', 'off-topic'])
    const salaries = mine.channels.find((c: { slug: string }) => c.slug === 'compensation')
    assert.deepEqual(salaries.name, { en: 'Salaries & Offers', zh: '薪资与 offer' })
    const board = mine.channels.find((c: { kind: string }) => c.kind === 'board')
    assert.equal(board.slug, 'board-co')
    assert.deepEqual(board.board, { available: true, memberCount: 2, minMembers: 2 })
    const lone = (await get('/api/v1/talk/channels', outsider.cookie)).json().channels.find((c: { kind: string }) => c.kind === 'board')
    assert.deepEqual(lone.board, { available: false, memberCount: 1, minMembers: 2 }, 'a company below the threshold: no board, and the numbers say why')
    assert.equal((await get('/api/v1/talk/channels')).statusCode, 401)
    assert.equal((await get('/api/v1/talk/channels', (await signUp(t.app)).cookie)).json().code, 'not_verified')
  })

  it('lets admins add, rename, reorder and archive topic channels, and no one else', async () => {
    const create = (cookie: string, payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/v1/talk/channels', headers: { cookie }, payload })
    assert.equal((await create(alice.cookie, { slug: 'remote', nameEn: 'Remote work', nameZh: '远程办公' })).statusCode, 403)
    assert.equal((await create(admin.cookie, { slug: 'remote', nameEn: 'Remote work', nameZh: '远程办公' })).statusCode, 204)
    assert.equal((await create(admin.cookie, { slug: 'remote', nameEn: 'Again', nameZh: '再' })).json().code, 'slug_taken')
    assert.equal((await create(admin.cookie, { slug: 'board-co', nameEn: 'Clash', nameZh: '冲突' })).json().code, 'slug_taken', 'a company slug is a board')
    assert.equal((await create(admin.cookie, { slug: 'Bad Slug', nameEn: 'x', nameZh: 'x' })).statusCode, 400)
    assert.equal((await create(admin.cookie, { slug: 'x', nameEn: 'n'.repeat(TALK_FORUM.channelNameLength + 1), nameZh: 'x' })).statusCode, 400)
    const patch = (slug: string, payload: Record<string, unknown>) => t.app.inject({ method: 'PATCH', url: `/api/v1/talk/channels/${slug}`, headers: { cookie: admin.cookie }, payload })
    assert.equal((await patch('remote', { nameEn: 'Remote & hybrid', position: 3 })).statusCode, 204)
    const listed = (await get('/api/v1/talk/channels', alice.cookie)).json().channels.find((c: { slug: string }) => c.slug === 'remote')
    assert.deepEqual([listed.name.en, listed.position, listed.archived], ['Remote & hybrid', 3, false])
    assert.equal((await patch('general', { archived: true })).json().code, 'open_channel')
    assert.equal((await patch('nope', { archived: true })).statusCode, 404)

    // Archived: its threads stay readable, no new thread goes there.
    const [tok, tok2] = await tokens(alice.cookie, null, 'talk', 2)
    const opened = await client().openThread(tok!, 'Before archiving', 'Still readable', 'alias', 'remote')
    assert.equal(opened.status, 201)
    assert.equal((await patch('remote', { archived: true })).statusCode, 204)
    assert.equal((await client().openThread(tok2!, 'After archiving', 'Refused', 'alias', 'remote')).json.code, 'channel_archived')
    assert.equal((await get(`/api/v1/talk/threads/${opened.json.threadId}`, bob.cookie)).statusCode, 200)
  })

  it('keeps a company board to its current employees: posting takes its own key’s token, reading is 403 not_member for anyone else', async () => {
    const [companyTok] = await tokens(alice.cookie, 'board-co', 'talk', 1)
    const [nullTok] = await tokens(alice.cookie, null, 'talk', 1)
    const refused = await client().openThread(nullTok!, 'On the board with a shared token', 'No', 'alias', 'board-co')
    assert.equal(refused.status, 403)
    assert.equal(refused.json.code, 'not_member')
    const c = client()
    const opened = await c.openThread(companyTok!, 'Reorg rumours', 'Heard the Q3 plan changed.', 'alias', 'board-co')
    assert.equal(opened.status, 201, JSON.stringify(opened.json))
    const { threadId } = opened.json

    const forBob = await get('/api/v1/talk/threads?channel=board-co', bob.cookie)
    assert.deepEqual(forBob.json().threads.map((x: { id: string }) => x.id), [threadId])
    for (const url of ['/api/v1/talk/threads?channel=board-co', `/api/v1/talk/threads/${threadId}`]) {
      const res = await get(url, outsider.cookie)
      assert.equal(res.statusCode, 403, url)
      assert.equal(res.json().code, 'not_member')
    }
    assert.equal((await get('/api/v1/talk/threads?channel=lone-co', outsider.cookie)).json().code, 'no_board')
    // In no list but its own, and never in the public window.
    assert.ok(!(await get('/api/v1/talk/threads?sort=new', bob.cookie)).json().threads.some((x: { id: string }) => x.id === threadId))
    assert.ok(!(await get('/api/v1/talk/public/hot')).json().threads.some((x: { id: string }) => x.id === threadId))
    // A reply on the board also takes the company's token.
    const [nullTok2] = await tokens(bob.cookie, null, 'talk', 1)
    assert.equal((await client().reply(threadId, nullTok2!, 'Shared token reply', 'alias')).json.code, 'not_member')
    const [bobTok] = await tokens(bob.cookie, 'board-co', 'talk', 1)
    assert.equal((await client().reply(threadId, bobTok!, 'Same here', 'company')).status, 201)
  })

  it('follows a merge of two companies: the merged board’s threads move to the surviving board, its labels name the survivor', async () => {
    const carol = await buildVerifiedUser(t.app, t.ctx, 'board-co-old')
    await buildVerifiedUser(t.app, t.ctx, 'board-co-old')
    // The directory is one document per five minutes: the new company's key is in the next one.
    await t.ctx.db.deleteFrom('talkKeyDirectory').execute()
    t.ctx.caches.directory = undefined // and this process's copy of it

    const [tok] = await tokens(carol.cookie, 'board-co-old', 'talk', 1)
    const opened = await client().openThread(tok!, 'Old board thread', 'Written before the merge.', 'company', 'board-co-old')
    assert.equal(opened.status, 201, JSON.stringify(opened.json))
    const { threadId } = opened.json
    const merged = await t.app.inject({ method: 'POST', url: '/api/v1/companies/board-co-old/merge', headers: { cookie: admin.cookie }, payload: { into: 'board-co' } })
    assert.equal(merged.statusCode, 200, merged.body)
    // Bob, of the surviving company, reads it on his board; it says "Employee of" the survivor.
    const list = (await get('/api/v1/talk/threads?channel=board-co', bob.cookie)).json()
    assert.ok(list.threads.some((x: { id: string }) => x.id === threadId), JSON.stringify(list))
    const detail = (await get(`/api/v1/talk/threads/${threadId}`, carol.cookie)).json()
    assert.equal(detail.thread.channel, 'board-co')
    assert.deepEqual(detail.posts[0].author.company, { slug: 'board-co', name: 'board co' })
    const left = await t.ctx.db.selectFrom('talkPost').select('id').where('companySlug', '=', 'board-co-old').execute()
    assert.deepEqual(left, [])
  })
})

describe('votes', () => {
  let threadId: string
  let opening: string
  let opener: IndependentClient
  before(async () => {
    opener = client()
    const [tok] = await tokens(alice.cookie, null, 'talk', 1)
    const opened = await opener.openThread(tok!, 'Vote on me', 'Opening post', 'alias')
    threadId = opened.json.threadId
    opening = opened.json.postId
  })
  const score = async () => (await get(`/api/v1/talk/threads/${threadId}`, bob.cookie)).json().posts[0] as { score: number; ups: number; downs: number }

  it('takes a react token for a key’s first vote on a post, moves the score, and lets the same key change or withdraw it without one', async () => {
    const voter = client()
    const [react, talkTok] = [(await tokens(bob.cookie, null, 'react', 1))[0]!, (await tokens(bob.cookie, null, 'talk', 1))[0]!]
    assert.equal((await voter.vote(threadId, opening, 1)).json.code, 'token_required')
    const wrongPurpose = await voter.vote(threadId, opening, 1, talkTok)
    assert.equal(wrongPurpose.json.code, 'invalid_token', 'a post token does not pay for a vote')
    assert.equal(wrongPurpose.json.reason, 'wrong_purpose', 'and says so, so a client does not doubt the key')
    assert.equal((await voter.vote(threadId, opening, 1, react)).status, 201)
    assert.deepEqual(await score(), { ...(await score()), score: 1, ups: 1, downs: 0 })
    { const vs = await voter.voteState(threadId, opening); assert.equal(vs.json.state, 'stored', JSON.stringify(vs.json)) }
    // Only the voting key may ask whether it voted: without its signature, or with another's, no answer.
    const key = voter.publicKeyIn(threadId)
    assert.equal((await get(`/api/v1/talk/writes/${opening}?voter=${key}`)).json().code, 'bad_author_signature')
    const someone = client()
    const forged = someone.sign(someone.threadSeed(threadId), ['watercooler/v1/write-state', opening, 'vote']).signature
    assert.equal((await get(`/api/v1/talk/writes/${opening}?voter=${key}&proof=${forged}`)).json().code, 'bad_author_signature')
    // The same key again: replaces its vote, no token.
    assert.equal((await voter.vote(threadId, opening, -1)).status, 201)
    assert.deepEqual(((p) => [p.score, p.ups, p.downs])(await score()), [-1, 0, 1])
    assert.equal((await voter.vote(threadId, opening, 0)).status, 201)
    assert.deepEqual(((p) => [p.score, p.ups, p.downs])(await score()), [0, 0, 0])
    assert.equal((await voter.vote(threadId, opening, 1)).status, 201, 'a withdrawn vote was paid for: voting again needs no token')
    const rows = await t.ctx.db.selectFrom('talkVote').selectAll().where('postId', '=', opening).execute()
    assert.equal(rows.length, 1, 'one row per key and post')
    assert.deepEqual(Object.keys(rows[0]!).sort(), ['authorKey', 'postId', 'value'], 'a vote keeps its pseudonym key and value, nothing else')
    const thread = await t.ctx.db.selectFrom('talkThread').select(['score', 'hot', 'repliers', 'createdAt']).where('id', '=', threadId).executeTakeFirstOrThrow()
    assert.equal(thread.score, 1)
    assert.equal(thread.hot, hotScore(1, thread.repliers, thread.createdAt), 'the kept hot score follows the vote')
  })

  it('refuses a vote on one’s own post, a spent token, a bad signature and a deleted post', async () => {
    const [r1, r2] = await tokens(alice.cookie, null, 'react', 2)
    const own = await opener.vote(threadId, opening, 1, r1)
    assert.equal(own.status, 403)
    assert.equal(own.json.code, 'own_post')
    assert.equal((await client().vote(threadId, opening, 1, r2)).status, 201)
    assert.equal((await client().vote(threadId, opening, 1, r2)).json.code, 'token_spent')
    const forged = await t.app.inject({ method: 'POST', url: '/api/v1/talk/votes', payload: { postId: opening, value: 1, author: { publicKey: 'AAAA', signature: 'AAAA' } } })
    assert.equal(forged.json().code, 'bad_author_signature')
    assert.equal((await client().vote(threadId, '00000000-0000-4000-8000-000000000000', 1, r1)).status, 404)
  })

  it('highlights the most upvoted reply, shows it in the list with its first characters, and ranks threads', async () => {
    const [t1, t2, t3] = await tokens(alice.cookie, null, 'talk', 3)
    const replier = client()
    const r1 = await replier.reply(threadId, t1!, 'A reply nobody likes', 'alias')
    const second = client()
    const r2 = await second.reply(threadId, t2!, `The best reply ${'x'.repeat(300)}`, 'alias')
    assert.equal(r2.status, 201)
    const voters = await tokens(bob.cookie, null, 'react', 3)
    for (const tok of voters.slice(0, 2)) assert.equal((await client().vote(threadId, r2.json.postId, 1, tok)).status, 201)
    assert.equal((await client().vote(threadId, r1.json.postId, -1, voters[2]!)).status, 201)
    const list = (await get('/api/v1/talk/threads?sort=new', bob.cookie)).json().threads
    const row = list.find((x: { id: string }) => x.id === threadId)
    assert.equal(row.highlight.postId, r2.json.postId)
    assert.equal(row.highlight.score, 2)
    assert.equal(row.highlight.excerpt.length, TALK_FORUM.highlightLength)
    assert.equal(row.highlight.authorTag, '#3')
    assert.equal(row.excerpt, 'Opening post')
    assert.equal(row.replyCount, 2)
    const repliers = await t.ctx.db.selectFrom('talkThread').select('repliers').where('id', '=', threadId).executeTakeFirstOrThrow()
    assert.equal(repliers.repliers, 2)
    // The opener replying does not count as a replier.
    await opener.reply(threadId, t3!, 'OP again', 'alias')
    assert.equal((await t.ctx.db.selectFrom('talkThread').select('repliers').where('id', '=', threadId).executeTakeFirstOrThrow()).repliers, 2)
  })
})

describe('ranking and pages', () => {
  it('sorts by hot, new and top (day, week, month) with keyset cursors that cover every thread once', async () => {
    const [tok] = await tokens(alice.cookie, null, 'talk', 1)
    const old = await client().openThread(tok!, 'An old thread', 'Posted weeks ago', 'alias')
    // Age it: a thread three weeks old (its kept score as it was written then).
    const then = new Date(clock.now().getTime() - 21 * 86_400_000)
    await t.ctx.db.updateTable('talkThread').set({ createdAt: then, hot: hotScore(0, 0, then) }).where('id', '=', old.json.threadId).execute()
    const ids = async (q: string) => {
      const seen: string[] = []
      let cursor: string | null = null
      do {
        const res = await get(`/api/v1/talk/threads?${q}${cursor ? `&cursor=${cursor}` : ''}`, bob.cookie)
        assert.equal(res.statusCode, 200, res.body)
        seen.push(...res.json().threads.map((x: { id: string }) => x.id))
        cursor = res.json().nextCursor
      } while (cursor)
      return seen
    }
    const hot = await ids('sort=hot')
    assert.equal(new Set(hot).size, hot.length)
    assert.equal(hot.at(-1), old.json.threadId, 'the oldest thread, unvoted, ranks last')
    assert.ok((await ids('sort=top&period=month')).includes(old.json.threadId))
    assert.ok(!(await ids('sort=top&period=week')).includes(old.json.threadId))
    assert.ok(!(await ids('sort=top&period=day')).includes(old.json.threadId))
    const scores = (await get('/api/v1/talk/threads?sort=top&period=week', bob.cookie)).json().threads.map((x: { score: number }) => x.score)
    assert.deepEqual(scores, [...scores].sort((a: number, b: number) => b - a))
    assert.equal((await get('/api/v1/talk/threads?sort=new&cursor=garbage', bob.cookie)).json().code, 'bad_cursor')
    const hotCursor = (await get('/api/v1/talk/threads?sort=hot', bob.cookie)).json().nextCursor
    if (hotCursor) assert.equal((await get(`/api/v1/talk/threads?sort=new&cursor=${hotCursor}`, bob.cookie)).json().code, 'bad_cursor', 'a cursor is for its own sort')
  })

  it('pages more than a page of threads', async () => {
    const toks = await tokens(bob.cookie, null, 'talk', TALK.pageSize + 1)
    for (const [i, tok] of toks.entries()) assert.equal((await client().openThread(tok, `Page filler ${i}`, 'x', 'alias', 'off-topic')).status, 201)
    const first = (await get('/api/v1/talk/threads?channel=off-topic&sort=new', bob.cookie)).json()
    assert.equal(first.threads.length, TALK.pageSize)
    const second = (await get(`/api/v1/talk/threads?channel=off-topic&sort=new&cursor=${first.nextCursor}`, bob.cookie)).json()
    assert.equal(second.threads.length, 1)
    assert.equal(second.nextCursor, null)
  })

  it('pages a long thread by position: every post once, oldest first; a bad cursor is a 400', async () => {
    const [tok] = await tokens(alice.cookie, null, 'talk', 1)
    const opened = await client().openThread(tok!, 'A very long thread', 'Post 0', 'alias')
    const threadId = opened.json.threadId as string
    // Replies as rows (a reading test: 2½ pages of them would take more tokens than a week's quota).
    const opening = await t.ctx.db.selectFrom('talkPost').selectAll().where('id', '=', opened.json.postId).executeTakeFirstOrThrow()
    const extra = Math.floor(TALK.postsPerPage * 2.5)
    await t.ctx.db
      .insertInto('talkPost')
      .values(Array.from({ length: extra }, (_, i) => ({ ...opening, id: randomUUID(), isOpening: false, title: '', body: `Post ${i + 1}`, position: i + 1 })))
      .execute()
    const bodies: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const res = await get(`/api/v1/talk/threads/${threadId}${cursor ? `?cursor=${cursor}` : ''}`, bob.cookie)
      assert.equal(res.statusCode, 200, res.body)
      const page = res.json() as { posts: { body: string }[]; nextCursor: string | null }
      assert.ok(page.posts.length <= TALK.postsPerPage)
      bodies.push(...page.posts.map((p) => p.body))
      cursor = page.nextCursor
      pages++
    } while (cursor)
    assert.equal(pages, 3)
    assert.deepEqual(bodies, Array.from({ length: extra + 1 }, (_, i) => `Post ${i}`))
    for (const bad of ['-1', 'x', '1'.repeat(12), '1e3']) {
      const res = await get(`/api/v1/talk/threads/${threadId}?cursor=${encodeURIComponent(bad)}`, bob.cookie)
      assert.equal(res.statusCode, 400, bad)
    }
  })

  it('shows visitors without a session the open channel’s hot threads, titles and first lines only, and limits them per address', async () => {
    clock.advance(TALK_FORUM.publicHot.cacheS * 1000) // past the answer an earlier test made the process keep
    const res = await get('/api/v1/talk/public/hot')
    assert.equal(res.statusCode, 200)
    assert.equal(res.headers['cache-control'], `public, max-age=${TALK_FORUM.publicHot.cacheS}`)
    const threads = res.json().threads
    assert.ok(threads.length > 0 && threads.length <= TALK_FORUM.publicHot.size)
    for (const th of threads) assert.deepEqual(Object.keys(th).sort(), ['createdAt', 'excerpt', 'id', 'replyCount', 'score', 'title'])
    const channels = await t.ctx.db.selectFrom('talkThread').select(['id', 'channel']).where('id', 'in', threads.map((x: { id: string }) => x.id)).execute()
    assert.ok(channels.every((c) => c.channel === 'general'), 'the open channel only')
    let last = res
    for (let i = 0; i < TALK_FORUM.publicHot.perAddressPerMinute; i++) last = await get('/api/v1/talk/public/hot')
    assert.equal(last.statusCode, 429)
    assert.equal(last.json().code, 'rate_limited')
    assert.ok(Number(last.headers['retry-after']) >= 1)
    clock.advance(60_000)
    assert.equal((await get('/api/v1/talk/public/hot')).statusCode, 200, 'a new window')
  })
})

describe('polls', () => {
  /** A whole hour at least `s` seconds from now, as clients send it. */
  const closesIn = (s: number) => pollClosingAtOrAfter(clock.now().getTime() + s * 1000).toISOString()

  it('opens a thread with a poll, takes one final answer per key with a react token, and closes', async () => {
    const [tok] = await tokens(alice.cookie, null, 'talk', 1)
    const c = client()
    const poll = { options: ['Stay', 'Leave', 'Undecided'], closesAt: closesIn(2 * 3600) }
    const opened = await c.openThread(tok!, 'After the reorg?', 'What will you do?', 'alias', undefined, undefined, { poll })
    assert.equal(opened.status, 201, JSON.stringify(opened.json))
    const pollId = opened.json.threadId
    const reacts = await tokens(bob.cookie, null, 'react', 4)
    const answerer = client()
    assert.equal((await answerer.answer(pollId, 1, reacts[0]!)).status, 201)
    assert.equal((await answerer.answerState(pollId)).json.state, 'stored')
    assert.equal((await answerer.answer(pollId, 0, reacts[1]!)).json.code, 'already_answered')
    assert.equal((await client().answer(pollId, 3, reacts[1]!)).status, 400)
    assert.equal((await client().answer(pollId, 2, reacts[1]!)).status, 201)
    const read = (await get(`/api/v1/talk/threads/${pollId}`, bob.cookie)).json()
    assert.deepEqual(read.poll, { options: poll.options, counts: [0, 1, 1], total: 2, closesAt: poll.closesAt, closed: false })
    assert.equal(read.thread.hasPoll, true)
    clock.set(new Date(Date.parse(poll.closesAt) + 1000))
    assert.equal((await client().answer(pollId, 0, reacts[2]!)).json.code, 'poll_closed')
    assert.equal((await get(`/api/v1/talk/threads/${pollId}`, bob.cookie)).json().poll.closed, true)
    const answers = await t.ctx.db.selectFrom('talkPollAnswer').selectAll().where('threadId', '=', pollId).execute()
    assert.deepEqual(Object.keys(answers[0]!).sort(), ['authorKey', 'option', 'threadId'])
  })

  it('refuses a poll whose options repeat, or that closes too soon, too late or off the hour, spending nothing', async () => {
    const [tok] = await tokens(alice.cookie, null, 'talk', 1)
    for (const poll of [
      { options: ['Yes', 'yes'], closesAt: closesIn(7200) },
      { options: ['Yes', 'No'], closesAt: new Date(Math.floor((clock.now().getTime() + TALK_FORUM.poll.minOpenS * 1000 - 1000) / 3_600_000) * 3_600_000).toISOString() },
      { options: ['Yes', 'No'], closesAt: new Date(Date.parse(closesIn(7200)) + 60_000).toISOString() },
      { options: ['Yes', 'No'], closesAt: closesIn(TALK_FORUM.poll.maxOpenS + 3600) },
      { options: ['Only one'], closesAt: closesIn(7200) },
      { options: ['1', '2', '3', '4', '5', '6', '7'], closesAt: closesIn(7200) },
    ]) {
      const res = await client().openThread(tok!, 'Poll', 'Body', 'alias', undefined, undefined, { poll })
      assert.equal(res.status, 400, JSON.stringify(poll))
    }
    assert.equal((await client().openThread(tok!, 'Poll', 'Body', 'alias', undefined, undefined, { poll: { options: ['Yes', 'No'], closesAt: closesIn(7200) } })).status, 201)
  })
})

describe('images', () => {
  async function upload(token: ClientToken, data: Buffer, type = 'image/jpeg') {
    const body = multipartBody([
      { name: 'token', value: JSON.stringify(token) },
      { name: 'file', value: data, filename: 'screenshot.jpg', type },
    ])
    return t.app.inject({ method: 'POST', url: '/api/v1/talk/images', headers: body.headers, payload: body.payload })
  }

  it('stores an upload re-encoded, attaches it to the post its token pays for, and serves pixels only, cached for good', async () => {
    const [tok] = await tokens(alice.cookie, 'board-co', 'talk', 1)
    const original = await photoWithMetadata('jpeg', 1200, 800)
    assert.ok((await sharp(original).metadata()).exif)
    const up = await upload(tok!, original)
    assert.equal(up.statusCode, 201, up.body)
    const { imageId, width, height, mediaType } = up.json()
    assert.deepEqual([width, height, mediaType], [1200, 800, 'image/jpeg'])
    const c = client()
    const opened = await c.openThread(tok!, 'Screenshot of the memo', 'See attached', 'alias', 'board-co', undefined, { imageIds: [imageId] })
    assert.equal(opened.status, 201, JSON.stringify(opened.json))
    const thread = (await get(`/api/v1/talk/threads/${opened.json.threadId}`, bob.cookie)).json()
    assert.deepEqual(thread.posts[0].images.map((i: { id: string }) => i.id), [imageId])
    assert.equal(thread.thread.imageCount, 1)
    const served = await get(thread.posts[0].images[0].url, bob.cookie)
    assert.equal(served.statusCode, 200)
    assert.equal(served.headers['content-type'], 'image/jpeg')
    assert.equal(served.headers['cache-control'], 'private, max-age=31536000, immutable')
    const meta = await sharp(served.rawPayload).metadata()
    assert.equal(meta.exif, undefined)
    assert.equal(meta.xmp, undefined)
    for (const s of METADATA_SENTINELS) assert.ok(!served.rawPayload.includes(s), s)
    assert.equal((await get(thread.posts[0].images[0].url, outsider.cookie)).json().code, 'not_member', "a board's image is its employees' only")
    assert.equal((await get(thread.posts[0].images[0].url)).statusCode, 401)
  })

  it('refuses an unknown or used image, a fifth upload on one token, and what is not an image', async () => {
    const [tok, tok2] = await tokens(alice.cookie, null, 'talk', 2)
    const png = await sharp({ create: { width: 40, height: 40, channels: 3, background: '#888' } }).png().toBuffer()
    const ids: string[] = []
    for (let i = 0; i < TALK_FORUM.images.perPost; i++) ids.push((await upload(tok!, png, 'image/png')).json().imageId)
    assert.equal((await upload(tok!, png, 'image/png')).json().code, 'too_many_images')
    assert.equal((await upload(tok2!, Buffer.from('not an image'), 'image/png')).statusCode, 415)
    const unknown = await client().openThread(tok2!, 'Ghost image', 'x', 'alias', undefined, undefined, { imageIds: ['00000000-0000-4000-8000-000000000000'] })
    assert.equal(unknown.status, 422)
    assert.equal(unknown.json.code, 'unknown_image')
    assert.equal((await client().openThread(tok!, 'Four images', 'x', 'alias', undefined, undefined, { imageIds: ids })).status, 201)
    const reused = await client().openThread(tok2!, 'Same images again', 'x', 'alias', undefined, undefined, { imageIds: ids.slice(0, 1) })
    assert.equal(reused.json.code, 'unknown_image', 'an image belongs to one post')
    const forged = multipartBody([{ name: 'token', value: '{"keyId":"x"}' }, { name: 'file', value: png, filename: 'a.png', type: 'image/png' }])
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/talk/images', headers: forged.headers, payload: forged.payload })).statusCode, 400)
  })

  it('deletes an upload no post attached within the hour, and the images of a deleted post', async () => {
    const [tok, tok2] = await tokens(alice.cookie, null, 'talk', 2)
    const png = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#123' } }).png().toBuffer()
    const orphan = (await upload(tok!, png, 'image/png')).json().imageId
    const kept = (await upload(tok2!, png, 'image/png')).json().imageId
    const c = client()
    const opened = await c.openThread(tok2!, 'With an image', 'x', 'alias', undefined, undefined, { imageIds: [kept] })
    clock.advance(TALK_FORUM.images.unattachedKeepS * 1000 + 60_000)
    await runMaintenance(t.ctx)
    const left = await t.ctx.db.selectFrom('talkImage').select('id').where('id', 'in', [orphan, kept]).execute()
    assert.deepEqual(left.map((r) => r.id), [kept])
    assert.equal((await c.remove(opened.json.threadId, opened.json.postId, 0)).status, 200)
    assert.equal((await t.ctx.db.selectFrom('talkImage').select('id').where('id', '=', kept).execute()).length, 0)
  })
})
