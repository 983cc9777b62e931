/**
 * Trust and safety on the real-name and staff side (issue 11), in Chromium against a real server:
 * - Bob reports Ada's feed post from its page (the "Report" dialog, a reason and a note) and her
 *   profile;
 * - Mo, a moderator (role set in the database), finds them in /moderation — excerpt, reason count,
 *   note — removes the post with a reason (it leaves the queue, Bob sees the reason in its place)
 *   and dismisses the profile report;
 * - a visitor without an account reads /moderation/log, which verifies the chain in the browser,
 *   files a takedown request from the footer's link, and reads the counts on /transparency;
 * - the detector: the same log page with one entry's reason altered in transit says the chain
 *   does not verify;
 * - Bob reports a company review from the company's Reviews tab; Mo opens it from the queue (the
 *   link lands on the review) and removes it; Bob reads the reason in its place, without its text.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { dayOf } from '../../server/src/context.js'
import { createCompany } from '../../server/src/services/companies/companies.js'
import { signUp as apiSignUp } from '../support/app.js'
import { browserUnavailable, startTestServer } from '../support/server.js'
import { openPerson, scrollWidth, signIn, type Person } from './browser.js'

const POST = 'Our quarterly numbers were invented, and everyone in finance knows it.'
const NOTE = 'Accuses a whole team of fraud without evidence.'
const REVIEW = 'My manager Li Wei shouts at the interns every morning.'

const skip = browserUnavailable()
let server: Awaited<ReturnType<typeof startTestServer>>

before(async () => {
  if (skip) return
  server = await startTestServer()
})
after(async () => {
  await server?.close()
})

describe('web app: reports, the moderation queue, the public log, takedowns and transparency', { skip: skip ?? false }, () => {
  type User = Awaited<ReturnType<typeof apiSignUp>>
  let bob: Person
  let mo: Person
  let visitor: Person
  let ada: User
  let bobUser: User
  let moUser: User
  let postId = ''

  before(async () => {
    const app = server.app.app
    ;[ada, bobUser, moUser] = [await apiSignUp(app, { name: 'Ada Lovelace' }), await apiSignUp(app, { name: 'Bob Babbage' }), await apiSignUp(app, { name: 'Mo Derator' })]
    const db = server.app.ctx.db
    await db.insertInto('connection').values({ requesterId: ada.id, addresseeId: bobUser.id, state: 'accepted', note: null, createdAt: new Date(), acceptedAt: new Date() }).execute()
    await db.updateTable('account').set({ role: 'moderator' }).where('id', '=', moUser.id).execute()
    const created = await app.inject({ method: 'POST', url: '/api/v1/feed/posts', payload: { body: POST }, headers: { cookie: ada.cookie } })
    assert.equal(created.statusCode, 201, created.body)
    postId = (created.json() as { id: string }).id
    ;[bob, mo, visitor] = [await openPerson(), await openPerson(), await openPerson()]
    await Promise.all([signIn(bob.page, server.url, bobUser.email, bobUser.password, '/'), signIn(mo.page, server.url, moUser.email, moUser.password, '/')])
  })
  after(async () => {
    for (const p of [bob, mo, visitor]) await p?.close()
  })

  it('Bob reports Ada’s post with a reason and a note, and has no staff link', async () => {
    const p = bob.page
    await p.goto(`${server.url}/posts/${postId}`)
    const post = p.locator('article.feed-post')
    await post.getByText('quarterly numbers').waitFor()
    assert.equal(await p.getByRole('link', { name: 'Moderation', exact: true }).count(), 0, 'no staff link for a member')
    await post.getByRole('button', { name: 'Report', exact: true }).click()
    const dialog = p.getByRole('dialog', { name: 'Report Post by Ada Lovelace' })
    await dialog.getByRole('button', { name: 'Send report' }).click()
    await dialog.getByText('Choose a reason.').waitFor()
    await dialog.getByRole('radio', { name: /Defamation or misinformation/ }).check()
    await dialog.getByLabel('Anything a moderator should know').fill(NOTE)
    await dialog.getByRole('button', { name: 'Send report' }).click()
    await post.getByText('Reported — thank you').waitFor()
    assert.equal(await dialog.isVisible(), false)
  })

  it('Bob reports Ada’s profile too (by its handle); his own profile offers no Report', async () => {
    const p = bob.page
    await p.goto(`${server.url}/in/${ada.handle}`)
    await p.getByRole('heading', { level: 1, name: /Ada Lovelace/ }).waitFor()
    await p.getByRole('button', { name: 'Report', exact: true }).click()
    const dialog = p.getByRole('dialog', { name: 'Report Ada Lovelace' })
    await dialog.getByRole('radio', { name: /^Spam/ }).check()
    await dialog.getByRole('button', { name: 'Send report' }).click()
    await p.getByText('Reported — thank you').waitFor()
    const row = await server.app.ctx.db.selectFrom('contentReport').select(['targetType', 'targetId', 'reason']).where('targetType', '=', 'profile').executeTakeFirstOrThrow()
    assert.deepEqual([row.targetType, row.reason], ['profile', 'spam'])
    await p.goto(`${server.url}/in/${bobUser.handle}`)
    await p.getByRole('heading', { level: 1, name: /Bob Babbage/ }).waitFor()
    assert.equal(await p.getByRole('button', { name: 'Report', exact: true }).count(), 0)
  })

  it('Mo finds it in the queue from the nav, with its excerpt, reason and note, and removes it; it leaves the queue', async () => {
    const p = mo.page
    await p.reload()
    await p.getByRole('link', { name: 'Moderation', exact: true }).click()
    await p.waitForURL(server.url + '/moderation')
    await p.getByRole('heading', { level: 1, name: 'Moderation queue' }).waitFor()
    const item = p.locator('li.queue-item', { hasText: 'quarterly numbers' })
    await item.getByText('Defamation or misinformation × 1').waitFor()
    await item.getByText(NOTE).waitFor()
    await item.getByText('1 report', { exact: false }).first().waitFor()
    assert.equal(await item.getByRole('link', { name: 'Open the content' }).getAttribute('href'), `/posts/${postId}`)
    await p.setViewportSize({ width: 390, height: 800 })
    assert.ok((await scrollWidth(p)) <= 390, '/moderation at 390 px')
    await p.setViewportSize({ width: 1280, height: 900 })
    await item.getByLabel('Action').selectOption('remove')
    await item.getByLabel('Reason (shown publicly)').selectOption('misinformation')
    await item.getByLabel('Note for staff').fill('checked the source: none')
    await item.getByRole('button', { name: 'Remove', exact: true }).click()
    await p.getByText('Remove: done. The Feed post has left the queue.').waitFor()
    await item.waitFor({ state: 'detached' })
    // The profile report is dismissed: off the queue, and nothing in the public log.
    const profile = p.locator('li.queue-item', { hasText: 'Profile' })
    await profile.getByText('Spam × 1').waitFor()
    await profile.getByLabel('Action').selectOption('dismiss')
    await profile.getByRole('button', { name: 'Dismiss', exact: true }).click()
    await p.getByText('Nothing waits for a decision.').waitFor()
  })

  it('Bob sees the reason in the post’s place, without its text', async () => {
    const p = bob.page
    await p.goto(`${server.url}/posts/${postId}`)
    const post = p.locator('article.feed-post')
    await post.getByText('Removed by a moderator: Defamation or misinformation.').waitFor()
    assert.equal(await post.getByText('quarterly numbers').count(), 0)
  })

  it('a visitor without an account reads the public log: verified in the browser, the removal listed (and in Chinese)', async () => {
    const p = visitor.page
    await p.goto(server.url + '/moderation/log')
    await p.getByText(/^Verified: 1 entry\. Head: /).waitFor()
    const row = p.getByRole('row').filter({ hasText: postId })
    await row.getByText('Remove', { exact: true }).waitFor()
    await row.getByText('Defamation or misinformation').waitFor()
    assert.equal(await row.getByRole('link').getAttribute('href'), `/posts/${postId}`)
    const today = new Date().toISOString().slice(0, 10)
    await row.getByText(today).waitFor()
    await p.setViewportSize({ width: 390, height: 800 })
    assert.ok((await scrollWidth(p)) <= 390, '/moderation/log at 390 px')
    await p.setViewportSize({ width: 1280, height: 900 })
    await p.getByLabel('Language', { exact: true }).selectOption('zh-CN')
    await p.getByText(/^已验证：1 条记录。/).waitFor()
    await p.getByLabel('语言', { exact: true }).selectOption('en')
  })

  it('the log page says the chain does not verify when one entry’s reason is altered on the way', async () => {
    const p = visitor.page
    await p.route('**/api/v1/moderation/log*', async (route) => {
      const res = await route.fetch()
      const body = (await res.json()) as { entries: { reason: string }[] }
      body.entries[0]!.reason = 'spam'
      await route.fulfill({ response: res, json: body })
    })
    await p.reload()
    await p.getByRole('alert').getByText('The chain does not verify: this log has been altered.').waitFor()
    await p.getByText('log entry 1 has a wrong hash').waitFor()
    assert.equal(await p.getByText(/^Verified:/).count(), 0)
    await p.unroute('**/api/v1/moderation/log*')
  })

  it('the visitor files a takedown request from the footer link, without an account', async () => {
    const p = visitor.page
    await p.goto(server.url + '/')
    await p.getByRole('link', { name: 'Request a takedown' }).click()
    await p.waitForURL(server.url + '/takedown')
    await p.getByRole('button', { name: 'Send request' }).click()
    await p.getByText('Enter your e-mail address.').waitFor()
    await p.getByLabel('Your e-mail address').fill('named.person@example.org')
    await p.getByLabel('Link to the content').fill(`${server.url}/posts/${postId}`)
    await p.getByLabel('Reason').selectOption('personal_info')
    await p.getByLabel('Details').fill('The post names my team and me.')
    await p.setViewportSize({ width: 390, height: 800 })
    assert.ok((await scrollWidth(p)) <= 390, '/takedown at 390 px')
    await p.setViewportSize({ width: 1280, height: 900 })
    await p.getByRole('button', { name: 'Send request' }).click()
    await p.getByRole('heading', { name: 'Request received' }).waitFor()
    await p.getByText('answer at named.person@example.org').waitFor()
    const stored = await server.app.ctx.db.selectFrom('takedownRequest').select(['targetType', 'targetId']).execute()
    assert.deepEqual(stored, [{ targetType: 'feed_post', targetId: postId }])
  })

  it('/transparency shows the quarter’s counts in tables', async () => {
    const p = visitor.page
    await p.goto(server.url + '/transparency')
    await p.getByRole('heading', { level: 1, name: 'Transparency report' }).waitFor()
    const now = new Date()
    assert.equal(await p.getByLabel('Quarter').inputValue(), `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`)
    await p.getByRole('region', { name: 'Reports by reason' }).getByRole('row', { name: 'Defamation or misinformation 1' }).waitFor()
    await p.getByRole('region', { name: 'Reports by reason' }).getByRole('row', { name: 'Spam 1' }).waitFor()
    await p.getByRole('region', { name: 'Public decisions' }).getByRole('row', { name: 'Remove 1' }).waitFor()
    await p.getByRole('region', { name: 'Takedowns and checks' }).getByRole('row', { name: 'Takedown requests 1' }).waitFor()
    for (const who of [bob, mo, visitor]) assert.deepEqual(who.problems, [])
  })

  it('Bob reports a company review; Mo removes it from the queue (its link opens the review); Bob reads the reason in its place', async () => {
    const db = server.app.ctx.db
    // A review as the anonymous side stores it (how it gets there is the company-reviews suite's).
    const company = await createCompany(db, 'Harbor Freight Labs', ['harbor-freight.example'], dayOf(new Date()))
    const reviewId = crypto.randomUUID()
    await db
      .insertInto('companyReview')
      .values({ id: reviewId, companySlug: company.slug, overall: 1, culture: 1, workLife: 2, compensation: 3, management: 1, growth: 2, recommend: false, ceo: null, headline: 'Shouting culture', pros: 'The pay.', cons: REVIEW, advice: '', employment: 'current', titleFamily: 'engineering', postedOn: `${new Date().toISOString().slice(0, 7)}-01` })
      .execute()
    const b = bob.page
    await b.goto(`${server.url}/companies/${company.slug}?tab=reviews`)
    const card = b.locator(`article#review-${reviewId}`)
    await card.getByText(REVIEW).waitFor()
    await card.getByRole('button', { name: 'Report', exact: true }).click()
    const dialog = b.getByRole('dialog', { name: 'Report the review “Shouting culture”' })
    await dialog.getByRole('radio', { name: /^Personal information/ }).check()
    await dialog.getByRole('button', { name: 'Send report' }).click()
    await card.getByText('Reported — thank you').waitFor()

    const p = mo.page
    await p.goto(server.url + '/moderation')
    const item = p.locator('li.queue-item', { hasText: 'Shouting culture' })
    await item.getByText('Company review').first().waitFor()
    await item.getByText(REVIEW).waitFor()
    const link = item.getByRole('link', { name: 'Open the content' })
    const href = await link.getAttribute('href')
    assert.equal(href, `/companies/${company.slug}?tab=reviews#review-${reviewId}`)
    await item.getByLabel('Action').selectOption('remove')
    await item.getByLabel('Reason (shown publicly)').selectOption('personal_info')
    await item.getByRole('button', { name: 'Remove', exact: true }).click()
    await p.getByText('Remove: done. The Company review has left the queue.').waitFor()
    await item.waitFor({ state: 'detached' })

    // The queue's link, followed: the company's Reviews tab, at the review, now in its moderated form.
    await p.goto(server.url + (href ?? ''))
    await p.locator(`article#review-${reviewId}`).getByText('Removed by a moderator: Personal information.').waitFor()
    await b.reload()
    await card.getByText('Removed by a moderator: Personal information.').waitFor()
    assert.equal(await card.getByText(REVIEW).count(), 0)
    assert.equal(await card.getByRole('button', { name: 'Report', exact: true }).count(), 0)
    for (const who of [bob, mo]) assert.deepEqual(who.problems, [])
  })
})
