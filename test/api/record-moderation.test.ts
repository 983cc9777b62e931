/**
 * Reviews and interview reports under moderation (issue 11): checked for personal data before
 * they are stored (422 `text_check`, the token not spent), reported by members, shown in the
 * moderators' queue with their text and link, hidden or removed with the reason in their place
 * (and out of the summaries), restored; the queue pages; a report made after a decision opens
 * the item again.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { MODERATION } from '../../shared/src/api/limits.js'
import { buildTestApp, type TestApp, testClock } from '../support/app.js'
import { buildVerifiedUser } from '../support/factories.js'
import { type ClientToken, IndependentClient, injectSender } from '../support/independent-client.js'

const clock = testClock(new Date('2026-06-15T10:00:00Z'))
let t: TestApp
type User = Awaited<ReturnType<typeof buildVerifiedUser>>
let staff: User[]
let members: User[]
let moderator: User

before(async () => {
  t = await buildTestApp({ clock, env: { MIN_ANONYMITY_SET: '2' } })
  staff = []
  for (let i = 0; i < 3; i++) staff.push(await buildVerifiedUser(t.app, t.ctx, 'rated-co'))
  members = []
  for (let i = 0; i < 4; i++) members.push(await buildVerifiedUser(t.app, t.ctx, `member-co-${i}`))
  moderator = await buildVerifiedUser(t.app, t.ctx, 'staff-co')
  await t.ctx.db.updateTable('account').set({ role: 'moderator' }).where('id', '=', moderator.id).execute()
})
after(() => t.close())

const client = () => new IndependentClient(injectSender(t.app))
const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } })
const post = (url: string, payload: unknown, cookie?: string) => t.app.inject({ method: 'POST', url, payload: payload as object, headers: cookie ? { cookie } : {} })
const act = (body: Record<string, unknown>) => post('/api/v1/moderation/actions', body, moderator.cookie)
const report = (who: User, body: Record<string, unknown>) => post('/api/v1/reports', body, who.cookie)
const queue = async (cursor?: string) => {
  const res = await get(`/api/v1/moderation/queue${cursor ? `?cursor=${cursor}` : ''}`, moderator.cookie)
  assert.equal(res.statusCode, 200, res.body)
  return res.json() as { items: { targetType: string; targetId: string; excerpt: string; link: string | null; state: string | null; reports: number }[]; nextCursor: string | null }
}

const tokens = (cookie: string, company: string | null, purpose: string, n: number) => client().tokensFor(cookie, company, purpose, n)
const review = (token: ClientToken, over: Record<string, unknown> = {}) => ({
  token,
  ratings: { overall: 2, culture: 2, workLife: 2, compensation: 2, management: 1, growth: 2 },
  recommend: false,
  ceo: 'disapprove',
  headline: 'Chaotic planning',
  pros: 'Good salary.',
  cons: 'Priorities change every week.',
  employment: 'current',
  titleFamily: 'engineering',
  ...over,
})
const interview = (token: ClientToken, over: Record<string, unknown> = {}) => ({ token, position: 'Data analyst', outcome: 'no_offer', difficulty: 4, experience: 'negative', body: 'Three rounds, a take-home.', questions: 'SQL window functions.', ...over })
const reviews = async () => (await get('/api/v1/companies/rated-co/reviews', members[0]!.cookie)).json()
const interviews = async () => (await get('/api/v1/companies/rated-co/interviews', members[0]!.cookie)).json()
const spent = async () => Number((await t.ctx.db.selectFrom('talkSpentToken').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)

let reviewId = ''
let interviewId = ''

describe('the check before a review or interview report is stored', () => {
  it('refuses a phone number or an e-mail address with 422 text_check and the rule, spending no token and storing nothing', async () => {
    const [tok] = await tokens(staff[0]!.cookie, 'rated-co', 'review', 1)
    const before = await spent()
    const phone = await post('/api/v1/companies/rated-co/reviews', review(tok!, { cons: 'Call my manager on 138 1234 5678 and ask' }))
    assert.equal(phone.statusCode, 422, phone.body)
    assert.deepEqual([phone.json().code, phone.json().rule, phone.json().errors], ['text_check', 'phone_number', [{ field: '/cons', message: 'trips the phone_number check' }]])
    const mail = await post('/api/v1/companies/rated-co/reviews', review(tok!, { advice: 'write to jane.doe@gmail.com' }))
    assert.equal(mail.json().rule, 'email_address')
    assert.equal(await spent(), before, 'the token is not spent')
    assert.equal((await reviews()).reviews.length, 0)
    // Each field is checked on its own, as the web form checks it: three links in the pros and three
    // in the cons are no spam (more than three in one text would be).
    const links = 'see https://a.example/x, https://b.example/y and https://c.example/z for the details of the offer'
    assert.equal((await post('/api/v1/companies/rated-co/reviews', review(tok!, { pros: `${links} in writing.`, cons: `The policies at ${links} https://d.example/w` }))).json().errors?.[0]?.field, '/cons', 'four links in one field are spam')
    const good = await post('/api/v1/companies/rated-co/reviews', review(tok!, { pros: `Good salary: ${links}.`, cons: `Priorities change every week: ${links}.` }))
    assert.equal(good.statusCode, 201, good.body)
    reviewId = good.json().id

    const [itok] = await tokens(staff[1]!.cookie, null, 'interview', 1)
    const held = await post('/api/v1/companies/rated-co/interviews', interview(itok!, { questions: '身份证 11010519491231002X 拿来' }))
    assert.deepEqual([held.statusCode, held.json().rule], [422, 'cn_resident_id'])
    const ok = await post('/api/v1/companies/rated-co/interviews', interview(itok!))
    assert.equal(ok.statusCode, 201, ok.body)
    interviewId = ok.json().id
  })
})

describe('reporting and moderating reviews and interview reports', () => {
  it('takes a member’s report of a review and shows it in the queue with its text and link', async () => {
    assert.equal((await report(members[0]!, { targetType: 'review', targetId: 'nope', reason: 'spam' })).statusCode, 400)
    assert.equal((await report(members[0]!, { targetType: 'review', targetId: '00000000-0000-4000-8000-000000000000', reason: 'spam' })).statusCode, 404)
    const made = await report(members[0]!, { targetType: 'review', targetId: reviewId, reason: 'harassment', note: 'names a manager' })
    assert.equal(made.statusCode, 201, made.body)
    const item = (await queue()).items.find((i) => i.targetId === reviewId)
    assert.ok(item, 'the review waits in the queue')
    assert.equal(item.targetType, 'review')
    assert.match(item.excerpt, /Chaotic planning[\s\S]*Priorities change every week/)
    assert.equal(item.link, `/companies/rated-co?tab=reviews#review-${reviewId}`)
    assert.equal(item.state, null)
  })

  it('refuses an action reviews do not take, then removes the review: its text is gone, the reason is in its place, the summary drops it', async () => {
    const bad = await act({ targetType: 'review', targetId: reviewId, action: 'suspend', reason: 'harassment', days: 3 })
    assert.deepEqual([bad.statusCode, bad.json().code], [400, 'invalid_action'])
    assert.equal((await act({ targetType: 'review', targetId: reviewId, action: 'lock', reason: 'harassment' })).statusCode, 400)
    assert.equal((await reviews()).summary.count, 1)
    const removed = await act({ targetType: 'review', targetId: reviewId, action: 'remove', reason: 'harassment' })
    assert.equal(removed.statusCode, 200, removed.body)
    const page = await reviews()
    const shown = page.reviews.find((r: { id: string }) => r.id === reviewId)
    assert.deepEqual(shown.moderation, { state: 'removed', reason: 'harassment' })
    assert.deepEqual([shown.headline, shown.pros, shown.cons], ['', '', ''])
    assert.equal(page.summary.count, 0, 'a removed review counts in no average')
    assert.ok(!(await queue()).items.some((i) => i.targetId === reviewId), 'decided: off the queue')
    const entry = (await get('/api/v1/moderation/log', members[0]!.cookie)).json().entries.at(-1)
    assert.deepEqual([entry.action, entry.targetType, entry.targetId, entry.reason], ['remove', 'review', reviewId, 'harassment'])
  })

  it('puts the review back in the queue when someone reports it after the decision, in the same minute', async () => {
    await report(members[1]!, { targetType: 'review', targetId: reviewId, reason: 'spam' })
    const item = (await queue()).items.find((i) => i.targetId === reviewId)
    assert.ok(item, 'a report made after the decision is open')
    assert.deepEqual([item.reports, item.state], [1, 'removed'])
    assert.equal((await act({ targetType: 'review', targetId: reviewId, action: 'restore', reason: 'harassment' })).statusCode, 200)
    const shown = (await reviews()).reviews.find((r: { id: string }) => r.id === reviewId)
    assert.equal(shown.moderation, null)
    assert.equal(shown.headline, 'Chaotic planning')
    assert.ok(!(await queue()).items.some((i) => i.targetId === reviewId))
  })

  it('hides an interview report on the third personal-data report from distinct members, until a moderator decides', async () => {
    for (let i = 0; i < MODERATION.personalInfoAutoHide; i++) {
      const res = await report(members[i]!, { targetType: 'interview', targetId: interviewId, reason: 'personal_info' })
      assert.equal(res.statusCode, 201, res.body)
      const expected = i + 1 < MODERATION.personalInfoAutoHide ? null : { state: 'hidden', reason: 'personal_info' }
      assert.deepEqual((await interviews()).interviews[0].moderation, expected, `after ${i + 1} reports`)
    }
    const page = await interviews()
    assert.deepEqual([page.interviews[0].body, page.interviews[0].questions, page.summary.count], ['', '', 0])
    const item = (await queue()).items.find((i) => i.targetId === interviewId)
    assert.ok(item)
    assert.equal(item.link, `/companies/rated-co?tab=interviews#interview-${interviewId}`)
    assert.equal(item.state, 'hidden')
    assert.equal((await act({ targetType: 'interview', targetId: interviewId, action: 'restore', reason: 'personal_info' })).statusCode, 200)
    assert.equal((await interviews()).interviews[0].body, 'Three rounds, a take-home.')
  })
})

describe('the queue pages', () => {
  it('answers queuePageSize items a page with a cursor to the rest, without overlaps; a bad cursor is 400', async () => {
    // More reports than one member may make in a day (and posts than one may write): stored directly.
    const many = MODERATION.queuePageSize + 3
    const made = Array.from({ length: many }, () => crypto.randomUUID())
    await t.ctx.db
      .insertInto('contentReport')
      .values(made.map((targetId, i) => ({ id: crypto.randomUUID(), reporterId: members[i % members.length]!.id, targetType: 'feed_post', targetId, reason: 'spam', copy: null, createdAt: clock.now() })))
      .execute()
    const first = await queue()
    assert.equal(first.items.length, MODERATION.queuePageSize)
    assert.ok(first.nextCursor)
    const second = await queue(first.nextCursor)
    const seen = [...first.items, ...second.items].map((i) => i.targetId)
    assert.equal(new Set(seen).size, seen.length, 'no item on two pages')
    assert.ok(made.every((id) => seen.includes(id)), 'every reported post on one of the pages')
    assert.equal(second.nextCursor, null)
    for (const bad of ['40', 'o-1', 'oabc']) assert.equal((await get(`/api/v1/moderation/queue?cursor=${bad}`, moderator.cookie)).statusCode, 400, bad)
  })
})
