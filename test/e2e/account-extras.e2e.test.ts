/**
 * End to end, in a real Chromium: account basics II — a member changes their handle and the old
 * link still leads to the profile (under the new address); uploads a photo, which shows on the
 * profile and in the header; turns on two-step sign-in (codes computed here with otplib, as an
 * authenticator app would), signs out, and signs in with password and code; then the same pages
 * in Chinese, at phone width.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { generate } from 'otplib'
import { photoWithMetadata } from '../support/images.js'
import { browserUnavailable, startTestServer } from '../support/server.js'
import { openPerson, scrollWidth, signUp, uniqueEmail, type Person } from './browser.js'

const EMAIL = uniqueEmail('lin')
const PASSWORD = 'Quiet-Harbour-Lantern-7'
const skip = browserUnavailable()
let server: Awaited<ReturnType<typeof startTestServer>>
let person: Person
let oldHandle = ''
const newHandle = `lin-${Date.now().toString(36)}`

before(async () => {
  if (skip) return
  server = await startTestServer()
  person = await openPerson()
  await signUp(person.page, server.url, 'Lin Wei', EMAIL, PASSWORD)
  oldHandle = ((await person.page.getByRole('link', { name: 'View your profile' }).getAttribute('href')) ?? '').slice('/in/'.length)
})

after(async () => {
  await person?.close()
  await server?.close()
})

describe('web app: handle, photo and two-step sign-in', { skip: skip ?? false }, () => {
  it('changes the handle; the old link opens the profile and the address bar shows the new one', async () => {
    const p = person.page
    await p.goto(server.url + '/settings')
    const field = p.getByLabel('Your handle')
    assert.equal(await field.inputValue(), oldHandle)
    await field.fill('admin')
    await p.getByRole('button', { name: 'Save handle' }).click()
    await p.getByText('This word is reserved for the site. Try another handle.').first().waitFor()
    assert.equal(await field.getAttribute('aria-invalid'), 'true')
    await field.fill(newHandle)
    await p.getByRole('button', { name: 'Save handle' }).click()
    await p.getByText('Handle saved. Your old address leads here for a while.').waitFor()

    await p.goto(`${server.url}/in/${oldHandle}`)
    await p.waitForURL(`${server.url}/in/${newHandle}`)
    await p.getByRole('heading', { level: 1, name: 'Lin Wei' }).waitFor()
    assert.equal(await p.getByRole('link', { name: 'Profile', exact: true }).getAttribute('href'), `/in/${newHandle}`)
  })

  it('uploads a photo with a preview; it shows on the profile and in the header', async () => {
    const p = person.page
    await p.goto(server.url + '/me/edit')
    await p.getByText('No photo yet. Members see your initials instead.').waitFor()
    await p.getByLabel('Choose a photo').setInputFiles({ name: 'me.jpg', mimeType: 'image/jpeg', buffer: await photoWithMetadata('jpeg', 800, 600) })
    await p.getByRole('img', { name: 'The photo you picked' }).waitFor()
    await p.getByRole('button', { name: 'Upload photo' }).click()
    await p.getByText('Photo saved.').waitFor()
    await p.getByRole('button', { name: 'Remove photo' }).waitFor()

    await p.goto(`${server.url}/in/${newHandle}`)
    const photo = p.locator('.profile-header img.avatar-photo')
    await photo.waitFor()
    assert.match((await photo.getAttribute('src')) ?? '', /^\/api\/v1\/photos\/[0-9a-f-]{36}\/page$/)
    assert.ok(await photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth === 400), 'the page-size photo loaded')
    const avatar = p.locator('.site-header img.avatar-photo')
    assert.match((await avatar.getAttribute('src')) ?? '', /\/avatar$/)
  })

  it('turns on two-step sign-in, shows the recovery codes once, and asks for a code at the next sign-in', async () => {
    const p = person.page
    await p.goto(server.url + '/settings')
    await p.getByRole('button', { name: 'Set up two-step sign-in' }).click()
    await p.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor()
    const secret = ((await p.getByTestId('totp-secret').textContent()) ?? '').trim()
    assert.match(secret, /^[A-Z2-7]{16,}$/)
    await p.getByLabel('Code from the app').fill('000000' === (await generate({ secret })) ? '111111' : '000000')
    await p.getByRole('button', { name: 'Turn on' }).click()
    await p.getByText('This code is wrong or already used. Wait for the next code and try again.').first().waitFor()
    await p.getByLabel('Code from the app').fill(await generate({ secret }))
    await p.getByRole('button', { name: 'Turn on' }).click()
    await p.getByRole('heading', { name: 'Your recovery codes' }).waitFor()
    assert.equal(await p.locator('.recovery-codes li').count(), 10)
    await p.getByRole('button', { name: 'I have saved them' }).click()
    await p.getByText('Two-step sign-in is on.').waitFor()

    // Not verified, so no Work Talk question: sign-out is one click.
    await p.getByRole('button', { name: 'Sign out', exact: true }).click()
    await p.waitForURL(/\/($|signin)/)

    await p.goto(`${server.url}/signin?next=${encodeURIComponent('/settings')}`)
    await p.getByLabel('Email').fill(EMAIL)
    await p.getByLabel('Password', { exact: true }).fill(PASSWORD)
    await p.getByRole('button', { name: 'Sign in' }).click()
    await p.getByRole('heading', { name: 'Enter your code' }).waitFor()
    await p.waitForFunction(() => document.activeElement?.id === 'signin-code')
    // A code is accepted once per minute (replay is refused to the minute): the confirmation's
    // minute must be over before the app's next code is new.
    await p.waitForTimeout(60_000 - (Date.now() % 60_000) + 500)
    await p.getByLabel('Code', { exact: true }).fill(await generate({ secret }))
    await p.getByRole('button', { name: 'Sign in' }).click()
    await p.waitForURL(server.url + '/settings')
    await p.getByText('Two-step sign-in is on.').waitFor()
  })

  it('shows the same settings in Chinese, without sideways scrolling at phone width', async () => {
    const p = person.page
    await p.locator('#settings-language').selectOption('zh-CN')
    await p.getByRole('heading', { name: '两步登录' }).waitFor()
    await p.getByText('两步登录已开启。').waitFor()
    await p.getByRole('heading', { name: '用户名' }).waitFor()
    await p.setViewportSize({ width: 390, height: 844 })
    assert.ok((await scrollWidth(p)) <= 390, `settings scroll sideways: ${await scrollWidth(p)}px`)
    await p.goto(server.url + '/me/edit')
    await p.getByRole('heading', { name: '照片' }).waitFor()
    await p.getByRole('button', { name: '删除照片' }).waitFor()
    assert.ok((await scrollWidth(p)) <= 390, `editor scrolls sideways: ${await scrollWidth(p)}px`)
    await p.goto(`${server.url}/in/${oldHandle}`)
    await p.waitForURL(`${server.url}/in/${newHandle}`)
    assert.ok((await scrollWidth(p)) <= 390)
    assert.deepEqual(person.problems, [])
  })
})
