/**
 * One company per real company (issue 10): a badge reviewer never makes a second "Acme Robotics"
 * by leaving the company out; a near match needs an explicit "new company"; a new e-mail domain
 * of an existing company's name waits for an admin, who sees it among likely duplicates and
 * merges it (or says the two are not the same).
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { domainKey, nameKey } from '../../server/src/services/companies/identity.js'
import { signUp, type TestApp } from '../support/app.js'
import { buildVerifiedUser } from '../support/factories.js'
import { photoWithMetadata } from '../support/images.js'
import { multipartBody } from '../support/multipart.js'
import { buildTestAppWithMail, codeFrom, type TestSmtpServer } from '../support/smtp.js'

let t: TestApp
let smtp: TestSmtpServer
let reviewer: Awaited<ReturnType<typeof signUp>>
let admin: Awaited<ReturnType<typeof signUp>>
before(async () => {
  ;({ t, smtp } = await buildTestAppWithMail())
  reviewer = await signUp(t.app, { name: 'Rita Reviewer' })
  admin = await signUp(t.app, { name: 'Ada Admin' })
  await t.ctx.db.updateTable('account').set({ role: 'reviewer' }).where('id', '=', reviewer.id).execute()
  await t.ctx.db.updateTable('account').set({ role: 'admin' }).where('id', '=', admin.id).execute()
})
after(() => t.close())

const companyCount = async () => Number((await sql<{ n: string }>`select count(*) as n from company`.execute(t.ctx.db)).rows[0]!.n)

async function submitBadge(who: { cookie: string }, companyName: string, companyDomain?: string) {
  const body = multipartBody([
    { name: 'companyName', value: companyName },
    ...(companyDomain ? [{ name: 'companyDomain', value: companyDomain }] : []),
    { name: 'photo', value: await photoWithMetadata(), filename: 'badge.jpg', type: 'image/jpeg' },
  ])
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/verifications/badge', headers: { cookie: who.cookie, ...body.headers }, payload: body.payload })
  assert.equal(res.statusCode, 202, res.body)
  return res.json().submissionId as string
}
const approve = (id: string, payload: Record<string, unknown> = {}) =>
  t.app.inject({ method: 'POST', url: `/api/v1/reviews/badges/${id}/approve`, headers: { cookie: reviewer.cookie }, payload })
const duplicates = async (who = admin) => t.app.inject({ method: 'GET', url: '/api/v1/admin/companies/duplicates', headers: { cookie: who.cookie } })

describe('company names compared', () => {
  it('drop legal forms, case, accents and punctuation; a domain compares by its name part', () => {
    assert.equal(nameKey('Acme Robotics, Inc.'), nameKey('acme robotics'))
    assert.equal(nameKey('Société Générale SA'), nameKey('societe generale'))
    assert.equal(nameKey('网易有限公司'), nameKey('网易'))
    assert.notEqual(nameKey('Acme Robotics'), nameKey('Acme Foods'))
    assert.equal(nameKey('The Group'), 'thegroup', 'a name made only of filler keeps its words')
    assert.equal(domainKey('acme-robotics.co.uk'), nameKey('Acme Robotics'))
  })
})

describe('approving a badge without naming a company', () => {
  it('uses the company of the very same name instead of making another', async () => {
    await buildVerifiedUser(t.app, t.ctx, 'acme-robotics')
    const before = await companyCount()
    const member = await signUp(t.app)
    const res = await approve(await submitBadge(member, 'Acme Robotics Inc.'))
    assert.equal(res.statusCode, 200, res.body)
    assert.equal(res.json().company.slug, 'acme-robotics')
    assert.equal(await companyCount(), before)
  })

  it('refuses with 409 near_matches when similar companies exist, changing nothing; createCompany makes the new one on purpose', async () => {
    await buildVerifiedUser(t.app, t.ctx, 'globex-systems')
    const before = await companyCount()
    const member = await signUp(t.app)
    const id = await submitBadge(member, 'Globex System')
    const refused = await approve(id)
    assert.equal(refused.statusCode, 409, refused.body)
    assert.equal(refused.json().code, 'near_matches')
    assert.deepEqual(
      refused.json().matches.map((m: { slug: string }) => m.slug),
      ['globex-systems'],
    )
    assert.equal(await companyCount(), before)
    const status = await t.ctx.db.selectFrom('badgeSubmission').select('status').where('id', '=', id).executeTakeFirstOrThrow()
    assert.equal(status.status, 'pending', 'the submission still waits')
    const picked = await approve(id, { createCompany: true })
    assert.equal(picked.statusCode, 200, picked.body)
    assert.equal(picked.json().company.name, 'Globex System')
    assert.equal(await companyCount(), before + 1)
  })

  it('offers the reviewer the near matches, and what a search finds, with their domains', async () => {
    await buildVerifiedUser(t.app, t.ctx, 'stark-optics')
    const member = await signUp(t.app)
    const id = await submitBadge(member, 'Stark Optics Ltd')
    const choices = async (q?: string) => {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/reviews/badges/${id}/companies${q ? `?q=${encodeURIComponent(q)}` : ''}`, headers: { cookie: reviewer.cookie } })
      assert.equal(res.statusCode, 200, res.body)
      return res.json().companies as { slug: string; domains: string[]; reason: string | null }[]
    }
    const near = await choices()
    assert.deepEqual(near[0], { slug: 'stark-optics', name: 'stark optics', domains: ['stark-optics.example'], reason: 'same_name' })
    const found = await choices('acme')
    assert.ok(found.some((c) => c.slug === 'acme-robotics' && c.reason === null), JSON.stringify(found))
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/v1/reviews/badges/${id}/companies`, headers: { cookie: member.cookie } })).statusCode, 403)
  })

  it('creates a company with nothing near it as before', async () => {
    const member = await signUp(t.app)
    const res = await approve(await submitBadge(member, 'Zyxwv Quantum Bakery'))
    assert.equal(res.statusCode, 200, res.body)
    assert.equal(res.json().company.slug, 'zyxwv-quantum-bakery')
  })
})

describe('a new e-mail domain with the name of an existing company', () => {
  it('makes a company that waits for an admin; the member is told; the admin merges it and the member is at the one company', async () => {
    await buildVerifiedUser(t.app, t.ctx, 'initech-labs') // "initech labs" at initech-labs.example
    const member = await signUp(t.app)
    const email = `peter.${process.pid}@initech-labs.com`
    const started = await t.app.inject({ method: 'POST', url: '/api/v1/verifications/email', headers: { cookie: member.cookie }, payload: { email } })
    assert.equal(started.statusCode, 202, started.body)
    const code = codeFrom(await smtp.waitFor(email))
    const done = await t.app.inject({ method: 'POST', url: '/api/v1/verifications/email/confirm', headers: { cookie: member.cookie }, payload: { verificationId: started.json().verificationId, code } })
    assert.equal(done.statusCode, 200, done.body)
    const waiting = done.json().company.slug as string
    assert.notEqual(waiting, 'initech-labs', 'not attached on its own say')
    const me = (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: member.cookie } })).json()
    assert.deepEqual(me.employments[0].waitingFor, { slug: 'initech-labs', name: 'initech labs' })

    assert.equal((await duplicates(member)).statusCode, 403)
    const list = (await duplicates()).json().pairs as { a: { slug: string; members: number }; b: { slug: string }; reasons: string[] }[]
    const pair = list.find((p) => p.b.slug === waiting)
    assert.ok(pair, JSON.stringify(list))
    assert.equal(pair.a.slug, 'initech-labs')
    assert.deepEqual(pair.reasons, ['pending', 'same_name'])
    assert.equal(list.indexOf(pair), 0, 'waiting companies come first')

    const merged = await t.app.inject({ method: 'POST', url: `/api/v1/companies/${waiting}/merge`, headers: { cookie: admin.cookie }, payload: { into: 'initech-labs' } })
    assert.equal(merged.statusCode, 200, merged.body)
    const after = (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: member.cookie } })).json()
    assert.equal(after.employments[0].company.slug, 'initech-labs')
    assert.equal(after.employments[0].waitingFor, null)
    const page = (await t.app.inject({ method: 'GET', url: '/api/v1/companies/initech-labs', headers: { cookie: member.cookie } })).json()
    assert.deepEqual(page.domains.sort(), ['initech-labs.com', 'initech-labs.example'])
    assert.ok(!(await duplicates()).json().pairs.some((p: { a: { slug: string }; b: { slug: string } }) => p.a.slug === waiting || p.b.slug === waiting))
  })

  it('"not the same": the pair leaves the list for good and the company stops waiting', async () => {
    await buildVerifiedUser(t.app, t.ctx, 'umbrella-health')
    await buildVerifiedUser(t.app, t.ctx, 'umbrella-health-group')
    const has = async () => (await duplicates()).json().pairs.some((p: { a: { slug: string }; b: { slug: string } }) => [p.a.slug, p.b.slug].sort().join() === 'umbrella-health,umbrella-health-group')
    assert.ok(await has(), 'listed as a likely duplicate')
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/admin/companies/duplicates/distinct', headers: { cookie: admin.cookie }, payload: { a: 'umbrella-health-group', b: 'umbrella-health' } })
    assert.equal(res.statusCode, 204, res.body)
    assert.equal(await has(), false)
    const same = await t.app.inject({ method: 'POST', url: '/api/v1/admin/companies/duplicates/distinct', headers: { cookie: admin.cookie }, payload: { a: 'umbrella-health', b: 'umbrella-health' } })
    assert.equal(same.statusCode, 400)
    const unknown = await t.app.inject({ method: 'POST', url: '/api/v1/admin/companies/duplicates/distinct', headers: { cookie: admin.cookie }, payload: { a: 'umbrella-health', b: 'no-such-company' } })
    assert.equal(unknown.statusCode, 404)
  })

  it('a merge moves company follows, once per follower', async () => {
    await buildVerifiedUser(t.app, t.ctx, 'hooli-one')
    await buildVerifiedUser(t.app, t.ctx, 'hooli-two')
    const fan = await signUp(t.app)
    for (const company of ['hooli-one', 'hooli-two']) assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/follows', headers: { cookie: fan.cookie }, payload: { company } })).statusCode, 201)
    const merged = await t.app.inject({ method: 'POST', url: '/api/v1/companies/hooli-two/merge', headers: { cookie: admin.cookie }, payload: { into: 'hooli-one' } })
    assert.equal(merged.statusCode, 200, merged.body)
    const follows = (await t.app.inject({ method: 'GET', url: '/api/v1/follows', headers: { cookie: fan.cookie } })).json().following
    assert.deepEqual(follows.map((f: { target: string }) => f.target), ['hooli-one'])
  })
})
