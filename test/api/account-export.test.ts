import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { AccountExport } from '../../shared/src/api/account.js'
import { EXPORT_SECTIONS } from '../../server/src/services/accounts/export.js'
import { buildTestApp, signUp, type TestApp } from '../support/app.js'
import { buildVerifiedUser } from '../support/factories.js'

let t: TestApp
before(async () => {
  t = await buildTestApp()
})
after(() => t.close())

const profileOf = (who: string) => ({
  headline: `${who} headline`,
  about: `About ${who}.`,
  location: `${who} town`,
  experience: [{ company: `${who} Corp`, title: 'Engineer', start: '2020-01', end: null, description: `${who} work` }],
  education: [{ school: `${who} University`, degree: 'BSc', field: 'Physics', startYear: 2010, endYear: 2014 }],
  skills: [`${who}-skill`],
})

const download = (cookie: string) => t.app.inject({ method: 'GET', url: '/api/v1/me/export', headers: { cookie } })

describe('GET /api/v1/me/export', () => {
  it("is a JSON attachment of one's own account, profile, employments, sessions and settings", async () => {
    const a = await buildVerifiedUser(t.app, t.ctx, 'export-widgets')
    await t.app.inject({ method: 'PUT', url: '/api/v1/me/profile', headers: { cookie: a.cookie }, payload: { ...profileOf('Alice'), visibility: 'connections' } })
    await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { cookie: a.cookie }, payload: { language: 'zh-CN', name: 'Alice Export' } })
    const res = await download(a.cookie)
    assert.equal(res.statusCode, 200)
    assert.match(res.headers['content-type'] as string, /^application\/json/)
    assert.match(res.headers['content-disposition'] as string, new RegExp(`^attachment; filename="watercooler-${a.handle}-\\d{4}-\\d{2}-\\d{2}\\.json"$`))
    assert.equal(res.headers['cache-control'], 'no-store')
    const doc = res.json()
    assert.equal(doc.format, 'watercooler-export/1')
    assert.deepEqual(doc.account, { id: a.id, handle: a.handle, name: 'Alice Export', email: a.email, role: 'member', createdOn: doc.account.createdOn })
    assert.deepEqual(doc.settings, { language: 'zh-CN', profileVisibility: 'connections' })
    assert.deepEqual(doc.profile, profileOf('Alice'))
    assert.equal(doc.employments.length, 1)
    assert.equal(doc.employments[0].company.slug, 'export-widgets')
    assert.equal(doc.employments[0].status, 'current')
    assert.equal(doc.sessions.length, 1)
    assert.deepEqual(Object.keys(doc.sessions[0]).sort(), ['browser', 'createdOn', 'lastUsedOn', 'os'])
    assert.deepEqual(doc.badgeSubmissions, [])
  })

  it("holds nothing of anyone else's", async () => {
    const a = await signUp(t.app, { name: 'Alice Only' })
    const b = await buildVerifiedUser(t.app, t.ctx, 'other-export-co')
    await t.app.inject({ method: 'PUT', url: '/api/v1/me/profile', headers: { cookie: a.cookie }, payload: profileOf('Alice') })
    await t.app.inject({ method: 'PUT', url: '/api/v1/me/profile', headers: { cookie: b.cookie }, payload: profileOf('Bob') })
    const text = (await download(a.cookie)).body
    for (const theirs of [b.id, b.handle, b.email, 'Bob', 'other-export-co']) assert.ok(!text.includes(theirs), `the export does not contain ${theirs}`)
    assert.ok(text.includes('Alice University'))
  })

  it('has one registered section for each part of the document, and no Work Talk part', () => {
    const parts = Object.keys(AccountExport.properties).filter((k) => k !== 'format' && k !== 'exportedOn').sort()
    assert.deepEqual(EXPORT_SECTIONS.map((s) => s.key).sort(), parts)
    assert.ok(!parts.some((p) => /talk|token|issuance/i.test(p)))
  })

  it('needs a session', async () => {
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/me/export' })).statusCode, 401)
  })
})
