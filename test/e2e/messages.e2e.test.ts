/**
 * End to end, in Chromium: two connected members; one opens the other's profile, presses
 * "Message" and writes; the other, on the Messages page, sees the conversation and then each new
 * message arrive live, without a reload, and the unread badge follows. A badge approval reaches
 * the member's bell live. Phone width on the way.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { decideBadge } from '../../server/src/services/verifications/badge.js'
import type { TestApp } from '../support/app.js'
import { browserUnavailable, startTestServer } from '../support/server.js'
import { connectDirect } from '../support/messages.js'
import { openPerson, scrollWidth, signUp, uniqueEmail, type Person } from './browser.js'

const PASSWORD = 'Difference-Engine-1822'
const skip = browserUnavailable()
let server: { url: string; app: TestApp; close(): Promise<void> }

before(async () => {
  if (skip) return
  server = await startTestServer()
})
after(async () => {
  await server?.close()
})

describe('web app: live messages and notifications', { skip: skip ?? false }, () => {
  let ada: Person
  let bob: Person
  const ids: Record<string, { id: string; handle: string }> = {}
  before(async () => {
    ada = await openPerson()
    bob = await openPerson()
  })
  after(async () => {
    await ada?.close()
    await bob?.close()
  })

  it('two members sign up and are connected', async () => {
    await signUp(ada.page, server.url, 'Ada Lovelace', uniqueEmail('ada'), PASSWORD)
    await signUp(bob.page, server.url, 'Bob Babbage', uniqueEmail('bob'), PASSWORD)
    for (const name of ['Ada Lovelace', 'Bob Babbage']) {
      ids[name] = await server.app.ctx.db.selectFrom('account').select(['id', 'handle']).where('name', '=', name).executeTakeFirstOrThrow()
    }
    await connectDirect(server.app.ctx, ids['Ada Lovelace']!.id, ids['Bob Babbage']!.id)
  })

  it('Bob waits on Messages; Ada writes from his profile; he sees it arrive without a reload', async () => {
    await bob.page.goto(`${server.url}/messages`)
    await bob.page.getByText('No conversations yet. Start one from a connection\'s profile.').waitFor()
    const a = ada.page
    await a.goto(`${server.url}/in/${ids['Bob Babbage']!.handle}`)
    await a.getByRole('link', { name: 'Message', exact: true }).click()
    await a.getByRole('heading', { level: 2, name: 'Bob Babbage' }).waitFor()
    await a.getByLabel('Write a message').fill('Have you seen the Analytical Engine?')
    await a.getByRole('button', { name: 'Send' }).click()
    await a.locator('.message.mine', { hasText: 'Have you seen the Analytical Engine?' }).waitFor()

    const b = bob.page
    await b.getByRole('link', { name: /Ada Lovelace/ }).waitFor()
    await b.getByTestId('messages-count').filter({ hasText: '1' }).waitFor()
    await b.getByRole('link', { name: /Ada Lovelace/ }).click()
    await b.locator('.message', { hasText: 'Have you seen the Analytical Engine?' }).waitFor()
    await b.getByTestId('messages-count').waitFor({ state: 'detached' })

    await a.getByLabel('Write a message').fill('It computes Bernoulli numbers.')
    await a.getByRole('button', { name: 'Send' }).click()
    await b.locator('.message', { hasText: 'It computes Bernoulli numbers.' }).waitFor()
    assert.equal(await b.evaluate(() => performance.getEntriesByType('navigation').length), 1, 'no reload')
  })

  it('on a phone, the Messages page does not scroll sideways', async () => {
    const b = bob.page
    await b.setViewportSize({ width: 390, height: 800 })
    assert.ok((await scrollWidth(b)) <= 390, 'conversation at 390 px')
    await b.getByRole('link', { name: 'All conversations' }).click()
    await b.getByRole('link', { name: /Ada Lovelace/ }).waitFor()
    assert.ok((await scrollWidth(b)) <= 390, 'list at 390 px')
    await b.setViewportSize({ width: 1280, height: 900 })
  })

  it('a badge approval reaches the bell live, and the notifications page says it', async () => {
    const b = bob.page
    await b.goto(`${server.url}/messages`)
    await b.getByRole('link', { name: /Notifications, 0 unread/ }).waitFor()
    const ctx = server.app.ctx
    const reviewer = ids['Ada Lovelace']!.id
    const sub = await ctx.db.insertInto('badgeSubmission').values({ accountId: ids['Bob Babbage']!.id, companyName: 'Difference Works', companyDomain: null, reason: null, companyId: null, submittedAt: new Date('2026-11-25T12:00:00Z') }).returning('id').executeTakeFirstOrThrow()
    await decideBadge(ctx, reviewer, sub.id, { approve: true, companySlug: null })
    await b.getByRole('link', { name: /Notifications, 1 unread/ }).click()
    await b.getByText('Your badge for Difference Works was approved: you are verified.').waitFor()
  })

  it('no page error on the way', () => {
    assert.deepEqual([...ada.problems, ...bob.problems], [])
  })
})
