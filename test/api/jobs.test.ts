/**
 * Jobs (issue 10) through the public API: representatives post them; members find them by words,
 * place, workplace, pay and company (and in the search box); apply with a note and a PDF résumé
 * (checked by its bytes, sealed at rest, deleted on withdrawal); the representative sets a status
 * the applicant sees and is told of; saved jobs, alerts (in the app and by mail) and referrals.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { JOBS } from '../../shared/src/api/limits.js'
import { runMaintenance } from '../../server/src/services/maintenance.js'
import { type TestApp, testClock } from '../support/app.js'
import { buildVerifiedUser } from '../support/factories.js'
import { multipartBody } from '../support/multipart.js'
import { buildTestAppWithMail, type TestSmtpServer } from '../support/smtp.js'
import { signUp } from '../support/app.js'

const clock = testClock(new Date('2026-06-15T10:00:00Z'))
let t: TestApp
let smtp: TestSmtpServer
type User = Awaited<ReturnType<typeof buildVerifiedUser>>
let rep: User
let colleague: User
let seeker: Awaited<ReturnType<typeof signUp>>
let admin: User

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')

before(async () => {
  ;({ t, smtp } = await buildTestAppWithMail({ clock }))
  rep = await buildVerifiedUser(t.app, t.ctx, 'hiring-co')
  colleague = await buildVerifiedUser(t.app, t.ctx, 'hiring-co')
  admin = await buildVerifiedUser(t.app, t.ctx, 'admin-co')
  await t.ctx.db.updateTable('account').set({ role: 'admin' }).where('id', '=', admin.id).execute()
  seeker = await signUp(t.app, { name: 'Sam Seeker' })
  const granted = await t.app.inject({ method: 'POST', url: '/api/v1/companies/hiring-co/representatives', headers: { cookie: admin.cookie }, payload: { handle: rep.handle } })
  assert.equal(granted.statusCode, 204, granted.body)
})
after(() => t.close())

const req = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, cookie: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { cookie }, ...(payload !== undefined && { payload: payload as object }) })
const job = (over: Record<string, unknown> = {}) => ({
  companySlug: 'hiring-co',
  title: 'Senior Backend Engineer',
  location: 'Hangzhou',
  workplace: 'hybrid',
  salaryMin: 400_000,
  salaryMax: 600_000,
  currency: 'CNY',
  description: 'Build **payments**. 负责支付系统。',
  ...over,
})
const applyTo = (jobId: string, cookie: string, parts: Parameters<typeof multipartBody>[0]) => {
  const body = multipartBody(parts)
  return t.app.inject({ method: 'POST', url: `/api/v1/jobs/${jobId}/applications`, headers: { cookie, ...body.headers }, payload: body.payload })
}

let jobId = ''
let cheapId = ''
let applicationId = ''

describe('posting jobs', () => {
  it('lets a representative post; anyone else is refused; bad pay is refused with nothing stored', async () => {
    assert.equal((await req('POST', '/api/v1/jobs', colleague.cookie, job())).json().code, 'not_representative')
    const bad: [Record<string, unknown>, number, string?][] = [
      [{ currency: 'XYZ' }, 400, 'unknown_currency'],
      [{ salaryMin: 700_000 }, 400, 'validation_failed'],
      [{ salaryMax: 10 ** 11 }, 400, 'validation_failed'],
      [{ salaryMin: -5 }, 400],
      [{ currency: undefined }, 400, 'validation_failed'],
      [{ workplace: 'moon' }, 400],
      [{ title: '  ' }, 400],
      [{ closesOn: '2026-01-01' }, 400, 'validation_failed'],
      [{ description: 'x'.repeat(JOBS.descriptionLength + 1) }, 400],
    ]
    for (const [over, status, code] of bad) {
      const res = await req('POST', '/api/v1/jobs', rep.cookie, job(over))
      assert.equal(res.statusCode, status, `${JSON.stringify(over)}: ${res.body}`)
      if (code) assert.equal(res.json().code, code, JSON.stringify(over))
    }
    assert.equal((await t.ctx.db.selectFrom('job').select('id').execute()).length, 0)
    const res = await req('POST', '/api/v1/jobs', rep.cookie, job())
    assert.equal(res.statusCode, 201, res.body)
    jobId = res.json().id
    assert.equal(res.json().canManage, true)
    assert.equal(res.json().closesOn, '2026-12-12', `${JOBS.maxOpenDays} days by default`)
    cheapId = (await req('POST', '/api/v1/jobs', rep.cookie, job({ title: 'Support Specialist', salaryMin: 90_000, salaryMax: 120_000, location: 'Remote, China', workplace: 'remote', description: 'Help our customers.' }))).json().id
  })

  it('finds jobs by pay, place, workplace, words (Chinese too) and company; the search box lists them', async () => {
    const ids = async (query: string) => (await req('GET', `/api/v1/jobs?${query}`, seeker.cookie)).json().jobs.map((j: { id: string }) => j.id)
    assert.deepEqual(await ids('salaryMin=300000'), [jobId])
    assert.deepEqual((await ids('')).sort(), [jobId, cheapId].sort())
    assert.deepEqual(await ids('location=hangZHOU'), [jobId])
    assert.deepEqual(await ids('workplace=remote'), [cheapId])
    assert.deepEqual(await ids('q=backend'), [jobId])
    assert.deepEqual(await ids(`q=${encodeURIComponent('支付')}`), [jobId])
    assert.deepEqual(await ids('company=other-co'), [])
    assert.deepEqual(await ids('salaryMin=300000&currency=USD'), [])
    const seen = (await req('GET', `/api/v1/jobs/${jobId}`, seeker.cookie)).json()
    assert.equal(seen.applicationCount, null, 'counts are for representatives')
    const found = (await req('GET', '/api/v1/search?q=backend&type=jobs', seeker.cookie)).json()
    assert.deepEqual(found.results.map((r: { type: string; job: { id: string } }) => [r.type, r.job.id]), [['job', jobId]])
    assert.equal(found.counts.jobs, 1)
  })
})

describe('applications', () => {
  it('takes a note and a PDF; refuses a file that is not one, one too big, and a second application', async () => {
    const fake = await applyTo(jobId, seeker.cookie, [{ name: 'note', value: 'Hi' }, { name: 'resume', value: Buffer.from('MZ not a pdf at all, honest'), filename: 'cv.pdf', type: 'application/pdf' }])
    assert.equal(fake.statusCode, 415, fake.body)
    assert.equal(fake.json().code, 'not_a_pdf')
    const big = Buffer.concat([PDF.subarray(0, 9), Buffer.alloc(JOBS.resumeMaxBytes + 10, 0x20), Buffer.from('%%EOF')])
    assert.equal((await applyTo(jobId, seeker.cookie, [{ name: 'resume', value: big, filename: 'cv.pdf', type: 'application/pdf' }])).statusCode, 413)
    assert.equal((await applyTo(jobId, seeker.cookie, [{ name: 'note', value: 'x'.repeat(JOBS.noteLength + 1) }])).statusCode, 400)
    assert.equal((await t.ctx.db.selectFrom('jobApplication').select('id').execute()).length, 0, 'nothing stored by a refusal')

    const ok = await applyTo(jobId, seeker.cookie, [{ name: 'note', value: 'I built payments at my last job.' }, { name: 'resume', value: PDF, filename: 'cv.pdf', type: 'application/pdf' }])
    assert.equal(ok.statusCode, 201, ok.body)
    applicationId = ok.json().id
    assert.equal(ok.json().status, 'new')
    assert.equal(ok.json().hasResume, true)
    const sealed = await t.ctx.db.selectFrom('jobResume').select('ciphertext').where('applicationId', '=', applicationId).executeTakeFirstOrThrow()
    assert.ok(!sealed.ciphertext.includes(Buffer.from('%PDF')), 'stored encrypted')
    assert.equal((await applyTo(jobId, seeker.cookie, [{ name: 'note', value: 'again' }])).json().code, 'already_applied')
    const n = await t.ctx.db.selectFrom('notification').select('kind').where('recipientId', '=', rep.id).execute()
    assert.ok(n.some((x) => x.kind === 'application'), 'the representative is told')
  })

  it('shows the résumé to the applicant and the representatives only; the representative sets a status the applicant sees', async () => {
    const resume = (cookie: string) => req('GET', `/api/v1/applications/${applicationId}/resume`, cookie)
    assert.deepEqual((await resume(seeker.cookie)).rawPayload, PDF)
    assert.deepEqual((await resume(rep.cookie)).rawPayload, PDF)
    assert.equal((await resume(colleague.cookie)).statusCode, 404)
    assert.equal((await req('GET', '/api/v1/companies/hiring-co/applications', colleague.cookie)).json().code, 'not_representative')
    const inbox = (await req('GET', '/api/v1/companies/hiring-co/applications', rep.cookie)).json()
    assert.equal(inbox.applications[0].applicant.name, 'Sam Seeker')
    assert.equal((await req('PATCH', `/api/v1/applications/${applicationId}`, colleague.cookie, { status: 'offer' })).statusCode, 403)
    assert.equal((await req('PATCH', `/api/v1/applications/${applicationId}`, rep.cookie, { status: 'hired' })).statusCode, 400)
    assert.equal((await req('PATCH', `/api/v1/applications/${applicationId}`, rep.cookie, { status: 'interview' })).json().status, 'interview')
    const mine = (await req('GET', '/api/v1/me/applications', seeker.cookie)).json()
    assert.equal(mine.applications[0].status, 'interview')
    const told = await t.ctx.db.selectFrom('notification').select(['kind', 'targetId']).where('recipientId', '=', seeker.id).execute()
    assert.deepEqual(told.map((x) => [x.kind, x.targetId]), [['application_status', applicationId]])
    assert.equal((await req('GET', `/api/v1/jobs/${jobId}`, rep.cookie)).json().applicationCount, 1)
  })

  it('withdraws: the status says so and the résumé is gone; a closed job takes no application', async () => {
    const w = await req('POST', `/api/v1/applications/${applicationId}/withdraw`, seeker.cookie)
    assert.equal(w.json().status, 'withdrawn')
    assert.equal((await t.ctx.db.selectFrom('jobResume').select('applicationId').execute()).length, 0)
    assert.equal((await req('PATCH', `/api/v1/applications/${applicationId}`, rep.cookie, { status: 'offer' })).json().code, 'withdrawn')
    assert.equal((await req('PATCH', `/api/v1/jobs/${cheapId}`, rep.cookie, { closed: true })).json().open, false)
    assert.equal((await applyTo(cheapId, seeker.cookie, [{ name: 'note', value: 'late' }])).json().code, 'job_closed')
    assert.deepEqual((await req('GET', '/api/v1/jobs', seeker.cookie)).json().jobs.map((j: { id: string }) => j.id), [jobId], 'closed jobs are not listed')
    assert.equal((await applyTo('not-a-uuid', seeker.cookie, [{ name: 'note', value: 'x' }])).statusCode, 404)
  })
})

describe('saved jobs, alerts and referrals', () => {
  it('saves and unsaves a job', async () => {
    assert.equal((await req('PUT', `/api/v1/jobs/${jobId}/saved`, seeker.cookie)).statusCode, 204)
    assert.equal((await req('PUT', `/api/v1/jobs/${jobId}/saved`, seeker.cookie)).statusCode, 204, 'again: still saved')
    assert.deepEqual((await req('GET', '/api/v1/me/saved-jobs', seeker.cookie)).json().jobs.map((j: { id: string; saved: boolean }) => [j.id, j.saved]), [[jobId, true]])
    assert.equal((await req('DELETE', `/api/v1/jobs/${jobId}/saved`, seeker.cookie)).statusCode, 204)
    assert.equal((await req('GET', '/api/v1/me/saved-jobs', seeker.cookie)).json().jobs.length, 0)
  })

  it('tells an alert of new matching jobs once, in the app and by mail', async () => {
    const alert = await req('POST', '/api/v1/me/job-alerts', seeker.cookie, { q: 'engineer', salaryMin: 300_000, mail: true })
    assert.equal(alert.statusCode, 201, alert.body)
    assert.equal((await req('POST', '/api/v1/me/job-alerts', seeker.cookie, { currency: 'XYZ' })).json().code, 'unknown_currency')
    clock.advance(60_000)
    await req('POST', '/api/v1/jobs', rep.cookie, job({ title: 'Data Engineer', salaryMin: 350_000, salaryMax: 450_000 }))
    await req('POST', '/api/v1/jobs', rep.cookie, job({ title: 'Office Manager', salaryMin: 100_000, salaryMax: 150_000 }))
    clock.advance(60_000)
    smtp.clear()
    await runMaintenance(t.ctx)
    const mails = smtp.received.filter((m) => m.to.includes(seeker.email.toLowerCase()))
    assert.equal(mails.length, 1)
    assert.ok(mails[0]!.parsed.text?.includes('Data Engineer') && !mails[0]!.parsed.text.includes('Office Manager'), mails[0]!.parsed.text)
    await runMaintenance(t.ctx)
    assert.equal(smtp.received.filter((m) => m.to.includes(seeker.email.toLowerCase())).length, 1, 'not twice')
    const alerts = await t.ctx.db.selectFrom('notification').select('kind').where('recipientId', '=', seeker.id).where('kind', '=', 'job_alert').execute()
    assert.equal(alerts.length, 1)
    assert.equal((await req('GET', '/api/v1/me/job-alerts', seeker.cookie)).json().alerts.length, 1)
  })

  it('asks an employee who opted in for a referral, as a message; nobody else', async () => {
    assert.deepEqual((await req('GET', `/api/v1/jobs/${jobId}/referrers`, seeker.cookie)).json().referrers, [])
    assert.equal((await req('POST', `/api/v1/jobs/${jobId}/referral-requests`, seeker.cookie, { handle: colleague.handle, note: 'Would you refer me?' })).statusCode, 404)
    const employment = await t.ctx.db.selectFrom('employment').select('id').where('accountId', '=', colleague.id).executeTakeFirstOrThrow()
    assert.equal((await req('PATCH', `/api/v1/me/employments/${employment.id}`, colleague.cookie, { acceptsReferrals: true })).statusCode, 204)
    assert.equal((await req('PATCH', `/api/v1/me/employments/${employment.id}`, colleague.cookie, {})).statusCode, 400)
    const list = (await req('GET', `/api/v1/jobs/${jobId}/referrers`, seeker.cookie)).json()
    assert.deepEqual(list.referrers.map((r: { handle: string }) => r.handle), [colleague.handle])
    const asked = await req('POST', `/api/v1/jobs/${jobId}/referral-requests`, seeker.cookie, { handle: colleague.handle, note: 'Would you refer me?' })
    assert.equal(asked.statusCode, 201, asked.body)
    const msgs = await t.ctx.db.selectFrom('message').select('body').where('conversationId', '=', asked.json().conversationId).execute()
    assert.ok(msgs[0]?.body.includes('Senior Backend Engineer') && msgs[0].body.includes('Would you refer me?'), JSON.stringify(msgs))
    assert.equal((await req('POST', `/api/v1/jobs/${jobId}/referral-requests`, seeker.cookie, { handle: colleague.handle, note: 'again' })).json().code, 'already_asked')
    assert.deepEqual((await req('GET', `/api/v1/jobs/${jobId}/referrers`, seeker.cookie)).json().asked, [colleague.handle])
  })
})
