/**
 * End to end, in a real Chromium: an admin renames a company, sets its website and locations, adds an e-mail domain (a domain of
 * another company is refused on its field) and merges a duplicate company into it, through the
 * two-step confirmation; the duplicate's domains and members move, and its page is gone. Then
 * the companies page lists likely duplicates: one pair is kept apart, another merged after asking.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { buildVerifiedUser } from '../support/factories.js'
import { browserUnavailable, startTestServer } from '../support/server.js'
import { openPerson, signUp, uniqueEmail, type Person } from './browser.js'

const MAIN = 'fabrikam'
const DUPLICATE = 'fabrikam-old'

const skip = browserUnavailable()
let server: Awaited<ReturnType<typeof startTestServer>>
let admin: Person
let mainMember: { handle: string }
let adminHandle = ''
/** buildVerifiedUser signs up with the default name. */
const MEMBER_NAME = 'Test Member'

before(async () => {
  if (skip) return
  server = await startTestServer()
  // One verified member at each company (each company is made with the domain "<slug>.example").
  mainMember = await buildVerifiedUser(server.app.app, server.app.ctx, MAIN)
  await buildVerifiedUser(server.app.app, server.app.ctx, DUPLICATE)
  admin = await openPerson()
  await signUp(admin.page, server.url, 'Alan Admin', uniqueEmail('admin'), 'Administrator-Long-1')
  const handle = ((await admin.page.getByRole('link', { name: 'View your profile' }).getAttribute('href')) ?? '').slice('/in/'.length)
  adminHandle = handle
  await server.app.ctx.db.updateTable('account').set({ role: 'admin' }).where('handle', '=', handle).execute()
})

after(async () => {
  await admin?.close()
  await server?.close()
})

const panel = () => admin.page.getByRole('region', { name: 'Administration' })
const domains = async () => (await admin.page.locator('.domains .chip').allInnerTexts()).sort()

describe('web app: company administration', { skip: skip ?? false }, () => {
  it('renames the company, sets its website and locations, and adds an e-mail domain', async () => {
    const p = admin.page
    await p.goto(`${server.url}/companies/${MAIN}`)
    await p.getByRole('heading', { level: 1, name: 'fabrikam' }).waitFor()
    await panel().getByLabel('Name').fill('Fabrikam, Inc.')
    await panel().getByLabel('Add an e-mail domain').fill('Fabrikam-Mail.example')
    // A website needs its scheme: said on the field, nothing saved.
    await panel().getByLabel('Website').fill('fabrikam.example')
    await panel().getByRole('button', { name: 'Save changes' }).click()
    await panel().getByText('Enter an address starting with https://, e.g. https://northwind.example.').first().waitFor()
    assert.equal(await panel().getByLabel('Website').getAttribute('aria-invalid'), 'true')
    await panel().getByLabel('Website').fill('https://fabrikam.example/')
    await panel().getByLabel('Locations').fill('Redmond\n\nShanghai ')
    await panel().getByRole('button', { name: 'Save changes' }).click()
    await panel().getByText('Company saved.').waitFor()
    await p.getByRole('heading', { level: 1, name: 'Fabrikam, Inc.' }).waitFor()
    const where = p.locator('.company-header .company-where')
    assert.equal(await where.getByRole('link', { name: 'fabrikam.example' }).getAttribute('href'), 'https://fabrikam.example/')
    assert.equal(await where.getByRole('link', { name: 'fabrikam.example' }).getAttribute('rel'), 'noopener nofollow ugc')
    await where.getByText('Redmond · Shanghai').waitFor()
    assert.deepEqual(await domains(), ['fabrikam-mail.example', 'fabrikam.example'])
    assert.equal(p.url(), `${server.url}/companies/${MAIN}`, 'the address stays')
  })

  it('adds a representative: a member who does not work there is refused on the field; an employee is listed, then removed', async () => {
    const p = admin.page
    const reps = p.getByRole('region', { name: 'Representatives' })
    await reps.getByText('No representative yet.').waitFor()
    await reps.getByLabel('Their handle').fill(adminHandle)
    await reps.getByRole('button', { name: 'Add', exact: true }).click()
    await reps.getByText('Only a current verified employee of Fabrikam, Inc. can represent it.').first().waitFor()
    assert.equal(await reps.getByLabel('Their handle').getAttribute('aria-invalid'), 'true')
    await reps.getByLabel('Their handle').fill(`@${mainMember.handle}`)
    await reps.getByRole('button', { name: 'Add', exact: true }).click()
    await reps.getByText(`@${mainMember.handle} now represents the company.`).waitFor()
    await reps.getByRole('link', { name: MEMBER_NAME }).waitFor()
    await reps.getByRole('button', { name: `Remove – ${MEMBER_NAME}` }).click()
    await reps.getByText(`${MEMBER_NAME} no longer represents the company.`).waitFor()
    await reps.getByText('No representative yet.').waitFor()
  })

  it("refuses another company's domain on its field, and saves nothing", async () => {
    const p = admin.page
    await panel().getByLabel('Industry').fill('Manufacturing')
    const domain = panel().getByLabel('Add an e-mail domain')
    await domain.fill(`${DUPLICATE}.example`)
    await panel().getByRole('button', { name: 'Save changes' }).click()
    // In English the server's own detail, which names the domain (other languages: a translation).
    await panel().getByText(`${DUPLICATE}.example already belongs to another company; merge the two instead.`).first().waitFor()
    assert.equal(await domain.getAttribute('aria-invalid'), 'true')
    await p.waitForFunction(() => document.activeElement?.id === 'company-domain')
    const company = (await companyViaApi(MAIN)).json()
    assert.ok(!company.industry, 'the industry was not saved either')
  })

  it('merging asks first; an unknown company is refused on its field; cancel returns to the field', async () => {
    const p = admin.page
    await p.goto(`${server.url}/companies/${DUPLICATE}`)
    const into = panel().getByLabel('Slug of the company to merge into')
    await into.fill('no-such-company')
    await panel().getByRole('button', { name: 'Merge…' }).click()
    await p.waitForFunction(() => document.activeElement?.textContent === 'Yes, merge')
    assert.equal(await into.getAttribute('readonly'), '', 'the slug is locked while asking')
    await panel().getByRole('button', { name: 'Yes, merge' }).click()
    await panel().getByText('There is no company “no-such-company”.').first().waitFor()
    assert.equal(await into.getAttribute('aria-invalid'), 'true')

    await into.fill(MAIN)
    await panel().getByRole('button', { name: 'Merge…' }).click()
    await panel().getByRole('group', { name: `Merge fabrikam old into “${MAIN}”? This cannot be undone.` }).waitFor()
    await panel().getByRole('button', { name: 'Cancel' }).click()
    await panel().getByRole('button', { name: 'Merge…' }).waitFor()
    await p.waitForFunction(() => document.activeElement?.id === 'merge-into')
    assert.equal((await companyViaApi(DUPLICATE)).statusCode, 200)
  })

  it('the merge moves domains and members and lands on the surviving company', async () => {
    const p = admin.page
    await panel().getByRole('button', { name: 'Merge…' }).click()
    await panel().getByRole('button', { name: 'Yes, merge' }).click()
    await p.waitForURL(`${server.url}/companies/${MAIN}`)
    await p.getByText('fabrikam old was merged into Fabrikam, Inc.').waitFor()
    await p.getByText('2 verified members').waitFor()
    assert.deepEqual(await domains(), ['fabrikam-mail.example', 'fabrikam-old.example', 'fabrikam.example'])

    await p.goto(`${server.url}/companies/${DUPLICATE}`)
    await p.getByRole('heading', { level: 1, name: 'Company not found' }).waitFor()
    assert.deepEqual(admin.problems, [])
  })

  it('likely duplicates on the companies page: one pair kept apart, another merged after asking', async () => {
    await buildVerifiedUser(server.app.app, server.app.ctx, 'northwind-traders')
    await buildVerifiedUser(server.app.app, server.app.ctx, 'northwind-traders-group')
    await buildVerifiedUser(server.app.app, server.app.ctx, 'woodgrove-bank')
    await buildVerifiedUser(server.app.app, server.app.ctx, 'woodgrove-bank-ltd')
    const p = admin.page
    await p.goto(`${server.url}/companies`)
    const list = p.getByRole('region', { name: 'Likely duplicates' })
    const northwind = list.getByRole('listitem', { name: 'northwind traders and northwind traders group' })
    const woodgrove = list.getByRole('listitem', { name: 'woodgrove bank and woodgrove bank ltd' })
    await woodgrove.getByText('same name').waitFor()
    await northwind.getByRole('button', { name: 'Not the same company' }).click()
    await list.getByText('northwind traders and northwind traders group stay apart, and are not listed again.').waitFor()
    await northwind.waitFor({ state: 'detached' })

    await woodgrove.getByRole('button', { name: 'Merge woodgrove bank ltd into woodgrove bank' }).click()
    await woodgrove.getByRole('group', { name: /^Merge woodgrove bank ltd into woodgrove bank\? .*cannot be undone\.$/ }).waitFor()
    await woodgrove.getByRole('button', { name: 'Yes, merge' }).click()
    await list.getByText('woodgrove bank ltd was merged into woodgrove bank.').waitFor()
    await woodgrove.waitFor({ state: 'detached' })
    assert.equal((await companyViaApi('woodgrove-bank-ltd')).statusCode, 404)
    assert.equal((await companyViaApi('woodgrove-bank')).json().memberCount > 0, true)
    await p.reload()
    await list.getByRole('heading', { name: 'Likely duplicates' }).waitFor()
    assert.equal(await list.getByRole('listitem', { name: 'northwind traders and northwind traders group' }).count(), 0, 'kept apart for good')
    assert.deepEqual(admin.problems, [])
  })
})

/** A company as the API gives it, asked with the admin's session (read from the browser). */
async function companyViaApi(slug: string) {
  const c = (await admin.context.cookies(server.url)).find((x) => x.name === 'wc_session')
  assert.ok(c, 'the admin is signed in')
  return server.app.app.inject({ method: 'GET', url: `/api/v1/companies/${slug}`, headers: { cookie: `wc_session=${c.value}` } })
}
