/**
 * Work Talk end to end, in a real Chromium against a real server: two verified members of one
 * company (MIN_ANONYMITY_SET=2, so it has a key of its own) draw their week's tokens in the
 * background, open a thread, reply as "Employee of …" and as an alias, edit and delete. Each
 * browser shows its own writes from their answers and reads a thread with its session only a
 * minute after writing to it; anonymous requests carry no cookie and the post rows no account.
 *
 * Background scheduling (directory fetch, draw moment) waits minutes in real use; the test hook
 * localStorage['wc.talk.fetchDelayMs'] = '0' (set before any page script runs) makes it immediate.
 * TALK_MIN_TOKEN_AGE_S=0 lets fresh tokens be spent at once (talk-newcomer.e2e.test.ts covers the wait).
 */
import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import type { Page } from 'playwright-core'
import { ALIAS_WORDS } from '../../shared/src/talk/alias.js'
import { signUp as apiSignUp } from '../support/app.js'
import { buildVerifiedUser } from '../support/factories.js'
import { ARTIFACTS_DIR, browserUnavailable, startTestServer } from '../support/server.js'
import { assertAnonymous, assertQuietAfterWrites, scrollWidth, signIn as signInAt, talkPerson } from './browser.js'

const SLUG = 'northwind-labs'
const COMPANY = 'Northwind Labs'
const LABEL = `Employee of ${COMPANY}`
const TITLE = 'How is the new review process going?'
const BODY = 'Curious how others feel about the quarterly reviews since the change.'
/** The quiet minute after a write, plus its random part and the page's few random seconds. */
const QUIET_WAIT_MS = 100_000

const skip = browserUnavailable()
let server: Awaited<ReturnType<typeof startTestServer>>

before(async () => {
  if (skip) return
  server = await startTestServer({ env: { MIN_ANONYMITY_SET: '2', TALK_MIN_TOKEN_AGE_S: '0' } })
})
after(async () => {
  await server?.close()
})

const signIn = (page: Page, email: string, password: string, next = '/talk') => signInAt(page, server.url, email, password, next)
const postByTag = (page: Page, tag: string) => page.getByRole('article', { name: new RegExp(`, ${tag.replace('#', '\\#')}$`) })

/** An English alias ("Quiet Heron") as a Chinese reader sees the same key's alias ("安静的苍鹭"). */
function inChinese(alias: string): string {
  const [adjective, animal] = alias.split(' ')
  const { en, 'zh-CN': zh } = ALIAS_WORDS
  return `${zh.adjectives[en.adjectives.indexOf(adjective!)]}的${zh.animals[en.animals.indexOf(animal!)]}`
}

describe('web app: Work Talk', { skip: skip ?? false }, () => {
  let a: Awaited<ReturnType<typeof talkPerson>>
  let b: Awaited<ReturnType<typeof talkPerson>>
  let userA: Awaited<ReturnType<typeof buildVerifiedUser>>
  let userB: Awaited<ReturnType<typeof buildVerifiedUser>>
  let threadUrl = ''
  let aliasOfB = ''

  before(async () => {
    userA = await buildVerifiedUser(server.app.app, server.app.ctx, SLUG)
    userB = await buildVerifiedUser(server.app.app, server.app.ctx, SLUG)
    await server.app.ctx.db.updateTable('company').set({ name: COMPANY }).where('slug', '=', SLUG).execute()
    a = await talkPerson(0)
    b = await talkPerson(0)
  })
  after(async () => {
    await a?.close()
    await b?.close()
  })

  it('draws the week’s whole allowance in the background: one request per key, the full quota, blinded in a worker', async () => {
    for (const [p, u] of [[a, userA], [b, userB]] as const) {
      await signIn(p.page, u.email, u.password)
      await p.page.getByRole('heading', { level: 1, name: 'Work Talk' }).waitFor()
      // Its company's key and the null key ("every verified member is in the null key's set"): 50 each;
      // and the react key (votes, poll answers), 100, in the same batch — with the year's review and
      // salary keys of the company (1 each) and the shared interview key (5), drawn whether or not
      // they will be used (DESIGN §2). The status counts post tokens.
      await p.page.getByText('100 anonymous tokens ready').waitFor({ timeout: 30_000 })
      for (let i = 0; i < 100 && p.traffic.draws.length < 6; i++) await new Promise((r) => setTimeout(r, 100))
      assert.deepEqual(p.traffic.draws.map((d) => d.count).sort((a, b) => a - b), [1, 1, 5, 50, 50, 100])
      assert.equal(new Set(p.traffic.draws.map((d) => d.keyId)).size, 6)
      const drawnAt = p.traffic.draws.map((d) => d.at)
      assert.ok(Math.max(...drawnAt) - Math.min(...drawnAt) < 10_000, 'one batch')
      assert.ok(p.traffic.workers.some((u) => u.includes('/assets/blind-worker-')), 'blinding ran in the built Web Worker, under the CSP')
    }
    await a.page.getByText('No threads here yet. Start one!').waitFor()
    // Both drew: the next directory document (one per five minutes) counts them.
    await server.app.ctx.db.deleteFrom('talkKeyDirectory').execute()
    server.app.ctx.caches.directory = undefined // and this process's copy of it

  })

  it('the composer shows the label, the real anonymity set and warns about identifying details', async () => {
    const p = a.page
    await p.goto(server.url + '/talk/new')
    await p.getByRole('heading', { level: 1, name: 'New thread' }).waitFor()
    const asCompany = p.getByRole('radio', { name: `Post as “${LABEL}”` })
    assert.equal(await asCompany.isChecked(), true)
    await p.getByText(`Your post will show: ${LABEL}`).waitFor()
    // The number of accounts that drew from the key that pays, from the directory fetched on this load.
    await p.getByText(`You are one of ~2 verified employees of ${COMPANY} who can post as this. That's a small group`, { exact: false }).waitFor()
    // Every verified member holds null-key tokens, so the largest group is always on offer.
    await p.getByRole('radio', { name: 'Post as “Verified professional”' }).waitFor()
    await p.getByRole('radio', { name: /^As an alias: “[A-Z][a-z]+ [A-Z][a-z]+”$/ }).check()
    await p.getByText('You are one of ~2 verified members who can post as this.', { exact: false }).waitFor()
    await asCompany.check()

    await p.getByLabel('Title').fill(TITLE)
    await p.getByLabel('What do you want to say?').fill('Write to me at someone@northwind-labs.example')
    const warning = p.getByRole('status').filter({ hasText: 'this could identify you' })
    await warning.getByText('An e-mail address: “someone@northwind-labs.example”').waitFor()
    await p.getByLabel('What do you want to say?').fill(BODY)
    await warning.waitFor({ state: 'detached' }).catch(() => undefined)
    assert.equal(await p.getByText('An e-mail address:').count(), 0)
    await p.getByRole('link', { name: 'How Work Talk keeps you anonymous' }).first().waitFor()
  })

  it('a draft survives a reload', async () => {
    const p = a.page
    // At once: the IndexedDB save waits 400 ms after the last keystroke; leaving the page sooner
    // goes through the synchronous localStorage backup.
    await p.reload()
    await p.getByLabel('Title').waitFor()
    await p.waitForFunction((title) => (document.getElementById('thread-title') as HTMLInputElement | null)?.value === title, TITLE)
    assert.equal(await p.getByLabel('What do you want to say?').inputValue(), BODY)
  })

  it('opens a thread as "Employee of …" with the OP tag, shown from its own answer', async () => {
    const p = a.page
    await p.getByRole('button', { name: 'Post thread' }).click()
    await p.waitForURL(/\/talk\/t\/[0-9a-f-]{36}$/)
    threadUrl = p.url()
    await p.getByRole('heading', { level: 1, name: TITLE }).waitFor()
    const op = postByTag(p, 'OP')
    await op.getByText(LABEL, { exact: true }).waitFor()
    await op.getByText(BODY).waitFor()
    await op.getByText('you', { exact: true }).waitFor()
    await op.getByRole('status').filter({ hasText: /^Published$/ }).waitFor()
    assert.equal(a.traffic.threadReads.length, 0, 'rendered from the answer, not read back')

    await p.goto(server.url + '/talk')
    const item = p.getByRole('listitem').filter({ has: p.getByRole('link', { name: TITLE }) })
    await item.getByText(LABEL, { exact: true }).waitFor()
    await item.getByText('0 replies').waitFor()
    assert.equal(await p.getByRole('link', { name: TITLE }).count(), 1)
    await p.screenshot({ path: path.join(ARTIFACTS_DIR, 'talk-list.png'), fullPage: true })
  })

  it('another member replies under an alias; the reply shows at once and the label is locked', async () => {
    const p = b.page
    await p.goto(threadUrl)
    await p.getByRole('heading', { level: 1, name: TITLE }).waitFor()
    await postByTag(p, 'OP').waitFor()
    await p.getByRole('radio', { name: /^As an alias: / }).check()
    aliasOfB = /“(.+)”/.exec(await p.locator('label[for="reply-as-alias"]').innerText())![1]!
    await p.getByText(`Your post will show: ${aliasOfB}`).waitFor()
    await p.getByLabel('Your reply').fill('Honestly it has been calmer than before.')
    await p.getByRole('button', { name: 'Post reply' }).click()
    const mine = p.getByRole('article', { name: `Post by ${aliasOfB}, you` })
    await mine.getByText('calmer than before').waitFor()
    await mine.getByRole('status').filter({ hasText: /^Published$/ }).waitFor()
    await p.getByText(`You posted in this thread as “${aliasOfB}”`, { exact: false }).waitFor()
    assert.equal(await postByTag(p, 'OP').getByText('you', { exact: true }).count(), 0, 'B did not open the thread')
  })

  it('the opener replies (still OP) and edits it at once; the thread is read again after the quiet minute', { timeout: 150_000 }, async () => {
    const p = a.page
    await p.goto(threadUrl)
    await p.getByRole('heading', { level: 1, name: TITLE }).waitFor()
    await p.getByLabel('Your reply').fill('Thanks! Glad to hear it.')
    await p.getByRole('button', { name: 'Post reply' }).click()
    await p.getByText('Your reply is posted.').waitFor()
    const mine = postByTag(p, 'OP').filter({ hasText: 'Glad to hear it' })
    await mine.getByText(LABEL, { exact: true }).waitFor()
    assert.equal(await postByTag(p, 'OP').count(), 2)

    // Stored, not read back yet: it can be edited already (its id and revision came with the answer).
    await mine.getByRole('button', { name: 'Edit' }).click()
    await mine.getByLabel('Your reply').fill('Thanks! Glad to hear it went well.')
    await mine.getByRole('button', { name: 'Save changes' }).click()
    const edited = postByTag(p, 'OP').filter({ hasText: 'went well' })
    await edited.getByRole('status').filter({ hasText: 'Edit saved' }).waitFor()

    // The read after the quiet minute: B's alias reply is #2, A's reply is marked edited.
    await postByTag(p, '#2').getByText(aliasOfB, { exact: true }).waitFor({ timeout: QUIET_WAIT_MS })
    await edited.getByText('edited').waitFor()
    assert.equal(await postByTag(p, '#2').getByRole('button', { name: 'Edit' }).count(), 0, 'B’s post is not A’s')
    assertQuietAfterWrites(a.traffic)
    assert.deepEqual(a.problems, [])
  })

  it('settings show the recovery phrase on request and accept one', async () => {
    const p = a.page
    await p.goto(server.url + '/settings')
    const section = p.getByRole('region', { name: 'Work Talk identity' })
    await section.getByText('Signing out keeps this secret and your unused tokens in this browser', { exact: false }).waitFor()
    assert.equal(await section.locator('code').count(), 0, 'hidden until asked for')
    await section.getByRole('button', { name: 'Show recovery phrase' }).click()
    await section.getByText('Anyone with this phrase can edit or delete your posts', { exact: false }).waitFor()
    const phrase = await section.locator('code').innerText()
    assert.match(phrase, /^[0-9a-f]{4}(-[0-9a-f]{4}){16}$/)

    await section.getByLabel('Recovery phrase', { exact: true }).fill(phrase.replace(/^.{4}/, 'ffff'))
    await section.getByRole('button', { name: 'Use this phrase…' }).click()
    await section.getByRole('alert').getByText("That phrase isn't valid.", { exact: false }).waitFor()
    assert.equal(await section.getByLabel('Recovery phrase', { exact: true }).getAttribute('aria-invalid'), 'true')
    await section.getByLabel('Recovery phrase', { exact: true }).fill(phrase.toUpperCase())
    await section.getByRole('button', { name: 'Use this phrase…' }).click()
    await section.getByRole('button', { name: 'Yes, replace' }).click()
    await section.getByText('This browser now uses the identity from your recovery phrase.').waitFor()
    // The same identity: A still owns its posts.
    await p.goto(threadUrl)
    await postByTag(p, 'OP').first().getByRole('button', { name: 'Edit' }).waitFor()
  })

  it('the opener deletes its reply: shown deleted at once', async () => {
    const p = a.page
    const edited = postByTag(p, 'OP').filter({ hasText: 'went well' })
    await edited.getByRole('button', { name: 'Delete' }).click()
    await edited.getByRole('button', { name: 'Yes, delete' }).click()
    const deleted = postByTag(p, 'OP').filter({ hasText: 'This post was deleted by its author.' })
    await deleted.getByRole('status').filter({ hasText: 'Deleted' }).waitFor()
    await p.screenshot({ path: path.join(ARTIFACTS_DIR, 'talk-thread.png'), fullPage: true })
    assert.deepEqual(a.problems, [])
  })

  it('a scheduled reply waits in the browser; "publish now" sends it', async () => {
    const p = a.page
    await p.getByLabel('Your reply').fill('One more thought, for later.')
    await p.getByLabel('When to publish').selectOption({ label: 'At a random moment within 10 minutes' })
    await p.getByText('Keep this tab open until it\'s published.', { exact: false }).waitFor()
    const writes = a.traffic.writes.length
    await p.getByRole('button', { name: 'Schedule post' }).click()
    // The composer says when, and is empty again (the text is in the outbox).
    await p.getByRole('region', { name: 'Reply' }).getByRole('status').filter({ hasText: /^Will be published by .+$/ }).waitFor()
    assert.equal(await p.getByLabel('Your reply').inputValue(), '')
    const pending = p.getByRole('article', { name: `Post by ${LABEL}, OP` }).filter({ hasText: 'One more thought, for later.' })
    await pending.getByRole('status').filter({ hasText: /^Will be published by / }).waitFor()
    assert.equal(a.traffic.writes.length, writes, 'nothing sent yet')

    // Cancel puts the text back into the composer; schedule it again and publish at once.
    await pending.getByRole('button', { name: 'Cancel and edit' }).click()
    await p.waitForFunction(() => (document.getElementById('reply-body') as HTMLTextAreaElement | null)?.value === 'One more thought, for later.')
    await p.getByRole('button', { name: 'Schedule post' }).click()
    await pending.getByRole('button', { name: 'Publish now' }).click()
    await pending.getByRole('status').filter({ hasText: /^Published$/ }).waitFor()
    assert.equal(a.traffic.writes.length, writes + 1)
    // A reload right after: the local copy still shows it (the thread is not read within the quiet minute).
    await p.reload()
    await pending.waitFor()
    const last = a.traffic.writes.at(-1)!
    assert.equal((await last.request.allHeaders()).cookie, undefined)
  })

  it('anonymous requests carried no cookie, no thread was read within a minute of a write, and post rows hold no account', async () => {
    // B's page read the thread again by itself after its quiet minute: its reply now has its tag.
    await postByTag(b.page, '#2').getByText('calmer than before').waitFor({ timeout: QUIET_WAIT_MS })
    assert.ok(a.traffic.writes.length >= 5, `the thread, two replies, an edit and a delete; saw ${a.traffic.writes.length}`)
    assert.ok(b.traffic.writes.length >= 1)
    for (const p of [a, b]) {
      await assertAnonymous(p.traffic)
      assertQuietAfterWrites(p.traffic)
    }
    assert.ok(a.traffic.writes.some((w) => w.request.method() === 'POST' && w.path === '/api/v1/talk/threads'))
    // The check means something: the session reads of the same page do carry the cookie.
    assert.match((await a.traffic.threadReads[0]!.request.allHeaders()).cookie ?? '', /wc_session=/)

    const db = server.app.ctx.db
    const columns = await sql<{ columnName: string }>`select column_name from information_schema.columns where table_name = 'talk_post'`.execute(db)
    const names = columns.rows.map((c) => c.columnName)
    assert.ok(names.length > 0)
    for (const n of names) assert.doesNotMatch(n, /account|session|user|email|ip_|agent/i, `talk_post.${n}`)
    const rows = await db.selectFrom('talkPost').selectAll().execute()
    assert.equal(rows.length, 4, 'the opening post, B’s reply, A’s deleted reply and the scheduled one')
    const dump = JSON.stringify(rows)
    for (const u of [userA, userB]) assert.ok(!dump.includes(u.id), 'an account id appears in talk_post')
    assert.deepEqual(b.problems, [])
  })

  it('the composer in Chinese, and the pages at phone width', async () => {
    const p = b.page
    await p.goto(server.url + '/talk/new')
    await p.getByLabel('Language').selectOption('zh-CN')
    await p.getByRole('heading', { level: 1, name: '发新帖' }).waitFor()
    await p.getByRole('radio', { name: `以“${COMPANY} 员工”身份发帖` }).waitFor()
    await p.getByLabel('标题').fill('新的绩效流程怎么样？')
    await p.getByLabel('你想说什么？').fill('我们支付团队在11月20日开会讨论了这件事。')
    await p.getByText('发帖前请检查：以下内容可能暴露你的身份').waitFor()
    await p.screenshot({ path: path.join(ARTIFACTS_DIR, 'talk-composer-zh-CN.png'), fullPage: true })
    await p.goto(threadUrl)
    await p.getByRole('article', { name: `${COMPANY} 员工（楼主）的帖子` }).first().getByText('楼主', { exact: true }).waitFor()
    // Aliases are in the reader's language: the same key's name in Chinese.
    await p.getByText(`你在此帖中以“${inChinese(aliasOfB)}”身份发过言`, { exact: false }).waitFor()
    await p.getByLabel('语言').selectOption('en')
    await p.getByRole('heading', { level: 1, name: TITLE }).waitFor()

    await p.setViewportSize({ width: 360, height: 800 })
    for (const url of [server.url + '/talk', server.url + '/talk/new', threadUrl, server.url + '/talk/about']) {
      await p.goto(url)
      await p.getByRole('heading', { level: 1 }).waitFor()
      assert.ok((await scrollWidth(p)) <= 360, `${url} overflows at 360px`)
    }
    await p.goto(threadUrl)
    await postByTag(p, 'OP').first().waitFor()
    await p.screenshot({ path: path.join(ARTIFACTS_DIR, 'talk-thread-360.png'), fullPage: true })
    assert.deepEqual(b.problems, [])
  })

  it('with an empty wallet a post waits for the next draw: nothing is fetched or sent because of it', async () => {
    const d = await talkPerson(0)
    try {
      // The directory comes at once, the draw ten minutes later (DESIGN §2: a newcomer draws within two).
      await d.context.addInitScript(() => localStorage.setItem('wc.talk.drawDelayMs', '600000'))
      const user = await buildVerifiedUser(server.app.app, server.app.ctx, SLUG)
      await signIn(d.page, user.email, user.password, '/talk/new')
      await d.page.getByText('Preparing your anonymous tokens…').first().waitFor()
      await d.page.getByText("Your anonymous tokens haven't arrived yet.", { exact: false }).waitFor()
      await d.page.getByLabel('Title').fill('Too early')
      await d.page.getByLabel('What do you want to say?').fill('Posted before any token arrived.')
      await d.page.getByRole('button', { name: 'Post thread' }).click()
      await d.page.waitForURL(/\/talk\/pending\//)
      await d.page.getByRole('status').filter({ hasText: 'Waiting for your anonymous tokens' }).waitFor()
      await d.page.getByText('Posted before any token arrived.').waitFor()
      await d.page.waitForTimeout(2000)
      assert.deepEqual(d.traffic.writes, [])
      assert.deepEqual(d.traffic.draws, [], 'no token fetch right before or after the attempt')
      // Nothing is lost: "cancel and edit" puts the text back into the composer.
      await d.page.getByRole('button', { name: 'Cancel and edit' }).click()
      await d.page.waitForURL(server.url + '/talk/new')
      await d.page.waitForFunction(() => (document.getElementById('thread-body') as HTMLTextAreaElement | null)?.value === 'Posted before any token arrived.')
      assert.deepEqual(d.problems, [])
    } finally {
      await d.close()
    }
  })

  it('a member without a verification is asked to verify first', async () => {
    const c = await talkPerson(0)
    try {
      const user = await apiSignUp(server.app.app)
      await signIn(c.page, user.email, user.password)
      await c.page.getByRole('heading', { level: 1, name: 'Verify where you work to join Work Talk' }).waitFor()
      await c.page.setViewportSize({ width: 360, height: 740 })
      assert.ok((await scrollWidth(c.page)) <= 360, 'the verify-first page scrolls sideways at 360px')
      await c.page.getByRole('link', { name: 'Verify where you work' }).click()
      await c.page.waitForURL(server.url + '/verify')
      assert.deepEqual(c.traffic.writes, [])
      assert.deepEqual(c.traffic.draws, [])
      assert.deepEqual(c.problems, [])
    } finally {
      await c.close()
    }
  })
})
