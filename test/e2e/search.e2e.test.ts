/**
 * End to end, in Chromium against a real server: the header's search box finds a member by a
 * misspelt name, a feed post and a Work Talk thread by a Chinese word the segmenter cut differently ("年终奖" in
 * "今年的年终奖取消了"), in English and in Chinese, with tabs per type — and nothing scrolls sideways
 * at 390 px.
 */
import assert from 'node:assert/strict'
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { ARTIFACTS_DIR, browserUnavailable, startTestServer } from '../support/server.js'
import { buildVerifiedUser } from '../support/factories.js'
import { signUp as apiSignUp } from '../support/app.js'
import { IndependentClient, injectSender } from '../support/independent-client.js'
import { openPerson, scrollWidth, signIn, type Person } from './browser.js'

const skip = browserUnavailable()
let server: Awaited<ReturnType<typeof startTestServer>>
let member: Awaited<ReturnType<typeof buildVerifiedUser>>
let threadId = ''
let feedPostId = ''

before(async () => {
  if (skip) return
  server = await startTestServer()
  await mkdir(ARTIFACTS_DIR, { recursive: true })
  const { app, ctx } = server.app
  member = await buildVerifiedUser(app, ctx, 'searchco')
  await apiSignUp(app, { name: 'Alice Chen' })
  await apiSignUp(app, { name: 'Bob Wang' })
  const client = new IndependentClient(injectSender(app))
  const key = (await client.directory()).find((k) => k.company === null && k.purpose === 'talk')!
  const [token] = await client.fetchTokens(member.cookie, key.keyId, 1)
  const opened = await client.openThread(token!, '今年的年终奖取消了', '部门通知说明年再议。', 'alias')
  assert.equal(opened.status, 201, JSON.stringify(opened.json))
  threadId = opened.json.threadId
  // A feed post in Chinese, by someone else.
  const author = await apiSignUp(app, { name: 'Chen Jing' })
  const post = await app.inject({ method: 'POST', url: '/api/v1/feed/posts', headers: { cookie: author.cookie }, payload: { body: '今年的年终奖取消了，大家那边呢？' } })
  assert.equal(post.statusCode, 201, post.body)
  feedPostId = post.json().id
})

after(async () => {
  await server?.close()
})

const tabs = (p: Person, name: string) => p.page.getByRole('navigation', { name })

describe('web app: search from the header', { skip: skip ?? false }, () => {
  let p: Person

  before(async () => {
    p = await openPerson()
    await signIn(p.page, server.url, member.email, member.password, '/settings')
    // The page (a lazy chunk) is in: typing before it renders could be lost to the re-render.
    await p.page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor()
  })
  after(async () => {
    await p?.close()
  })

  it('finds a member by a misspelt name from the header box', async () => {
    const box = p.page.getByRole('searchbox', { name: 'Search Watercooler' })
    await box.fill('Alcie Chen')
    assert.equal(await box.inputValue(), 'Alcie Chen')
    await box.press('Enter')
    await p.page.waitForURL(/\/search\?q=Alcie\+Chen/)
    await p.page.getByRole('link', { name: 'Alice Chen' }).waitFor()
    assert.equal(await p.page.getByRole('link', { name: 'Bob Wang' }).count(), 0)
    const people = tabs(p, 'Kinds of results').getByRole('link', { name: /^People/ })
    await people.click()
    await p.page.waitForURL(/type=people/)
    // The router renders the new URL a tick after it changes (CI once read the attribute in between): wait for the tab to be the current one.
    await tabs(p, 'Kinds of results').locator('a[aria-current="page"]', { hasText: /^People/ }).waitFor()
    assert.equal(await people.getAttribute('aria-current'), 'page')
    await p.page.screenshot({ path: path.join(ARTIFACTS_DIR, 'search-en.png') })
    await p.page.getByRole('link', { name: 'Alice Chen' }).waitFor()
  })

  it('finds a Chinese thread by 年终奖 and marks the word', async () => {
    const box = p.page.getByRole('searchbox', { name: 'Search Watercooler' })
    await box.fill('年终奖')
    await box.press('Enter')
    await p.page.waitForURL(/\/search\?q=/)
    await tabs(p, 'Kinds of results').getByRole('link', { name: /^Work Talk/ }).click()
    const link = p.page.getByRole('link', { name: '今年的年终奖取消了' })
    await link.waitFor()
    assert.equal(await link.getAttribute('href'), `/talk/t/${threadId}`)
    assert.equal(await link.locator('mark').textContent(), '年终奖')
    // The feed post with the same word, under Posts.
    await tabs(p, 'Kinds of results').getByRole('link', { name: /^Posts/ }).click()
    const byAuthor = p.page.getByRole('link', { name: 'Chen Jing' })
    await byAuthor.waitFor()
    assert.equal(await byAuthor.getAttribute('href'), `/posts/${feedPostId}`)
    assert.equal(await p.page.locator('.search-result mark').first().textContent(), '年终奖')
  })

  it('works in Chinese, and at phone width nothing scrolls sideways', async () => {
    await p.page.goto(server.url + '/search')
    await p.page.getByLabel('Language', { exact: true }).selectOption('zh-CN')
    await p.page.waitForFunction(() => document.documentElement.lang === 'zh-CN')
    const box = p.page.getByRole('searchbox', { name: '搜索 Watercooler' })
    await box.fill('Alcie Chen')
    await p.page.getByRole('button', { name: '搜索', exact: true }).click()
    await p.page.getByRole('link', { name: 'Alice Chen' }).waitFor()
    await tabs(p, '结果类型').getByRole('link', { name: /^人 \(/ }).waitFor()

    await p.page.setViewportSize({ width: 390, height: 844 })
    const phoneBox = p.page.getByRole('searchbox', { name: '搜索 Watercooler' })
    await phoneBox.fill('年终奖')
    await phoneBox.press('Enter')
    await tabs(p, '结果类型').getByRole('link', { name: /^职场畅谈 \(/ }).click()
    await p.page.getByRole('link', { name: '今年的年终奖取消了' }).waitFor()
    await p.page.getByText('1 条结果').waitFor()
    assert.ok((await scrollWidth(p.page)) <= 390, `scrollWidth ${await scrollWidth(p.page)}`)
    await p.page.screenshot({ path: path.join(ARTIFACTS_DIR, 'search-zh-CN-phone.png'), fullPage: true })
    assert.deepEqual(p.problems, [])
  })
})
