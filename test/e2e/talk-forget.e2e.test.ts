/**
 * Work Talk's local storage, in a real Chromium: the account's IndexedDB database has a salted
 * name (HMAC of the account id under a per-browser salt), a database left under the old unsalted
 * name is moved into it, a plain sign-out keeps it, and "Sign out and forget Work Talk on this
 * device" — checked by default on a device marked shared — deletes it and the draft backups.
 */
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { exportRecoveryPhrase } from '../../shared/src/talk/pseudonyms.js'
import { buildVerifiedUser } from '../support/factories.js'
import { ARTIFACTS_DIR, browserUnavailable, startTestServer } from '../support/server.js'
import { scrollWidth, signIn, talkPerson } from './browser.js'

const SLUG = 'tailspin-forget'

const skip = browserUnavailable()
let server: Awaited<ReturnType<typeof startTestServer>>

before(async () => {
  if (skip) return
  server = await startTestServer({ env: { MIN_ANONYMITY_SET: '2', TALK_MIN_TOKEN_AGE_S: '0' } })
})
after(async () => {
  await server?.close()
})

const talkDatabases = (page: import('playwright-core').Page) =>
  page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith('wc-talk-')))

describe('web app: Work Talk data on this device', { skip: skip ?? false }, () => {
  let p: Awaited<ReturnType<typeof talkPerson>>
  let user: Awaited<ReturnType<typeof buildVerifiedUser>>
  let salted = ''
  const master = crypto.randomBytes(32)

  before(async () => {
    user = await buildVerifiedUser(server.app.app, server.app.ctx, SLUG)
    await buildVerifiedUser(server.app.app, server.app.ctx, SLUG)
    p = await talkPerson(0)
  })
  after(async () => {
    await p?.close()
  })

  it('moves a database left under the old unsalted name to a salted one', async () => {
    const legacy = 'wc-talk-' + crypto.createHash('sha256').update('watercooler/talk/db/' + user.id).digest('hex').slice(0, 32)
    await p.page.goto(server.url + '/')
    // What an earlier version left: the master secret, stored as JSON text under "master".
    await p.page.evaluate(
      ({ name, value }) =>
        new Promise<void>((resolve, reject) => {
          const req = indexedDB.open(name, 1)
          req.onupgradeneeded = () => req.result.createObjectStore('kv')
          req.onerror = () => reject(req.error)
          req.onsuccess = () => {
            const tx = req.result.transaction('kv', 'readwrite')
            tx.objectStore('kv').put(JSON.stringify(value), 'master')
            tx.oncomplete = () => (req.result.close(), resolve())
          }
        }),
      { name: legacy, value: master.toString('base64url') },
    )
    await signIn(p.page, server.url, user.email, user.password)
    await p.page.getByText(/^\d+ anonymous tokens ready$/).waitFor({ timeout: 30_000 })
    const names = await talkDatabases(p.page)
    assert.equal(names.length, 1, `one Work Talk database: ${names.join(', ')}`)
    salted = names[0]!
    assert.match(salted, /^wc-talk-[0-9a-f]{32}$/)
    assert.notEqual(salted, legacy, 'the name is not the unsalted hash of the account id')
    assert.match((await p.page.evaluate(() => localStorage.getItem('wc.talk.salt'))) ?? '', /^[0-9a-f]{64}$/)

    // The moved secret is the one in use.
    await p.page.goto(server.url + '/settings')
    const section = p.page.getByRole('region', { name: 'Work Talk identity' })
    await section.getByRole('button', { name: 'Show recovery phrase' }).click()
    assert.equal(await section.locator('code').innerText(), exportRecoveryPhrase(new Uint8Array(master)))
  })

  it('a plain sign-out keeps the database', async () => {
    // At phone width the box opens inside the menu, without sideways scrolling.
    await p.page.setViewportSize({ width: 360, height: 800 })
    await p.page.getByRole('button', { name: 'Menu' }).click()
    await p.page.getByRole('button', { name: 'Sign out', exact: true }).click()
    const box = p.page.getByRole('group', { name: 'Sign out of Watercooler?' })
    await box.waitFor()
    assert.ok((await scrollWidth(p.page)) <= 360, 'the sign-out box overflows at 360px')
    await p.page.screenshot({ path: path.join(ARTIFACTS_DIR, 'talk-sign-out-360.png') })
    await p.page.keyboard.press('Escape')
    await p.page.setViewportSize({ width: 1280, height: 900 })
    await p.page.getByRole('button', { name: 'Sign out', exact: true }).click()
    const forget = box.getByRole('checkbox', { name: 'Sign out and forget Work Talk on this device' })
    assert.equal(await forget.isChecked(), false, 'not checked on a device not marked shared')
    await box.getByText('Your Work Talk tokens, drafts and pseudonym secret stay in this browser').waitFor()
    await box.getByRole('button', { name: 'Sign out now' }).click()
    await p.page.waitForURL(server.url + '/')
    await p.page.getByRole('link', { name: 'Join now' }).waitFor()
    assert.deepEqual(await talkDatabases(p.page), [salted])
  })

  it('on a shared device "Sign out and forget" is checked and deletes the database, warning about unsent posts', async () => {
    await signIn(p.page, server.url, user.email, user.password, '/talk/new', { shared: true })
    await p.page.getByLabel('Title').fill('Waiting for an hour')
    await p.page.getByLabel('What do you want to say?').fill('This one is scheduled and not sent yet.')
    await p.page.getByLabel('When to publish').selectOption({ label: 'At a random moment within an hour' })
    await p.page.getByRole('button', { name: 'Schedule post' }).click()
    await p.page.waitForURL(/\/talk\/pending\//)
    await p.page.getByRole('status').filter({ hasText: /^Will be published by / }).waitFor()

    const signOut = p.page.getByRole('button', { name: 'Sign out', exact: true })
    await signOut.click()
    const box = p.page.getByRole('group', { name: 'Sign out of Watercooler?' })
    const forget = box.getByRole('checkbox', { name: 'Sign out and forget Work Talk on this device' })
    assert.equal(await forget.isChecked(), true, 'checked by default on a shared device')
    await box.getByText("1 post hasn't been published yet and would be lost.").waitFor()
    await box.getByText('To edit or delete your earlier posts later you will need your recovery phrase', { exact: false }).waitFor()
    await p.page.screenshot({ path: path.join(ARTIFACTS_DIR, 'talk-sign-out-forget.png') })
    // Cancel closes it and gives the focus back; Escape works too.
    await box.getByRole('button', { name: 'Cancel' }).click()
    assert.equal(await box.count(), 0)
    assert.equal(await signOut.evaluate((el) => el === document.activeElement), true)
    await signOut.click()
    await p.page.keyboard.press('Escape')
    assert.equal(await box.count(), 0)

    await signOut.click()
    await box.getByRole('button', { name: 'Sign out and forget' }).click()
    await p.page.waitForURL(server.url + '/')
    await p.page.getByRole('link', { name: 'Join now' }).waitFor()
    assert.deepEqual(await talkDatabases(p.page), [], 'the Work Talk database is gone')
    const leftovers = await p.page.evaluate((name) => Object.keys(localStorage).filter((k) => k.startsWith(name)), salted)
    assert.deepEqual(leftovers, [], 'no draft backups left')
    assert.deepEqual(p.problems, [])
  })
})
