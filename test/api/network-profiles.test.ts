import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { buildTestApp, signUp, type TestApp } from '../support/app.js'
import { NETWORK } from '../../shared/src/api/limits.js'
import { buildVerifiedUser, insertMembers } from '../support/factories.js'
import { networkClient } from '../support/network.js'

let t: TestApp
let net: ReturnType<typeof networkClient>
before(async () => {
  t = await buildTestApp()
  net = networkClient(t.app)
})
after(() => t.close())

const profile = (over: Record<string, unknown> = {}) => ({
  headline: 'Engineer',
  about: 'About me.',
  location: 'Shanghai',
  experience: [],
  education: [],
  skills: ['SQL'],
  ...over,
})
const putProfile = (who: { cookie: string }, over: Record<string, unknown> = {}) => net.call(who.cookie, 'PUT', '/me/profile', profile(over))

describe('"connections only" profiles', () => {
  it('are shown in full to the owner and 1st-degree connections only — not before connecting, not to 2nd degree, not while pending', async () => {
    const owner = await signUp(t.app)
    const friend = await signUp(t.app)
    const friendOfFriend = await signUp(t.app)
    await putProfile(owner, { visibility: 'connections' })
    const restricted = async (viewer: { cookie: string }) => {
      const res = await net.profile(viewer, owner.handle)
      assert.equal(res.statusCode, 200)
      return res.json() as { restricted: boolean; about?: string; degree: number | null }
    }
    assert.equal((await restricted(friend)).restricted, true)
    const id = (await net.invite(friend, owner)).json().id
    assert.equal((await restricted(friend)).restricted, true, 'a pending invitation is not a connection')
    await net.call(owner.cookie, 'POST', `/connections/${id}/accept`)
    const full = await restricted(friend)
    assert.equal(full.restricted, false)
    assert.equal(full.about, 'About me.')
    assert.equal(full.degree, 1)
    await net.connect(friend, friendOfFriend)
    const second = await restricted(friendOfFriend)
    assert.equal(second.restricted, true)
    assert.equal(second.about, undefined)
    assert.equal(second.degree, 2)
    assert.equal((await restricted(owner)).restricted, false)
    await net.call(friend.cookie, 'DELETE', `/connections/${id}`)
    assert.equal((await restricted(friend)).restricted, true, 'removing the connection hides it again')
  })

  it('lists show only the limited card (name, handle, headline, degree) of anyone', async () => {
    const owner = await signUp(t.app)
    const viewer = await signUp(t.app)
    await putProfile(owner, { visibility: 'connections' })
    await net.invite(owner, viewer)
    const row = (await net.list(viewer, 'incoming')).connections[0]!
    assert.deepEqual(Object.keys(row.person).sort(), ['degree', 'handle', 'headline', 'name'])
  })
})

describe('degree and mutual connections on profiles', () => {
  it('answers 1, 2, 3 and null, and counts and lists mutual connections', async () => {
    const [v, a, b, c, d] = await Promise.all([0, 1, 2, 3, 4].map(() => signUp(t.app)))
    // v — a — b — c — d
    await net.connect(v!, a!)
    await net.connect(a!, b!)
    await net.connect(b!, c!)
    await net.connect(c!, d!)
    const degrees = await Promise.all([a, b, c, d, v].map(async (x) => (await net.profile(v!, x!.handle)).json().degree))
    assert.deepEqual(degrees, [1, 2, 3, null, null])
    const pb = (await net.profile(v!, b!.handle)).json()
    assert.equal(pb.mutualCount, 1)
    const mutual = (await net.call(v!.cookie, 'GET', `/users/${b!.handle}/mutual`)).json()
    assert.deepEqual(mutual.people.map((p: { handle: string }) => p.handle), [a!.handle])
    assert.equal(mutual.total, 1)
    assert.equal((await net.profile(v!, a!.handle)).json().connection.state, 'accepted')
  })
})

describe('follows', () => {
  it('follows and unfollows members and companies, with follower counts on profiles and company pages', async () => {
    const a = await signUp(t.app)
    const b = await signUp(t.app)
    const worker = await buildVerifiedUser(t.app, t.ctx, 'followco')
    const res = await net.call(a.cookie, 'POST', '/follows', { handle: b.handle })
    assert.equal(res.statusCode, 201)
    assert.equal((await net.call(a.cookie, 'POST', '/follows', { handle: b.handle })).statusCode, 200, 'following again is the same follow')
    const pb = (await net.profile(a, b.handle)).json()
    assert.equal(pb.followerCount, 1)
    assert.equal(pb.followId, res.json().id)
    assert.equal((await net.profile(worker, b.handle)).json().followId, null)

    const co = await net.call(a.cookie, 'POST', '/follows', { company: 'followco' })
    assert.equal(co.statusCode, 201)
    const page = (await net.call(a.cookie, 'GET', '/companies/followco')).json()
    assert.equal(page.followerCount, 1)
    assert.equal(page.followId, co.json().id)
    const following = (await net.call(a.cookie, 'GET', '/follows')).json().following.map((f: { kind: string; target: string }) => `${f.kind}:${f.target}`)
    assert.deepEqual(following.sort(), ['company:followco', `member:${b.handle}`].sort())

    assert.equal((await net.call(b.cookie, 'DELETE', `/follows/${res.json().id}`)).statusCode, 404, "another member's follow")
    assert.equal((await net.call(a.cookie, 'DELETE', `/follows/${res.json().id}`)).statusCode, 204)
    assert.equal((await net.profile(a, b.handle)).json().followerCount, 0)
    assert.equal((await net.call(a.cookie, 'POST', '/follows', { company: 'no-such-company' })).statusCode, 404)
    assert.equal((await net.call(a.cookie, 'POST', '/follows', { handle: a.handle })).json().code, 'self')
    assert.equal((await net.call(a.cookie, 'POST', '/follows', { handle: b.handle, company: 'followco' })).statusCode, 400)
  })

  it(`allows ${NETWORK.maxFollows} follows and refuses the next with 429 too_many_follows; following again still answers; unfollowing makes room`, async () => {
    const a = await signUp(t.app)
    const people = await insertMembers(t.ctx, NETWORK.maxFollows + 1, 'followed')
    const now = new Date(Math.floor(Date.now() / 60_000) * 60_000)
    await t.ctx.db.insertInto('follow').values(people.slice(0, NETWORK.maxFollows - 1).map((p) => ({ followerId: a.id, followeeId: p.id, companyId: null, createdAt: now }))).execute()
    const last = await net.call(a.cookie, 'POST', '/follows', { handle: people[NETWORK.maxFollows - 1]!.handle })
    assert.equal(last.statusCode, 201, 'the last one within the limit')
    const over = await net.call(a.cookie, 'POST', '/follows', { handle: people[NETWORK.maxFollows]!.handle })
    assert.equal(over.statusCode, 429)
    assert.equal(over.json().code, 'too_many_follows')
    assert.equal((await net.call(a.cookie, 'POST', '/follows', { handle: people[0]!.handle })).statusCode, 200, 'an existing follow is not refused')
    const count = async () => Number((await t.ctx.db.selectFrom('follow').select((eb) => eb.fn.countAll<string>().as('n')).where('followerId', '=', a.id).executeTakeFirstOrThrow()).n)
    assert.equal(await count(), NETWORK.maxFollows)
    assert.equal((await net.call(a.cookie, 'DELETE', `/follows/${last.json().id}`)).statusCode, 204)
    assert.equal((await net.call(a.cookie, 'POST', '/follows', { handle: people[NETWORK.maxFollows]!.handle })).statusCode, 201)
  })
})

describe('GET /api/v1/connections/suggestions', () => {
  it('ranks by mutual connections, shared schools and shared employers, and leaves out connections and invitations', async () => {
    const v = await signUp(t.app)
    const [m1, m2, twoMutual, oneMutual, classmate, colleague, invited, inviter, stranger] = await Promise.all(Array.from({ length: 9 }, () => signUp(t.app)))
    await putProfile(v, {
      education: [{ school: 'Fudan University', degree: 'BSc', field: 'CS', startYear: 2010, endYear: 2014 }],
      experience: [{ company: 'NetEase', title: 'Engineer', start: '2015-01', end: null, description: '' }],
    })
    await net.connect(v, m1!)
    await net.connect(v, m2!)
    await net.connect(m1!, twoMutual!)
    await net.connect(m2!, twoMutual!)
    await net.connect(m1!, oneMutual!)
    await net.connect(m1!, invited!)
    await net.connect(m1!, inviter!)
    await putProfile(classmate!, { education: [{ school: ' fudan university ', degree: '', field: '', startYear: null, endYear: null }] })
    await putProfile(colleague!, { experience: [{ company: 'NetEase', title: 'PM', start: '2016-01', end: null, description: '' }] })
    await putProfile(stranger!, { education: [{ school: 'Elsewhere', degree: '', field: '', startYear: null, endYear: null }] })
    await net.invite(v, invited!)
    await net.invite(inviter!, v)
    const people = await net.suggestions(v)
    const handles = people.map((p) => p.handle)
    assert.equal(handles[0], twoMutual!.handle)
    assert.equal(people[0]!.mutualCount, 2)
    assert.ok(handles.includes(oneMutual!.handle))
    assert.equal(people.find((p) => p.handle === classmate!.handle)?.sharedSchools, 1)
    assert.equal(people.find((p) => p.handle === colleague!.handle)?.sharedEmployers, 1)
    for (const x of [v, m1, m2, invited, inviter, stranger]) assert.ok(!handles.includes(x!.handle))
  })

  it("does not use the education or experience of a profile the viewer may not see in full", async () => {
    const v = await signUp(t.app)
    const hidden = await signUp(t.app)
    await putProfile(v, { education: [{ school: 'Tsinghua', degree: '', field: '', startYear: null, endYear: null }] })
    await putProfile(hidden, { visibility: 'connections', education: [{ school: 'Tsinghua', degree: '', field: '', startYear: null, endYear: null }] })
    assert.ok(!(await net.suggestions(v)).some((p) => p.handle === hidden.handle))
    await putProfile(hidden, { visibility: 'members', education: [{ school: 'Tsinghua', degree: '', field: '', startYear: null, endYear: null }] })
    assert.ok((await net.suggestions(v)).some((p) => p.handle === hidden.handle), 'shown to members: it counts')
  })

  it('counts verified employers only when the member shows them', async () => {
    const v = await buildVerifiedUser(t.app, t.ctx, 'shownco')
    const other = await buildVerifiedUser(t.app, t.ctx, 'shownco')
    assert.ok(!(await net.suggestions(v)).some((p) => p.handle === other.handle))
    await t.ctx.db.updateTable('employment').set({ showOnProfile: true }).where('accountId', '=', other.id).execute()
    assert.equal((await net.suggestions(v)).find((p) => p.handle === other.handle)?.sharedEmployers, 1)
  })
})
