import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { seedDemo } from '../../server/src/demo/seed.js'
import { buildTestApp, sessionCookie, type TestApp } from '../support/app.js'

let t: TestApp
before(async () => {
  t = await buildTestApp()
})
after(() => t.close())

describe('demo network', () => {
  it('gives the first demo member connections, a 2nd-degree contact, an invitation with a note and a followed company', async () => {
    const demo = await seedDemo(t.ctx)
    const signIn = await t.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { email: demo.emails[0], password: demo.password } })
    const cookie = sessionCookie(signIn)
    const get = async (url: string) => (await t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { cookie } })).json()
    assert.equal((await get('/connections')).connections.length, 2)
    const incoming = (await get('/connections?state=incoming')).connections
    assert.equal(incoming.length, 1)
    assert.ok(incoming[0].note)
    assert.ok((await get('/connections/suggestions')).people.some((p: { degree: number | null }) => p.degree === 2))
    assert.deepEqual((await get('/follows')).following.map((f: { target: string }) => f.target), ['globex'])
  })
})
