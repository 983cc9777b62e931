/**
 * Company reviews, salary reports and interview reports (issue 10) through the public API: paid
 * with tokens of the yearly keys, one review and one salary report per person, company and year;
 * salary cells only from five reports, recomputed in the daily batch; a representative's
 * response; helpful marks; bad input refused with nothing stored.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { SALARIES, TALK_TOKENS } from '../../shared/src/api/limits.js'
import { signHelpful, signWriteState } from '../../shared/src/talk/signing.js'
import { recomputeSalaryCells } from '../../server/src/anon/services/salary-cells.js'
import { runMaintenance } from '../../server/src/services/maintenance.js'
import { buildTestApp, type TestApp, testClock } from '../support/app.js'
import { buildVerifiedUser } from '../support/factories.js'
import { type ClientToken, IndependentClient, injectSender } from '../support/independent-client.js'

const clock = testClock(new Date('2026-06-15T10:00:00Z'))
let t: TestApp
type User = Awaited<ReturnType<typeof buildVerifiedUser>>
let staff: User[]
let loner: User
let admin: User

before(async () => {
  t = await buildTestApp({ clock, env: { MIN_ANONYMITY_SET: '2' } })
  staff = []
  for (let i = 0; i < 6; i++) staff.push(await buildVerifiedUser(t.app, t.ctx, 'review-co'))
  loner = await buildVerifiedUser(t.app, t.ctx, 'tiny-co')
  admin = await buildVerifiedUser(t.app, t.ctx, 'admin-co')
  await t.ctx.db.updateTable('account').set({ role: 'admin' }).where('id', '=', admin.id).execute()
})
after(() => t.close())

const client = () => new IndependentClient(injectSender(t.app))
const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } })
const post = (url: string, payload: unknown, cookie?: string) => t.app.inject({ method: 'POST', url, payload: payload as object, headers: cookie ? { cookie } : {} })

async function keyOf(company: string | null, purpose: string) {
  return (await client().directory()).find((k) => k.company === company && k.purpose === purpose)
}
const tokens = (cookie: string, company: string | null, purpose: string, n: number) => client().tokensFor(cookie, company, purpose, n)

const review = (token: ClientToken, over: Record<string, unknown> = {}) => ({
  token,
  ratings: { overall: 4, culture: 5, workLife: 3, compensation: 4, management: 3, growth: 4 },
  recommend: true,
  ceo: 'approve',
  headline: 'Good engineering culture',
  pros: 'Smart colleagues, real ownership.',
  cons: 'Slow promotions.',
  employment: 'current',
  titleFamily: 'engineering',
  ...over,
})
const salary = (token: ClientToken, base: number, over: Record<string, unknown> = {}) => ({
  token,
  titleFamily: 'engineering',
  location: 'Hangzhou',
  yearsExperience: 5,
  base,
  bonus: 50_000,
  currency: 'CNY',
  year: 2026,
  ...over,
})
const count = async (table: 'companyReview' | 'companySalary' | 'companyInterview') =>
  Number((await t.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)

describe('the directory and the yearly quotas', () => {
  it('lists review and salary keys for companies with enough members, one null interview key, all for the year', async () => {
    const dir = await client().directory()
    const yearly = dir.filter((k) => ['review', 'salary', 'interview'].includes(k.purpose))
    assert.ok(yearly.every((k) => k.epoch === '2026'), JSON.stringify(yearly.map((k) => k.epoch)))
    assert.ok(dir.some((k) => k.company === 'review-co' && k.purpose === 'review'))
    assert.ok(dir.some((k) => k.company === 'review-co' && k.purpose === 'salary'))
    assert.equal(dir.filter((k) => k.purpose === 'review' && k.company === null).length, 0, 'no null review key: a review is about one company')
    assert.equal(dir.filter((k) => k.company === 'tiny-co' && (k.purpose === 'review' || k.purpose === 'salary')).length, 0, 'below MIN_ANONYMITY_SET: no reviews')
    assert.equal(dir.filter((k) => k.company === null && k.purpose === 'interview').length, 1)
  })

  it('draws one review token per person and year: a second is 429 quota_exceeded, another employee’s is accepted', async () => {
    const key = (await keyOf('review-co', 'review'))!
    const [first] = await client().fetchTokens(staff[0]!.cookie, key.keyId, 1)
    assert.ok(first)
    await assert.rejects(client().fetchTokens(staff[0]!.cookie, key.keyId, 1), /429|quota_exceeded/)
    assert.equal((await client().fetchTokens(staff[1]!.cookie, key.keyId, 1)).length, 1)
    await assert.rejects(client().fetchTokens(loner.cookie, key.keyId, 1), /403|not_verified/, 'only its employees')
    assert.equal(TALK_TOKENS.quota.interview, 5)
    assert.equal((await tokens(loner.cookie, null, 'interview', 5)).length, 5)
  })
})

describe('reviews', () => {
  let reviewId = ''
  it('stores a review paid with the company’s review token; the same request again is the same review', async () => {
    const [tok] = await tokens(staff[2]!.cookie, 'review-co', 'review', 1)
    const res = await post('/api/v1/companies/review-co/reviews', review(tok!))
    assert.equal(res.statusCode, 201, res.body)
    reviewId = res.json().id
    const again = await post('/api/v1/companies/review-co/reviews', review(tok!))
    assert.equal(again.statusCode, 200)
    assert.equal(again.json().id, reviewId)
    const row = await t.ctx.db.selectFrom('companyReview').selectAll().where('id', '=', reviewId).executeTakeFirstOrThrow()
    assert.equal(String(row.postedOn).slice(0, 10), '2026-06-01', 'the month only')
    const page = (await get('/api/v1/companies/review-co/reviews', staff[0]!.cookie)).json()
    assert.equal(page.reviews.length, 1)
    assert.equal(page.reviews[0].postedOn, '2026-06')
    assert.deepEqual(page.summary.distribution, [0, 0, 0, 1, 0])
    assert.equal(page.summary.averages.overall, 4)
    assert.equal(page.summary.recommendPercent, 100)
    assert.equal(page.summary.ceoApprovalPercent, 100)
    assert.deepEqual(page.summary.trend, [{ quarter: '2026-Q2', count: 1, overall: 4 }])
    assert.deepEqual(page.contributions, { open: true, members: 6, minMembers: 2 })
  })

  it('refuses another company’s token, a talk token, ratings out of range and a missing field, storing nothing', async () => {
    const before = await count('companyReview')
    const [other] = await tokens(staff[3]!.cookie, 'review-co', 'review', 1)
    const wrongCompany = await post('/api/v1/companies/tiny-co/reviews', review(other!))
    assert.equal(wrongCompany.statusCode, 403)
    assert.equal(wrongCompany.json().reason, 'wrong_company')
    const [talk] = await tokens(staff[3]!.cookie, 'review-co', 'talk', 1)
    assert.equal((await post('/api/v1/companies/review-co/reviews', review(talk!))).json().reason, 'wrong_purpose')
    for (const bad of [{ ratings: { overall: 6, culture: 5, workLife: 3, compensation: 4, management: 3, growth: 4 } }, { ratings: { overall: 0, culture: 5, workLife: 3, compensation: 4, management: 3, growth: 4 } }, { pros: '   ' }, { titleFamily: 'Senior Staff Engineer' }, { employment: 'intern' }]) {
      const res = await post('/api/v1/companies/review-co/reviews', review(other!, bad))
      assert.equal(res.statusCode, 400, JSON.stringify(bad))
    }
    assert.equal((await post('/api/v1/companies/review-co/reviews', { ...review(other!), pros: 'x'.repeat(5001) })).statusCode, 400)
    assert.equal(await count('companyReview'), before)
    // The token was not spent by any refusal: it still pays for a good review.
    assert.equal((await post('/api/v1/companies/review-co/reviews', review(other!, { overall: undefined, employment: 'former', recommend: false, ratings: { overall: 2, culture: 2, workLife: 2, compensation: 3, management: 1, growth: 2 } }))).statusCode, 201)
  })

  it('filters and sorts; a representative answers in the company’s name, others may not', async () => {
    const lowest = (await get('/api/v1/companies/review-co/reviews?sort=lowest', staff[0]!.cookie)).json()
    assert.deepEqual(lowest.reviews.map((r: { ratings: { overall: number } }) => r.ratings.overall), [2, 4])
    const former = (await get('/api/v1/companies/review-co/reviews?employment=former', staff[0]!.cookie)).json()
    assert.equal(former.reviews.length, 1)
    assert.equal(former.summary.count, 2, 'the summary is the company’s, whatever the filter')
    assert.equal((await get('/api/v1/companies/review-co/reviews?cursor=bogus', staff[0]!.cookie)).statusCode, 400)

    const respond = (cookie: string, body: string) => post(`/api/v1/companies/review-co/reviews/${reviewId}/response`, { body }, cookie)
    assert.equal((await respond(staff[4]!.cookie, 'Thanks!')).json().code, 'not_representative')
    assert.equal((await post('/api/v1/companies/review-co/representatives', { handle: staff[4]!.handle }, admin.cookie)).statusCode, 204)
    const first = await respond(staff[4]!.cookie, 'Thank you — we are working on promotions.')
    assert.equal(first.statusCode, 201, first.body)
    assert.equal(first.json().by.handle, staff[4]!.handle)
    assert.equal((await respond(staff[4]!.cookie, 'Thank you — promotions now twice a year.')).statusCode, 200)
    assert.equal((await respond(staff[4]!.cookie, '   ')).statusCode, 400)
    const page = (await get('/api/v1/companies/review-co/reviews', staff[0]!.cookie)).json()
    const answered = page.reviews.find((r: { id: string }) => r.id === reviewId)
    assert.equal(answered.response.body, 'Thank you — promotions now twice a year.')
    assert.equal(page.canRespond, false)
    assert.equal((await get('/api/v1/companies/review-co/reviews', staff[4]!.cookie)).json().canRespond, true)
  })

  it('counts a helpful mark once per key, paid with a react token; its state is answered to that key only', async () => {
    const seed = crypto.getRandomValues(new Uint8Array(32))
    const [r1, r2] = await tokens(staff[5]!.cookie, null, 'react', 2)
    const mark = (tok: ClientToken) => post(`/api/v1/companies/review-co/reviews/${reviewId}/helpful`, { token: tok, voter: signHelpful(seed, { reviewId, tokenMessage: tok.message }) })
    assert.equal((await mark(r1!)).statusCode, 201)
    assert.equal((await mark(r2!)).statusCode, 200, 'the same key again: already so')
    const proof = signWriteState(seed, reviewId, 'helpful')
    const state = await t.app.inject({ method: 'GET', url: `/api/v1/talk/writes/${reviewId}?record=helpful&voter=${proof.publicKey}&proof=${proof.signature}` })
    assert.equal(state.json().state, 'stored')
    const forged = await t.app.inject({ method: 'GET', url: `/api/v1/talk/writes/${reviewId}?record=helpful&voter=${proof.publicKey}&proof=${signWriteState(crypto.getRandomValues(new Uint8Array(32)), reviewId, 'helpful').signature}` })
    assert.equal(forged.statusCode, 400)
    const page = (await get('/api/v1/companies/review-co/reviews?sort=helpful', staff[0]!.cookie)).json()
    assert.equal(page.reviews[0].helpful, 1)
  })
})

describe('salaries', () => {
  it('refuses unknown currencies, absurd or negative figures and a year out of range, storing nothing', async () => {
    const [tok] = await tokens(staff[0]!.cookie, 'review-co', 'salary', 1)
    const before = await count('companySalary')
    const cases: [Record<string, unknown>, number, string?][] = [
      [{ currency: 'XYZ' }, 400, 'unknown_currency'],
      [{ currency: 'usd' }, 400],
      [{ base: -1 }, 400],
      [{ base: 10 }, 400, 'validation_failed'],
      [{ base: 999_999_999_999 }, 400, 'validation_failed'],
      [{ bonus: 10 ** 11 }, 400, 'validation_failed'],
      [{ year: 2027 }, 400, 'validation_failed'],
      [{ year: 2026 - SALARIES.yearsBack - 1 }, 400, 'validation_failed'],
      [{ yearsExperience: 61 }, 400],
    ]
    for (const [over, status, code] of cases) {
      const res = await post('/api/v1/companies/review-co/salaries', salary(tok!, 400_000, over))
      assert.equal(res.statusCode, status, JSON.stringify(over) + res.body)
      if (code) assert.equal(res.json().code, code, JSON.stringify(over))
    }
    assert.equal(await count('companySalary'), before)
    assert.equal((await post('/api/v1/companies/review-co/salaries', salary(tok!, 400_000))).statusCode, 201)
  })

  it('shows a cell’s figures only from the fifth report, and only after the daily batch', async () => {
    const cells = async () => (await get('/api/v1/companies/review-co/salaries', staff[0]!.cookie)).json()
    assert.deepEqual((await cells()).cells, [], 'nothing before the batch')
    await recomputeSalaryCells(t.ctx.anon.db, clock.now())
    const one = (await cells()).cells
    assert.equal(one.length, 1)
    assert.deepEqual([one[0].count, one[0].median, one[0].p25], [1, null, null])
    const bases = [300_000, 350_000, 500_000, 600_000]
    for (let i = 1; i <= 4; i++) {
      const [tok] = await tokens(staff[i]!.cookie, 'review-co', 'salary', 1)
      assert.equal((await post('/api/v1/companies/review-co/salaries', salary(tok!, bases[i - 1]!, { location: i % 2 ? '  hangzhou ' : 'Hangzhou' }))).statusCode, 201)
      if (i === 3) {
        await recomputeSalaryCells(t.ctx.anon.db, clock.now())
        assert.equal((await cells()).cells[0].median, null, 'four reports: hidden')
      }
    }
    assert.equal((await cells()).cells[0].count, 4, 'a new report waits for the next batch')
    clock.advance(24 * 60 * 60 * 1000)
    await runMaintenance(t.ctx)
    const five = (await cells()).cells
    assert.equal(five.length, 1, 'one place, however it was written')
    assert.deepEqual([five[0].count, five[0].p25, five[0].median, five[0].p75], [5, 350_000, 400_000, 500_000])
    assert.equal(five[0].medianTotal, 450_000)
    assert.equal(five[0].location, 'Hangzhou')
  })

  it('a second salary token for the same account and year is refused', async () => {
    const key = (await keyOf('review-co', 'salary'))!
    await assert.rejects(client().fetchTokens(staff[0]!.cookie, key.keyId, 1), /429|quota_exceeded/)
  })
})

describe('interview reports', () => {
  it('takes the null interview key for any company, five a year per member', async () => {
    const [tok] = await tokens(staff[0]!.cookie, null, 'interview', 1)
    const body = { token: tok, position: 'Backend engineer', outcome: 'offer', difficulty: 3, experience: 'positive', body: 'Two rounds, one system design.', questions: 'Design a rate limiter.' }
    assert.equal((await post('/api/v1/companies/tiny-co/interviews', { ...body, difficulty: 9 })).statusCode, 400)
    assert.equal((await post('/api/v1/companies/no-such-co/interviews', body)).statusCode, 404)
    assert.equal((await post('/api/v1/companies/tiny-co/interviews', body)).statusCode, 201)
    const page = (await get('/api/v1/companies/tiny-co/interviews', staff[0]!.cookie)).json()
    assert.equal(page.interviews.length, 1)
    assert.deepEqual(page.summary, { count: 1, averageDifficulty: 3, offerPercent: 100, positivePercent: 100 })
  })
})
