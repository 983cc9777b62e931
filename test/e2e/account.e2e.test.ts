/**
 * End to end, in a real Chromium against a real server and a real SMTP server: the account basics
 * of issue 9. A member signs up (the welcome step), signs in on a second browser, and signs the
 * first one out from the list of signed-in devices; then, signed out, resets a forgotten password
 * from the mailed link — the link's token leaves the address bar, the other browser's session is
 * gone, the old password no longer works and the new one does. The new pages in Chinese and at
 * phone width.
 */
import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { ARTIFACTS_DIR, browserUnavailable, startTestServer } from '../support/server.js'
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js'
import { openPerson, scrollWidth, signIn, uniqueEmail, type Person } from './browser.js'

const NAME = 'Katherine Johnson'
const EMAIL = uniqueEmail('katherine')
const FIRST_PASSWORD = 'Trajectory-Friendship-7'
const NEW_PASSWORD = 'Apollo-Eleven-Orbit-1969'

const skip = browserUnavailable()
let smtp: TestSmtpServer
let server: Awaited<ReturnType<typeof startTestServer>>
let laptop: Person
let phone: Person

before(async () => {
  if (skip) return
  smtp = await startSmtpServer()
  server = await startTestServer({ env: { SMTP_URL: smtp.url } })
  laptop = await openPerson()
  phone = await openPerson()
})

after(async () => {
  await laptop?.close()
  await phone?.close()
  await server?.close()
  await smtp?.close()
})

/** Whether a browser is still signed in, as its next visit to a members-only page tells. */
async function signedIn(p: Person): Promise<boolean> {
  await p.page.goto(server.url + '/settings')
  const settings = p.page.getByRole('heading', { level: 1, name: 'Settings' })
  await settings.or(p.page.getByRole('heading', { level: 1, name: 'Sign in' })).waitFor()
  return settings.isVisible()
}

describe('web app: welcome step and signed-in devices', { skip: skip ?? false }, () => {
  it('sign-up leads to the welcome step, which says what to do next', async () => {
    const p = laptop.page
    await p.goto(server.url + '/signup')
    await p.getByLabel('Full name').fill(NAME)
    await p.getByLabel('Email').fill(EMAIL)
    await p.getByLabel('Password').fill(FIRST_PASSWORD)
    await p.getByRole('button', { name: 'Create account' }).click()
    await p.waitForURL(server.url + '/welcome')
    await p.getByRole('heading', { level: 1, name: `Welcome, ${NAME}` }).waitFor()
    assert.equal(await p.getByRole('link', { name: 'Edit your profile', exact: true }).getAttribute('href'), '/me/edit')
    assert.equal(await p.getByRole('link', { name: 'Verify where you work', exact: true }).getAttribute('href'), '/verify')
    assert.equal(await p.getByRole('link', { name: 'Find people', exact: true }).getAttribute('href'), '/network')
    await p.screenshot({ path: path.join(ARTIFACTS_DIR, 'account-welcome.png'), fullPage: true })
  })

  it('lists both browsers on the devices list, and signs the other one out', async () => {
    await signIn(phone.page, server.url, EMAIL, FIRST_PASSWORD, '/settings')
    const p = phone.page
    const devices = p.getByRole('region', { name: 'Signed-in devices' })
    const items = devices.getByRole('listitem')
    await p.waitForFunction(() => document.querySelectorAll('.device').length === 2)
    assert.equal(await items.count(), 2)
    await devices.getByText('Chrome on Linux').first().waitFor()
    await devices.getByText('this device').waitFor()
    await p.screenshot({ path: path.join(ARTIFACTS_DIR, 'account-devices.png'), fullPage: true })

    await devices.getByRole('button', { name: /^Sign out Chrome on Linux, signed in / }).click()
    await devices.getByText('Chrome on Linux has been signed out.').waitFor()
    await p.waitForFunction(() => document.querySelectorAll('.device').length === 1)
    assert.equal(await signedIn(laptop), false, 'the laptop was signed out')
    assert.equal(await signedIn(phone), true, 'the phone was not')
    assert.deepEqual([...laptop.problems, ...phone.problems], [])
  })
})

describe('web app: a forgotten password', { skip: skip ?? false }, () => {
  it('"Forgot password?" asks for a link and says the same whatever the address', async () => {
    const p = laptop.page
    await p.goto(server.url + '/signin')
    await p.getByRole('link', { name: 'Forgot password?' }).click()
    await p.waitForURL(server.url + '/forgot-password')
    await p.getByRole('heading', { level: 1, name: 'Reset your password' }).waitFor()
    const nobody = uniqueEmail('nobody')
    await p.getByLabel('Email').fill(nobody)
    await p.getByRole('button', { name: 'Send the link' }).click()
    await p.getByRole('heading', { level: 1, name: 'Check your mail' }).waitFor()
    const unknownText = (await p.getByRole('main').innerText()).replace(nobody, '<address>')

    smtp.clear()
    await p.goto(server.url + '/forgot-password')
    await p.getByRole('heading', { level: 1, name: 'Reset your password' }).waitFor()
    await p.getByLabel('Email').fill(EMAIL)
    await p.getByRole('button', { name: 'Send the link' }).click()
    await p.getByRole('heading', { level: 1, name: 'Check your mail' }).waitFor()
    assert.equal((await p.getByRole('main').innerText()).replace(EMAIL, '<address>'), unknownText)
  })

  it('the mailed link sets a new password; every session ends; the new password signs in', async () => {
    const mail = await smtp.waitFor(EMAIL)
    const link = /http:\/\/\S+\/reset-password\?token=[A-Za-z0-9_-]+/.exec(mail.parsed.text ?? '')?.[0]
    assert.ok(link, `a reset link in: ${mail.parsed.text}`)
    assert.ok(link.startsWith(server.url + '/reset-password?token='), 'on PUBLIC_URL')

    const p = laptop.page
    await p.goto(link)
    await p.getByRole('heading', { level: 1, name: 'Set a new password' }).waitFor()
    await p.waitForURL(server.url + '/reset-password')
    assert.ok(!p.url().includes('token'), 'the token left the address bar')
    await p.reload()
    await p.getByLabel('New password', { exact: true }).waitFor()

    await p.getByLabel('New password', { exact: true }).fill('short')
    await p.getByLabel('Confirm new password').fill('short')
    await p.getByRole('button', { name: 'Set new password' }).click()
    await p.getByText('at least 10 characters', { exact: false }).first().waitFor()

    await p.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD)
    await p.getByLabel('Confirm new password').fill(NEW_PASSWORD)
    await p.getByRole('button', { name: 'Set new password' }).click()
    await p.waitForURL(server.url + '/signin?reset=done')
    await p.getByRole('status').getByText('Your password has been changed').waitFor()

    assert.equal(await signedIn(phone), false, "the other browser's session is gone")

    // The link worked once: used again, it is refused when the new password is sent.
    await p.goto(link)
    await p.getByLabel('New password', { exact: true }).fill('Another-Password-2024')
    await p.getByLabel('Confirm new password').fill('Another-Password-2024')
    await p.getByRole('button', { name: 'Set new password' }).click()
    await p.getByRole('alert').getByText('This link does not work').waitFor()
    await p.getByRole('link', { name: 'Ask for a new link' }).waitFor()

    await p.goto(server.url + '/signin')
    await p.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor()
    await p.getByLabel('Email').fill(EMAIL)
    await p.getByLabel('Password', { exact: true }).fill(FIRST_PASSWORD)
    await p.getByRole('button', { name: 'Sign in' }).click()
    await p.getByText('The e-mail or the password is wrong', { exact: false }).or(p.getByRole('alert')).first().waitFor()
    assert.equal(new URL(p.url()).pathname, '/signin')

    await signIn(p, server.url, EMAIL, NEW_PASSWORD, '/settings')
    assert.equal(await signedIn(laptop), true)
    assert.deepEqual(laptop.problems, [])
  })
})

describe('web app: the account pages in Chinese and at phone width', { skip: skip ?? false }, () => {
  it('nothing scrolls sideways at 390 px', async () => {
    const p = laptop.page
    await p.setViewportSize({ width: 390, height: 844 })
    for (const route of ['/welcome', '/settings', '/forgot-password', '/reset-password?token=abc']) {
      await p.goto(server.url + route)
      await p.getByRole('heading', { level: 1 }).first().waitFor()
      assert.ok((await scrollWidth(p)) <= 390, `${route} scrolls sideways: ${await scrollWidth(p)}px`)
    }
    await p.goto(server.url + '/settings')
    await p.getByRole('region', { name: 'Signed-in devices' }).getByRole('listitem').first().waitFor()
    assert.ok((await scrollWidth(p)) <= 390)
    await p.screenshot({ path: path.join(ARTIFACTS_DIR, 'account-settings-phone.png'), fullPage: true })
  })

  it('the forgot-password and welcome pages speak Chinese', async () => {
    const p = laptop.page
    await p.goto(server.url + '/settings')
    await p.getByLabel('Display language').selectOption('zh-CN')
    await p.getByRole('region', { name: '已登录的设备' }).getByText('Linux 上的 Chrome').first().waitFor()
    await p.goto(server.url + '/welcome')
    await p.getByRole('heading', { level: 2, name: '验证你的工作单位' }).waitFor()
    const other = await openPerson()
    try {
      await other.context.addInitScript(() => localStorage.setItem('wc.lang', 'zh-CN'))
      await other.page.goto(server.url + '/signin')
      await other.page.getByRole('link', { name: '忘记密码？' }).click()
      await other.page.getByRole('heading', { level: 1, name: '重置密码' }).waitFor()
    } finally {
      await other.close()
    }
  })
})
