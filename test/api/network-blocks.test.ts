import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { isBlockedEitherWay } from '../../server/src/policies/network.js'
import { buildTestApp, signUp, type TestApp } from '../support/app.js'
import { buildVerifiedUser } from '../support/factories.js'
import { networkClient } from '../support/network.js'

let t: TestApp
let net: ReturnType<typeof networkClient>
before(async () => {
  t = await buildTestApp()
  net = networkClient(t.app)
})
after(() => t.close())

describe('POST /api/v1/blocks', () => {
  it('hides the two profiles from each other with the 404 of an unknown handle', async () => {
    const a = await signUp(t.app)
    const b = await signUp(t.app)
    await net.block(a, b.handle)
    const unknown = await net.profile(b, 'no-such-member-anywhere')
    for (const [viewer, other] of [[a, b], [b, a]] as const) {
      const res = await net.profile(viewer, other.handle)
      assert.equal(res.statusCode, 404)
      assert.deepEqual(res.json(), unknown.json())
      assert.equal((await net.call(viewer.cookie, 'GET', `/users/${other.handle}/mutual`)).statusCode, 404)
    }
    assert.equal(await isBlockedEitherWay(t.ctx, a.id, b.id), true)
    assert.equal(await isBlockedEitherWay(t.ctx, b.id, a.id), true)
    assert.equal(await isBlockedEitherWay(t.ctx, a.id, (await signUp(t.app)).id), false)
  })

  it('ends the connection, pending invitations either way and follows both ways', async () => {
    const a = await signUp(t.app)
    const b = await signUp(t.app)
    const c = await signUp(t.app)
    await net.connect(a, b)
    await net.invite(c, a)
    for (const [x, y] of [[a, b], [b, a], [a, c], [c, a]] as const) assert.equal((await net.call(x.cookie, 'POST', '/follows', { handle: y.handle })).statusCode, 201)
    await net.block(a, b.handle)
    await net.block(a, c.handle)
    assert.equal((await net.list(a)).connections.length, 0)
    assert.equal((await net.list(b)).connections.length, 0)
    assert.equal((await net.list(a, 'incoming')).connections.length, 0)
    assert.equal((await net.list(c, 'outgoing')).connections.length, 0)
    for (const x of [a, b, c]) assert.deepEqual((await net.call(x.cookie, 'GET', '/follows')).json().following, [])
  })

  it('stops invitations and follows: 404 for the blocked member (the block is not revealed), 409 blocked for the blocker', async () => {
    const a = await signUp(t.app)
    const b = await signUp(t.app)
    await net.block(a, b.handle)
    const fromBlocked = await net.invite(b, a)
    assert.equal(fromBlocked.statusCode, 404)
    assert.equal(fromBlocked.json().code, 'not_found')
    const fromBlocker = await net.invite(a, b)
    assert.equal(fromBlocker.statusCode, 409)
    assert.equal(fromBlocker.json().code, 'blocked')
    assert.equal((await net.call(b.cookie, 'POST', '/follows', { handle: a.handle })).statusCode, 404)
    assert.equal((await net.call(a.cookie, 'POST', '/follows', { handle: b.handle })).json().code, 'blocked')
    assert.equal(await t.ctx.db.selectFrom('connection').select('id').where('requesterId', 'in', [a.id, b.id]).executeTakeFirst(), undefined)
  })

  it('blocking oneself is 400 self; an unknown handle 404; blocking twice, or back, answers the same', async () => {
    const a = await signUp(t.app)
    const b = await signUp(t.app)
    const self = await net.call(a.cookie, 'POST', '/blocks', { handle: a.handle })
    assert.equal(self.statusCode, 400)
    assert.equal(self.json().code, 'self')
    assert.equal((await net.call(a.cookie, 'POST', '/blocks', { handle: 'nobody-at-all-here' })).statusCode, 404)
    await net.block(a, b.handle)
    await net.block(a, b.handle)
    await net.block(b, a.handle)
  })

  it('leaves blocked members out of suggestions, mutual connections and company member lists, both ways', async () => {
    const viewer = await buildVerifiedUser(t.app, t.ctx, 'blockco')
    const blocker = await buildVerifiedUser(t.app, t.ctx, 'blockco')
    const blocked = await buildVerifiedUser(t.app, t.ctx, 'blockco')
    const hub = await signUp(t.app)
    for (const x of [viewer, blocker, blocked]) await net.connect(hub, x)
    await t.ctx.db.updateTable('employment').set({ showOnProfile: true }).where('accountId', 'in', [viewer.id, blocker.id, blocked.id]).execute()
    const before = (await net.suggestions(viewer)).map((p) => p.handle)
    assert.ok(before.includes(blocker.handle) && before.includes(blocked.handle), 'both suggested before any block')
    await net.block(blocker, viewer.handle)
    await net.block(viewer, blocked.handle)
    const after = (await net.suggestions(viewer)).map((p) => p.handle)
    assert.ok(!after.includes(blocker.handle) && !after.includes(blocked.handle))
    assert.ok(!(await net.suggestions(blocker)).some((p) => p.handle === viewer.handle))
    assert.ok(!(await net.suggestions(blocked)).some((p) => p.handle === viewer.handle))
    const members = (await net.call(viewer.cookie, 'GET', '/companies/blockco')).json().members.map((m: { handle: string }) => m.handle)
    assert.deepEqual(members.sort(), [viewer.handle].sort())
  })

  it('GET /blocks lists whom the viewer blocked; DELETE /blocks/{handle} lifts it without restoring the connection', async () => {
    const a = await signUp(t.app, { name: 'Ada' })
    const b = await signUp(t.app, { name: 'Bea' })
    await net.connect(a, b)
    await net.block(a, b.handle)
    const list = (await net.call(a.cookie, 'GET', '/blocks')).json()
    assert.deepEqual(list.blocks.map((x: { handle: string; name: string }) => [x.handle, x.name]), [[b.handle, 'Bea']])
    assert.deepEqual((await net.call(b.cookie, 'GET', '/blocks')).json().blocks, [], 'the blocked member is not told')
    assert.equal((await net.call(a.cookie, 'DELETE', `/blocks/${b.handle}`)).statusCode, 204)
    assert.equal((await net.profile(b, a.handle)).statusCode, 200)
    assert.equal((await net.profile(b, a.handle)).json().degree, null)
    assert.equal((await net.invite(b, a)).statusCode, 201)
  })
})
