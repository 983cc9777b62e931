import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { NETWORK } from '../../shared/src/api/limits.js'
import { buildTestApp, signUp, testClock, type TestApp } from '../support/app.js'
import { insertMembers } from '../support/factories.js'
import { networkClient } from '../support/network.js'

let t: TestApp
let net: ReturnType<typeof networkClient>
const clock = testClock(new Date('2026-12-03T08:00:00Z'))
before(async () => {
  t = await buildTestApp({ clock })
  net = networkClient(t.app)
})
after(() => t.close())

describe('POST /api/v1/connections', () => {
  it('invites with a note; the addressee sees it, the sender sees it pending, and accepting connects both', async () => {
    const a = await signUp(t.app, { name: 'Ada' })
    const b = await signUp(t.app, { name: 'Bea' })
    const res = await net.invite(a, b, '  We met at the planner meetup.  ')
    assert.equal(res.statusCode, 201, res.body)
    assert.equal(res.json().state, 'outgoing')
    const incoming = await net.list(b, 'incoming')
    assert.equal(incoming.connections.length, 1)
    assert.equal(incoming.connections[0]!.note, 'We met at the planner meetup.')
    assert.equal(incoming.connections[0]!.person.handle, a.handle)
    assert.equal(incoming.connections[0]!.state, 'incoming')
    assert.equal((await net.list(a, 'outgoing')).connections[0]!.state, 'outgoing')
    assert.equal((await net.list(a)).connections.length, 0)

    assert.equal((await net.call(b.cookie, 'POST', `/connections/${res.json().id}/accept`)).statusCode, 204)
    for (const [viewer, other] of [[a, b], [b, a]] as const) {
      const list = await net.list(viewer)
      assert.deepEqual(list.connections.map((c) => [c.person.handle, c.state, c.person.degree]), [[other.handle, 'accepted', 1]])
    }
    assert.equal((await net.list(b, 'incoming')).connections.length, 0)
  })

  it('stores its times to the minute, like every account-side time (DESIGN §4)', async () => {
    clock.advance(12_345)
    const a = await signUp(t.app)
    const b = await signUp(t.app)
    const id = (await net.invite(a, b)).json().id
    await net.call(b.cookie, 'POST', `/connections/${id}/accept`)
    await net.call(a.cookie, 'POST', '/follows', { handle: b.handle })
    await net.block(a, (await signUp(t.app)).handle)
    const row = await t.ctx.db.selectFrom('connection').select(['createdAt', 'acceptedAt']).where('id', '=', id).executeTakeFirstOrThrow()
    const follow = await t.ctx.db.selectFrom('follow').select('createdAt').where('followerId', '=', a.id).executeTakeFirstOrThrow()
    const block = await t.ctx.db.selectFrom('memberBlock').select('createdAt').where('blockerId', '=', a.id).executeTakeFirstOrThrow()
    for (const d of [row.createdAt, row.acceptedAt!, follow.createdAt, block.createdAt]) assert.equal(d.getTime() % 60_000, 0)
  })

  it('keeps one row per pair: inviting someone who invited you accepts their invitation', async () => {
    const a = await signUp(t.app)
    const b = await signUp(t.app)
    const first = await net.invite(a, b)
    const back = await net.invite(b, a)
    assert.equal(back.statusCode, 200, back.body)
    assert.deepEqual(back.json(), { id: first.json().id, state: 'accepted' })
    const rows = await t.ctx.db.selectFrom('connection').select('id').where((eb) => eb.or([eb('requesterId', '=', a.id), eb('addresseeId', '=', a.id)])).execute()
    assert.equal(rows.length, 1)
  })

  it('the database refuses a second row for a pair, whichever way round', async () => {
    const [x, y] = await insertMembers(t.ctx, 2, 'pair')
    await t.ctx.db.insertInto('connection').values({ requesterId: x!.id, addresseeId: y!.id, state: 'pending', note: null, createdAt: clock.now() }).execute()
    await assert.rejects(
      t.ctx.db.insertInto('connection').values({ requesterId: y!.id, addresseeId: x!.id, state: 'pending', note: null, createdAt: clock.now() }).execute(),
      /unique|duplicate/i,
    )
  })

  it('answers already_connected, invitation_pending, self and 404 for an unknown handle, changing nothing', async () => {
    const a = await signUp(t.app)
    const b = await signUp(t.app)
    const c = await signUp(t.app)
    await net.connect(a, b)
    const again = await net.invite(a, b)
    assert.equal(again.statusCode, 409)
    assert.equal(again.json().code, 'already_connected')
    assert.equal((await net.invite(b, a)).json().code, 'already_connected')
    assert.equal((await net.invite(a, c)).statusCode, 201)
    const pending = await net.invite(a, c)
    assert.equal(pending.statusCode, 409)
    assert.equal(pending.json().code, 'invitation_pending')
    const self = await net.invite(a, a)
    assert.equal(self.statusCode, 400)
    assert.equal(self.json().code, 'self')
    const unknown = await net.invite(a, { handle: 'nobody-here-at-all' })
    assert.equal(unknown.statusCode, 404)
    assert.equal(unknown.json().code, 'not_found')
    assert.equal((await net.list(a, 'outgoing')).connections.length, 1)
  })

  it(`accepts a note of ${NETWORK.noteLength} characters and refuses one of ${NETWORK.noteLength + 1}`, async () => {
    const a = await signUp(t.app)
    const b = await signUp(t.app)
    const c = await signUp(t.app)
    const long = await net.invite(a, b, '写'.repeat(NETWORK.noteLength + 1))
    assert.equal(long.statusCode, 400)
    assert.equal(long.json().code, 'validation_failed')
    assert.equal((await net.list(b, 'incoming')).connections.length, 0)
    assert.equal((await net.invite(a, c, '写'.repeat(NETWORK.noteLength))).statusCode, 201)
  })

  it(`allows ${NETWORK.invitationsPerDay} invitations a day and refuses the next with 429 rate_limited, until the next day`, async () => {
    const a = await signUp(t.app)
    const people = await insertMembers(t.ctx, NETWORK.invitationsPerDay + 2, 'daily')
    for (const p of people.slice(0, NETWORK.invitationsPerDay)) assert.equal((await net.invite(a, p)).statusCode, 201)
    const over = await net.invite(a, people[NETWORK.invitationsPerDay]!)
    assert.equal(over.statusCode, 429)
    assert.equal(over.json().code, 'rate_limited')
    assert.ok(Number(over.headers['retry-after']) > 0)
    const count = await t.ctx.db.selectFrom('connection').select((eb) => eb.fn.countAll<string>().as('n')).where('requesterId', '=', a.id).executeTakeFirstOrThrow()
    assert.equal(Number(count.n), NETWORK.invitationsPerDay)
    clock.advance(24 * 60 * 60 * 1000)
    assert.equal((await net.invite(a, people[NETWORK.invitationsPerDay + 1]!)).statusCode, 201)
  })

  it('a refused invitation does not use up the day', async () => {
    const a = await signUp(t.app)
    const b = await signUp(t.app)
    await net.invite(a, b)
    for (let i = 0; i < NETWORK.invitationsPerDay + 1; i++) assert.equal((await net.invite(a, b)).json().code, 'invitation_pending')
    const [p] = await insertMembers(t.ctx, 1, 'still')
    assert.equal((await net.invite(a, p!)).statusCode, 201)
  })

  it(`allows ${NETWORK.maxPendingOutgoing} invitations waiting and refuses the next with 429 too_many_pending`, async () => {
    const a = await signUp(t.app)
    const people = await insertMembers(t.ctx, NETWORK.maxPendingOutgoing + 1, 'pending')
    // Spread over days, under the daily limit.
    for (const [i, p] of people.slice(0, NETWORK.maxPendingOutgoing).entries()) {
      if (i > 0 && i % NETWORK.invitationsPerDay === 0) clock.advance(24 * 60 * 60 * 1000)
      assert.equal((await net.invite(a, p)).statusCode, 201)
    }
    clock.advance(24 * 60 * 60 * 1000)
    const over = await net.invite(a, people[NETWORK.maxPendingOutgoing]!)
    assert.equal(over.statusCode, 429)
    assert.equal(over.json().code, 'too_many_pending')
    // Withdrawing one makes room.
    const first = (await net.list(a, 'outgoing')).connections[0]!
    assert.equal((await net.call(a.cookie, 'DELETE', `/connections/${first.id}`)).statusCode, 204)
    assert.equal((await net.invite(a, people[NETWORK.maxPendingOutgoing]!)).statusCode, 201)
  })
})

describe('answering, withdrawing and removing', () => {
  it('ignore: the invitation leaves the addressee\'s list, stays pending for the sender, and can still be accepted', async () => {
    const a = await signUp(t.app)
    const b = await signUp(t.app)
    const id = (await net.invite(a, b)).json().id
    assert.equal((await net.call(b.cookie, 'POST', `/connections/${id}/ignore`)).statusCode, 204)
    assert.equal((await net.list(b, 'incoming')).connections.length, 0)
    assert.deepEqual((await net.list(a, 'outgoing')).connections.map((c) => c.id), [id])
    assert.deepEqual((await net.profile(a, b.handle)).json().connection, { id, state: 'outgoing' })
    assert.equal((await net.profile(b, a.handle)).json().connection, null, 'the addressee no longer sees it')
    assert.equal((await net.invite(a, b)).json().code, 'invitation_pending', 'the sender cannot tell, nor invite again')
    // Connecting from the sender's profile accepts the ignored invitation.
    assert.deepEqual((await net.invite(b, a)).json(), { id, state: 'accepted' })
  })

  it('only the addressee accepts or ignores; the sender and strangers get 404', async () => {
    const a = await signUp(t.app)
    const b = await signUp(t.app)
    const stranger = await signUp(t.app)
    const id = (await net.invite(a, b)).json().id
    for (const who of [a, stranger]) {
      assert.equal((await net.call(who.cookie, 'POST', `/connections/${id}/accept`)).statusCode, 404)
      assert.equal((await net.call(who.cookie, 'POST', `/connections/${id}/ignore`)).statusCode, 404)
    }
    assert.equal((await net.call(stranger.cookie, 'DELETE', `/connections/${id}`)).statusCode, 404)
    assert.equal((await net.list(b, 'incoming')).connections.length, 1)
    assert.equal((await net.call(b.cookie, 'POST', '/connections/not-a-uuid/accept')).statusCode, 400)
  })

  it('the sender withdraws a pending invitation; the addressee deleting it only ignores it', async () => {
    const a = await signUp(t.app)
    const b = await signUp(t.app)
    const id = (await net.invite(a, b)).json().id
    assert.equal((await net.call(b.cookie, 'DELETE', `/connections/${id}`)).statusCode, 204)
    assert.equal((await net.list(a, 'outgoing')).connections.length, 1, 'still pending for the sender')
    assert.equal((await net.call(a.cookie, 'DELETE', `/connections/${id}`)).statusCode, 204)
    assert.equal((await net.list(a, 'outgoing')).connections.length, 0)
    assert.equal((await net.invite(a, b)).statusCode, 201, 'after withdrawing, a new invitation is possible')
  })

  it('either side removes an accepted connection', async () => {
    for (const remover of ['requester', 'addressee'] as const) {
      const a = await signUp(t.app)
      const b = await signUp(t.app)
      const id = await net.connect(a, b)
      const who = remover === 'requester' ? a : b
      assert.equal((await net.call(who.cookie, 'DELETE', `/connections/${id}`)).statusCode, 204)
      assert.equal((await net.list(a)).connections.length, 0)
      assert.equal((await net.list(b)).connections.length, 0)
      assert.equal((await net.profile(a, b.handle)).json().degree, null)
    }
  })

  it('accepting twice answers already_connected', async () => {
    const a = await signUp(t.app)
    const b = await signUp(t.app)
    const id = await net.connect(a, b)
    const res = await net.call(b.cookie, 'POST', `/connections/${id}/accept`)
    assert.equal(res.statusCode, 409)
    assert.equal(res.json().code, 'already_connected')
  })

  it('pages the list with a cursor, and refuses a forged one', async () => {
    const a = await signUp(t.app)
    const people = await insertMembers(t.ctx, NETWORK.pageSize + 3, 'page')
    clock.advance(24 * 60 * 60 * 1000)
    for (const p of people.slice(0, NETWORK.invitationsPerDay)) await net.invite(a, p)
    clock.advance(24 * 60 * 60 * 1000)
    for (const p of people.slice(NETWORK.invitationsPerDay)) await net.invite(a, p)
    const first = await net.list(a, 'outgoing')
    assert.equal(first.connections.length, NETWORK.pageSize)
    assert.ok(first.nextCursor)
    const second = (await net.call(a.cookie, 'GET', `/connections?state=outgoing&cursor=${first.nextCursor}`)).json()
    assert.equal(second.connections.length, 3)
    assert.equal(second.nextCursor, null)
    const seen = new Set([...first.connections, ...second.connections].map((c: { id: string }) => c.id))
    assert.equal(seen.size, NETWORK.pageSize + 3)
    const forged = await net.call(a.cookie, 'GET', `/connections?state=accepted&cursor=${first.nextCursor}`)
    assert.equal(forged.statusCode, 400)
    assert.equal(forged.json().code, 'bad_cursor')
  })

  it('needs a session', async () => {
    for (const [method, url] of [['GET', '/connections'], ['POST', '/connections'], ['GET', '/connections/suggestions'], ['GET', '/blocks'], ['GET', '/follows']] as const) {
      const res = await t.app.inject({ method, url: `/api/v1${url}`, ...(method === 'POST' && { payload: { handle: 'x' } }) })
      assert.equal(res.statusCode, 401, url)
    }
  })
})
