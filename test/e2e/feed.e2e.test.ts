/**
 * End to end, in Chromium: Ada posts to her feed from the home page; Bob, a connection, sees it in
 * his feed, likes it and comments (in Chinese); Ada sees the comment and the counts, edits the
 * post and deletes it after a confirmation. Phone width on the way.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { browserUnavailable, startTestServer } from '../support/server.js'
import { openPerson, scrollWidth, signUp, uniqueEmail, type Person } from './browser.js'

const PASSWORD = 'Analytical-Engine-1843'
const POST = 'Shipped the **new release** today. Thanks, team!'
const COMMENT = '恭喜！今年的年终奖有着落了'

const skip = browserUnavailable()
let server: Awaited<ReturnType<typeof startTestServer>>

before(async () => {
  if (skip) return
  server = await startTestServer()
})
after(async () => {
  await server?.close()
})

describe('web app: the feed', { skip: skip ?? false }, () => {
  let ada: Person
  let bob: Person
  before(async () => {
    ada = await openPerson()
    bob = await openPerson()
  })
  after(async () => {
    await ada?.close()
    await bob?.close()
  })

  const idOf = async (email: string) => (await server.app.ctx.db.selectFrom('account').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id
  // By its author's link, so it is found in either language (its accessible name is translated).
  const adaPost = (p: Person) => p.page.locator('article.feed-post').filter({ has: p.page.getByRole('link', { name: 'Ada Lovelace', exact: true }) })

  it('Ada and Bob sign up and are connected', async () => {
    const adaEmail = uniqueEmail('ada')
    const bobEmail = uniqueEmail('bob')
    await signUp(ada.page, server.url, 'Ada Lovelace', adaEmail, PASSWORD)
    await signUp(bob.page, server.url, 'Bob Babbage', bobEmail, PASSWORD)
    const [a, b] = [await idOf(adaEmail), await idOf(bobEmail)]
    await server.app.ctx.db.insertInto('connection').values({ requesterId: a, addresseeId: b, state: 'accepted', note: null, createdAt: new Date(), acceptedAt: new Date() }).execute()
  })

  it('Ada posts from the composer on her home page and sees her post, rendered', async () => {
    const p = ada.page
    await p.goto(server.url + '/')
    await p.getByRole('heading', { level: 2, name: 'Your feed' }).waitFor()
    await p.getByLabel('What do you want to share?').fill(POST)
    await p.getByRole('button', { name: 'Preview' }).click()
    await p.locator('.feed-preview strong', { hasText: 'new release' }).waitFor()
    await p.getByRole('button', { name: 'Post', exact: true }).click()
    await adaPost(ada).locator('strong', { hasText: 'new release' }).waitFor()
    await p.getByRole('article', { name: 'Post by Ada Lovelace' }).waitFor()
    await p.getByRole('complementary', { name: 'Work Talk and next steps' }).waitFor()
  })

  it('Bob sees it in his feed, likes it and comments in Chinese', async () => {
    const p = bob.page
    await p.goto(server.url + '/')
    const post = adaPost(bob)
    await post.getByText('new release').waitFor()
    // Ada's page stays open, untouched: her bell follows over her live stream.
    await ada.page.getByRole('link', { name: /Notifications, 0 unread/ }).waitFor()
    await post.getByRole('button', { name: 'Like', exact: true }).click()
    await post.getByText('1 like · 0 comments').waitFor()
    await ada.page.getByRole('link', { name: /Notifications, 1 unread/ }).waitFor({ timeout: 15_000 })
    await post.getByRole('button', { name: 'Unlike' }).waitFor()

    await p.getByLabel('Language', { exact: true }).selectOption('zh-CN')
    await post.getByRole('button', { name: '评论', exact: true }).click()
    await post.getByLabel('写评论').fill(COMMENT)
    await post.getByRole('button', { name: '发送评论' }).click()
    await post.getByText(COMMENT).waitFor()
    await post.getByText('1 个赞 · 1 条评论').waitFor()
    await p.getByLabel('语言', { exact: true }).selectOption('en')
    await ada.page.getByRole('link', { name: /Notifications, 2 unread/ }).waitFor({ timeout: 15_000 })
  })

  it('Ada’s notifications say who liked and commented, and lead to the post', async () => {
    const p = ada.page
    await p.getByRole('link', { name: /Notifications, 2 unread/ }).click()
    await p.getByText('Bob Babbage liked your post.').waitFor()
    await p.getByText('Bob Babbage commented on your post.').click()
    await p.waitForURL(/\/posts\/[0-9a-f-]{36}$/)
    await adaPost(ada).getByText('new release').waitFor()
    await p.goto(server.url + '/')
  })

  it('Ada sees the comment and the counts, and the home page fits a phone', async () => {
    const p = ada.page
    await p.reload()
    const post = adaPost(ada)
    await post.getByText('1 like · 1 comment').waitFor()
    await post.getByRole('button', { name: 'Comment', exact: true }).click()
    await post.getByText(COMMENT).waitFor()
    await post.getByRole('link', { name: 'Bob Babbage' }).waitFor()
    await p.setViewportSize({ width: 390, height: 800 })
    assert.ok((await scrollWidth(p)) <= 390, 'home feed at 390 px')
    await p.setViewportSize({ width: 1280, height: 900 })
  })

  it('Ada edits the post (marked edited), then deletes it after a confirmation; Bob no longer finds it', async () => {
    const p = ada.page
    const post = adaPost(ada)
    await post.getByRole('button', { name: 'Edit', exact: true }).first().click()
    await post.getByLabel('Edit your post').fill('Shipped the release today (edited).')
    await post.getByRole('button', { name: 'Save' }).click()
    // The edit box holds the new text too (React writes a textarea's value into its text): wait
    // for the saved post, not for the words, or "Delete" below finds a comment's button.
    await post.getByLabel('Edit your post').waitFor({ state: 'detached' })
    await post.getByText('Shipped the release today (edited).').waitFor()
    await post.locator('.feed-post-head').getByText('edited', { exact: false }).first().waitFor()

    await post.getByRole('button', { name: 'Delete', exact: true }).first().click()
    await p.getByText('Delete this post for everyone? Its comments and likes go with it.').waitFor()
    await post.getByRole('group').getByRole('button', { name: 'Delete' }).click()
    await adaPost(ada).waitFor({ state: 'detached' })

    await bob.page.reload()
    await bob.page.getByText('Nothing here yet.', { exact: false }).waitFor()
    assert.equal(await adaPost(bob).count(), 0)
  })
})
