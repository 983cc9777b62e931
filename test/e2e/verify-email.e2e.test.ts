/**
 * End to end, in a real Chromium against a real server and a real SMTP server: a member verifies
 * a work address (a wrong code first), then sees the company page and the badge on the profile;
 * an admin edits the company and gives it a logo; the company page in Chinese, and wrong codes
 * in Chinese; the new pages at phone width.
 */
import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import sharp from 'sharp'
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
let tmp = ''
let logoPng = ''
let notAnImage = ''

/** A wide (not square) PNG, so the server's 256×256 "contain" re-encoding has something to do. */
const LOGO_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="320" viewBox="0 0 480 320">
  <rect width="480" height="320" rx="48" fill="#1f4fbf"/>
  <circle cx="160" cy="160" r="92" fill="#ffffff"/>
  <path d="M110 200 L160 100 L210 200 Z" fill="#1f4fbf"/>
  <rect x="280" y="96" width="120" height="28" rx="14" fill="#9fc1ff"/>
  <rect x="280" y="146" width="92" height="28" rx="14" fill="#ffffff"/>
  <rect x="280" y="196" width="120" height="28" rx="14" fill="#9fc1ff"/>
</svg>`

before(async () => {
  if (skip) return
  smtp = await startSmtpServer()
  server = await startTestServer({ env: { SMTP_URL: smtp.url } })
  tmp = await mkdtemp(path.join(os.tmpdir(), 'wc-logo-'))
  logoPng = path.join(tmp, 'northwind-logo.png')
  await writeFile(logoPng, await sharp(Buffer.from(LOGO_SVG)).png().toBuffer())
  notAnImage = path.join(tmp, 'logo.txt')
  await writeFile(notAnImage, 'not an image')
})

after(async () => {
  await server?.close()
  await smtp?.close()
  if (tmp) await rm(tmp, { recursive: true, force: true })
})

/** The wrong neighbour of a 6-digit code. */
const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0')

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
    await p.waitForFunction((id) => document.activeElement?.id === id, 'verify-code')

    const code = codeFrom(await smtp.waitFor(WORK_EMAIL))
    await codeInput.fill(wrongCode(code))
    await p.getByRole('button', { name: 'Verify', exact: true }).click()
    // Built from the problem's reason and triesLeft (en: "{{count}} tries left"), not its detail.
    const alert = p.getByRole('alert')
    await alert.getByText('Wrong code. 4 tries left.', { exact: true }).waitFor()
    assert.equal(await codeInput.getAttribute('aria-invalid'), 'true')
    assert.equal(await p.locator('#verify-code-error').innerText(), 'Wrong code. 4 tries left.')
    await p.waitForFunction((id) => document.activeElement?.id === id, 'verify-code')

    await codeInput.fill(code)
    await p.getByRole('button', { name: 'Verify', exact: true }).click()
    await p.getByRole('heading', { name: `You're verified at ${COMPANY}` }).waitFor()
    // The employments list appears above, with the toggle OFF: a company page must never list
    // everyone who could be behind "Employee of …" unless each of them chose to be shown.
    const list = p.getByRole('region', { name: 'Your verified workplaces' })
    await list.getByRole('link', { name: COMPANY }).waitFor()
    await list.getByText('Verified', { exact: true }).waitFor()
    assert.equal(await list.getByRole('checkbox', { name: /Show on my profile/ }).isChecked(), false)
    await p.screenshot({ path: path.join(ARTIFACTS_DIR, 'verify-email.png'), fullPage: true })
    assert.deepEqual(a.problems, [])
  })

  it('the company page counts the member but does not list them', async () => {
    const p = a.page
    await p.getByRole('link', { name: `Go to the ${COMPANY} page` }).click()
    await p.waitForURL(/\/companies\/[a-z0-9-]+$/)
    slug = p.url().split('/companies/')[1]!
    await p.getByRole('heading', { level: 1, name: COMPANY }).waitFor()
    await p.getByText('1 verified member', { exact: true }).waitFor()
    await p.getByText('northwind-labs.example', { exact: true }).waitFor()
    await p.getByText('No verified member shows this company on their profile yet.').waitFor()
    assert.equal(await p.getByRole('region', { name: 'Members on Watercooler' }).getByRole('link', { name: NAME }).count(), 0)
    assert.equal(await p.getByRole('region', { name: 'Administration' }).count(), 0, 'members get no admin tools')
  })

  it('the profile shows no verified badge until the member chooses to show it', async () => {
    const p = a.page
    await p.goto(`${server.url}/in/${handle}`)
    await p.getByRole('heading', { level: 1, name: NAME }).waitFor()
    assert.equal(await p.getByRole('link', { name: `Verified employee at ${COMPANY}` }).count(), 0)
  })

  it('showing the workplace puts the badge on the profile and the member on the company page; hiding takes both off', async () => {
    const p = a.page
    const toggle = async (to: boolean, said: string) => {
      await p.goto(server.url + '/settings')
      const box = p.getByRole('region', { name: 'Your verified workplaces' }).getByRole('checkbox', { name: /Show on my profile/ })
      await (to ? box.check() : box.uncheck())
      await p.getByText(said).waitFor()
    }
    const companyMembers = () => p.getByRole('region', { name: 'Members on Watercooler' }).getByRole('link', { name: NAME })

    await toggle(true, `${COMPANY} is now shown on your profile.`)
    await p.goto(`${server.url}/in/${handle}`)
    const badges = p.getByRole('list', { name: 'Verified employment' })
    await badges.getByRole('link', { name: `Verified employee at ${COMPANY}` }).waitFor()
    await p.goto(`${server.url}/companies/${slug}`)
    await companyMembers().waitFor()

    await toggle(false, `${COMPANY} is now hidden from your profile.`)
    await p.goto(`${server.url}/in/${handle}`)
    await p.getByRole('heading', { level: 1, name: NAME }).waitFor()
    assert.equal(await p.getByRole('link', { name: `Verified employee at ${COMPANY}` }).count(), 0)
    await p.goto(`${server.url}/companies/${slug}`)
    await p.getByText('No verified member shows this company on their profile yet.').waitFor()
    assert.equal(await companyMembers().count(), 0)
    await toggle(true, `${COMPANY} is now shown on your profile.`)
    assert.deepEqual(a.problems, [])
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

  it('an admin uploads a logo; the company page and the list show it', async () => {
    const p = a.page
    await p.goto(`${server.url}/companies/${slug}`) // fresh: no messages left from the edit
    const admin = p.getByRole('region', { name: 'Administration' })
    const header = p.locator('.company-header')
    const logo = header.getByRole('img', { name: `${COMPANY} logo` })
    // No logo yet: a neutral badge with the initial.
    assert.equal(await header.locator('.company-initial').innerText(), 'N')
    assert.equal(await logo.count(), 0)
    await admin.getByText('No logo yet: members see the first letter of the name.').waitFor()

    // A file that is not an image is refused before anything is sent.
    const input = admin.getByLabel('New logo')
    await input.setInputFiles(notAnImage)
    await admin.getByText('Choose a JPEG, PNG or WebP image.').waitFor()
    assert.equal(await input.getAttribute('aria-invalid'), 'true')

    await input.setInputFiles(logoPng)
    const preview = admin.getByRole('img', { name: 'Preview of the logo you chose' })
    await preview.waitFor()
    assert.match((await preview.getAttribute('src')) ?? '', /^blob:/)
    assert.equal(await input.getAttribute('aria-invalid'), null)
    await admin.getByRole('button', { name: 'Upload logo' }).click()
    await admin.getByText('Logo uploaded.').waitFor()
    assert.equal(await preview.count(), 0, 'the preview goes once uploaded')

    // The stored logo (re-encoded to 256×256), with a cache-busting version in its address.
    await logo.waitFor()
    await p.waitForFunction((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0, await logo.elementHandle())
    assert.equal(await logo.evaluate((img: HTMLImageElement) => img.naturalWidth), 256)
    assert.match((await logo.getAttribute('src')) ?? '', new RegExp(`^/api/v1/companies/${slug}/logo\\?v=\\d+$`))
    assert.equal(await header.locator('.company-initial').count(), 0)

    // Removing asks first; Cancel keeps it.
    await admin.getByRole('button', { name: 'Remove logo…' }).click()
    await admin.getByText(`Remove the logo of ${COMPANY}? Members will see its first letter instead.`).waitFor()
    await p.waitForFunction((text) => document.activeElement?.textContent === text, 'Yes, remove')
    await admin.getByRole('button', { name: 'Cancel' }).click()
    await admin.getByRole('button', { name: 'Remove logo…' }).waitFor()
    await admin.getByRole('button', { name: 'Remove logo…' }).click()
    await admin.getByRole('button', { name: 'Yes, remove' }).click()
    await admin.getByText('Logo removed.').waitFor()
    await header.locator('.company-initial').waitFor()
    assert.equal(await logo.count(), 0)
    assert.equal(await admin.getByRole('button', { name: 'Remove logo…' }).count(), 0)
    await p.waitForFunction((id) => document.activeElement?.id === id, 'company-logo')

    // And back again, for the pages that follow.
    await input.setInputFiles(logoPng)
    await admin.getByRole('button', { name: 'Upload logo' }).click()
    await admin.getByText('Logo uploaded.').waitFor()
    await logo.waitFor()
    await p.waitForFunction((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth === 256, await logo.elementHandle())
    await p.evaluate(() => window.scrollTo(0, 0)) // the sticky header back at the top of the picture
    await p.screenshot({ path: path.join(ARTIFACTS_DIR, 'company-logo.png'), fullPage: true })

    // The companies list shows it too (a fresh page load: the plain, public address).
    await p.goto(server.url + '/companies?q=northw')
    const row = p.getByRole('listitem').filter({ has: p.getByRole('link', { name: COMPANY }) })
    const small = row.locator('img.company-logo')
    await small.waitFor()
    await p.waitForFunction((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0, await small.elementHandle())
    assert.equal(await small.evaluate((img: HTMLImageElement) => img.naturalWidth), 256)
    assert.equal(await small.getAttribute('alt'), '', 'the name is right next to it')
    await p.goto(`${server.url}/companies/${slug}`)
    await p.getByRole('heading', { level: 1, name: COMPANY }).waitFor()
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
  })

  it('wrong codes in Chinese; after the last try the focus moves to “Resend code”', async () => {
    const p = a.page
    const address = `second.${Date.now().toString(36)}@northwind-labs.example`
    await p.getByLabel('工作邮箱地址').fill(address)
    await p.getByRole('button', { name: '发送验证码' }).click()
    const codeInput = p.getByLabel('验证码', { exact: true })
    await codeInput.waitFor()
    const wrong = wrongCode(codeFrom(await smtp.waitFor(address)))
    const verify = p.getByRole('button', { name: '验证', exact: true })
    const resend = p.getByRole('button', { name: '重新发送验证码' })
    const alert = p.getByRole('alert')
    for (let left = 4; left >= 1; left--) {
      await codeInput.fill(wrong)
      await verify.click()
      await alert.getByText(`验证码错误，还可以尝试 ${left} 次。`, { exact: true }).waitFor()
      assert.equal(await codeInput.getAttribute('aria-invalid'), 'true')
    }
    assert.match(await resend.getAttribute('class') ?? '', /button-secondary/)

    // The fifth wrong try kills the code: the input is not at fault, "Resend code" is the way on.
    await codeInput.fill(wrong)
    await verify.click()
    await alert.getByText('错误次数过多，此验证码已失效。请点击“重新发送验证码”获取新的验证码。', { exact: true }).waitFor()
    await p.waitForFunction((id) => document.activeElement?.id === id, 'verify-resend')
    assert.match(await resend.getAttribute('class') ?? '', /button-primary/)
    assert.equal(await resend.getAttribute('aria-describedby'), 'verify-code-alert')
    assert.equal(await codeInput.getAttribute('aria-invalid'), null)
    await p.screenshot({ path: path.join(ARTIFACTS_DIR, 'verify-code-exhausted-zh-CN.png'), fullPage: true })

    // Resending (from the keyboard) clears it.
    await p.keyboard.press('Enter')
    await p.getByText(`新的验证码已发送至 ${address}。只有最新的验证码有效。`).waitFor()
    assert.equal(await alert.count(), 0)
    assert.match(await resend.getAttribute('class') ?? '', /button-secondary/)
    await p.waitForFunction((id) => document.activeElement?.id === id, 'verify-code')

    await p.getByLabel('语言', { exact: true }).selectOption('en')
    await p.getByRole('heading', { level: 1, name: 'Verify where you work' }).waitFor()
    assert.deepEqual(a.problems, [])
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
