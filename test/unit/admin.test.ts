import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { AdminCommandError, legalExport, setRole } from '../../server/src/admin/commands.js'
import { buildTestApp, signUp, type TestApp } from '../support/app.js'

let t: TestApp
before(async () => {
  t = await buildTestApp()
})
after(() => t.close())

describe('admin commands', () => {
  it('grants and takes back roles', async () => {
    const a = await signUp(t.app)
    assert.match(await setRole(t.ctx, a.email.toUpperCase(), 'reviewer'), /member → reviewer/)
    const me = (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: a.cookie } })).json()
    assert.equal(me.role, 'reviewer')
    await assert.rejects(setRole(t.ctx, a.email, 'owner'), AdminCommandError)
    await assert.rejects(setRole(t.ctx, 'nobody@example.com', 'admin'), AdminCommandError)
  })

  it('exports only the allow-listed fields for one account', async () => {
    const a = await signUp(t.app)
    const out = await legalExport(t.ctx, a.email)
    assert.deepEqual(Object.keys(out).sort(), ['createdOn', 'lastSeenOn', 'verifiedCompanies'])
    assert.match(out.createdOn, /^\d{4}-\d{2}-\d{2}$/)
    assert.match(String(out.lastSeenOn), /^\d{4}-\d{2}-\d{2}$/, 'a day, not a time')
    assert.deepEqual(out.verifiedCompanies, [])
  })
})
