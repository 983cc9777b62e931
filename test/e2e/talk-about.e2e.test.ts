/**
 * Membership in the open, in a real Chromium: the "How Work Talk keeps you anonymous" page shows
 * the head of the public key log (what members compare), and a company page gives a rounded
 * member count and lists only members who chose to be shown — never the crowd behind
 * "Employee of …".
 */
import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { buildVerifiedUser } from '../support/factories.js'
import { ARTIFACTS_DIR, browserUnavailable, startTestServer } from '../support/server.js'
import { openPerson, scrollWidth, signIn, type Person } from './browser.js'

const SLUG = 'contoso-about'
const skip = browserUnavailable()
let server: Awaited<ReturnType<typeof startTestServer>>

before(async () => {
  if (skip) return
  server = await startTestServer({ env: { MIN_ANONYMITY_SET: '3' } })
})
after(async () => {
  await server?.close()
})

describe('web app: the key log and company pages', { skip: skip ?? false }, () => {
  let p: Person
  const members: Awaited<ReturnType<typeof buildVerifiedUser>>[] = []
  before(async () => {
    for (let i = 0; i < 13; i++) members.push(await buildVerifiedUser(server.app.app, server.app.ctx, SLUG))
    p = await openPerson()
  })
  after(async () => {
    await p?.close()
  })

  it('shows the head of the key log, the same as the log itself says', async () => {
    // The directory makes this week's keys, each appended to the log.
    await server.app.app.inject({ method: 'GET', url: '/api/v1/talk/keys' })
    const log = (await server.app.app.inject({ method: 'GET', url: '/api/v1/talk/keys/log' })).json().entries as { seq: number; hash: string }[]
    const head = log[log.length - 1]!
    assert.ok(head.seq >= 3, 'the null keys and the company key')
    await p.page.goto(server.url + '/talk/about')
    const section = p.page.getByRole('region', { name: 'The same keys for everyone' })
    await section.getByText(`The key log has ${head.seq} entries. Its latest one is sealed as:`).waitFor()
    assert.equal(await section.locator('code').innerText(), head.hash)
    await p.page.setViewportSize({ width: 360, height: 800 })
    assert.ok((await scrollWidth(p.page)) <= 360, 'the long hash wraps at 360px')
    await p.page.screenshot({ path: path.join(ARTIFACTS_DIR, 'talk-about-log.png'), fullPage: true })
    await p.page.setViewportSize({ width: 1280, height: 900 })
    assert.deepEqual(p.problems, [])
  })

  it('gives a rounded member count and lists only those who chose to be shown', async () => {
    const me = members[0]!
    await signIn(p.page, server.url, me.email, me.password, `/companies/${SLUG}`)
    await p.page.getByRole('heading', { level: 1 }).waitFor()
    await p.page.getByText('About 10 verified members', { exact: true }).waitFor()
    await p.page.getByText('No verified member shows this company on their profile yet.').waitFor()

    await p.page.goto(server.url + '/settings')
    await p.page.getByRole('region', { name: 'Your verified workplaces' }).getByRole('checkbox', { name: /Show on my profile/ }).check()
    await p.page.getByText(/is now shown on your profile\./).waitFor()
    await p.page.goto(`${server.url}/companies/${SLUG}`)
    const listed = p.page.getByRole('region', { name: 'Members on Watercooler' }).getByRole('listitem')
    await listed.first().waitFor()
    assert.equal(await listed.count(), 1, 'the one member who chose it, not the other twelve')
    assert.deepEqual(p.problems, [])
  })
})
