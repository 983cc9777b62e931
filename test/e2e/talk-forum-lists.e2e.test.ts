/**
 * Work Talk's lists (issue 8) in a real Chromium against a real server: channels and company
 * boards, Hot / New / Top by day, week and month with first lines, highlighted replies, scores and
 * poll and image badges, in English and Chinese; a board below the threshold saying why, another
 * company's board refused (403 not_member, and a page saying so); the first thread on the first
 * screen of a phone; new threads from elsewhere behind an "N new" pill, over the live stream and,
 * when the stream cannot be had, by polling; Following and muting kept in the browser; the public
 * window for visitors without a verification; the home page led by hot threads.
 *
 * Threads are written by the independent client (test/support/independent-client.ts) through the
 * app, with tokens of a member who never opens a browser; their times are then set in the
 * database (and their hot score with them), so that the orders below are known. The mixing
 * window is 0: a write is committed, and its live event published, when it is answered.
 */
import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Page, Request } from 'playwright-core'
import { aliasName } from '../../shared/src/talk/alias.js'
import { hotScore } from '../../shared/src/talk/hot.js'
import { signUp as apiSignUp } from '../support/app.js'
import { buildVerifiedUser } from '../support/factories.js'
import { photoWithMetadata } from '../support/images.js'
import { type ClientToken, IndependentClient, injectSender } from '../support/independent-client.js'
import { multipartBody } from '../support/multipart.js'
import { ARTIFACTS_DIR, browserUnavailable, startTestServer } from '../support/server.js'
import { openPerson, scrollWidth, signIn as signInAt, talkPerson } from './browser.js'

const ACME = 'acme-forum'
const ACME_NAME = 'Acme Forum'
const LONE = 'lone-forum'
const LONE_NAME = 'Lone Forum'
const HOUR = 3_600_000
const DAY = 24 * HOUR

/** The seeded threads: title, channel, label, age, opening score, replies. */
const T = {
  hot: { title: 'Is the four-day week trial real?', channel: 'general', body: '**Four-day week** trial starts in March, says the memo. Anyone tried it elsewhere?', ageMs: 2 * HOUR, score: 5 },
  fresh: { title: 'Offer from a bank: should I negotiate?', channel: 'compensation', body: 'Got an offer from a bank, base is fine but the bonus is vague.', ageMs: 0, score: 1 },
  image: { title: 'Whiteboard from the planning day', channel: 'tech', body: 'This is what the architecture looks like now.', ageMs: 1 * HOUR, score: 0 },
  open: { title: 'Which cities pay tech best after rent?', channel: 'general', body: 'Counting rent, not just the salary.', ageMs: 30 * 60_000, score: 0 },
  week: { title: 'Best team offsite ideas', channel: 'off-topic', body: 'We have a budget and two days. Ideas?', ageMs: 3 * DAY, score: 8 },
  month: { title: 'Layoff rumours at the big firms', channel: 'layoffs', body: 'Hearing about cuts across several teams.', ageMs: 20 * DAY, score: 10 },
} as const
const BOARD_TITLE = 'Is the parking garage really closing?'
const HIGHLIGHT = 'It is real: two teams piloted it last year and kept it.'
const FILLERS = 31

const skip = browserUnavailable()
let server: Awaited<ReturnType<typeof startTestServer>>

before(async () => {
  if (skip) return
  server = await startTestServer({ env: { MIN_ANONYMITY_SET: '2', TALK_MIN_TOKEN_AGE_S: '0' } })
})
after(async () => {
  await server?.close()
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** The titles of the list, in order, once its first ones are `expected` (the list loads after a click). */
async function waitForOrder(p: Page, expected: readonly string[], timeout = 10_000): Promise<string[]> {
  const started = Date.now()
  let got: string[] = []
  while (Date.now() - started < timeout) {
    got = await p.locator('.thread-list-card .thread-list > li .thread-item-title a').allInnerTexts()
    if (expected.every((title, i) => got[i] === title)) return got
    await sleep(100)
  }
  assert.deepEqual(got.slice(0, expected.length), expected)
  return got
}

describe('web app: Work Talk lists', { skip: skip ?? false }, () => {
  let alice: Awaited<ReturnType<typeof buildVerifiedUser>>
  let bob: Awaited<ReturnType<typeof buildVerifiedUser>>
  let carol: Awaited<ReturnType<typeof buildVerifiedUser>>
  let writer: Awaited<ReturnType<typeof buildVerifiedUser>>
  const ids: Record<keyof typeof T, string> = { hot: '', fresh: '', image: '', open: '', week: '', month: '' }
  let hotOpening = ''
  const send = () => injectSender(server.app.app)
  let nullTalk: ClientToken[] = []
  let acmeTalk: ClientToken[] = []
  let react: ClientToken[] = []
  const take = (pool: ClientToken[]) => {
    const tok = pool.shift()
    assert.ok(tok, 'a token left')
    return tok
  }
  let a: Awaited<ReturnType<typeof talkPerson>>

  async function tokens(cookie: string, company: string | null, purpose: 'talk' | 'react', n: number): Promise<ClientToken[]> {
    const c = new IndependentClient(send())
    const key = (await c.directory()).find((k) => k.company === company && k.purpose === purpose)
    assert.ok(key, `a ${purpose} key for ${company ?? 'the null company'}`)
    return c.fetchTokens(cookie, key.keyId, n)
  }

  /** Opens a thread as someone else (a fresh pseudonym), as stored at once (window 0). */
  async function openThread(title: string, body: string, channel: string, opts: { company?: boolean; extra?: Parameters<IndependentClient['openThread']>[6] } = {}) {
    const c = new IndependentClient(send())
    const tok = take(opts.company ? acmeTalk : nullTalk)
    const res = await c.openThread(tok, title, body, opts.company ? 'company' : 'alias', channel, undefined, opts.extra)
    assert.equal(res.status, 201, JSON.stringify(res.json))
    return { threadId: res.json.threadId as string, postId: res.json.postId as string, client: c, token: tok }
  }

  async function upvote(threadId: string, postId: string, times: number) {
    for (let i = 0; i < times; i++) {
      const res = await new IndependentClient(send()).vote(threadId, postId, 1, take(react))
      assert.equal(res.status, 201, JSON.stringify(res.json))
    }
  }

  async function reply(threadId: string, body: string) {
    const res = await new IndependentClient(send()).reply(threadId, take(nullTalk), body, 'alias')
    assert.equal(res.status, 201, JSON.stringify(res.json))
    return res.json.postId as string
  }

  /** A thread's creation time, and its hot score computed again from it (as the server keeps it). */
  async function setAge(threadId: string, ageMs: number) {
    const db = server.app.ctx.db
    const createdAt = new Date(Math.floor((Date.now() - ageMs) / 60_000) * 60_000)
    const row = await db.selectFrom('talkThread').select(['score', 'repliers']).where('id', '=', threadId).executeTakeFirstOrThrow()
    await db.updateTable('talkThread').set({ createdAt, lastPostAt: createdAt, hot: hotScore(row.score, row.repliers, createdAt) }).where('id', '=', threadId).execute()
  }

  before(async () => {
    const { app, ctx } = server.app
    alice = await buildVerifiedUser(app, ctx, ACME)
    bob = await buildVerifiedUser(app, ctx, ACME)
    writer = await buildVerifiedUser(app, ctx, ACME)
    carol = await buildVerifiedUser(app, ctx, LONE)
    await ctx.db.updateTable('company').set({ name: ACME_NAME }).where('slug', '=', ACME).execute()
    await ctx.db.updateTable('company').set({ name: LONE_NAME }).where('slug', '=', LONE).execute()

    // The writer's tokens: the week's whole quota of the shared key and most of Acme's.
    nullTalk = await tokens(writer.cookie, null, 'talk', 50)
    acmeTalk = await tokens(writer.cookie, ACME, 'talk', 30)
    react = await tokens(writer.cookie, null, 'react', 60)

    const hot = await openThread(T.hot.title, T.hot.body, T.hot.channel, {
      company: true,
      extra: { poll: { options: ['Yes', 'No', 'Not sure'], closesAt: new Date(Math.ceil((Date.now() + 3 * DAY) / HOUR) * HOUR).toISOString().replace('.000Z', 'Z') } },
    })
    ids.hot = hot.threadId
    hotOpening = hot.postId
    await upvote(hot.threadId, hot.postId, T.hot.score)
    const best = await reply(hot.threadId, HIGHLIGHT)
    await reply(hot.threadId, 'No idea, first I hear of it.')
    await reply(hot.threadId, 'Same rumour here.')
    await upvote(hot.threadId, best, 3)

    // An image, paid for by the post's own token.
    const imageToken = take(nullTalk)
    const upload = multipartBody([
      { name: 'token', value: JSON.stringify(imageToken) },
      { name: 'file', value: await photoWithMetadata('jpeg', 320, 200), filename: 'whiteboard.jpg', type: 'image/jpeg' },
    ])
    const up = await app.inject({ method: 'POST', url: '/api/v1/talk/images', headers: upload.headers, payload: upload.payload })
    assert.equal(up.statusCode, 201, up.body)
    const image = await new IndependentClient(send()).openThread(imageToken, T.image.title, T.image.body, 'alias', T.image.channel, undefined, { imageIds: [up.json().imageId] })
    assert.equal(image.status, 201, JSON.stringify(image.json))
    ids.image = image.json.threadId

    for (const k of ['fresh', 'open', 'week', 'month'] as const) {
      const made = await openThread(T[k].title, T[k].body, T[k].channel)
      ids[k] = made.threadId
      await upvote(made.threadId, made.postId, T[k].score)
    }
    // Enough threads in one channel for a second page.
    for (let i = 0; i < FILLERS; i++) {
      const made = await openThread(`Career question number ${i + 1}`, `How do you handle question ${i + 1}?`, 'career', { company: i % 2 === 0 })
      await setAge(made.threadId, 10 * DAY + i * 60_000)
    }
    await openThread(BOARD_TITLE, 'Heard it from facilities, nothing official yet.', ACME, { company: true })
    for (const k of Object.keys(T) as (keyof typeof T)[]) await setAge(ids[k], T[k].ageMs)

    a = await talkPerson(0)
    await signInAt(a.page, server.url, alice.email, alice.password, '/talk')
    // Her week's tokens, drawn in the background (at once with the delay hook): the Following test writes a thread.
    await a.page.getByText(/^\d+ anonymous tokens ready$/).waitFor({ timeout: 60_000 })
  })
  after(async () => {
    await a?.close()
  })

  it('a verified member browses Hot, New and Top (day, week, month): first lines, the highlighted reply, score, replies, badges', async () => {
    const p = a.page
    await p.getByRole('heading', { level: 1, name: 'Work Talk' }).waitFor()
    await waitForOrder(p, [T.hot.title, T.fresh.title, T.open.title, T.image.title, T.week.title])

    const item = p.getByRole('listitem').filter({ has: p.getByRole('link', { name: T.hot.title, exact: true }) })
    // First lines as text (the Markdown marks are gone), the label, the highlighted reply with its score.
    await item.getByText('Four-day week trial starts in March, says the memo.', { exact: false }).waitFor()
    assert.equal(await item.getByText('**Four-day week**', { exact: false }).count(), 0)
    await item.getByText(`Employee of ${ACME_NAME}`, { exact: true }).waitFor()
    const highlight = item.getByRole('group', { name: 'Highlighted reply, score 3' })
    await highlight.getByText(HIGHLIGHT).waitFor()
    await highlight.getByText('Highlighted', { exact: true }).waitFor()
    await item.getByText('Score 5', { exact: true }).waitFor()
    await item.getByText('3 replies', { exact: true }).waitFor()
    await item.getByText('Poll', { exact: true }).waitFor()
    await item.getByText('Everyone', { exact: true }).waitFor()
    const imageItem = p.getByRole('listitem').filter({ has: p.getByRole('link', { name: T.image.title }) })
    await imageItem.getByText('1 image', { exact: true }).waitFor()
    await imageItem.getByText('Tech', { exact: true }).waitFor()
    // Boards are never in the list of every channel.
    assert.equal(await p.getByRole('link', { name: BOARD_TITLE }).count(), 0)
    await p.screenshot({ path: path.join(ARTIFACTS_DIR, 'talk-forum-hot.png'), fullPage: true })

    await p.getByRole('button', { name: 'New', exact: true }).click()
    await p.waitForURL(/[?&]sort=new/)
    await waitForOrder(p, [T.fresh.title, T.open.title, T.image.title, T.hot.title, T.week.title])

    await p.getByRole('button', { name: 'Top', exact: true }).click()
    // The week by default: the month-old thread is out, the best of the week first.
    await waitForOrder(p, [T.week.title, T.hot.title, T.fresh.title])
    assert.equal(await p.getByRole('link', { name: T.month.title }).count(), 0)
    assert.equal(await p.getByRole('button', { name: 'Week', exact: true }).getAttribute('aria-pressed'), 'true')
    await p.getByRole('button', { name: 'Day', exact: true }).click()
    await waitForOrder(p, [T.hot.title, T.fresh.title])
    assert.equal(await p.getByRole('link', { name: T.week.title }).count(), 0)
    await p.getByRole('button', { name: 'Month', exact: true }).click()
    await p.waitForURL(/period=month/)
    await waitForOrder(p, [T.month.title, T.week.title, T.hot.title, T.fresh.title])
    assert.deepEqual(a.problems, [])
  })

  it('a channel in the reader’s language, and more threads by cursor', async () => {
    const p = a.page
    await p.goto(server.url + '/talk')
    const nav = p.getByRole('navigation', { name: 'Channels' })
    await nav.getByRole('button', { name: 'Career', exact: true }).click()
    await p.waitForURL(/channel=career/)
    const first = await waitForOrder(p, ['Career question number 1', 'Career question number 2'])
    assert.equal(first.length, 30, 'a page is 30 threads')
    const requests: string[] = []
    p.on('request', (r) => r.url().includes('/api/v1/talk/threads?') && requests.push(r.url()))
    await p.getByRole('button', { name: 'Load more threads' }).click()
    await p.getByRole('link', { name: `Career question number ${FILLERS}`, exact: true }).waitFor()
    assert.ok(requests.some((u) => /[?&]cursor=/.test(u)), 'the next page by its cursor')
    // Focus moved to the first thread of the new page.
    assert.equal(await p.evaluate(() => document.activeElement?.textContent), `Career question number ${FILLERS}`)
    assert.equal(await p.getByRole('button', { name: 'Load more threads' }).count(), 0)
  })

  it('the same walk in Chinese: channel names, tabs and periods in the reader’s language', async () => {
    const p = a.page
    await p.goto(server.url + '/talk')
    await p.getByLabel('Language').selectOption('zh-CN')
    await p.getByRole('heading', { level: 1, name: '职场畅谈' }).waitFor()
    const nav = p.getByRole('navigation', { name: '频道' })
    await nav.getByRole('button', { name: '综合', exact: true }).waitFor()
    await nav.getByRole('button', { name: '薪资与 offer', exact: true }).waitFor()
    await nav.getByRole('button', { name: `${ACME_NAME} 内部版`, exact: true }).waitFor()
    await waitForOrder(p, [T.hot.title, T.fresh.title])
    const item = p.getByRole('listitem').filter({ has: p.getByRole('link', { name: T.fresh.title }) })
    await item.getByText('薪资与 offer', { exact: true }).waitFor()
    // An alias in the list is derived again from the post's key, in the reader's words.
    const freshKey = await server.app.ctx.db.selectFrom('talkPost').select('authorKey').where('threadId', '=', ids.fresh).where('isOpening', '=', true).executeTakeFirstOrThrow()
    const zhAlias = aliasName(freshKey.authorKey.toString('base64url'), 'zh-CN')
    assert.match(zhAlias, /^[\u4e00-\u9fff]+$/)
    await item.getByText(zhAlias, { exact: true }).waitFor()
    assert.equal(await item.getByText(aliasName(freshKey.authorKey.toString('base64url'), 'en'), { exact: true }).count(), 0, 'not the English alias')
    await p.getByRole('listitem').filter({ has: p.getByRole('link', { name: T.hot.title }) }).getByText('3 条回复', { exact: true }).waitFor()
    await p.getByRole('listitem').filter({ has: p.getByRole('link', { name: T.hot.title }) }).getByText('热评', { exact: true }).waitFor()

    await p.getByRole('button', { name: '最新', exact: true }).click()
    await waitForOrder(p, [T.fresh.title, T.open.title, T.image.title])
    await p.getByRole('button', { name: '最高分', exact: true }).click()
    await p.getByRole('button', { name: '一个月', exact: true }).click()
    await waitForOrder(p, [T.month.title, T.week.title])
    await nav.getByRole('button', { name: '裁员', exact: true }).click()
    await waitForOrder(p, [T.month.title])
    await p.screenshot({ path: path.join(ARTIFACTS_DIR, 'talk-forum-zh-CN.png'), fullPage: true })
    await p.getByLabel('语言').selectOption('en')
    await p.getByRole('heading', { level: 1, name: 'Work Talk' }).waitFor()
    assert.deepEqual(a.problems, [])
  })

  it('the member’s own board lists its threads; a board below the threshold says why; another company’s board is refused with a page and 403', async () => {
    const p = a.page
    await p.goto(server.url + '/talk')
    await p.getByRole('navigation', { name: 'Channels' }).getByRole('button', { name: `${ACME_NAME} board` }).click()
    await p.waitForURL(new RegExp(`channel=${ACME}`))
    await waitForOrder(p, [BOARD_TITLE])
    await p.getByText(`Only current verified employees of ${ACME_NAME} can read and post here.`, { exact: false }).waitFor()
    // The company page leads there too.
    await p.goto(`${server.url}/companies/${ACME}`)
    await p.getByRole('link', { name: `Open the ${ACME_NAME} board on Work Talk` }).click()
    await p.waitForURL(`${server.url}/talk?channel=${ACME}`)
    await waitForOrder(p, [BOARD_TITLE])

    const c = await talkPerson(0)
    try {
      await signInAt(c.page, server.url, carol.email, carol.password, '/talk')
      await c.page.getByRole('navigation', { name: 'Channels' }).getByRole('button', { name: `${LONE_NAME} board` }).click()
      await c.page.getByText(`${LONE_NAME} has 1 verified member; its board opens at 2.`).waitFor()
      assert.equal(await c.page.getByText('No threads here yet. Start one!').count(), 0, 'no invitation to post on a board that does not exist')
      await c.page.goto(`${server.url}/companies/${LONE}`)
      await c.page.getByText(`The ${LONE_NAME} board on Work Talk opens once 2 employees have verified.`).waitFor()
      assert.equal(await c.page.getByRole('link', { name: /board on Work Talk/ }).count(), 0)

      // Another company's board by its address: the page says why, from the API's 403.
      const answered = c.page.waitForResponse((r) => r.url().includes(`/api/v1/talk/threads?`) && r.url().includes(`channel=${ACME}`))
      await c.page.goto(`${server.url}/talk?channel=${ACME}`)
      const res = await answered
      assert.equal(res.status(), 403)
      assert.equal(((await res.json()) as { code: string }).code, 'not_member')
      await c.page.getByRole('heading', { name: `Only employees of ${ACME_NAME} can read this board` }).waitFor()
      await c.page.getByText('A company board is read and written by the company’s current verified employees alone.', { exact: false }).waitFor()
      assert.equal(await c.page.getByRole('link', { name: BOARD_TITLE }).count(), 0)
      assert.equal(await c.page.getByText('No threads here yet. Start one!').count(), 0, 'not an empty list')
      const api = await c.page.request.get(`${server.url}/api/v1/talk/threads?channel=${ACME}`)
      assert.equal(api.status(), 403)
      await c.page.screenshot({ path: path.join(ARTIFACTS_DIR, 'talk-forum-not-member.png'), fullPage: true })
      assert.deepEqual(c.problems, [])
    } finally {
      await c.close()
    }
  })

  it('at 390 × 844 the first thread is on the first screen, and nothing scrolls sideways', async () => {
    const p = a.page
    await p.setViewportSize({ width: 390, height: 844 })
    try {
      for (const url of ['/talk', '/talk?sort=top&period=day', `/talk?channel=${ACME}`]) {
        await p.goto(server.url + url)
        const first = p.locator('.thread-list-card .thread-list > li').first()
        await first.locator('.thread-item-title a').waitFor()
        const box = await first.boundingBox()
        assert.ok(box, 'the first thread has a box')
        assert.ok(box.y + box.height < 844, `${url}: the first thread ends at ${box.y + box.height}px, below the first screen`)
        assert.ok((await scrollWidth(p)) <= 390, `${url} scrolls sideways`)
      }
      await p.goto(server.url + '/talk')
      await p.locator('.thread-list-card .thread-list > li').first().waitFor()
      await p.screenshot({ path: path.join(ARTIFACTS_DIR, 'talk-forum-390.png') })
    } finally {
      await p.setViewportSize({ width: 1280, height: 900 })
    }
  })

  it('a thread posted elsewhere waits behind the “N new” pill, and a new reply count shows in place — without a reload or a jump', async () => {
    const p = a.page
    const streams: Request[] = []
    p.on('request', (r) => r.url().endsWith('/api/v1/talk/events') && streams.push(r))
    await p.goto(server.url + '/talk')
    await waitForOrder(p, [T.hot.title])
    await p.getByText('Live: new threads show up here as they are posted.').waitFor()
    await p.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true))
    const firstItem = p.locator('.thread-list-card .thread-list > li').first()
    const before = await firstItem.boundingBox()

    await openThread('Anyone else moved to the new building?', 'The coffee is better, the commute is not.', 'general')
    const pill = p.getByRole('button', { name: '1 new thread', exact: true })
    await pill.waitFor({ timeout: 10_000 })
    // Nothing moved: the pill floats over the list; the new thread is not in it yet.
    assert.deepEqual(await firstItem.boundingBox(), before)
    await waitForOrder(p, [T.hot.title])
    assert.equal(await p.getByRole('link', { name: 'Anyone else moved to the new building?' }).count(), 0)

    // A reply elsewhere: its count changes in place.
    await reply(ids.hot, 'Update: HR confirmed it today.')
    const hotItem = p.getByRole('listitem').filter({ has: p.getByRole('link', { name: T.hot.title }) })
    await hotItem.getByText('4 replies', { exact: true }).waitFor({ timeout: 10_000 })
    // A vote elsewhere on its opening post: the score moves in place.
    await upvote(ids.hot, hotOpening, 1)
    await hotItem.getByText(`Score ${T.hot.score + 1}`, { exact: true }).waitFor({ timeout: 10_000 })

    await pill.click()
    await waitForOrder(p, ['Anyone else moved to the new building?', T.hot.title])
    const fresh = p.getByRole('listitem').filter({ has: p.getByRole('link', { name: 'Anyone else moved to the new building?' }) })
    await fresh.getByText('New', { exact: true }).waitFor()
    assert.equal(await p.evaluate(() => document.activeElement?.textContent), 'Anyone else moved to the new building?')
    assert.equal(await pill.count(), 0)
    assert.equal(await p.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument), true, 'no reload')
    // One stream, and it went without the session cookie or a referrer.
    assert.equal(streams.length, 1)
    const headers = await streams[0]!.allHeaders()
    assert.equal(headers.cookie, undefined)
    assert.equal(headers.referer, undefined)
    assert.deepEqual(a.problems, [])
  })

  it('when the live stream cannot be had, the list polls and still shows the pill', async () => {
    const b = await talkPerson(0)
    try {
      await b.context.addInitScript(() => localStorage.setItem('wc.talk.livePollMs', '1500'))
      let refused = 0
      await b.context.route('**/api/v1/talk/events', (route) => {
        refused++
        return route.abort('failed')
      })
      await signInAt(b.page, server.url, bob.email, bob.password, '/talk?sort=new')
      await b.page.getByText('Checking for new threads every minute or so.').waitFor({ timeout: 15_000 })
      assert.ok(refused >= 1)
      await openThread('Polled: is the cafeteria open on Fridays?', 'Asking for the team.', 'general')
      await b.page.getByRole('button', { name: '1 new thread', exact: true }).click({ timeout: 15_000 })
      await waitForOrder(b.page, ['Polled: is the cafeteria open on Fridays?'])
      assert.deepEqual(b.problems, [])
    } finally {
      await b.close()
    }
  })

  it('Following: threads followed here and written here, with unread replies — kept in the browser, per account', async () => {
    const p = a.page
    await p.goto(server.url + '/talk')
    await p.getByRole('link', { name: T.fresh.title }).waitFor()
    const item = p.getByRole('listitem').filter({ has: p.getByRole('link', { name: T.fresh.title }) })
    await item.getByRole('button', { name: `More for “${T.fresh.title}”` }).click()
    await item.getByRole('button', { name: 'Follow', exact: true }).click()
    await item.getByText('Following', { exact: true }).waitFor()

    // A thread this browser writes is followed on its own.
    await p.goto(server.url + '/talk/new')
    await p.getByLabel('Title').fill('Own thread: how long is your notice period?')
    await p.getByLabel('What do you want to say?').fill('Mine is three months, which seems long.')
    await p.getByRole('button', { name: 'Post thread' }).click()
    await p.waitForURL(/\/talk\/t\/[0-9a-f-]{36}$/)

    // Someone replies to the followed thread; the live stream brings its count.
    await p.goto(server.url + '/talk?sort=following')
    await p.getByText('Live: new replies are counted as they come.').waitFor()
    const list = p.getByRole('region', { name: 'Threads you follow' })
    const followed = list.getByRole('listitem').filter({ has: p.getByRole('link', { name: T.fresh.title }) })
    await followed.getByText('No new replies').waitFor()
    const own = list.getByRole('listitem').filter({ has: p.getByRole('link', { name: 'Own thread: how long is your notice period?' }) })
    await own.getByText('You wrote here').waitFor()
    await reply(ids.fresh, 'Always negotiate the bonus in writing.')
    await followed.getByText('1 new reply').waitFor({ timeout: 10_000 })
    await p.screenshot({ path: path.join(ARTIFACTS_DIR, 'talk-forum-following.png'), fullPage: true })

    // Stored under the account's Work Talk name (a salted hash), never its id; no request named the followed threads.
    const keys = await p.evaluate(() => Object.keys(localStorage))
    assert.ok(keys.some((k) => /^wc-talk-[0-9a-f]{32}\/follow$/.test(k)), keys.join())
    assert.ok(!keys.some((k) => k.includes(alice.id)))

    await followed.getByRole('button', { name: 'Unfollow' }).click()
    await followed.waitFor({ state: 'detached' })
    await own.waitFor()
    assert.deepEqual(a.problems, [])
  })

  it('muting a word, a thread and a channel hides them with a note, survives a reload, and is undone', async () => {
    const p = a.page
    await p.goto(server.url + '/talk')
    await p.getByRole('link', { name: T.week.title }).waitFor()
    await p.getByRole('button', { name: 'Muting' }).click()
    const settings = p.getByRole('region', { name: 'Muting' })
    await settings.getByLabel('Mute a word or phrase').fill('OFFSITE')
    await settings.getByLabel('Mute a word or phrase').press('Enter')
    await settings.getByText('offsite', { exact: true }).waitFor()
    await p.getByRole('link', { name: T.week.title }).waitFor({ state: 'detached' })
    await p.getByText('1 muted thread hidden.').waitFor()

    const item = p.getByRole('listitem').filter({ has: p.getByRole('link', { name: T.image.title }) })
    await item.getByRole('button', { name: `More for “${T.image.title}”` }).click()
    await item.getByRole('button', { name: 'Mute this thread' }).click()
    const fresh = p.getByRole('listitem').filter({ has: p.getByRole('link', { name: T.fresh.title }) })
    await fresh.getByRole('button', { name: `More for “${T.fresh.title}”` }).click()
    await fresh.getByRole('button', { name: 'Mute the channel Salaries & Offers' }).click()
    await p.getByText('3 muted threads hidden.').waitFor()
    for (const title of [T.week.title, T.image.title, T.fresh.title]) assert.equal(await p.getByRole('link', { name: title }).count(), 0, title)

    await p.reload()
    await p.getByRole('link', { name: T.hot.title }).waitFor()
    await p.getByText('3 muted threads hidden.').waitFor()
    await p.getByRole('button', { name: 'Show', exact: true }).click()
    await p.getByRole('listitem').filter({ has: p.getByRole('link', { name: T.week.title }) }).getByText('Muted', { exact: true }).waitFor()
    await p.screenshot({ path: path.join(ARTIFACTS_DIR, 'talk-forum-muted.png'), fullPage: true })

    await p.getByRole('button', { name: 'Muting (3)' }).click()
    const panel = p.getByRole('region', { name: 'Muting' })
    await panel.getByRole('button', { name: 'Unmute “offsite”' }).click()
    await panel.getByRole('button', { name: 'Unmute “Salaries & Offers”' }).click()
    await panel.getByRole('button', { name: `Unmute “${T.image.title}”` }).click()
    await p.getByRole('button', { name: 'Muting', exact: true }).waitFor()
    assert.equal(await p.getByText(/muted threads? hidden/).count(), 0)
    const keys = await p.evaluate(() => Object.keys(localStorage))
    assert.ok(keys.some((k) => /^wc-talk-[0-9a-f]{32}\/mute$/.test(k)))
    assert.deepEqual(a.problems, [])
  })

  it('an admin adds, renames and archives a topic channel in both languages; “New thread” in a channel preselects it; members are refused', async () => {
    const { app, ctx } = server.app
    const admin = await buildVerifiedUser(app, ctx, ACME)
    await ctx.db.updateTable('account').set({ role: 'admin' }).where('id', '=', admin.id).execute()
    const d = await talkPerson(0)
    try {
      const p = d.page
      await signInAt(p, server.url, admin.email, admin.password, '/talk')
      await p.getByRole('link', { name: 'Manage channels' }).click()
      await p.getByRole('heading', { level: 1, name: 'Channels' }).waitFor()
      const list = p.getByRole('list', { name: 'Channels' })
      await list.getByRole('heading', { name: /^Everyone \/general/ }).waitFor()
      // The open channel cannot be archived: no button for it.
      const general = list.getByRole('listitem').filter({ has: p.getByRole('heading', { name: /\/general/ }) })
      assert.equal(await general.getByRole('button', { name: 'Archive' }).count(), 0)

      const form = p.getByRole('region', { name: 'Add a channel' })
      await form.getByLabel('Address').fill('Relocation Help')
      await form.getByRole('button', { name: 'Add the channel' }).click()
      assert.ok((await form.getByRole('alert').innerText()).length > 0, 'the form says what is wrong')
      assert.equal(await form.getByLabel('Address').getAttribute('aria-invalid'), 'true')
      // A slug in use: the server's 409, on the field.
      await form.getByLabel('Address').fill('compensation')
      await form.getByLabel('Name in English').fill('Pay')
      await form.getByLabel('Name in Chinese').fill('薪酬')
      await form.getByRole('button', { name: 'Add the channel' }).click()
      await form.getByText('A channel or a company already uses this address.').first().waitFor()
      const before = await ctx.db.selectFrom('talkChannel').select('slug').execute()
      assert.ok(!before.some((c) => c.slug === 'relocation'))

      await form.getByLabel('Address').fill('relocation')
      await form.getByLabel('Name in English').fill('Relocation')
      await form.getByLabel('Name in Chinese').fill('搬迁')
      await form.getByRole('button', { name: 'Add the channel' }).click()
      await p.getByText('“Relocation” is added.').waitFor()
      await list.getByRole('heading', { name: /^Relocation \/relocation/ }).waitFor()
      assert.equal(await form.getByLabel('Address').inputValue(), '', 'the form is empty again')

      // Members see it; “New thread” from its list starts a thread in it.
      await p.goto(server.url + '/talk')
      await p.getByRole('navigation', { name: 'Channels' }).getByRole('button', { name: 'Relocation', exact: true }).click()
      await p.waitForURL(/channel=relocation/)
      // The link follows the channel a render later: click it once it does (under load a click
      // could land on the previous render's link, to the open channel).
      await p.locator('a[href="/talk/new?channel=relocation"]', { hasText: 'New thread' }).click()
      await p.waitForURL(/\/talk\/new\?channel=relocation$/)
      await p.waitForFunction(() => (document.getElementById('thread-channel') as HTMLSelectElement | null)?.value === 'relocation')
      await p.getByLabel('Language').selectOption('zh-CN')
      await p.getByRole('option', { name: '搬迁' }).waitFor({ state: 'attached' })
      // The account's language is saved by a PATCH /me: wait for it before leaving the page (a
      // navigation could abort it, and the next page would open in Chinese, where no field is
      // named 'Name in English' — seen once under load on PostgreSQL).
      const saved = p.waitForResponse((r) => r.url().endsWith('/api/v1/me') && r.request().method() === 'PATCH')
      await p.getByLabel('语言').selectOption('en')
      assert.equal((await saved).status(), 200)

      // Renamed, then archived: gone from the chips and the composer, its threads still readable.
      await p.goto(server.url + '/talk/channels')
      const row = list.getByRole('listitem').filter({ has: p.getByRole('heading', { name: /\/relocation/ }) })
      await row.getByLabel('Name in English').fill('Moving')
      await row.getByRole('button', { name: 'Save' }).click()
      await p.getByText('“Moving” is saved.').waitFor()
      const moved = list.getByRole('listitem').filter({ has: p.getByRole('heading', { name: /\/relocation/ }) })
      await moved.getByRole('heading', { name: /^Moving/ }).waitFor()
      await moved.getByRole('button', { name: 'Archive' }).click()
      await p.getByText('“Moving” is archived', { exact: false }).waitFor()
      await moved.getByText('Archived', { exact: true }).waitFor()
      const stored = await ctx.db.selectFrom('talkChannel').selectAll().where('slug', '=', 'relocation').executeTakeFirstOrThrow()
      assert.deepEqual([stored.nameEn, stored.nameZh, stored.archived], ['Moving', '搬迁', true])
      await p.goto(server.url + '/talk')
      await p.getByRole('navigation', { name: 'Channels' }).getByRole('button', { name: 'Everyone', exact: true }).waitFor()
      assert.equal(await p.getByRole('navigation', { name: 'Channels' }).getByRole('button', { name: 'Moving', exact: true }).count(), 0)
      await p.goto(server.url + '/talk/new')
      await p.getByLabel('Channel').waitFor()
      assert.equal(await p.locator('#thread-channel option[value="relocation"]').count(), 0, 'no new threads in an archived channel')
      await p.screenshot({ path: path.join(ARTIFACTS_DIR, 'talk-channels-admin.png'), fullPage: true })
      assert.deepEqual(d.problems, [])
    } finally {
      await d.close()
    }

    // A member who is not an admin: a polite page, and the API refuses.
    const p = a.page
    await p.goto(server.url + '/talk/channels')
    await p.getByRole('heading', { name: 'For admins only' }).waitFor()
    assert.equal(await p.getByRole('link', { name: 'Manage channels' }).count(), 0)
    const refused = await p.request.post(`${server.url}/api/v1/talk/channels`, { data: { slug: 'sneaky', nameEn: 'Sneaky', nameZh: '偷偷' } })
    assert.equal(refused.status(), 403)
    assert.equal(await ctx.db.selectFrom('talkChannel').select('slug').where('slug', '=', 'sneaky').executeTakeFirst(), undefined)
  })

  it('images picked for a new thread are kept with its draft: a reload gives back the text and the images left', async () => {
    const p = a.page
    await p.goto(server.url + '/talk/new')
    const photo = await photoWithMetadata('jpeg', 320, 200)
    await p.locator('#thread-images').setInputFiles([{ name: 'a.jpg', mimeType: 'image/jpeg', buffer: photo }, { name: 'b.jpg', mimeType: 'image/jpeg', buffer: photo }])
    await p.getByRole('img', { name: 'Image 2 to post' }).waitFor()
    await p.getByRole('button', { name: 'Remove image 1' }).click()
    await p.getByLabel('Title').fill('Draft with a picture')
    assert.equal(await p.getByText('Draft saved in this browser.', { exact: true }).count(), 1, 'the note says images are kept too')
    await p.locator('.draft-note[data-saved="true"]').waitFor() // in IndexedDB, not only on its way
    await p.reload()
    await p.getByRole('img', { name: 'Image 1 to post' }).waitFor()
    assert.equal(await p.getByLabel('Title').inputValue(), 'Draft with a picture')
    await sleep(500)
    assert.equal(await p.getByRole('img', { name: /to post$/ }).count(), 1, 'the removed image stays removed')
    // Emptied again, so the later walks start from a clean composer.
    await p.getByRole('button', { name: 'Remove image 1' }).click()
    await p.getByLabel('Title').fill('')
    await p.locator('.draft-note[data-saved="true"]').waitFor()
    await p.reload()
    await p.getByLabel('Title').waitFor()
    await sleep(500)
    assert.equal(await p.getByRole('img', { name: /to post$/ }).count(), 0)
    assert.deepEqual(a.problems, [])
  })

  it('the signed-in member’s home page is the feed with hot Work Talk beside it', async () => {
    const p = a.page
    await p.goto(server.url + '/')
    const hot = p.getByRole('region', { name: 'Hot on Work Talk' })
    await hot.getByRole('link', { name: T.hot.title }).waitFor()
    assert.equal(await hot.locator('.thread-list > li').count(), 3)
    // The feed leads; hot Work Talk is the first thing beside it.
    const order = await p.locator('main h2').allInnerTexts()
    assert.equal(order[0], 'Your feed', order.join(' | '))
    const aside = p.getByRole('complementary', { name: 'Work Talk and next steps' })
    assert.equal((await aside.locator('h2').allInnerTexts())[0], 'Hot on Work Talk')
    await p.screenshot({ path: path.join(ARTIFACTS_DIR, 'talk-forum-home.png'), fullPage: true })
    await hot.getByRole('link', { name: 'See all of Work Talk' }).click()
    await p.waitForURL(server.url + '/talk')
  })

  it('a signed-out visitor sees the open channel’s hot threads and the way in; a member without a verification too', async () => {
    const v = await openPerson()
    try {
      await v.page.goto(server.url + '/talk')
      await v.page.getByRole('heading', { level: 1, name: 'Work Talk' }).waitFor()
      const hot = v.page.getByRole('region', { name: 'Hot in the open channel' })
      await hot.getByRole('link', { name: `Sign in to read “${T.hot.title}”` }).waitFor()
      await hot.getByText(T.open.title).waitFor()
      await hot.getByText('Four-day week trial starts in March', { exact: false }).waitFor()
      // The open channel only: no topic channel, no board, no reply text.
      assert.equal(await hot.getByText(T.fresh.title).count(), 0)
      assert.equal(await hot.getByText(BOARD_TITLE).count(), 0)
      assert.equal(await hot.getByText(HIGHLIGHT).count(), 0)
      await v.page.getByRole('link', { name: 'Create your account' }).waitFor()
      const publicHot = await v.page.request.get(server.url + '/api/v1/talk/public/hot')
      assert.equal(publicHot.status(), 200)
      assert.ok(!JSON.stringify(await publicHot.json()).includes(BOARD_TITLE))
      await v.page.setViewportSize({ width: 390, height: 844 })
      assert.ok((await scrollWidth(v.page)) <= 390)
      await v.page.screenshot({ path: path.join(ARTIFACTS_DIR, 'talk-forum-public.png'), fullPage: true })
      await hot.getByRole('link', { name: `Sign in to read “${T.hot.title}”` }).click()
      await v.page.waitForURL(/\/signin\?next=/)
      assert.deepEqual(v.problems, [])

      const user = await apiSignUp(server.app.app)
      await signInAt(v.page, server.url, user.email, user.password, '/talk')
      await v.page.getByRole('heading', { level: 1, name: 'Verify where you work to join Work Talk' }).waitFor()
      await v.page.getByRole('region', { name: 'Hot right now' }).getByText(T.hot.title).waitFor()
      assert.deepEqual(v.problems, [])
    } finally {
      await v.close()
    }
  })
})
