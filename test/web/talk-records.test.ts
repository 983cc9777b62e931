/**
 * Company records (reviews, salary and interview reports) and helpful marks in the web client
 * (issue 10), through the REAL Draws, Sender, Outbox, RecordQueue, RecordBook, IdentityStore and
 * TokenWallet on a controlled clock (records-harness.ts):
 *
 * - a review with no review token waits for the planned batch — it never makes a draw — and then
 *   goes out like a post with fresh tokens only (minAge–4 × minAge after the draw);
 * - a review right after a draw is held 6–30 h, like a post;
 * - it is the token and the fields, unsigned, without cookies, to /companies/{slug}/reviews; its
 *   outcome is asked with ?record=review; a 404 `unknown_write` sends the very same bytes again;
 * - this year's token first; a form error (400) fails the record, keeps what was written, and keeps
 *   its token for the next try;
 * - a helpful mark spends one `react` token, signed with this browser's key for that review;
 * - with TALK_MIN_TOKEN_AGE_S=0 (the end-to-end server) a record leaves as soon as its token is there.
 */
import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it, mock } from 'node:test'
import { verifyHelpfulSignature, verifyWriteState } from '../../shared/src/talk/signing.js'
import { NoVoiceError, WriteRefusedError } from '../../web/src/talk/errors.js'
import { isRecordItem } from '../../web/src/talk/outbox.js'
import { ownHelpful } from '../../web/src/talk/record-items.js'
import { helpfulScope } from '../../web/src/talk/record-requests.js'
import { AGE, browser, DAY, drawn, H, jumpTo, MIN, REVIEW_ID, review, S, T0, until, weekKeys, yearKeys, type Browser } from './records-harness.js'

const W49 = await weekKeys('2026-W49')
const W50 = await weekKeys('2026-W50')
const Y2025 = await yearKeys('2025')
const Y2026 = await yearKeys('2026')
const all = (o: object) => Object.values(o) as Awaited<ReturnType<typeof weekKeys>>['talk'][]
const REVIEW = { company: 'acme', purpose: 'review' }
const REACT = { company: null, purpose: 'react' }
const companyPosts = (b: Browser) => b.sent.filter((s) => s.method === 'POST' && s.path.startsWith('/api/v1/companies/'))

/** Last week's batch: its weekly tokens, old enough; this week's plan at `plannedAt`. With `yearly`, this year's keys were drawn three weeks ago. */
async function drewBefore(b: Browser, plannedAt: number, yearly: boolean): Promise<void> {
  if (yearly) {
    mock.timers.setTime(T0 - 21 * DAY)
    const outcomes = await b.wallet.drawAllowances(all(Y2026).map((key) => ({ key, count: key.purpose === 'interview' ? 5 : 1 })))
    await b.yearly.record(Object.fromEntries(outcomes.map((o) => [o.key.keyId, { done: 'drawn' as const, company: o.key.company, purpose: o.key.purpose, epoch: o.key.epoch, week: '2026-W47' }])))
  }
  mock.timers.setTime(T0 - 5 * DAY)
  await b.wallet.drawAllowances(all(W49).map((key) => ({ key, count: 5 })))
  await b.store.set('draws', { plan: { epoch: '2026-W50', at: plannedAt, done: {} }, ever: true })
  b.issued.length = 0
  mock.timers.setTime(T0)
  b.list([...all(W50), ...all(Y2026)])
}

describe('company records and helpful marks in the web client (real Draws, Sender, Outbox, RecordQueue)', () => {
  const realFetch = globalThis.fetch
  let current: Browser | null = null
  beforeEach(() => mock.timers.enable({ apis: ['Date', 'setTimeout'], now: T0 }))
  afterEach(() => {
    current?.stop()
    current = null
    mock.timers.reset()
    globalThis.fetch = realFetch
  })

  it('a review with no review token waits for the planned batch — it never makes a draw — then goes out minAge–4 × minAge after it', async () => {
    const b = (current = browser({ fetchedAt: T0 - 3 * H }))
    b.network()
    await drewBefore(b, T0 + 3 * DAY, false)
    await b.draws.schedule()
    assert.equal(b.draw.nextAt, T0 + 3 * DAY)
    assert.equal(await b.allowance('review', 'acme'), 'waiting')

    const item = await b.publish(review())
    assert.equal(item.state, 'waiting')
    assert.equal(item.wait, 'tokens')
    assert.equal(item.sendAt, Infinity)
    assert.equal(await b.allowance('review', 'acme'), 'used', 'one on its way')
    await assert.rejects(b.publish(review()), (e: unknown) => e instanceof WriteRefusedError && e.code === 'already_written')
    await jumpTo(T0 + 2 * H)
    assert.equal(b.issued.length, 0, 'no draw because of a review')
    assert.equal(b.draw.nextAt, T0 + 3 * DAY, 'the batch keeps its own moment')

    await jumpTo(T0 + 3 * DAY)
    await drawn(b)
    assert.ok(b.issued.some((i) => i.keyId === Y2026.acmeReview.keyId), 'the planned batch brings the review key')
    const D = Math.max(...b.issued.map((i) => i.at))
    await until(async () => (await b.records())[0]!.wait !== 'tokens', 'the review is planned again after the draw')
    const [aged] = await b.records()
    assert.equal(aged!.wait, 'age', 'only a fresh token: the token-age window, as for a post')
    assert.ok(aged!.sendAt >= D + AGE && aged!.sendAt <= D + 4 * AGE, `planned ${(aged!.sendAt - D) / H} h after the draw`)
    await jumpTo(aged!.sendAt - MIN)
    assert.equal(companyPosts(b).length, 0)

    await jumpTo(aged!.sendAt)
    const [sent] = companyPosts(b)
    assert.equal(sent!.path, '/api/v1/companies/acme/reviews')
    assert.equal(sent!.credentials, 'omit')
    assert.equal(sent!.body.token.keyId, Y2026.acmeReview.keyId)
    const { token, ...fields } = sent!.body
    assert.deepEqual(fields, review().body, 'the fields as written, no author, no label')
    assert.deepEqual(Object.keys(token).sort(), ['keyId', 'message', 'signature'])
    assert.equal(await b.wallet.count(REVIEW), 0)
    assert.equal(await b.wallet.isSpent(token.message), true, 'marked spent in the wallet')

    // 202: asked again after the window, by the record's id.
    const [accepted] = await b.records()
    assert.equal(accepted!.state, 'accepted')
    await jumpTo(accepted!.checkAt!)
    const poll = b.sent.at(-1)!
    assert.equal(poll.path, `/api/v1/talk/writes/${accepted!.recordId}?record=review`)
    assert.equal(poll.credentials, 'omit')
    const [stored] = await b.records()
    assert.equal(stored!.state, 'stored')
    assert.equal(b.book.written('review', 'acme'), true)
    assert.equal(await b.allowance('review', 'acme'), 'used')
  })

  it('a review right after a draw is held 6–30 h, like a post', async () => {
    const b = (current = browser({ fetchedAt: T0 - 3 * H }))
    b.network()
    await drewBefore(b, T0 - 2 * DAY, true)
    // This week's planned moment passed with no tab open: this visit draws a few minutes in.
    await b.draws.schedule()
    await jumpTo(b.draw.nextAt!)
    await drawn(b)
    assert.deepEqual(new Set(b.issued.map((i) => i.keyId)), new Set(all(W50).map((k) => k.keyId)), 'the yearly keys were drawn weeks ago: not again')
    const D = Math.max(...b.issued.map((i) => i.at))

    mock.timers.setTime(D + 5 * MIN)
    const item = await b.publish(review())
    assert.equal(item.wait, 'hold')
    assert.ok(item.sendAt >= D + 6 * H && item.sendAt <= D + 30 * H, `planned ${(item.sendAt - D) / H} h after the draw`)
    for (let t = D + 10 * MIN; t < item.sendAt - MIN; t += 41 * MIN) await jumpTo(t)
    assert.equal(companyPosts(b).length, 0, 'nothing in the visit that drew')
    await jumpTo(item.sendAt)
    const [sent] = companyPosts(b)
    assert.ok(sent!.at - D >= 6 * H, `sent ${(sent!.at - D) / H} h after the draw`)
    assert.equal(sent!.body.token.keyId, Y2026.acmeReview.keyId)
    assert.equal(await b.marks.lastAnonymousWriteAt(), sent!.at, 'noted for the next draw')
  })

  it('a resend after 404 unknown_write is byte-identical: the same token, the same record', async () => {
    const b = (current = browser({ fetchedAt: T0 - 3 * H }))
    b.network()
    await drewBefore(b, T0 + 3 * DAY, true)
    await b.draws.schedule()
    const item = await b.publish({ kind: 'salary', company: 'acme', body: { titleFamily: 'engineering', location: 'Berlin', yearsExperience: 6, base: 85_000, bonus: 5_000, currency: 'EUR', year: 2026 } })
    assert.equal(item.state, 'accepted', 'an old token and no draw near: out at once, waiting for its window')
    b.script.failures.push({ path: '/api/v1/talk/writes/', status: 404, code: 'unknown_write' })
    await jumpTo(item.checkAt!)
    await until(() => companyPosts(b).length === 2, 'sent again')
    const [first, again] = companyPosts(b)
    const asked = b.sent.find((s) => s.method === 'GET')!
    assert.equal(asked.path, `/api/v1/talk/writes/${item.recordId}?record=salary`)
    assert.equal(again!.path, '/api/v1/companies/acme/salaries')
    assert.equal(again!.path, first!.path)
    assert.equal(again!.raw, first!.raw, 'byte for byte')
    assert.equal(first!.body.token.keyId, Y2026.acmeSalary.keyId)
    const [after] = await b.records()
    assert.equal(after!.recordId, item.recordId, 'the same record')
    await jumpTo(after!.checkAt!)
    assert.equal((await b.records())[0]!.state, 'stored')
    assert.equal(await b.wallet.count({ company: 'acme', purpose: 'salary' }), 0, 'one token spent, once')
  })

  it('spends this year’s token first, else a still-valid one of last year', async () => {
    const b = (current = browser({ fetchedAt: T0 - 3 * H }))
    b.network()
    mock.timers.setTime(Date.UTC(2025, 5, 1))
    await b.wallet.drawAllowances([{ key: Y2025.acmeReview, count: 1 }, { key: Y2025.interview, count: 1 }])
    await drewBefore(b, T0 + 3 * DAY, true)
    await b.draws.schedule()
    assert.equal(await b.wallet.count(REVIEW), 2)
    await b.publish(review())
    assert.equal(companyPosts(b)[0]!.body.token.keyId, Y2026.acmeReview.keyId, 'this year’s first')
    assert.equal(await b.allowance('review', 'acme'), 'used', 'one review a company and year, though last year’s token could still pay')

    // Another browser profile that holds only last year's interview token: that one pays.
    const c = browser({ fetchedAt: T0 - 3 * H })
    mock.timers.setTime(Date.UTC(2025, 5, 1))
    await c.wallet.drawAllowances([{ key: Y2025.interview, count: 1 }])
    mock.timers.setTime(T0)
    c.list([...all(W50)])
    c.network()
    await c.publish({ kind: 'interview', company: 'initech', body: { position: 'Backend engineer', outcome: 'no_offer', difficulty: 3, experience: 'neutral', body: 'Two rounds, fair questions.' } })
    c.stop()
    const sent = c.sent.find((s) => s.method === 'POST')!
    assert.equal(sent.path, '/api/v1/companies/initech/interviews')
    assert.equal(sent.body.token.keyId, Y2025.interview.keyId)
  })

  it('a form error fails the record — what was written stays, beyond the day stored items are kept — and its token pays for the next try', async () => {
    const b = (current = browser({ fetchedAt: T0 - 3 * H }))
    b.network()
    await drewBefore(b, T0 + 3 * DAY, true)
    await b.draws.schedule()
    const salary = { kind: 'salary' as const, company: 'acme', body: { titleFamily: 'engineering' as const, location: 'Berlin', yearsExperience: 6, base: 85_000, currency: 'EUR', year: 2026 } }

    // Written and refused at once: the form still holds it (the item goes), the token is kept.
    b.script.failures.push({ path: '/api/v1/companies/acme/salaries', status: 400, code: 'unknown_currency' })
    await assert.rejects(b.publish(salary), (e: unknown) => e instanceof WriteRefusedError && e.code === 'unknown_currency')
    const refusedToken = companyPosts(b)[0]!.body.token
    assert.equal(await b.wallet.count({ company: 'acme', purpose: 'salary' }), 0)
    assert.equal(await b.allowance('salary', 'acme'), 'ready', 'the token refused with the form is still this member’s')

    // Sent from the timer (the network failed first), then refused: failed, kept with what was written.
    b.script.failures.push({ path: '/api/v1/companies/acme/salaries', status: 503, code: 'unavailable' })
    const queued = await b.publish(salary)
    assert.equal(queued.wait, 'resend')
    assert.equal(companyPosts(b)[1]!.body.token.message, refusedToken.message, 'the kept token pays')
    b.script.failures.push({ path: '/api/v1/companies/acme/salaries', status: 400, code: 'validation_failed' })
    await jumpTo(queued.sendAt)
    const [failed] = await b.records()
    assert.equal(failed!.state, 'failed')
    assert.equal(failed!.error, 'validation_failed')
    assert.ok(isRecordItem(failed!))
    assert.deepEqual(failed.record, salary, 'what was written, to show and put back')
    mock.timers.setTime(Date.now() + 3 * DAY)
    await b.sender.recover()
    assert.equal((await b.records()).length, 1, 'a refused record stays until dismissed')

    // Fixed and sent again: the same token, once more; the refused one is superseded.
    await b.publish({ ...salary, body: { ...salary.body, base: 86_000 } })
    assert.ok(!(await b.outbox.list()).some((p) => p.id === failed.id))
    const last = companyPosts(b).at(-1)!
    assert.equal(last.body.token.message, refusedToken.message)
    assert.equal(last.body.base, 86_000)
    assert.equal(b.book.kept({ company: 'acme', purpose: 'salary' }).length, 0, 'spent now')
  })

  it('a record the member may not write is refused before anything is queued', async () => {
    const b = (current = browser({ fetchedAt: T0 - 3 * H }))
    b.network()
    await drewBefore(b, T0 + 3 * DAY, true)
    await assert.rejects(b.publish(review('initech')), NoVoiceError)
    assert.equal((await b.outbox.list()).length, 0)
  })

  it('a helpful mark spends one react token, signed with this browser’s key for that review; once per review', async () => {
    const b = (current = browser({ fetchedAt: T0 - 3 * H }))
    b.network()
    await drewBefore(b, T0 + 3 * DAY, true)
    await b.draws.schedule()
    const reactBefore = await b.wallet.count(REACT)
    const reviewBefore = await b.wallet.count(REVIEW)

    await b.queue.markHelpful('acme', REVIEW_ID)
    const [mark] = companyPosts(b)
    assert.equal(mark!.path, `/api/v1/companies/acme/reviews/${REVIEW_ID}/helpful`)
    assert.equal(mark!.credentials, 'omit')
    assert.equal(mark!.body.token.keyId, W49.react.keyId, 'a react token (the oldest epoch first)')
    assert.deepEqual(Object.keys(mark!.body).sort(), ['token', 'voter'])
    assert.ok(verifyHelpfulSignature(mark!.body.voter, { reviewId: REVIEW_ID, tokenMessage: mark!.body.token.message }))
    const key = await b.identity.scopeIdentity(helpfulScope(REVIEW_ID))
    assert.equal(mark!.body.voter.publicKey, key.publicKey, 'the key for this review')
    assert.notEqual(key.publicKey, (await b.identity.postingIdentity(REVIEW_ID)).publicKey, 'not a thread key of the same id')
    assert.notEqual(key.publicKey, (await b.identity.scopeIdentity(helpfulScope('0b1c2d3e-4f50-4617-8899-aabbccddeeff'))).publicKey, 'another review, another key')
    assert.equal(await b.wallet.count(REACT), reactBefore - 1, 'one react token')
    assert.equal(await b.wallet.count(REVIEW), reviewBefore, 'no review token')

    // 202, then asked about by the marking key, with its proof.
    const [accepted] = await b.outbox.list()
    assert.equal(accepted!.state, 'accepted')
    assert.deepEqual(ownHelpful(b.book.helpful, await b.outbox.list())[REVIEW_ID], { pending: true })
    await jumpTo(accepted!.checkAt!)
    const poll = b.sent.at(-1)!
    const q = new URL(poll.path, 'http://x')
    assert.equal(q.pathname, `/api/v1/talk/writes/${REVIEW_ID}`)
    assert.equal(q.searchParams.get('record'), 'helpful')
    assert.equal(q.searchParams.get('voter'), key.publicKey)
    assert.ok(verifyWriteState(key.publicKey, q.searchParams.get('proof')!, REVIEW_ID, 'helpful'))
    assert.deepEqual(ownHelpful(b.book.helpful, await b.outbox.list())[REVIEW_ID], { pending: false })

    await b.queue.markHelpful('acme', REVIEW_ID)
    assert.equal(companyPosts(b).length, 1, 'marked already: nothing')

    // already_helpful (say, the recovery phrase on another device marked it): stored, no token more.
    const other = '0b1c2d3e-4f50-4617-8899-aabbccddeeff'
    b.script.failures.push({ path: `/api/v1/companies/acme/reviews/${other}/helpful`, status: 409, code: 'already_helpful' })
    await b.queue.markHelpful('acme', other)
    assert.equal(b.book.helpful[other], true)
    assert.equal(await b.wallet.count(REACT), reactBefore - 2)
  })

  it('with TALK_MIN_TOKEN_AGE_S=0 (the end-to-end server) a newcomer’s review leaves as soon as its token is drawn', async () => {
    const b = (current = browser({ fetchedAt: T0 - 3 * H, minTokenAgeS: 0 }))
    b.network()
    b.script.recordStatus = 201
    b.list([...all(W50), ...all(Y2026)])
    await b.draws.schedule()
    const item = await b.publish(review())
    assert.equal(item.wait, 'tokens')
    await jumpTo(b.draw.nextAt!)
    await drawn(b)
    const D = Math.max(...b.issued.map((i) => i.at))
    await until(async () => (await b.records())[0]!.state === 'stored', 'stored')
    assert.ok(companyPosts(b)[0]!.at - D < 5 * S, 'within seconds of the draw')
  })
})
