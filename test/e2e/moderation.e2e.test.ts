/**
 * Trust and safety in Work Talk (issue 11), in a real Chromium against a real server with mixing
 * on (TALK_MIX_WINDOW_S = 2) and no token age (TALK_MIN_TOKEN_AGE_S = 0: writes go out at once):
 * - A opens a thread; B reports its opening post in the browser — through the outbox like a
 *   vote (a `react` token, no cookie), "Reported — thank you", and not offered a second time;
 * - a moderator removes it (POST /moderation/actions with the moderator's session);
 * - A, in ANOTHER browser context, imports A's recovery phrase, finds the post as its own and
 *   appeals it (signed with the post's key, no session, no token); the moderator upholds;
 * - C, a member of the company who never wrote in the thread, sees "Removed by a moderator:
 *   harassment" and the appeal's outcome in the post's place; the public log holds remove + uphold
 *   and verifies; B's page read nothing of the thread with its session in the minute after its
 *   report (DESIGN §2) — C looks instead of waiting that minute out;
 * - A's thread with a phone number and A's reply with a resident ID are held, and A is told why;
 *   once A's page reads the held thread again (after its quiet minute, which runs out during the
 *   other steps), Edit starts from what A wrote and taking the number out publishes it.
 */
import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { verifyModerationLog } from '../../shared/src/moderation/hash-chain.js'
import { buildVerifiedUser } from '../support/factories.js'
import { ARTIFACTS_DIR, browserUnavailable, startTestServer } from '../support/server.js'
import { assertAnonymous, scrollWidth, signIn, talkPerson } from './browser.js'

const SLUG = 'fabrikam-moderation'
const TITLE = 'What our team lead did this week'
const BODY = 'He is the worst person alive and everyone should know it.'
const APPEAL = 'It was about how a team is run, not about a private person.'
const HELD_BODY = 'Happy to help, call 138 1234 5678 any evening.'
/** The quiet minute after a write, its random part (15 s), and the page's read after it. */
const QUIET_WAIT_MS = 100_000

const skip = browserUnavailable()
let server: Awaited<ReturnType<typeof startTestServer>>

before(async () => {
  if (skip) return
  server = await startTestServer({ env: { MIN_ANONYMITY_SET: '2', TALK_MIN_TOKEN_AGE_S: '0', TALK_MIX_WINDOW_S: '2' } })
})
after(async () => {
  await server?.close()
})

const opening = (p: Page) => p.getByRole('article', { name: /, OP$/ }).first()

describe('web app: reports, moderation and appeals in Work Talk', { skip: skip ?? false }, () => {
  type User = Awaited<ReturnType<typeof buildVerifiedUser>>
  let a: Awaited<ReturnType<typeof talkPerson>>
  let b: Awaited<ReturnType<typeof talkPerson>>
  let a2: Awaited<ReturnType<typeof talkPerson>>
  let c: Awaited<ReturnType<typeof talkPerson>>
  let userA: User
  let userB: User
  let userC: User
  let moderator: User
  let threadUrl = ''
  let postId = ''
  let heldUrl = ''

  const act = async (body: Record<string, unknown>) => {
    const res = await server.app.app.inject({ method: 'POST', url: '/api/v1/moderation/actions', payload: body, headers: { cookie: moderator.cookie } })
    return { status: res.statusCode, json: res.json() as { code?: string } }
  }

  before(async () => {
    userA = await buildVerifiedUser(server.app.app, server.app.ctx, SLUG)
    userB = await buildVerifiedUser(server.app.app, server.app.ctx, SLUG)
    userC = await buildVerifiedUser(server.app.app, server.app.ctx, SLUG)
    moderator = await buildVerifiedUser(server.app.app, server.app.ctx, 'staff-moderation')
    await server.app.ctx.db.updateTable('account').set({ role: 'moderator' }).where('id', '=', moderator.id).execute()
    ;[a, b, a2, c] = [await talkPerson(0), await talkPerson(0), await talkPerson(0), await talkPerson(0)]
    await Promise.all(
      ([[a, userA], [b, userB]] as const).map(async ([p, u]) => {
        await signIn(p.page, server.url, u.email, u.password)
        await p.page.getByText(/^\d+ anonymous tokens ready$/).waitFor({ timeout: 30_000 })
      }),
    )
    await signIn(c.page, server.url, userC.email, userC.password)
  })
  after(async () => {
    await a?.close()
    await b?.close()
    await a2?.close()
    await c?.close()
  })

  // First, so that A's quiet minute on this thread runs out while the other steps run (the last step edits it).
  it('A’s thread with a phone number is held, and A is told why', async () => {
    const p = a.page
    await p.goto(server.url + '/talk/new')
    await p.getByLabel('Title').waitFor({ timeout: 30_000 })
    await p.getByLabel('Title').fill('Ask me about the new team')
    await p.getByLabel('What do you want to say?').fill(HELD_BODY)
    await p.getByRole('button', { name: 'Post thread' }).click()
    await p.waitForURL(/\/talk\/t\/[0-9a-f-]{36}$/)
    heldUrl = p.url()
    await p.getByRole('status').filter({ hasText: 'Held for review: contains a phone number' }).first().waitFor({ timeout: 30_000 })
    await p.getByText('edit it to take that detail out', { exact: false }).waitFor()
  })

  it('B reports A’s post through the outbox, like a vote: a react token, no cookie, "Reported — thank you", once', async () => {
    const p = a.page
    await p.goto(server.url + '/talk/new')
    await p.getByLabel('Title').waitFor({ timeout: 30_000 })
    await p.getByLabel('Title').fill(TITLE)
    await p.getByLabel('What do you want to say?').fill(BODY)
    await p.getByRole('radio', { name: /^As an alias: / }).check()
    await p.getByRole('button', { name: 'Post thread' }).click()
    await p.waitForURL(/\/talk\/t\/[0-9a-f-]{36}$/)
    threadUrl = p.url()
    await opening(p).getByRole('status').filter({ hasText: /^Published$/ }).waitFor({ timeout: 30_000 })

    const r = b.page
    await r.goto(threadUrl)
    await opening(r).getByText(BODY).waitFor()
    postId = ((await opening(r).getAttribute('id')) ?? '').replace(/^post-/, '')
    assert.match(postId, /^[0-9a-f-]{36}$/)
    // At phone width: the seven reasons fit.
    await r.setViewportSize({ width: 360, height: 800 })
    await opening(r).getByRole('button', { name: 'Report' }).click()
    const dialog = r.getByRole('dialog', { name: 'Report this post' })
    for (const reason of ['harassment', 'personal information', 'sexual content', 'hate', 'spam', 'defamation or misinformation', 'illegal content']) {
      await dialog.getByRole('radio', { name: new RegExp(`^${reason} — `) }).waitFor()
    }
    assert.ok((await scrollWidth(r)) <= 360, 'the report form overflows at 360px')
    await r.screenshot({ path: path.join(ARTIFACTS_DIR, 'talk-report-360.png') })
    await dialog.getByRole('radio', { name: /^harassment — / }).check()
    await dialog.getByRole('button', { name: 'Send report' }).click()
    await opening(r).getByRole('status').filter({ hasText: 'Reported — thank you' }).waitFor({ timeout: 15_000 })
    await r.setViewportSize({ width: 1280, height: 900 })
    assert.equal(await opening(r).getByRole('button', { name: 'Report' }).count(), 0, 'a second report is not offered')

    const sent = b.traffic.writes.filter((w) => w.path === '/api/v1/talk/reports')
    assert.equal(sent.length, 1)
    const body = sent[0]!.request.postDataJSON() as { postId: string; reason: string; token: { keyId: string } }
    assert.deepEqual([body.postId, body.reason], [postId, 'harassment'])
    const directory = (await server.app.app.inject({ method: 'GET', url: '/api/v1/talk/keys' })).json() as { keys: { keyId: string; purpose: string; company: unknown }[] }
    const key = directory.keys.find((k) => k.keyId === body.token.keyId)
    assert.deepEqual([key?.purpose, key?.company], ['react', null], 'paid with a react token, like a vote')
    await assertAnonymous(b.traffic)
    // Once its window committed, the server holds it (asked without cookie, by the reporting key).
    for (let i = 0; i < 60 && !b.traffic.polls.some((w) => w.path === `/api/v1/talk/writes/${postId}`); i++) await r.waitForTimeout(250)
    assert.ok(b.traffic.polls.some((w) => /[?&]reporter=/.test(w.request.url())), 'the report’s outcome is asked by its key')
  })

  it('a moderator removes it with a reason (the queue page itself: moderation-staff.e2e.test.ts)', async () => {
    const removed = await act({ targetType: 'talk_post', targetId: postId, action: 'remove', reason: 'harassment', note: 'a personal attack' })
    assert.equal(removed.status, 200, JSON.stringify(removed.json))
  })

  it('A, in another browser restored from the recovery phrase, sees the post as its own and appeals it', async () => {
    await a.page.goto(server.url + '/settings')
    const mine = a.page.getByRole('region', { name: 'Work Talk identity' })
    await mine.getByRole('button', { name: 'Show recovery phrase' }).click()
    const phrase = await mine.locator('code').innerText()

    const p = a2.page
    await signIn(p, server.url, userA.email, userA.password, '/settings')
    const section = p.getByRole('region', { name: 'Work Talk identity' })
    await section.getByLabel('Recovery phrase', { exact: true }).fill(phrase)
    await section.getByRole('button', { name: 'Use this phrase…' }).click()
    await section.getByRole('button', { name: 'Yes, replace' }).click()
    await section.getByText('This browser now uses the identity from your recovery phrase.').waitFor()

    await p.goto(threadUrl)
    const post = opening(p)
    await post.getByText('Removed by a moderator: harassment').waitFor()
    assert.equal(await post.getByText(BODY).count(), 0, 'the body is gone')
    await post.getByRole('button', { name: 'Appeal' }).click()
    await post.getByLabel('Why should a moderator change the decision?').fill(APPEAL)
    await post.getByRole('button', { name: 'Send appeal' }).click()
    await post.getByRole('status').filter({ hasText: 'Appeal sent — a moderator will decide.' }).waitFor()
    const sent = a2.traffic.writes.filter((w) => w.path === '/api/v1/talk/appeals')
    assert.equal(sent.length, 1)
    assert.equal((await sent[0]!.request.allHeaders()).cookie, undefined, 'no session')
    assert.equal('token' in (sent[0]!.request.postDataJSON() as object), false, 'no token')

    // The moderator upholds once the appeal is stored (after its mixing window).
    let upheld = await act({ targetType: 'talk_post', targetId: postId, action: 'uphold', reason: 'harassment' })
    for (let i = 0; i < 40 && upheld.json.code === 'no_open_appeal'; i++) {
      await p.waitForTimeout(250)
      upheld = await act({ targetType: 'talk_post', targetId: postId, action: 'uphold', reason: 'harassment' })
    }
    assert.equal(upheld.status, 200, JSON.stringify(upheld.json))
  })

  it('A’s reply with a resident ID is held, and A is told why', async () => {
    const p = a.page
    await p.goto(threadUrl)
    await p.getByLabel('Your reply').fill('My ID is 11010519491231002X if HR asks.')
    await p.getByRole('button', { name: 'Post reply', exact: true }).click()
    await p.getByRole('status').filter({ hasText: 'Held for review: contains a resident ID number' }).first().waitFor({ timeout: 30_000 })
  })

  it('C sees the removal and the appeal’s outcome in the post’s place; the public log shows both and verifies', async () => {
    await c.page.goto(threadUrl)
    const post = opening(c.page)
    await post.getByText('Removed by a moderator: harassment').waitFor({ timeout: 30_000 }).catch(async (e: unknown) => {
      await c.page.screenshot({ path: path.join(ARTIFACTS_DIR, 'talk-moderation-c-failed.png') })
      throw e
    })
    await post.getByText('Appeal: the decision was upheld').waitFor()
    assert.equal(await post.getByRole('button', { name: 'Appeal' }).count(), 0, 'not C’s post')
    assert.equal(await post.getByRole('button', { name: 'Report' }).count(), 0)

    const log = (await server.app.app.inject({ method: 'GET', url: '/api/v1/moderation/log' })).json() as { entries: Parameters<typeof verifyModerationLog>[0] }
    const entries = log.entries
    assert.deepEqual(entries.filter((e) => e.targetId === postId).map((e) => [e.action, e.reason]), [['remove', 'harassment'], ['uphold', 'harassment']])
    assert.deepEqual(verifyModerationLog(entries), { seq: entries.at(-1)!.seq, hash: entries.at(-1)!.hash })
    assert.ok(entries.some((e) => e.action === 'hold' && e.reason === 'phone_number'))
    assert.ok(entries.some((e) => e.action === 'hold' && e.reason === 'cn_resident_id'))
    // DESIGN §2: B's page read nothing of the thread with its session in the minute after its report.
    const report = b.traffic.writes.find((w) => w.path === '/api/v1/talk/reports')
    assert.ok(report, 'B’s report was seen going out')
    const soon = b.traffic.threadReads.filter((r) => threadUrl.endsWith(r.threadId) && r.at > report.at && r.at - report.at < 60_000)
    assert.deepEqual(soon.map((r) => `GET ${r.path} ${r.at - report.at} ms after the report`), [])
    assert.deepEqual([...a.problems, ...b.problems, ...a2.problems, ...c.problems], [])
  })

  it('A’s page, once its quiet minute is over, reads its held thread: Edit starts from what A wrote, and taking the number out publishes it', async () => {
    const p = a.page
    await p.goto(heldUrl)
    const post = opening(p)
    const edit = post.getByRole('button', { name: 'Edit' })
    await edit.waitFor({ timeout: QUIET_WAIT_MS })
    await post.getByText('Only you can see this is yours', { exact: false }).waitFor()
    await edit.click()
    const text = post.locator('textarea').first()
    assert.equal(await text.inputValue(), HELD_BODY, 'the form holds what A wrote (the server sends a held post’s body to nobody)')
    await text.fill('Happy to help, ask me here any evening.')
    await post.getByRole('button', { name: 'Save changes' }).click()
    await post.getByRole('status').filter({ hasText: 'Edit saved' }).waitFor({ timeout: 30_000 }).catch(async (e: unknown) => {
      await p.screenshot({ path: path.join(ARTIFACTS_DIR, 'talk-moderation-held-edit-failed.png') })
      throw new Error(`${String(e)}\nthe post showed: ${await post.innerText()}`)
    })
    const id = ((await post.getAttribute('id')) ?? '').replace(/^post-/, '')
    const row = await server.app.ctx.db.selectFrom('talkPost').select(['moderation', 'body']).where('id', '=', id).executeTakeFirstOrThrow()
    assert.deepEqual(row, { moderation: null, body: 'Happy to help, ask me here any evening.' })
    assert.deepEqual(a.problems, [])
  })
})
