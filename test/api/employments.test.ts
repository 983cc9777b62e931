import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { COMPANIES } from '../../shared/src/api/limits.js'
import { runMaintenance } from '../../server/src/services/maintenance.js'
import { REMINDER_DAYS, VERIFICATION_VALID_DAYS } from '../../server/src/services/verifications/employments.js'
import { signUp, type TestApp, testClock } from '../support/app.js'
import { buildTestAppWithMail, codeFrom, type TestSmtpServer } from '../support/smtp.js'

const clock = testClock()
let t: TestApp
let smtp: TestSmtpServer
before(async () => {
  ;({ t, smtp } = await buildTestAppWithMail({ clock }))
})
after(() => t.close())

let n = 0
async function verifiedMember(domain = 'globex.example') {
  const a = await signUp(t.app)
  const email = `staff.${process.pid}.${++n}@${domain}`
  const { verificationId } = (await t.app.inject({ method: 'POST', url: '/api/v1/verifications/email', headers: { cookie: a.cookie }, payload: { email } })).json()
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/verifications/email/confirm', headers: { cookie: a.cookie }, payload: { verificationId, code: codeFrom(await smtp.waitFor(email)) } })
  assert.equal(res.statusCode, 200)
  return { ...a, workEmail: email }
}
const me = async (cookie: string) => (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } })).json()
/** A fresh session after a long jump of the clock (sessions lapse after 30 idle days). */
async function signIn(a: { email: string; password: string; cookie: string }) {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { email: a.email, password: a.password } })
  assert.equal(res.statusCode, 200)
  a.cookie = `wc_session=${res.cookies.find((c) => c.name === 'wc_session')!.value}`
}

describe('expiry', () => {
  it(`lasts ${VERIFICATION_VALID_DAYS} days, reminds once ${REMINDER_DAYS} days before, then the member is a former employee`, async () => {
    clock.set(new Date('2026-01-10T09:00:00Z'))
    const a = await verifiedMember()
    const [e] = (await me(a.cookie)).employments
    assert.equal(e.verifiedAt, '2026-01-10')
    assert.equal(e.expiresOn, '2027-01-10')

    smtp.clear()
    clock.set(new Date('2026-12-26T09:00:00Z')) // 15 days before
    await signIn(a)
    await runMaintenance(t.ctx)
    assert.equal(smtp.received.filter((m) => m.to.includes(a.email.toLowerCase())).length, 0, 'no reminder yet')

    clock.set(new Date('2026-12-27T09:00:00Z')) // 14 days before
    await runMaintenance(t.ctx)
    const reminder = await smtp.waitFor(a.email)
    assert.match(reminder.parsed.text ?? '', /2027-01-10/)
    assert.ok(!reminder.to.includes(a.workEmail), 'reminders go to the login address: the work address is not kept')
    await runMaintenance(t.ctx)
    assert.equal(smtp.received.filter((m) => m.to.includes(a.email.toLowerCase())).length, 1, 'one reminder only')

    clock.set(new Date('2027-01-09T09:00:00Z'))
    await signIn(a)
    assert.equal((await me(a.cookie)).employments[0].status, 'current', 'still current on the last day')
    clock.set(new Date('2027-01-10T09:00:00Z'))
    await signIn(a)
    assert.equal((await me(a.cookie)).employments[0].status, 'former')
  })

  it('frees the work address of a lapsed verification for another account', async () => {
    clock.set(new Date('2026-03-01T09:00:00Z'))
    const a = await verifiedMember('initech.example')
    const b = await signUp(t.app)
    const blocked = await t.app.inject({ method: 'POST', url: '/api/v1/verifications/email', headers: { cookie: b.cookie }, payload: { email: a.workEmail } })
    assert.equal(blocked.statusCode, 409)
    clock.set(new Date('2027-03-02T09:00:00Z'))
    await signIn(b)
    await runMaintenance(t.ctx)
    const row = await t.ctx.db.selectFrom('employment').select('workEmailHmac').where('accountId', '=', a.id).executeTakeFirstOrThrow()
    assert.equal(row.workEmailHmac, null)
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/verifications/email', headers: { cookie: b.cookie }, payload: { email: a.workEmail } })
    assert.equal(ok.statusCode, 202)
  })

  it('renews on a new verification: current again, a new year, a new reminder', async () => {
    clock.set(new Date('2026-05-01T09:00:00Z'))
    const a = await verifiedMember('renewal.example')
    const [e] = (await me(a.cookie)).employments
    await t.app.inject({ method: 'POST', url: `/api/v1/me/employments/${e.id}/leave`, headers: { cookie: a.cookie } })
    assert.equal((await me(a.cookie)).employments[0].status, 'former')
    smtp.clear()
    const { verificationId } = (await t.app.inject({ method: 'POST', url: '/api/v1/verifications/email', headers: { cookie: a.cookie }, payload: { email: a.workEmail } })).json()
    const confirm = await t.app.inject({ method: 'POST', url: '/api/v1/verifications/email/confirm', headers: { cookie: a.cookie }, payload: { verificationId, code: codeFrom(await smtp.waitFor(a.workEmail)) } })
    assert.equal(confirm.statusCode, 200)
    const after = (await me(a.cookie)).employments
    assert.equal(after.length, 1)
    assert.equal(after[0].status, 'current')
  })
})

describe('showing employments', () => {
  it('keeps a verified employment off the profile and the company page until the member shows it', async () => {
    clock.set(new Date('2026-06-01T09:00:00Z'))
    const a = await verifiedMember('shown.example')
    const b = await signUp(t.app)
    const profile = async () => (await t.app.inject({ method: 'GET', url: `/api/v1/users/${a.handle}`, headers: { cookie: b.cookie } })).json()
    const company = async () => (await t.app.inject({ method: 'GET', url: '/api/v1/companies/shown', headers: { cookie: b.cookie } })).json()
    assert.deepEqual((await profile()).employments, [], 'off by default: a company page must not list its anonymity set')
    assert.deepEqual((await company()).members, [])
    assert.equal((await company()).memberCount, 1, 'counted all the same')
    const [e] = (await me(a.cookie)).employments
    assert.equal(e.showOnProfile, false)
    const show = await t.app.inject({ method: 'PATCH', url: `/api/v1/me/employments/${e.id}`, headers: { cookie: a.cookie }, payload: { showOnProfile: true } })
    assert.equal(show.statusCode, 204)
    assert.deepEqual((await profile()).employments, [{ company: { slug: 'shown', name: 'Shown' }, verifiedAt: '2026-06-01', status: 'current' }])
    assert.deepEqual((await company()).members.map((m: { handle: string }) => m.handle), [a.handle])
    const hide = await t.app.inject({ method: 'PATCH', url: `/api/v1/me/employments/${e.id}`, headers: { cookie: a.cookie }, payload: { showOnProfile: false } })
    assert.equal(hide.statusCode, 204)
    assert.deepEqual((await profile()).employments, [])
    assert.deepEqual((await company()).members, [], 'and gone from the list again')
  })

  it('rounds the member count like an anonymity set: exact below 10, then down to a multiple of 5', async () => {
    for (let i = 0; i < 13; i++) await verifiedMember('counted.example')
    const b = await signUp(t.app)
    const page = (await t.app.inject({ method: 'GET', url: '/api/v1/companies/counted', headers: { cookie: b.cookie } })).json()
    assert.equal(page.memberCount, 10)
    assert.equal('verifiedMembers' in page, false, 'no exact count next to it')
  })

  it("cannot touch another member's employment", async () => {
    const a = await verifiedMember('mine.example')
    const b = await signUp(t.app)
    const [e] = (await me(a.cookie)).employments
    assert.equal((await t.app.inject({ method: 'PATCH', url: `/api/v1/me/employments/${e.id}`, headers: { cookie: b.cookie }, payload: { showOnProfile: false } })).statusCode, 404)
    assert.equal((await t.app.inject({ method: 'POST', url: `/api/v1/me/employments/${e.id}/leave`, headers: { cookie: b.cookie } })).statusCode, 404)
    assert.equal((await me(a.cookie)).employments[0].status, 'current')
  })
})

describe('companies', () => {
  it('lets admins rename, describe and add domains, and nobody else', async () => {
    const a = await verifiedMember('umbrella.example')
    const admin = await signUp(t.app)
    await t.ctx.db.updateTable('account').set({ role: 'admin' }).where('id', '=', admin.id).execute()
    const patch = { name: 'Umbrella Corporation', industry: 'Pharmaceuticals', addDomains: ['umbrella-corp.example'] }
    const denied = await t.app.inject({ method: 'PATCH', url: '/api/v1/companies/umbrella', headers: { cookie: a.cookie }, payload: patch })
    assert.equal(denied.statusCode, 403)
    const res = await t.app.inject({ method: 'PATCH', url: '/api/v1/companies/umbrella', headers: { cookie: admin.cookie }, payload: patch })
    assert.equal(res.statusCode, 200, res.body)
    assert.equal(res.json().name, 'Umbrella Corporation')
    assert.deepEqual(res.json().domains, ['umbrella.example', 'umbrella-corp.example'])
    const found = (await t.app.inject({ method: 'GET', url: '/api/v1/companies?q=umbrella', headers: { cookie: a.cookie } })).json()
    assert.deepEqual(found.companies.map((c: { slug: string }) => c.slug), ['umbrella'])
    // A new address at the added domain joins the same company.
    const b = await verifiedMember('umbrella-corp.example')
    assert.equal((await me(b.cookie)).employments[0].company.slug, 'umbrella')
    const taken = await t.app.inject({ method: 'PATCH', url: '/api/v1/companies/shown', headers: { cookie: admin.cookie }, payload: { addDomains: ['umbrella.example'] } })
    assert.equal(taken.statusCode, 409)
    assert.equal(taken.json().code, 'domain_taken')
  })

  it(`sets a website and up to ${COMPANIES.maxLocations} locations; a bad address or too many places is a 400 that saves nothing`, async () => {
    const a = await verifiedMember('wayne-enterprises.example')
    const admin = await signUp(t.app)
    await t.ctx.db.updateTable('account').set({ role: 'admin' }).where('id', '=', admin.id).execute()
    const patch = (payload: unknown) => t.app.inject({ method: 'PATCH', url: '/api/v1/companies/wayne-enterprises', headers: { cookie: admin.cookie }, payload: payload as object })
    const places = Array.from({ length: COMPANIES.maxLocations }, (_, i) => `City ${i}`)
    const ok = await patch({ website: 'https://wayne-enterprises.example/about', locations: [' Gotham ', ...places.slice(1), 'gotham'] })
    assert.equal(ok.statusCode, 400, 'one place more than the limit')
    const saved = await patch({ website: 'https://wayne-enterprises.example/about', locations: [' Gotham ', 'Metropolis', 'gotham'] })
    assert.equal(saved.statusCode, 200, saved.body)
    assert.equal(saved.json().website, 'https://wayne-enterprises.example/about')
    assert.deepEqual(saved.json().locations, ['Gotham', 'Metropolis'], 'trimmed, each once')
    const edge = await patch({ locations: places, website: `https://w.example/${'a'.repeat(COMPANIES.websiteLength - 'https://w.example/'.length)}` })
    assert.equal(edge.statusCode, 200, `${COMPANIES.maxLocations} places and a ${COMPANIES.websiteLength}-character address are allowed`)
    for (const website of ['javascript:alert(1)', 'ftp://wayne.example', 'https://localhost', 'wayne.example', `https://w.example/${'a'.repeat(COMPANIES.websiteLength)}`]) {
      const bad = await patch({ website })
      assert.equal(bad.statusCode, 400, website)
      assert.equal(bad.json().errors[0].field, '/website')
    }
    assert.equal((await patch({ locations: ['  '] })).statusCode, 400)
    assert.equal((await patch({ locations: ['x'.repeat(COMPANIES.locationLength + 1)] })).statusCode, 400)
    const page = (await t.app.inject({ method: 'GET', url: '/api/v1/companies/wayne-enterprises', headers: { cookie: a.cookie } })).json()
    assert.equal(page.locations.length, COMPANIES.maxLocations, 'the refused patches changed nothing')
    assert.equal((await patch({ website: '' })).json().website, '', 'removed')
  })

  it('merges two companies: members and domains move, the old page is gone', async () => {
    const a = await verifiedMember('hooli.example')
    const b = await verifiedMember('hooli-xyz.example')
    const admin = await signUp(t.app)
    await t.ctx.db.updateTable('account').set({ role: 'admin' }).where('id', '=', admin.id).execute()
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/companies/hooli-xyz/merge', headers: { cookie: admin.cookie }, payload: { into: 'hooli' } })
    assert.equal(res.statusCode, 200, res.body)
    const page = (await t.app.inject({ method: 'GET', url: '/api/v1/companies/hooli', headers: { cookie: a.cookie } })).json()
    assert.equal(page.memberCount, 2)
    assert.deepEqual(page.domains.sort(), ['hooli-xyz.example', 'hooli.example'])
    assert.equal((await me(b.cookie)).employments[0].company.slug, 'hooli')
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/companies/hooli-xyz', headers: { cookie: a.cookie } })).statusCode, 404)
  })

  it('answers 404 for an unknown company and needs a session', async () => {
    const a = await signUp(t.app)
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/companies/no-such-company', headers: { cookie: a.cookie } })).statusCode, 404)
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/companies/hooli' })).statusCode, 401)
  })
})
