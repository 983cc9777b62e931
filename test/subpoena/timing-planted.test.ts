/**
 * The subpoena test's timing attacks fire on each leak the issue found, planted back: a client
 * that refills on posting, one that fetches a token right before a post, commits not mixed, a key
 * handed to one client, and the epoch kept on the spent-token row.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { TEST_DB_KIND } from '../support/db.js'
import { fired, REALISTIC, report, scenario, SMALL } from './timing-support.js'

describe(`the timing attacks fire on a planted leak (${TEST_DB_KIND})`, () => {
  it('a refill right after posting', async (t) => {
    const run = await scenario({ ...SMALL, epochs: 2, hot: undefined, behaviour: 'refill-on-post' })
    if (typeof run === 'string') return t.skip(run)
    report(t, 'refill on post', run)
    const a = fired(run, 'nearest draw after (WAL order)')
    assert.ok(a.accuracy > a.bound, JSON.stringify(a))
  })

  it('tokens fetched just before a post', async (t) => {
    const run = await scenario({ ...SMALL, epochs: 2, behaviour: 'fetch-before-post' })
    if (typeof run === 'string') return t.skip(run)
    report(t, 'fetch before post', run)
    const a = fired(run, 'nearest draw before (WAL order)')
    assert.ok(a.accuracy > a.bound, JSON.stringify(a))
  })

  it('an unmixed commit', async (t) => {
    const run = await scenario({ ...SMALL, hot: { perEpoch: 8, minutes: 1.5, share: 0.8 } }, { TALK_MIX_WINDOW_S: '0' })
    if (typeof run === 'string') return t.skip(run)
    report(t, 'unmixed commits', run)
    assert.ok(run.order.accuracy > run.order.bound, JSON.stringify(run.order))
  })

  it('a key given to one client (and the client that checks keys refuses it)', async (t) => {
    const checked = await scenario({ ...SMALL, victim: { checks: true } })
    if (typeof checked === 'string') return t.skip(checked)
    assert.ok(checked.truth.victim?.refused, 'the checking client refused the directory')
    const tagged = fired(checked, 'key given to one client')
    assert.ok(tagged.accuracy <= tagged.bound, JSON.stringify(tagged))
    // The victim speaks for its company a lot: enough of its posts are paid with the tagged key.
    const run = await scenario({ ...SMALL, allowance: 8, epochs: 2, victim: { checks: false } })
    if (typeof run === 'string') return t.skip(run)
    report(t, 'a key of its own, unchecked', run)
    const a = fired(run, 'key given to one client')
    assert.ok(a.accuracy > a.bound, JSON.stringify(a))
  })

  it('the epoch on the spent-token row', async (t) => {
    // Members new this week (a wave of verifications, as when a company joins) hold only this
    // week's tokens, everyone else mostly last week's: the epoch tells the two apart.
    const wave = (epoch: number) => ({ company: 'beta-labs', count: 10, epoch, days: [0.3, 1] as [number, number] })
    const run = await scenario({ ...REALISTIC, epochs: 3, allowance: 3, newcomers: [wave(1), wave(2)], posts: { light: [2, 4], heavy: [4, 6], heavyShare: 0.3 } }, {}, true)
    if (typeof run === 'string') return t.skip(run)
    report(t, 'epoch on the spent row', run)
    const a = fired(run, 'epoch of the spent token')
    assert.ok(a.accuracy > a.bound, JSON.stringify(a))
  })
})
