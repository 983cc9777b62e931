/**
 * End to end, in a real Chromium against a real server and a real SMTP server: a member verifies
 * a work address (a wrong code first), then sees the company page and the badge on the profile;
 * an admin edits the company; the company page in Chinese; the new pages at phone width.
 */
import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { ARTIFACTS_DIR, browserUnavailable, startTestServer } from '../support/server.js'
import { codeFrom, startSmtpServer, type TestSmtpServer } from '../support/smtp.js'
import { openPerson, scrollWidth, signUp, uniqueEmail, type Person } from './browser.js'

const PASSWORD = 'Northwind-Verify-2026'
const NAME = 'Nora Northwind'
const WORK_EMAIL = `someone.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@northwind-labs.example`
const COMPANY = 'Northwind Labs'

const skip = browserUnavailable()
let smtp: TestSmtpServer
let server: Awaited<ReturnType<typeof startTestServer>>

before(async () => {
  if (skip) return
  smtp = await startSmtpServer()
  server = await startTestServer({ env: { SMTP_URL: smtp.url } })
})

after(async () => {
  await server?.close()
  await smtp?.close()
})

describe('web app: verifying a work e-mail', { skip: skip ?? false }, () => {
  let a: Person
  let handle = ''
  let slug = ''

  before(async () => {
    a = await openPerson()
    await signUp(a.page, server.url, NAME, uniqueEmail('nora'), PASSWORD)
    const href = await a.page.getByRole('link', { name: 'View your profile' }).getAttribute('href')
    handle = (href ?? '').slice('/in/'.length)
  })

  after(async () => {
    await a?.close()
  })

  it('the home page asks an unverified member to verify', async () => {
    const p = a.page
    await p.goto(server.url + '/')
    const cta = p.getByRole('region', { name: 'Verify where you work' })
    await cta.getByRole('link', { name: 'Verify where you work' }).click()
    await p.waitForURL(server.url + '/verify')
    await p.getByRole('heading', { level: 1, name: 'Verify where you work' }).waitFor()
    await p.getByText('We keep only a keyed hash of this address, never the address itself.').waitFor()
  })

  it('refuses a free e-mail address with a clear error', async () => {
    const p = a.page
    await p.getByLabel('Work e-mail address').fill('nora.northwind@gmail.com')
    await p.getByRole('button', { name: 'Send code' }).click()
    const alert = p.getByRole('alert')
    await alert.waitFor()
    assert.match(await alert.innerText(), /free e-mail provider/)
    assert.equal(await p.getByLabel('Work e-mail address').getAttribute('aria-invalid'), 'true')
  })

  it('mails a code; a wrong code is refused, the right one verifies', async () => {
    const p = a.page
    await p.getByLabel('Work e-mail address').fill(WORK_EMAIL)
    await p.getByRole('button', { name: 'Send code' }).click()
    const codeInput = p.getByLabel('Verification code')
    await codeInput.waitFor()
    assert.equal(await codeInput.getAttribute('inputmode'), 'numeric')
    assert.equal(await codeInput.getAttribute('autocomplete'), 'one-time-code')
    assert.equal(await p.evaluate(() => document.activeElement?.id), 'verify-code')

    const code = codeFrom(await smtp.waitFor(WORK_EMAIL))
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0')
    await codeInput.fill(wrong)
    await p.getByRole('button', { name: 'Verify', exact: true }).click()
    const alert = p.getByRole('alert')
    await alert.getByText(/Wrong code\. 4 tries left\./).waitFor()
    assert.equal(await codeInput.getAttribute('aria-invalid'), 'true')

    await codeInput.fill(code)
    await p.getByRole('button', { name: 'Verify', exact: true }).click()
    await p.getByRole('heading', { name: `You're verified at ${COMPANY}` }).waitFor()
    // The employments list appears above, with the toggle on.
    const list = p.getByRole('region', { name: 'Your verified workplaces' })
    await list.getByRole('link', { name: COMPANY }).waitFor()
    await list.getByText('Verified', { exact: true }).waitFor()
    assert.equal(await list.getByRole('checkbox', { name: /Show on my profile/ }).isChecked(), true)
    await p.screenshot({ path: path.join(ARTIFACTS_DIR, 'verify-email.png'), fullPage: true })
    assert.deepEqual(a.problems, [])
  })

  it('the company page counts the member and lists them', async () => {
    const p = a.page
    await p.getByRole('link', { name: `Go to the ${COMPANY} page` }).click()
    await p.waitForURL(/\/companies\/[a-z0-9-]+$/)
    slug = p.url().split('/companies/')[1]!
    await p.getByRole('heading', { level: 1, name: COMPANY }).waitFor()
    await p.getByText('1 verified member', { exact: true }).waitFor()
    await p.getByText('northwind-labs.example', { exact: true }).waitFor()
    await p.getByRole('region', { name: 'Members on Watercooler' }).getByRole('link', { name: NAME }).waitFor()
    assert.equal(await p.getByRole('region', { name: 'Administration' }).count(), 0, 'members get no admin tools')
  })

  it('the profile shows the verified badge', async () => {
    const p = a.page
    await p.goto(`${server.url}/in/${handle}`)
    await p.getByRole('heading', { level: 1, name: NAME }).waitFor()
    const badges = p.getByRole('list', { name: 'Verified employment' })
    await badges.getByRole('link', { name: `Verified employee at ${COMPANY}` }).waitFor()
  })

  it('the companies list finds the company', async () => {
    const p = a.page
    await p.goto(server.url + '/companies')
    await p.getByRole('searchbox', { name: 'Search companies' }).fill('northw')
    await p.waitForURL(/\?q=northw$/)
    await p.getByRole('link', { name: COMPANY }).click()
    await p.waitForURL(`${server.url}/companies/${slug}`)
    await p.goto(server.url + '/companies?q=no-such-company-anywhere')
    await p.getByText('No company matches “no-such-company-anywhere”.').waitFor()
  })

  it('an admin edits the company', async () => {
    await server.app.ctx.db.updateTable('account').set({ role: 'admin' }).where('handle', '=', handle).execute()
    const p = a.page
    await p.goto(`${server.url}/companies/${slug}`)
    const admin = p.getByRole('region', { name: 'Administration' })
    await admin.getByLabel('Industry').fill('Software')
    await admin.getByLabel('Size').selectOption('51-200')
    await admin.getByLabel('Description').fill('Northwind Labs builds tools for careful people.')
    await admin.getByRole('button', { name: 'Save changes' }).click()
    await admin.getByText('Company saved.').waitFor()
    await p.getByText('Software · 51-200 employees').waitFor()
    await p.getByRole('region', { name: 'About' }).getByText('careful people').waitFor()

    // Merging into itself is refused before anything is sent.
    await admin.getByLabel('Slug of the company to merge into').fill(slug)
    await admin.getByRole('button', { name: 'Merge…' }).click()
    await admin.getByRole('alert').waitFor()
    await admin.getByText(/can't be merged into itself/).waitFor()
    assert.equal(await admin.getByLabel('Slug of the company to merge into').getAttribute('aria-invalid'), 'true')
    assert.deepEqual(a.problems, [])
  })

  it('the company page in Chinese', async () => {
    const p = a.page
    await p.getByLabel('Language', { exact: true }).selectOption('zh-CN')
    await p.getByText('1 名已验证会员', { exact: true }).waitFor()
    await p.reload() // a fresh page: no messages left over from the English steps
    await p.getByText('1 名已验证会员', { exact: true }).waitFor()
    await p.getByRole('heading', { name: '在 Watercooler 上的会员' }).waitFor()
    await p.screenshot({ path: path.join(ARTIFACTS_DIR, 'company-zh-CN.png'), fullPage: true })
    await p.goto(server.url + '/verify')
    await p.getByRole('heading', { level: 1, name: '验证你的工作单位' }).waitFor()
    await p.screenshot({ path: path.join(ARTIFACTS_DIR, 'verify-zh-CN.png'), fullPage: true })
    await p.getByLabel('语言', { exact: true }).selectOption('en')
    await p.getByRole('heading', { level: 1, name: 'Verify where you work' }).waitFor()
  })

  it('I left: the employment becomes former', async () => {
    const p = a.page
    await p.goto(server.url + '/settings')
    const list = p.getByRole('region', { name: 'Your verified workplaces' })
    await list.getByRole('button', { name: /I left this company/ }).click()
    await list.getByRole('button', { name: 'Yes, I left' }).click()
    await list.getByText('Former', { exact: true }).waitFor()
    await p.getByText(`${COMPANY} is now a former workplace.`).waitFor()
    await p.goto(`${server.url}/in/${handle}`)
    await p.getByRole('link', { name: `Verified former employee at ${COMPANY}` }).waitFor()
  })

  it('has no horizontal scroll at 360px', async () => {
    const p = a.page
    await p.setViewportSize({ width: 360, height: 740 })
    for (const route of ['/', '/verify', '/verify?method=badge', '/companies', `/companies/${slug}`, '/reviews', '/settings']) {
      await p.goto(server.url + route)
      await p.locator('main h1').first().waitFor()
      assert.ok((await scrollWidth(p)) <= 360, `${route} scrolls sideways: ${await scrollWidth(p)}px`)
    }
    await p.goto(`${server.url}/companies/${slug}`)
    await p.locator('main h1').first().waitFor()
    await p.screenshot({ path: path.join(ARTIFACTS_DIR, 'company-360.png'), fullPage: true })
    assert.deepEqual(a.problems, [])
  })
})
