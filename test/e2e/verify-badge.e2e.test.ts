/**
 * End to end, in a real Chromium against a real server: member A sends a badge photo, member B
 * (made a reviewer) sees it in the queue with the photo and approves it; the photo is gone from
 * the database and A is verified. Then a second photo is rejected with a reason A can read, a
 * third names a company near an existing one — the reviewer must pick, and picking the existing
 * company makes no duplicate — and a fourth vanishes (it leaves the queue).
 */
import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import sharp from 'sharp'
import { ARTIFACTS_DIR, browserUnavailable, startTestServer } from '../support/server.js'
import { openPerson, signUp, uniqueEmail, type Person } from './browser.js'

const PASSWORD = 'Contoso-Badges-2026'
const A_NAME = 'Ada Badgeholder'
const B_NAME = 'Rita Reviewer'
const COMPANY = 'Contoso Widgets'

const skip = browserUnavailable()
let server: Awaited<ReturnType<typeof startTestServer>>
let tmp = ''
let jpeg = ''
let notAnImage = ''

before(async () => {
  if (skip) return
  server = await startTestServer()
  tmp = await mkdtemp(path.join(os.tmpdir(), 'wc-badge-'))
  jpeg = path.join(tmp, 'badge.jpg')
  await writeFile(jpeg, await sharp({ create: { width: 400, height: 250, channels: 3, background: '#3355aa' } }).jpeg().toBuffer())
  notAnImage = path.join(tmp, 'notes.txt')
  await writeFile(notAnImage, 'not a photo')
})

after(async () => {
  await server?.close()
  if (tmp) await rm(tmp, { recursive: true, force: true })
})

async function handleOf(person: Person): Promise<string> {
  const href = await person.page.getByRole('link', { name: 'View your profile' }).getAttribute('href')
  return (href ?? '').slice('/in/'.length)
}

describe('web app: verifying with a badge photo', { skip: skip ?? false }, () => {
  let a: Person
  let b: Person
  let aHandle = ''
  let bHandle = ''

  before(async () => {
    a = await openPerson()
    b = await openPerson()
    await signUp(a.page, server.url, A_NAME, uniqueEmail('ada'), PASSWORD)
    aHandle = await handleOf(a)
    await signUp(b.page, server.url, B_NAME, uniqueEmail('rita'), PASSWORD)
    bHandle = await handleOf(b)
  })

  after(async () => {
    await a?.close()
    await b?.close()
  })

  /** A sends a photo of a badge at `company` (no domain) and sees it accepted. */
  async function aSendsBadge(company: string) {
    await a.page.goto(server.url + '/verify?method=badge')
    await a.page.getByLabel('Company name').fill(company)
    await a.page.getByLabel('Photo of your badge').setInputFiles(jpeg)
    await a.page.getByRole('button', { name: 'Send for review' }).click()
    await a.page.getByText('Sent. A reviewer will look at it soon.').waitFor()
  }

  /** A's submission in B's review queue. */
  const queuedFromA = () => b.page.getByRole('listitem').filter({ has: b.page.getByRole('heading', { name: A_NAME }) })

  it('A is told at once when the file is not a photo', async () => {
    const p = a.page
    await p.goto(server.url + '/verify')
    await p.getByRole('tab', { name: 'Badge photo' }).click()
    await p.waitForURL(server.url + '/verify?method=badge')
    await p.getByLabel('Photo of your badge').setInputFiles(notAnImage)
    await p.getByText('Choose a JPEG, PNG or WebP image.').waitFor()
    assert.equal(await p.getByLabel('Photo of your badge').getAttribute('aria-invalid'), 'true')
    await p.getByRole('button', { name: 'Send for review' }).click()
    await p.getByRole('alert').getByText('Please fix the highlighted fields.').waitFor()
  })

  it('A sends a badge photo and sees it pending', async () => {
    const p = a.page
    await p.getByLabel('Company name').fill(COMPANY)
    await p.getByLabel('Company website domain').fill('contoso-widgets.example')
    await p.getByLabel('Photo of your badge').setInputFiles(jpeg)
    const preview = p.getByRole('img', { name: 'Preview of the badge photo you chose' })
    await preview.waitFor()
    assert.match((await preview.getAttribute('src')) ?? '', /^blob:/)
    assert.ok(await preview.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth === 400))
    await p.getByText('The photo is deleted after review, and after 7 days in any case.').waitFor()
    await p.getByRole('button', { name: 'Send for review' }).click()
    await p.getByText('Sent. A reviewer will look at it soon.').waitFor()
    const mine = p.getByRole('region', { name: 'Your badge photos' })
    await mine.getByText(COMPANY, { exact: true }).waitFor()
    await mine.getByText('Pending review').waitFor()
    // A sees their own stored (re-encoded) photo while it waits.
    const thumb = mine.getByRole('img', { name: `Your badge photo for ${COMPANY}` })
    await thumb.waitFor()
    await p.waitForFunction((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0, await thumb.elementHandle())
    assert.equal(await p.getByRole('link', { name: 'Reviews' }).count(), 0, 'members get no Reviews link')
    assert.deepEqual(a.problems, [])
  })

  it('A, not a reviewer, gets a polite note on /reviews', async () => {
    await a.page.goto(server.url + '/reviews')
    await a.page.getByRole('heading', { level: 1, name: 'For reviewers only' }).waitFor()
  })

  it('B, made a reviewer, sees the submission with its photo and approves it', async () => {
    await server.app.ctx.db.updateTable('account').set({ role: 'reviewer' }).where('handle', '=', bHandle).execute()
    const p = b.page
    await p.goto(server.url + '/')
    await p.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Reviews' }).click()
    await p.waitForURL(server.url + '/reviews')
    await p.getByRole('heading', { level: 1, name: 'Badge reviews' }).waitFor()
    const item = queuedFromA()
    await item.getByText(COMPANY, { exact: true }).waitFor()
    await item.getByText('contoso-widgets.example', { exact: true }).waitFor()
    assert.equal(await item.getByRole('link', { name: A_NAME, exact: true }).getAttribute('href'), `/in/${aHandle}`)
    const photo = item.getByRole('img', { name: `Badge photo sent by ${A_NAME}` })
    await p.waitForFunction((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0, await photo.elementHandle())
    assert.equal(await photo.evaluate((img: HTMLImageElement) => img.naturalWidth), 400)
    await p.screenshot({ path: path.join(ARTIFACTS_DIR, 'review-queue.png'), fullPage: true })

    await item.getByRole('button', { name: /^Approve/ }).click()
    await p.getByText(`Approved: ${A_NAME} is now verified at ${COMPANY}.`).waitFor()
    await p.getByText('Nothing is waiting for review. Well done!').waitFor()
    assert.deepEqual(b.problems, [])
  })

  it('the photo is deleted from the database', async () => {
    assert.deepEqual(await server.app.ctx.db.selectFrom('badgePhoto').selectAll().execute(), [])
  })

  it('A sees the approval, the employment and the badge on the profile', async () => {
    const p = a.page
    await p.goto(server.url + '/verify?method=badge')
    const mine = p.getByRole('region', { name: 'Your badge photos' })
    await mine.getByText('Approved', { exact: true }).waitFor()
    assert.equal(await mine.getByRole('img').count(), 0, 'no photo once decided')
    const employments = p.getByRole('region', { name: 'Your verified workplaces' })
    await employments.getByRole('link', { name: COMPANY }).waitFor()
    await employments.getByText(/Verified by badge photo on/).waitFor()
    // Off unless the member chooses it: nobody is listed as being behind "Employee of …".
    const show = employments.getByRole('checkbox', { name: /Show on my profile/ })
    assert.equal(await show.isChecked(), false)
    await p.goto(`${server.url}/in/${aHandle}`)
    await p.getByRole('heading', { level: 1, name: A_NAME }).waitFor()
    assert.equal(await p.getByRole('link', { name: `Verified employee at ${COMPANY}` }).count(), 0)
    await p.goto(server.url + '/verify?method=badge')
    await show.check()
    await p.getByText(`${COMPANY} is now shown on your profile.`).waitFor()
    await p.goto(`${server.url}/in/${aHandle}`)
    await p.getByRole('link', { name: `Verified employee at ${COMPANY}` }).waitFor()
  })

  it('a rejected photo shows the reviewer’s reason to A', async () => {
    await aSendsBadge('Fabrikam')
    const p = b.page
    await p.getByRole('button', { name: 'Refresh' }).click()
    const item = queuedFromA()
    await item.getByRole('button', { name: /^Reject/ }).click()
    await item.getByText('Give the member a reason before rejecting.').waitFor()
    assert.equal(await item.getByLabel('Reason for rejecting').getAttribute('aria-invalid'), 'true')
    await item.getByLabel('Reason for rejecting').fill('The company name is not readable on the badge.')
    await item.getByRole('button', { name: /^Reject/ }).click()
    await p.getByText(`Rejected: ${A_NAME} will see your reason.`).waitFor()

    await a.page.reload()
    const mine = a.page.getByRole('region', { name: 'Your badge photos' })
    await mine.getByText('Rejected', { exact: true }).waitFor()
    await mine.getByText('Reason: The company name is not readable on the badge.').waitFor()
    assert.deepEqual(a.problems, [])
    assert.deepEqual(b.problems, [])
  })

  it('a near match: the reviewer must pick (a new company only on purpose), picks the existing one, and no duplicate appears', async () => {
    const companies = async () => (await server.app.ctx.db.selectFrom('company').select('name').execute()).map((c) => c.name).sort()
    const before = await companies()
    await aSendsBadge('Contoso Widget')
    const p = b.page
    await p.getByRole('button', { name: 'Refresh' }).click()
    const item = queuedFromA()
    const picker = item.getByRole('group', { name: 'Company to verify into' })
    const existing = picker.getByRole('radio', { name: /^Contoso Widgets \(contoso-widgets\.example\) — similar name$/ })
    await existing.waitFor()
    assert.equal(await existing.isChecked(), false, 'a similar name is not picked for the reviewer')
    await item.getByRole('button', { name: /^Approve/ }).click()
    await picker.getByText('Pick the company to verify the member into.').waitFor()
    // A new company: the near match is named, and a box must be ticked.
    await picker.getByRole('radio', { name: 'A new company: “Contoso Widget”' }).check()
    await picker.getByText(/^Similar companies exist: Contoso Widgets\./).waitFor()
    await item.getByRole('button', { name: /^Approve/ }).click()
    await picker.getByText('Tick the box to create a new company, or pick one of the similar ones.').waitFor()
    await p.screenshot({ path: path.join(ARTIFACTS_DIR, 'review-near-match.png'), fullPage: true })
    // A search finds others by name or domain; the reviewer picks the existing company.
    await picker.getByLabel('Find another company (name or domain)').fill('contoso')
    await picker.getByRole('button', { name: 'Search' }).click()
    await existing.check()
    await item.getByRole('button', { name: /^Approve/ }).click()
    await p.getByText(`Approved: ${A_NAME} is now verified at ${COMPANY}.`).waitFor()
    assert.deepEqual(await companies(), before, 'no second Contoso Widgets')
    assert.deepEqual(b.problems, [])
  })

  it('a vanished submission leaves the queue', async () => {
    await aSendsBadge('Tailspin Toys')
    const p = b.page
    await p.getByRole('button', { name: 'Refresh' }).click()
    const item = queuedFromA()
    // Nothing near: a new company is what the reviewer starts from.
    assert.equal(await item.getByRole('radio', { name: 'A new company: “Tailspin Toys”' }).isChecked(), true)
    // The submission disappears (as it does with its member's account): a 404 now means just that.
    await server.app.ctx.db.deleteFrom('badgeSubmission').where('companyName', '=', 'Tailspin Toys').execute()
    await item.getByRole('button', { name: /^Approve/ }).click()
    await p.getByText('That submission is gone: the member deleted their account. It was removed from the list.').waitFor()
    await p.getByText('Nothing is waiting for review. Well done!').waitFor()
    await p.waitForFunction(() => document.activeElement?.tagName === 'H1')
    assert.deepEqual(b.problems, [])
  })
})
