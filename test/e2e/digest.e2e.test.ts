/**
 * End to end, in a real Chromium: the "E-mail notifications" section of Settings (a checkbox per
 * kind, saved at once) and the /unsubscribe page a digest's link opens.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { unsubscribeToken } from '../../server/src/services/notifications/digest.js'
import { browserUnavailable, startTestServer } from '../support/server.js'
import { openPerson, scrollWidth, signUp, uniqueEmail, type Person } from './browser.js'

const EMAIL = uniqueEmail('digest')
const skip = browserUnavailable()
let server: Awaited<ReturnType<typeof startTestServer>>
let person: Person
let accountId = ''

before(async () => {
  if (skip) return
  server = await startTestServer()
  person = await openPerson()
  await signUp(person.page, server.url, 'Dee Digest', EMAIL, 'Daily-Digest-Reader-2026')
  accountId = (await server.app.ctx.db.selectFrom('account').select('id').where('emailNormalized', '=', EMAIL.toLowerCase()).executeTakeFirstOrThrow()).id
})

after(async () => {
  await person?.close()
  await server?.close()
})

describe('web app: e-mail notifications', { skip: skip ?? false }, () => {
  it('shows the defaults, saves a ticked kind, and keeps it after a reload', async () => {
    const p = person.page
    await p.goto(server.url + '/settings')
    await p.getByRole('heading', { name: 'E-mail notifications' }).waitFor()
    const invitations = p.getByLabel('Invitations to connect')
    const likes = p.getByLabel('Likes on your posts')
    assert.equal(await invitations.isChecked(), true)
    assert.equal(await p.getByLabel('Message requests').isChecked(), true)
    assert.equal(await likes.isChecked(), false)
    await likes.check()
    await p.getByText('Saved.').waitFor()
    await p.reload()
    await p.getByRole('heading', { name: 'E-mail notifications' }).waitFor()
    assert.equal(await p.getByLabel('Likes on your posts').isChecked(), true)
    await p.setViewportSize({ width: 390, height: 844 })
    assert.ok((await scrollWidth(p)) <= 390, 'nothing scrolls sideways at 390 px')
    await p.setViewportSize({ width: 1280, height: 900 })
  })

  it('unsubscribes from the link’s page only when the button is pressed', async () => {
    const p = person.page
    await p.goto(`${server.url}/unsubscribe?token=${unsubscribeToken(server.app.ctx, accountId)}`)
    await p.waitForURL(server.url + '/unsubscribe')
    const button = p.getByRole('button', { name: 'Unsubscribe' })
    await button.waitFor()
    await p.goto(server.url + '/settings')
    assert.equal(await p.getByLabel('Invitations to connect').isChecked(), true, 'opening the page changed nothing')
    await p.goBack()
    await p.getByRole('button', { name: 'Unsubscribe' }).click()
    await p.getByRole('status').filter({ hasText: 'no more digest e-mails' }).waitFor()
    await p.goto(server.url + '/settings')
    await p.getByRole('heading', { name: 'E-mail notifications' }).waitFor()
    for (const label of ['Invitations to connect', 'Message requests', 'Likes on your posts']) assert.equal(await p.getByLabel(label).isChecked(), false, label)
  })

  it('says so for a forged link', async () => {
    const p = person.page
    await p.goto(`${server.url}/unsubscribe?token=${accountId}.forged`)
    await p.getByRole('button', { name: 'Unsubscribe' }).click()
    await p.getByRole('alert').filter({ hasText: 'This unsubscribe link is not valid' }).waitFor()
  })
})
