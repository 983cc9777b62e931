/**
 * Work Talk end to end, in a real Chromium against a real server: two verified members of one
 * company (MIN_ANONYMITY_SET=2, so it has a key of its own) collect tokens in the background, open
 * a thread, reply as "Employee of …" and as an alias, edit and delete; the anonymous writes carry
 * no cookie and the post rows no account. An unverified member is sent to verify first.
 *
 * Token fetching waits 5–60 s at random in real use; the test hook
 * localStorage['wc.talk.fetchDelayMs'] = '0' (set before any page script runs) makes it immediate.
 */
import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import type { Page, Request } from 'playwright-core'
import { signUp as apiSignUp } from '../support/app.js'
import { buildVerifiedUser } from '../support/factories.js'
import { ARTIFACTS_DIR, browserUnavailable, startTestServer } from '../support/server.js'
import { openPerson, scrollWidth, type Person } from './browser.js'

const SLUG = 'northwind-labs'
const COMPANY = 'Northwind Labs'
const LABEL = `Employee of ${COMPANY}`
const TITLE = 'How is the new review process going?'
const BODY = 'Curious how others feel about the quarterly reviews since the change.'

const skip = browserUnavailable()
let server: Awaited<ReturnType<typeof startTestServer>>

before(async () => {
  if (skip) return
  server = await startTestServer({ env: { MIN_ANONYMITY_SET: '2' } })
})
after(async () => {
  await server?.close()
})

/** A person whose background token fetch starts at once, and who records the Work Talk writes. */
async function person(): Promise<Person & { writes: Request[]; reads: Request[] }> {
  const p = await openPerson()
  await p.context.addInitScript(() => localStorage.setItem('wc.talk.fetchDelayMs', '0'))
  const writes: Request[] = []
  const reads: Request[] = []
  p.page.on('request', (r) => {
    const url = new URL(r.url())
    if (!url.pathname.startsWith('/api/v1/talk/')) return
    if (r.method() === 'GET' && url.pathname === '/api/v1/talk/threads') reads.push(r)
    if (r.method() !== 'GET' && url.pathname !== '/api/v1/talk/tokens') writes.push(r)
  })
  return Object.assign(p, { writes, reads })
}

async function signIn(page: Page, email: string, password: string, next = '/talk'): Promise<void> {
  await page.goto(`${server.url}/signin?next=${encodeURIComponent(next)}`)
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL(server.url + next)
}

const postByTag = (page: Page, tag: string) => page.getByRole('article', { name: new RegExp(`, ${tag.replace('#', '\\#')}$`) })

describe('web app: Work Talk', { skip: skip ?? false }, () => {
  let a: Awaited<ReturnType<typeof person>>
  let b: Awaited<ReturnType<typeof person>>
  let userA: Awaited<ReturnType<typeof buildVerifiedUser>>
  let userB: Awaited<ReturnType<typeof buildVerifiedUser>>
  let threadUrl = ''

  before(async () => {
    userA = await buildVerifiedUser(server.app.app, server.app.ctx, SLUG)
    userB = await buildVerifiedUser(server.app.app, server.app.ctx, SLUG)
    await server.app.ctx.db.updateTable('company').set({ name: COMPANY }).where('slug', '=', SLUG).execute()
    a = await person()
    b = await person()
  })
  after(async () => {
    await a?.close()
    await b?.close()
  })

  it('collects anonymous tokens in the background after sign-in', async () => {
    await signIn(a.page, userA.email, userA.password)
    await a.page.getByRole('heading', { level: 1, name: 'Work Talk' }).waitFor()
    await a.page.getByText('20 anonymous tokens ready').waitFor({ timeout: 30_000 })
    await a.page.getByText('No threads here yet. Start one!').waitFor()
  })

  it('the composer shows the label, the anonymity set and warns about identifying details', async () => {
    const p = a.page
    await p.getByRole('link', { name: 'New thread' }).click()
    await p.waitForURL(server.url + '/talk/new')
    await p.getByRole('heading', { level: 1, name: 'New thread' }).waitFor()
    const asCompany = p.getByRole('radio', { name: `Post as “${LABEL}”` })
    assert.equal(await asCompany.isChecked(), true)
    await p.getByText(`Your post will show: ${LABEL}`).waitFor()
    await p.getByText(`You are one of ~2 verified employees of ${COMPANY} who can post as this.`).waitFor()
    await p.getByRole('radio', { name: /^As an alias: “[A-Z][a-z]+ [A-Z][a-z]+”$/ }).waitFor()

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

  it('opens a thread as "Employee of …" with the OP tag, sent without a cookie', async () => {
    const p = a.page
    await p.getByRole('button', { name: 'Post thread' }).click()
    await p.waitForURL(/\/talk\/t\/[0-9a-f-]{36}$/)
    threadUrl = p.url()
    await p.getByRole('heading', { level: 1, name: TITLE }).waitFor()
    const op = postByTag(p, 'OP')
    await op.getByText(LABEL, { exact: true }).waitFor()
    await op.getByText(BODY).waitFor()
    await op.getByText('you', { exact: true }).waitFor()

    await p.goto(server.url + '/talk')
    const item = p.getByRole('listitem').filter({ has: p.getByRole('link', { name: TITLE }) })
    await item.getByText(LABEL, { exact: true }).waitFor()
    await item.getByText('0 replies').waitFor()
    await p.screenshot({ path: path.join(ARTIFACTS_DIR, 'talk-list.png'), fullPage: true })
  })

  it('another member replies under an alias and gets #2', async () => {
    const p = b.page
    await signIn(p, userB.email, userB.password)
    await p.getByText('20 anonymous tokens ready').waitFor({ timeout: 30_000 })
    await p.goto(threadUrl)
    await p.getByRole('heading', { level: 1, name: TITLE }).waitFor()
    const alias = p.getByRole('radio', { name: /^As an alias: / })
    await alias.check()
    const aliasName = /“(.+)”/.exec(await p.locator('label[for="reply-as-alias"]').innerText())![1]!
    await p.getByText(`Your post will show: ${aliasName}`).waitFor()
    await p.getByLabel('Your reply').fill('Honestly it has been calmer than before.')
    await p.getByRole('button', { name: 'Post reply' }).click()
    const reply = postByTag(p, '#2')
    await reply.getByText(aliasName, { exact: true }).waitFor()
    await reply.getByText('calmer than before').waitFor()
    assert.equal(await postByTag(p, 'OP').getByText('you', { exact: true }).count(), 0, 'B did not open the thread')
  })

  it('the opener replies again and is still OP; edits and deletes own posts', async () => {
    const p = a.page
    await p.goto(threadUrl)
    await postByTag(p, '#2').waitFor()
    await p.getByLabel('Your reply').fill('Thanks! Glad to hear it.')
    await p.getByRole('button', { name: 'Post reply' }).click()
    await p.getByText('Your reply is posted.').waitFor()
    const mine = postByTag(p, 'OP').filter({ hasText: 'Glad to hear it' })
    await mine.getByText(LABEL, { exact: true }).waitFor()
    assert.equal(await postByTag(p, 'OP').count(), 2)

    await mine.getByRole('button', { name: 'Edit' }).click()
    await mine.getByLabel('Your reply').fill('Thanks! Glad to hear it went well.')
    await mine.getByRole('button', { name: 'Save changes' }).click()
    await p.getByText('Your post is updated.').waitFor()
    const edited = postByTag(p, 'OP').filter({ hasText: 'went well' })
    await edited.getByText('edited').waitFor()
    // B's post is not A's: no edit button there.
    assert.equal(await postByTag(p, '#2').getByRole('button', { name: 'Edit' }).count(), 0)

    await edited.getByRole('button', { name: 'Delete' }).click()
    await edited.getByRole('button', { name: 'Yes, delete' }).click()
    await p.getByText('Your post is deleted.').waitFor()
    await p.getByText('This post was deleted by its author.').waitFor()
    await p.screenshot({ path: path.join(ARTIFACTS_DIR, 'talk-thread.png'), fullPage: true })
    assert.deepEqual(a.problems, [])
    assert.deepEqual(b.problems, [])
  })

  it('anonymous writes carried no cookie, and post rows hold no account', async () => {
    const writes = [...a.writes, ...b.writes]
    assert.ok(writes.length >= 5, `expected the thread, two replies, an edit and a delete; saw ${writes.length}`)
    for (const r of writes) {
      const headers = await r.allHeaders()
      assert.equal(headers.cookie, undefined, `${r.method()} ${r.url()} sent a cookie`)
      assert.equal(headers.referer, undefined, `${r.method()} ${r.url()} sent a referer`)
    }
    assert.ok(writes.some((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/talk/threads'))
    // The check means something: the session reads of the same page do carry the cookie.
    assert.match((await a.reads[0]!.allHeaders()).cookie ?? '', /wc_session=/)

    const db = server.app.ctx.db
    const columns = await sql<{ columnName: string }>`select column_name from information_schema.columns where table_name = 'talk_post'`.execute(db)
    const names = columns.rows.map((c) => c.columnName)
    assert.ok(names.length > 0)
    for (const n of names) assert.doesNotMatch(n, /account|session|user|email|ip_|agent/i, `talk_post.${n}`)
    const rows = await db.selectFrom('talkPost').selectAll().execute()
    assert.equal(rows.length, 3)
    const dump = JSON.stringify(rows)
    for (const u of [userA, userB]) assert.ok(!dump.includes(u.id), 'an account id appears in talk_post')
  })

  it('a scheduled reply waits in the browser; "publish now" sends it', async () => {
    const p = a.page
    await p.goto(threadUrl)
    await p.getByLabel('Your reply').fill('One more thought, for later.')
    await p.getByLabel('When to publish').selectOption({ label: 'At a random moment within 10 minutes' })
    await p.getByText('Keep this tab open until it\'s published.', { exact: false }).waitFor()
    await p.getByRole('button', { name: 'Schedule post' }).click()
    await p.getByText(/^Scheduled\. It will be published by .+ — keep this tab open\.$/).waitFor()
    assert.equal(await p.getByLabel('Your reply').inputValue(), '')
    const pending = p.getByRole('region', { name: 'Scheduled posts' })
    await pending.getByText('Reply: One more thought, for later.').waitFor()

    // Cancel puts the text back into the composer; schedule it again and publish at once.
    await pending.getByRole('button', { name: 'Cancel and edit' }).click()
    await p.waitForFunction(() => (document.getElementById('reply-body') as HTMLTextAreaElement | null)?.value === 'One more thought, for later.')
    await p.getByRole('button', { name: 'Schedule post' }).click()
    await pending.getByRole('button', { name: 'Publish now' }).click()
    await p.getByText('Your scheduled post is published.').waitFor()
    await pending.waitFor({ state: 'detached' })
    await p.reload()
    await postByTag(p, 'OP').filter({ hasText: 'One more thought, for later.' }).waitFor()
    const last = a.writes[a.writes.length - 1]!
    assert.equal((await last.allHeaders()).cookie, undefined)
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

  it('with an empty wallet nothing is sent: the text stays and tokens come later', async () => {
    const d = await person()
    try {
      // Override the hook set by person(): the background fetch is ten minutes away.
      await d.context.addInitScript(() => localStorage.setItem('wc.talk.fetchDelayMs', '600000'))
      const tokenRequests: string[] = []
      d.page.on('request', (r) => {
        if (new URL(r.url()).pathname === '/api/v1/talk/tokens') tokenRequests.push(r.url())
      })
      const user = await buildVerifiedUser(server.app.app, server.app.ctx, SLUG)
      await signIn(d.page, user.email, user.password, '/talk/new')
      await d.page.getByText('Preparing your anonymous tokens…').first().waitFor()
      await d.page.getByLabel('Title').fill('Too early')
      await d.page.getByLabel('What do you want to say?').fill('Posted before any token arrived.')
      await d.page.getByRole('button', { name: 'Post thread' }).click()
      await d.page.getByRole('alert').getByText('Preparing your anonymous tokens — try again in a minute.').waitFor()
      assert.equal(await d.page.getByLabel('What do you want to say?').inputValue(), 'Posted before any token arrived.')
      assert.equal(d.writes.length, 0)
      assert.deepEqual(tokenRequests, [], 'no token fetch right before or after the attempt')
      assert.deepEqual(d.problems, [])
    } finally {
      await d.close()
    }
  })

  it('a member without a verification is asked to verify first', async () => {
    const c = await person()
    try {
      const user = await apiSignUp(server.app.app)
      await signIn(c.page, user.email, user.password)
      await c.page.getByRole('heading', { level: 1, name: 'Verify where you work to join Work Talk' }).waitFor()
      await c.page.setViewportSize({ width: 360, height: 740 })
      assert.ok((await scrollWidth(c.page)) <= 360, 'the verify-first page scrolls sideways at 360px')
      await c.page.getByRole('link', { name: 'Verify where you work' }).click()
      await c.page.waitForURL(server.url + '/verify')
      assert.equal(c.writes.length, 0)
      assert.deepEqual(c.problems, [])
    } finally {
      await c.close()
    }
  })
})
