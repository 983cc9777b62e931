/**
 * Yearly keys (`review`, `salary`, `interview`) in the web client's draws (issue 10), through the
 * REAL Draws, YearlyDraws and TokenWallet on a controlled clock (records-harness.ts):
 *
 * - the weekly batch also draws every yearly key the member may hold — review and salary of each
 *   company it works or worked at, the null interview key — whole quota, in the same batch; and
 *   not again the next week (their done-state outlives the week's plan); next year's keys come in
 *   next year's first batch;
 * - a `quota_exceeded` answer (another device of the account drew) is done for the year; a
 *   `not_verified` one only for its week;
 * - a member verified at another company mid-year gets that company's yearly keys in the newcomer
 *   batch that follows.
 */
import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it, mock } from 'node:test'
import type { Me } from '../../shared/src/api/index.js'
import { TALK_TOKENS } from '../../shared/src/api/limits.js'
import { browser, DAY, drawn, H, jumpTo, me, MIN, settle, T0, weekKeys, yearKeys, type Browser } from './records-harness.js'

const W50 = await weekKeys('2026-W50')
const W51 = await weekKeys('2026-W51')
const W01 = await weekKeys('2027-W01')
const Y2026 = await yearKeys('2026')
const Y2027 = await yearKeys('2027')
const all = (o: object) => Object.values(o) as Awaited<ReturnType<typeof weekKeys>>['talk'][]
const ids = (o: object) => all(o).map((k) => k.keyId)
const sorted = (a: string[]) => [...a].sort()

/** Lets this week's (or any) planned batch happen now-ish: schedules, then goes to its moment. */
async function nextBatch(b: Browser): Promise<void> {
  await b.draws.schedule()
  assert.equal(b.draw.status, 'scheduled')
  await jumpTo(b.draw.nextAt!)
  await drawn(b)
}

describe('yearly record keys in the weekly batch (real Draws, YearlyDraws, TokenWallet)', () => {
  const realFetch = globalThis.fetch
  let current: Browser | null = null
  beforeEach(() => mock.timers.enable({ apis: ['Date', 'setTimeout'], now: T0 }))
  afterEach(() => {
    current?.stop()
    current = null
    mock.timers.reset()
    globalThis.fetch = realFetch
  })

  it('the batch draws every yearly key with its quota, once a year: not again next week, next year’s in next year’s first batch', async () => {
    const b = (current = browser({ fetchedAt: T0 - 3 * H }))
    b.network()
    b.list([...all(W50), ...all(Y2026)])
    assert.equal(await b.allowance('review', 'acme'), 'waiting', 'listed, not drawn yet')

    await nextBatch(b)
    assert.deepEqual(sorted(b.issued.map((i) => i.keyId)), sorted([...ids(W50), ...ids(Y2026)]), 'the week’s keys and every yearly key, a former employer’s too')
    const count = (keyId: string) => b.issued.find((i) => i.keyId === keyId)!.count
    assert.equal(count(Y2026.acmeReview.keyId), TALK_TOKENS.quota.review)
    assert.equal(count(Y2026.acmeSalary.keyId), TALK_TOKENS.quota.salary)
    assert.equal(count(Y2026.globexReview.keyId), TALK_TOKENS.quota.review)
    assert.equal(count(Y2026.interview.keyId), TALK_TOKENS.quota.interview)
    const times = b.issued.map((i) => i.at)
    assert.ok(Math.max(...times) - Math.min(...times) < MIN, 'one batch')
    assert.equal(await b.wallet.count({ company: 'acme', purpose: 'review' }), 1)
    assert.equal(await b.wallet.count({ company: null, purpose: 'interview' }), 5)
    for (const k of all(Y2026)) assert.equal(b.yearly.state[k.keyId]?.done, 'drawn')
    assert.equal(await b.allowance('review', 'acme'), 'ready')
    assert.equal(await b.allowance('salary', 'globex'), 'ready', 'a former employee may report a salary')
    assert.equal(await b.allowance('interview', 'initech'), 'ready', 'an interview anywhere')
    assert.equal(await b.allowance('review', 'initech'), 'none', 'never worked there')
    assert.equal(b.sent.length, 0, 'drawing wrote nothing')

    // Next week: a new plan, the week's keys again — the yearly ones not.
    b.issued.length = 0
    mock.timers.setTime(T0 + 7 * DAY)
    b.list([...all(W51), ...all(Y2026)])
    await nextBatch(b)
    assert.deepEqual(sorted(b.issued.map((i) => i.keyId)), sorted(ids(W51)), 'the yearly keys are drawn once a year')
    await b.draws.schedule()
    assert.equal(b.draw.status, 'done')

    // January: the directory lists 2027's keys; the year's first batch draws them, once.
    b.issued.length = 0
    mock.timers.setTime(Date.UTC(2027, 0, 6, 12))
    b.list([...all(W01), ...all(Y2027)])
    await nextBatch(b)
    assert.deepEqual(sorted(b.issued.map((i) => i.keyId)), sorted([...ids(W01), ...ids(Y2027)]))
    assert.equal(await b.wallet.count({ company: 'acme', purpose: 'review' }), 2, 'last year’s token is still valid this year')
    await b.draws.schedule()
    assert.equal(b.draw.status, 'done', 'nothing left to draw this week')
  })

  it('the directory lists next year’s keys on the year’s last day: a batch then draws them too', async () => {
    const lastDay = Date.UTC(2026, 11, 31, 9)
    mock.timers.setTime(lastDay)
    const b = (current = browser({ fetchedAt: lastDay - 3 * H }))
    b.network()
    const W53 = await weekKeys('2026-W53')
    b.list([...all(W53), ...all(Y2026), ...all(Y2027)])
    await nextBatch(b)
    assert.deepEqual(sorted(b.issued.map((i) => i.keyId)), sorted([...ids(W53), ...ids(Y2026), ...ids(Y2027)]))
    // Four days later, in 2027-W01: the 2027 keys are done already.
    b.issued.length = 0
    mock.timers.setTime(Date.UTC(2027, 0, 4, 12))
    b.list([...all(W01), ...all(Y2027)])
    await nextBatch(b)
    assert.deepEqual(sorted(b.issued.map((i) => i.keyId)), sorted(ids(W01)))
  })

  it('quota_exceeded on a yearly key (another device drew) is done for the year; not_verified only for its week', async () => {
    const b = (current = browser({ fetchedAt: T0 - 3 * H }))
    b.network()
    b.list([...all(W50), ...all(Y2026)])
    b.refuseDraw(Y2026.acmeReview, 'quota_exceeded')
    b.refuseDraw(Y2026.globexSalary, 'not_verified')
    await nextBatch(b)
    assert.equal(b.draw.status, 'done', 'neither answer is a failure to retry in minutes')
    assert.equal(b.yearly.state[Y2026.acmeReview.keyId]?.done, 'quota')
    assert.equal(b.yearly.state[Y2026.globexSalary.keyId]?.done, 'not_verified')
    assert.equal(await b.allowance('review', 'acme'), 'used', 'drawn on another device: this one cannot write it')
    assert.equal(await b.allowance('salary', 'acme'), 'ready')
    assert.equal(await b.allowance('salary', 'globex'), 'none', 'the server says this member may not hold it (this week)')

    b.issued.length = 0
    mock.timers.setTime(T0 + 7 * DAY)
    b.list([...all(W51), ...all(Y2026)])
    await nextBatch(b)
    const asked = b.issued.map((i) => i.keyId)
    assert.ok(!asked.includes(Y2026.acmeReview.keyId), 'not asked again: the quota is used')
    assert.ok(asked.includes(Y2026.globexSalary.keyId), 'not_verified is asked again the next week (a verification may have followed)')
    assert.equal(asked.length, ids(W51).length + 1)
    assert.equal(await b.allowance('salary', 'globex'), 'none', 'refused again, for this week')
  })

  it('a member verified at another company mid-year gets its yearly keys in the newcomer batch, and only those', async () => {
    const acmeOnly = { ...me, employments: me.employments.slice(0, 1) } as Me
    const b = (current = browser({ fetchedAt: T0 - 3 * H, me: acmeOnly }))
    b.network()
    b.list([...all(W50), ...all(Y2026)])
    await nextBatch(b)
    assert.deepEqual(sorted(b.issued.map((i) => i.keyId)), sorted([W50.talk, W50.react, W50.acmeTalk, Y2026.acmeReview, Y2026.acmeSalary, Y2026.interview].map((k) => k.keyId)))

    // Two days later Globex verifies the member (a former employee): the runtime's setMe calls newcomer().
    b.issued.length = 0
    mock.timers.setTime(T0 + 2 * DAY)
    b.keys.fetchedAt = Date.now() - 3 * H
    b.setMe(me)
    b.draws.newcomer()
    await settle()
    assert.ok(b.draw.nextAt! <= Date.now() + 2 * MIN, 'a new verification draws within two minutes')
    await jumpTo(b.draw.nextAt!)
    await drawn(b)
    assert.deepEqual(sorted(b.issued.map((i) => i.keyId)), sorted([W50.globexFormer, Y2026.globexReview, Y2026.globexSalary].map((k) => k.keyId)))
    assert.equal(await b.allowance('review', 'globex'), 'ready')
  })
})
