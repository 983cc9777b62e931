/**
 * End to end, in Chromium (issue 10): a representative of contoso posts a job with a salary range
 * (a minimum above the maximum is refused on its field first); a member of another company finds
 * it on /jobs by the minimum-salary filter while a cheaper job is filtered out, saves it, and
 * applies — a file that is not a PDF is refused with the reason before anything is sent, one the
 * server finds is not a PDF with the server's reason, then a real PDF goes; asks an employee who
 * takes referral requests. The representative sets the application to "Interview" in the inbox;
 * the member reloads My applications and sees it, finds the job under Saved jobs and creates
 * alerts. Last the representative edits the job and closes the cheaper one, which then takes no
 * applications. Phone width on the way.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { dayOf } from '../../server/src/context.js'
import { buildVerifiedUser } from '../support/factories.js'
import { browserUnavailable, startTestServer } from '../support/server.js'
import { openPerson, scrollWidth, signIn, type Person } from './browser.js'

const COMPANY = 'contoso'
const JOB = 'Senior Data Engineer'
const CHEAP = 'Junior QA Tester'
/** The smallest file the server takes for a PDF: the header, and the end-of-file marker. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')

const skip = browserUnavailable()
let server: Awaited<ReturnType<typeof startTestServer>>
type User = Awaited<ReturnType<typeof buildVerifiedUser>>
let rep: User
let member: User
let colleague: User
let cheapId = ''

before(async () => {
  if (skip) return
  server = await startTestServer()
  const { app, ctx } = server.app
  rep = await buildVerifiedUser(app, ctx, COMPANY)
  colleague = await buildVerifiedUser(app, ctx, COMPANY)
  member = await buildVerifiedUser(app, ctx, 'northwind')
  for (const [u, name] of [[rep, 'Rita Recruiter'], [colleague, 'Colin Colleague'], [member, 'Mei Applicant']] as const) {
    await ctx.db.updateTable('account').set({ name }).where('id', '=', u.id).execute()
  }
  const company = await ctx.db.selectFrom('company').select('id').where('slug', '=', COMPANY).executeTakeFirstOrThrow()
  await ctx.db.insertInto('companyRepresentative').values({ companyId: company.id, accountId: rep.id, grantedOn: dayOf(ctx.clock.now()) }).execute()
  // The colleague takes referral requests (the Settings checkbox's call).
  const me = (await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: colleague.cookie } })).json() as { employments: { id: string }[] }
  const optIn = await app.inject({ method: 'PATCH', url: `/api/v1/me/employments/${me.employments[0]!.id}`, headers: { cookie: colleague.cookie }, payload: { acceptsReferrals: true } })
  assert.equal(optIn.statusCode, 204, optIn.body)
  // A job paying less than the member will look for.
  const cheap = await app.inject({
    method: 'POST',
    url: '/api/v1/jobs',
    headers: { cookie: rep.cookie },
    payload: { companySlug: COMPANY, title: CHEAP, location: 'Shanghai', workplace: 'onsite', salaryMin: 100_000, salaryMax: 150_000, currency: 'CNY', description: 'Test things.' },
  })
  assert.equal(cheap.statusCode, 201, cheap.body)
  cheapId = (cheap.json() as { id: string }).id
})
after(async () => {
  await server?.close()
})

describe('web app: jobs', { skip: skip ?? false }, () => {
  let r: Person
  let m: Person
  before(async () => {
    r = await openPerson()
    m = await openPerson()
  })
  after(async () => {
    await r?.close()
    await m?.close()
  })

  it('the representative posts a job with a salary range; a minimum above the maximum is refused on its field first', async () => {
    const p = r.page
    await signIn(p, server.url, rep.email, rep.password, '/jobs')
    await p.getByRole('link', { name: 'Post a job' }).first().click()
    await p.waitForURL(`${server.url}/jobs/new?company=${COMPANY}`)
    await p.getByRole('heading', { level: 1, name: 'Post a job' }).waitFor()
    await p.getByLabel('Job title').fill(JOB)
    await p.getByLabel('Location').fill('Shanghai')
    await p.getByLabel('Workplace').selectOption('hybrid')
    await p.getByLabel('Minimum', { exact: true }).fill('600000')
    await p.getByLabel('Maximum', { exact: true }).fill('400000')
    await p.getByLabel('Currency').selectOption('CNY')
    await p.getByLabel('Description').fill('**Build** the data platform.\n\n- Spark\n- 数据仓库')
    await p.getByRole('button', { name: 'Post the job' }).click()
    await p.getByText("The maximum can't be less than the minimum.").waitFor()
    assert.equal(await p.getByLabel('Maximum', { exact: true }).getAttribute('aria-invalid'), 'true')
    await p.getByLabel('Minimum', { exact: true }).fill('400000')
    await p.getByLabel('Maximum', { exact: true }).fill('600000')
    await p.getByRole('button', { name: 'Post the job' }).click()
    await p.waitForURL(/\/jobs\/[0-9a-f-]{36}$/)
    await p.getByRole('heading', { level: 1, name: JOB }).waitFor()
    await p.getByText('Your job is posted.').waitFor()
    await p.locator('.job-header .job-salary', { hasText: '400,000' }).waitFor()
    await p.locator('.job-description strong', { hasText: 'Build' }).waitFor()
    await p.getByRole('region', { name: 'Manage this job' }).getByRole('link', { name: '0 applications: open the inbox' }).waitFor()
  })

  it('the member finds it by the minimum salary; the cheaper job is not listed', async () => {
    const p = m.page
    await signIn(p, server.url, member.email, member.password, '/jobs')
    const results = p.getByRole('region', { name: /open jobs?$/ })
    await p.getByRole('heading', { level: 2, name: '2 open jobs' }).waitFor()
    await results.getByRole('link', { name: CHEAP }).waitFor()
    await p.getByLabel('Minimum yearly salary').fill('300000')
    await p.getByLabel('Currency').selectOption('CNY')
    await p.getByRole('button', { name: 'Search jobs' }).click()
    await p.waitForURL(/salaryMin=300000/)
    await p.getByRole('heading', { level: 2, name: '1 open job' }).waitFor()
    const card = p.getByRole('listitem', { name: JOB })
    await card.getByRole('link', { name: COMPANY, exact: true }).waitFor()
    await card.getByText('Hybrid').waitFor()
    await card.getByText(/CN¥400,000/).waitFor()
    assert.equal(await p.getByRole('link', { name: CHEAP }).count(), 0)
    await p.setViewportSize({ width: 390, height: 844 })
    assert.ok((await scrollWidth(p)) <= 390, '/jobs fits a phone')
    await p.setViewportSize({ width: 1280, height: 900 })
  })

  it('saves the job, and applies: a non-PDF is refused with the reason, then a PDF is sent', async () => {
    const p = m.page
    await p.getByRole('link', { name: JOB }).click()
    await p.getByRole('heading', { level: 1, name: JOB }).waitFor()
    await p.getByRole('button', { name: `Save – ${JOB}` }).click()
    await p.getByRole('button', { name: `Saved – ${JOB}`, pressed: true }).waitFor()

    await p.getByLabel('A note to the company').fill('I built the data platform at Northwind.')
    const resume = p.getByLabel('Résumé (PDF)')
    await resume.setInputFiles({ name: 'resume.pdf', mimeType: 'application/pdf', buffer: Buffer.from('Hello, I am a text file.') })
    await p.getByText("This file isn't a PDF. Choose your résumé as a PDF file.").waitFor()
    assert.equal(await resume.getAttribute('aria-invalid'), 'true')
    let sent = 0
    const count = (req: { url(): string; method(): string }) => {
      if (req.method() === 'POST' && /\/applications$/.test(new URL(req.url()).pathname)) sent++
    }
    p.on('request', count)
    await p.getByRole('button', { name: 'Send application' }).click()
    await p.waitForFunction(() => document.activeElement?.id === 'apply-resume')
    assert.equal(sent, 0, 'nothing is sent with a file that is not a PDF')

    // Starts like a PDF, so only the server, reading all of it, can tell: its reason is shown.
    await resume.setInputFiles({ name: 'resume.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 and then nothing a PDF has') })
    await p.getByText("This file isn't a PDF. Choose your résumé as a PDF file.").waitFor({ state: 'detached' })
    await p.getByRole('button', { name: 'Send application' }).click()
    await p.getByText("The résumé isn't a PDF file we can read. Choose a PDF.").first().waitFor()
    assert.equal(sent, 1)

    await resume.setInputFiles({ name: 'resume.pdf', mimeType: 'application/pdf', buffer: PDF })
    await p.getByRole('button', { name: 'Send application' }).click()
    await p.getByText(`Your application was sent to ${COMPANY}.`).waitFor()
    const yours = p.getByRole('region', { name: 'Your application' })
    await yours.getByText('New', { exact: true }).waitFor()
    await p.locator('.job-header').getByText('Applied', { exact: true }).waitFor()
    p.off('request', count)
    await p.setViewportSize({ width: 390, height: 844 })
    assert.ok((await scrollWidth(p)) <= 390, 'a job page fits a phone')
    await p.setViewportSize({ width: 1280, height: 900 })
  })

  it('asks an employee who takes referral requests; then "Asked", with the conversation', async () => {
    const p = m.page
    const referrals = p.getByRole('region', { name: 'Referrals' })
    await referrals.getByRole('button', { name: 'Ask for a referral – Colin Colleague' }).click()
    await referrals.getByLabel('Your note to Colin Colleague').fill('Could you refer me? I know Spark well.')
    await referrals.getByRole('button', { name: 'Send request' }).click()
    await referrals.getByText('Asked', { exact: true }).waitFor()
    const link = referrals.getByRole('link', { name: 'Open the conversation with Colin Colleague' })
    assert.match((await link.getAttribute('href')) ?? '', /^\/messages\/[0-9a-f-]{36}$/)
  })

  it('the representative sets the status to "Interview" in the inbox', async () => {
    const p = r.page
    await p.goto(`${server.url}/jobs/inbox`)
    await p.getByRole('heading', { level: 1, name: 'Applications inbox' }).waitFor()
    const item = p.getByRole('listitem', { name: 'Mei Applicant' })
    await item.getByText('I built the data platform at Northwind.').waitFor()
    await item.getByRole('link', { name: 'Résumé of Mei Applicant (PDF)' }).waitFor()
    await item.getByLabel('Application status – Mei Applicant').selectOption('interview')
    await item.getByText('Mei Applicant: status set to Interview.').waitFor()
    assert.deepEqual(r.problems, [])
  })

  it('the member reloads My applications and sees "Interview"; the job is under Saved jobs', async () => {
    const p = m.page
    await p.goto(`${server.url}/jobs/applications`)
    await p.reload()
    const item = p.getByRole('listitem', { name: JOB })
    await item.getByText('Interview', { exact: true }).waitFor()
    await p.goto(`${server.url}/notifications`)
    await p.getByRole('link', { name: `${COMPANY} updated your application.` }).waitFor()

    await p.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Jobs' }).click()
    await p.getByRole('navigation', { name: 'Jobs pages' }).getByRole('link', { name: 'Saved jobs' }).click()
    await p.getByRole('heading', { level: 1, name: 'Saved jobs' }).waitFor()
    await p.getByRole('listitem', { name: JOB }).getByRole('button', { name: `Saved – ${JOB}`, pressed: true }).waitFor()
  })

  it('creates alerts: from a search, and on the alerts page by e-mail too', async () => {
    const p = m.page
    await p.goto(`${server.url}/jobs?q=data&currency=CNY`)
    await p.getByRole('heading', { level: 2, name: '1 open job' }).waitFor()
    await p.getByRole('button', { name: 'Create alert from this search' }).click()
    await p.getByText('Alert created: new matching jobs will be in your notifications.').waitFor()
    await p.getByRole('link', { name: 'Manage job alerts' }).click()
    await p.getByRole('heading', { level: 1, name: 'Job alerts' }).waitFor()
    await p.getByRole('link', { name: '“data” · CNY' }).waitFor()

    const form = p.getByRole('form', { name: 'New alert' })
    await form.getByLabel('Keywords').fill('engineer')
    await form.getByLabel('Location').fill('Shanghai')
    await form.getByLabel('Also by e-mail').check()
    await form.getByRole('button', { name: 'Create alert' }).click()
    const alert = p.getByRole('listitem').filter({ has: p.getByRole('link', { name: '“engineer” · Shanghai' }) })
    await alert.getByText('In the app and by e-mail').waitFor()
    await p.getByRole('heading', { level: 2, name: '2 alerts' }).waitFor()
    await p.setViewportSize({ width: 390, height: 844 })
    assert.ok((await scrollWidth(p)) <= 390, '/jobs/alerts fits a phone')
    assert.deepEqual(m.problems, [])
  })

  it('the representative edits the job, and closes the cheaper one: it takes no more applications', async () => {
    const p = r.page
    await p.goto(`${server.url}/jobs/inbox`)
    await p.getByRole('listitem', { name: 'Mei Applicant' }).getByRole('link', { name: JOB }).click()
    const manage = p.getByRole('region', { name: 'Manage this job' })
    await manage.getByRole('link', { name: '1 application: open the inbox' }).waitFor()
    await manage.getByRole('button', { name: 'Edit job' }).click()
    await manage.getByLabel('Location').fill('Shanghai or remote')
    await manage.getByRole('button', { name: 'Save changes' }).click()
    await manage.getByText('Changes saved.').waitFor()
    await p.locator('.job-header').getByText('Shanghai or remote').waitFor()

    await p.goto(`${server.url}/jobs/${cheapId}`)
    await manage.getByRole('button', { name: 'Close job' }).click()
    await manage.getByRole('group', { name: 'Close this job? It stops taking applications; you can reopen it.' }).waitFor()
    await manage.getByRole('button', { name: 'Yes, close it' }).click()
    await manage.getByText('The job is closed.').waitFor()
    await manage.getByRole('button', { name: 'Reopen job' }).waitFor()
    assert.deepEqual(r.problems, [])

    await m.page.setViewportSize({ width: 1280, height: 900 })
    await m.page.goto(`${server.url}/jobs/${cheapId}`)
    await m.page.getByText('This job is closed: it no longer takes applications.').waitFor()
    assert.equal(await m.page.getByRole('button', { name: 'Send application' }).count(), 0)
  })
})
