/**
 * Company representatives (issue 10): an admin, or the company's own representative, lets a
 * current verified employee speak for the company; anyone else is refused; the role lapses with
 * the employment and follows a merge.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { buildTestApp, signUp, type TestApp } from '../support/app.js'
import { buildVerifiedUser } from '../support/factories.js'

let t: TestApp
let admin: Awaited<ReturnType<typeof signUp>>
before(async () => {
  t = await buildTestApp()
  admin = await signUp(t.app)
  await t.ctx.db.updateTable('account').set({ role: 'admin' }).where('id', '=', admin.id).execute()
})
after(() => t.close())

const grant = (who: { cookie: string }, slug: string, handle: string) =>
  t.app.inject({ method: 'POST', url: `/api/v1/companies/${slug}/representatives`, headers: { cookie: who.cookie }, payload: { handle } })
const revoke = (who: { cookie: string }, slug: string, handle: string) =>
  t.app.inject({ method: 'DELETE', url: `/api/v1/companies/${slug}/representatives/${handle}`, headers: { cookie: who.cookie } })
const page = async (who: { cookie: string }, slug: string) => (await t.app.inject({ method: 'GET', url: `/api/v1/companies/${slug}`, headers: { cookie: who.cookie } })).json()

describe('company representatives', () => {
  it('an admin makes a current employee a representative; the representative adds another; others are refused', async () => {
    const ann = await buildVerifiedUser(t.app, t.ctx, 'rep-co')
    const ben = await buildVerifiedUser(t.app, t.ctx, 'rep-co')
    const stranger = await buildVerifiedUser(t.app, t.ctx, 'other-rep-co')
    assert.equal((await grant(ann, 'rep-co', ann.handle)).statusCode, 403, 'an employee cannot make themselves one')
    assert.equal((await page(ann, 'rep-co')).canManageRepresentatives, false)
    assert.equal((await grant(admin, 'rep-co', ann.handle)).statusCode, 204)
    assert.equal((await grant(admin, 'rep-co', ann.handle)).statusCode, 204, 'again: no change')
    const p = await page(ben, 'rep-co')
    assert.deepEqual(p.representatives.map((r: { handle: string }) => r.handle), [ann.handle])
    assert.equal(p.canManageRepresentatives, false)
    assert.equal((await page(ann, 'rep-co')).canManageRepresentatives, true)
    assert.equal((await grant(ann, 'rep-co', ben.handle)).statusCode, 204, 'a representative adds a colleague')
    const notEmployee = await grant(ann, 'rep-co', stranger.handle)
    assert.equal(notEmployee.statusCode, 409)
    assert.equal(notEmployee.json().code, 'not_employee')
    assert.equal((await grant(stranger, 'rep-co', stranger.handle)).statusCode, 403)
    assert.equal((await grant(admin, 'rep-co', 'no-such-member-anywhere')).statusCode, 404)
    assert.equal((await grant(admin, 'no-such-company', ann.handle)).statusCode, 404)
    assert.equal((await revoke(stranger, 'rep-co', ben.handle)).statusCode, 403)
    assert.equal((await revoke(ben, 'rep-co', ben.handle)).statusCode, 204, 'one’s own role')
    assert.deepEqual((await page(ann, 'rep-co')).representatives.map((r: { handle: string }) => r.handle), [ann.handle])
    const exported = (await t.app.inject({ method: 'GET', url: '/api/v1/me/export', headers: { cookie: ann.cookie } })).json()
    assert.deepEqual(exported.representing.map((r: { company: { slug: string } }) => r.company.slug), ['rep-co'], 'in the data export')
  })

  it('lapses when the employment ends, and follows a merge', async () => {
    const cy = await buildVerifiedUser(t.app, t.ctx, 'lapse-co')
    assert.equal((await grant(admin, 'lapse-co', cy.handle)).statusCode, 204)
    const [employment] = (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: cy.cookie } })).json().employments
    assert.equal((await t.app.inject({ method: 'POST', url: `/api/v1/me/employments/${employment.id}/leave`, headers: { cookie: cy.cookie } })).statusCode, 204)
    const after = await page(admin, 'lapse-co')
    assert.deepEqual(after.representatives, [], 'a former employee does not speak for the company')

    const di = await buildVerifiedUser(t.app, t.ctx, 'merge-rep-old')
    await buildVerifiedUser(t.app, t.ctx, 'merge-rep')
    assert.equal((await grant(admin, 'merge-rep-old', di.handle)).statusCode, 204)
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/companies/merge-rep-old/merge', headers: { cookie: admin.cookie }, payload: { into: 'merge-rep' } })).statusCode, 200)
    assert.deepEqual((await page(admin, 'merge-rep')).representatives.map((r: { handle: string }) => r.handle), [di.handle])
  })

  it('a representative edits the profile and the logo, not the name or the domains; other employees edit nothing', async () => {
    const rep = await buildVerifiedUser(t.app, t.ctx, 'profile-co')
    const colleague = await buildVerifiedUser(t.app, t.ctx, 'profile-co')
    assert.equal((await grant(admin, 'profile-co', rep.handle)).statusCode, 204)
    const patch = (who: { cookie: string }, payload: object) => t.app.inject({ method: 'PATCH', url: '/api/v1/companies/profile-co', headers: { cookie: who.cookie }, payload })
    assert.equal((await page(rep, 'profile-co')).canEditProfile, true)
    assert.equal((await page(colleague, 'profile-co')).canEditProfile, false)
    assert.equal((await page(admin, 'profile-co')).canEditProfile, true)
    const saved = await patch(rep, { description: 'We make profiles.', industry: 'Software', locations: ['Hangzhou', 'Remote'] })
    assert.equal(saved.statusCode, 200, saved.body)
    assert.equal(saved.json().description, 'We make profiles.')
    assert.deepEqual(saved.json().locations, ['Hangzhou', 'Remote'])
    const before = await t.ctx.db.selectFrom('company').select(['name', 'domains', 'description']).where('slug', '=', 'profile-co').executeTakeFirstOrThrow()
    for (const body of [{ name: 'Renamed' }, { addDomains: ['taken-over.example'] }, { description: 'x', name: 'Renamed' }]) {
      const refused = await patch(rep, body)
      assert.equal(refused.statusCode, 403, JSON.stringify(body))
      assert.equal(refused.json().code, 'forbidden')
    }
    assert.equal((await patch(colleague, { description: 'Not mine to write.' })).statusCode, 403)
    const after = await t.ctx.db.selectFrom('company').select(['name', 'domains', 'description']).where('slug', '=', 'profile-co').executeTakeFirstOrThrow()
    assert.deepEqual(after, before, 'nothing changed by a refused edit')
    assert.equal((await t.app.inject({ method: 'DELETE', url: '/api/v1/companies/profile-co/logo', headers: { cookie: colleague.cookie } })).statusCode, 403)
    assert.equal((await t.app.inject({ method: 'DELETE', url: '/api/v1/companies/profile-co/logo', headers: { cookie: rep.cookie } })).statusCode, 204)
    assert.equal((await patch(admin, { name: 'Profile Company' })).statusCode, 200, 'admins still rename')
  })
})
