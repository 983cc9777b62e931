import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { buildTestApp, signUp, type TestApp } from '../support/app.js'

let t: TestApp
before(async () => {
  t = await buildTestApp()
})
after(() => t.close())

const fullProfile = {
  headline: 'Staff engineer · databases',
  about: 'I build query planners.\nAsk me about careers in infrastructure.',
  location: 'London',
  experience: [
    { company: 'Northwind Labs', title: 'Staff Engineer', start: '2021-03', end: null, description: 'Planner.' },
    { company: 'Globex', title: 'Engineer', start: '2012-09', end: '2021-02', description: '' },
  ],
  education: [{ school: 'University of London', degree: 'BSc', field: 'Mathematics', startYear: 2008, endYear: 2012 }],
  skills: ['PostgreSQL', 'Rust'],
}

describe('PUT /api/v1/me/profile', () => {
  it('replaces the profile and returns it', async () => {
    const a = await signUp(t.app)
    const res = await t.app.inject({ method: 'PUT', url: '/api/v1/me/profile', headers: { cookie: a.cookie }, payload: fullProfile })
    assert.equal(res.statusCode, 200)
    assert.deepEqual(res.json(), { ...fullProfile, visibility: 'members' })
    const me = (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: a.cookie } })).json()
    assert.deepEqual(me.profile, { ...fullProfile, visibility: 'members' })
  })

  it('needs a session', async () => {
    const res = await t.app.inject({ method: 'PUT', url: '/api/v1/me/profile', payload: fullProfile })
    assert.equal(res.statusCode, 401)
  })

  const bad: [string, Record<string, unknown>, string][] = [
    ['a month that does not exist', { experience: [{ ...fullProfile.experience[0], start: '2021-13' }] }, '/experience/0/start'],
    ['a headline one character too long', { headline: 'x'.repeat(121) }, '/headline'],
    ['51 skills', { skills: Array.from({ length: 51 }, (_, i) => `skill ${i}`) }, '/skills'],
    ['the same skill twice', { skills: ['Rust', 'Rust'] }, '/skills'],
    ['an unknown field in an entry', { education: [{ ...fullProfile.education[0], gpa: 4 }] }, '/education/0/gpa'],
    ['a string where a number belongs', { education: [{ ...fullProfile.education[0], startYear: '2008' }] }, '/education/0/startYear'],
    ['an unknown visibility', { visibility: 'everyone' }, '/visibility'],
  ]
  for (const [what, patch, field] of bad) {
    it(`refuses ${what}, naming ${field}, and keeps the saved profile`, async () => {
      const a = await signUp(t.app)
      await t.app.inject({ method: 'PUT', url: '/api/v1/me/profile', headers: { cookie: a.cookie }, payload: fullProfile })
      const res = await t.app.inject({ method: 'PUT', url: '/api/v1/me/profile', headers: { cookie: a.cookie }, payload: { ...fullProfile, ...patch } })
      assert.equal(res.statusCode, 400)
      assert.equal(res.json().code, 'validation_failed')
      assert.ok(res.json().errors.some((e: { field: string }) => e.field === field), res.body)
      const me = (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: a.cookie } })).json()
      assert.deepEqual(me.profile, { ...fullProfile, visibility: 'members' })
    })
  }

  // The body limit must admit the largest valid profile, in any script: nothing valid is refused.
  for (const [script, ch] of [['Latin', 'a'], ['Chinese', '写'], ['emoji', '😀']] as const) {
    it(`accepts every field at its limit, written in ${script}`, async () => {
      const a = await signUp(t.app)
      const text = (n: number) => ch.repeat(n)
      const payload = {
        headline: text(120),
        about: text(2600),
        location: text(100),
        skills: Array.from({ length: 50 }, (_, i) => `${i}${text(50 - String(i).length)}`),
        experience: Array.from({ length: 30 }, () => ({ company: text(100), title: text(100), start: '2020-01', end: null, description: text(2000) })),
        education: Array.from({ length: 20 }, () => ({ school: text(100), degree: text(100), field: text(100), startYear: 2000, endYear: 2004 })),
      }
      const res = await t.app.inject({ method: 'PUT', url: '/api/v1/me/profile', headers: { cookie: a.cookie }, payload })
      assert.equal(res.statusCode, 200, res.body.slice(0, 300))
      assert.equal(res.json().experience[29].description, text(2000))
    })
  }

  it('refuses text PostgreSQL cannot store (NUL, half an emoji) with 400, not 500', async () => {
    const a = await signUp(t.app)
    for (const [headline, about] of [['nul\u0000here', ''], ['ok', 'half an emoji: \ud83d']]) {
      const res = await t.app.inject({
        method: 'PUT',
        url: '/api/v1/me/profile',
        headers: { cookie: a.cookie, 'content-type': 'application/json' },
        payload: JSON.stringify({ ...fullProfile, headline, about }),
      })
      assert.equal(res.statusCode, 400, res.body)
      assert.equal(res.json().code, 'validation_failed')
      assert.match(res.json().errors[0].field, /^\/(headline|about)$/)
    }
  })
})

describe('GET /api/v1/users/{handle}', () => {
  it('shows a member profile to another signed-in member', async () => {
    const a = await signUp(t.app, { name: 'Ada Lovelace' })
    const b = await signUp(t.app)
    await t.app.inject({ method: 'PUT', url: '/api/v1/me/profile', headers: { cookie: a.cookie }, payload: fullProfile })
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/users/${a.handle}`, headers: { cookie: b.cookie } })
    assert.equal(res.statusCode, 200)
    const p = res.json()
    assert.equal(p.name, 'Ada Lovelace')
    assert.equal(p.restricted, false)
    assert.equal(p.isSelf, false)
    assert.deepEqual(p.experience, fullProfile.experience)
    assert.deepEqual(p.skills, fullProfile.skills)
    assert.match(p.memberSince, /^\d{4}-\d{2}-01$/)
    assert.equal(p.email, undefined, 'the login e-mail is never public')
    assert.equal(p.id, undefined, 'neither is the account id')
  })

  it('shows only name and headline of a connections-only profile to others, all of it to the owner', async () => {
    const a = await signUp(t.app)
    const b = await signUp(t.app)
    await t.app.inject({ method: 'PUT', url: '/api/v1/me/profile', headers: { cookie: a.cookie }, payload: { ...fullProfile, visibility: 'connections' } })
    const other = (await t.app.inject({ method: 'GET', url: `/api/v1/users/${a.handle}`, headers: { cookie: b.cookie } })).json()
    assert.equal(other.restricted, true)
    assert.equal(other.headline, fullProfile.headline)
    assert.equal(other.about, undefined)
    assert.equal(other.experience, undefined)
    const own = (await t.app.inject({ method: 'GET', url: `/api/v1/users/${a.handle}`, headers: { cookie: a.cookie } })).json()
    assert.equal(own.restricted, false)
    assert.equal(own.isSelf, true)
    assert.equal(own.about, fullProfile.about)
  })

  it('needs a session and answers 404 not_found for an unknown handle', async () => {
    const a = await signUp(t.app)
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/v1/users/${a.handle}` })).statusCode, 401)
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/users/nobody-here', headers: { cookie: a.cookie } })
    assert.equal(res.statusCode, 404)
    assert.equal(res.json().code, 'not_found')
  })
})
