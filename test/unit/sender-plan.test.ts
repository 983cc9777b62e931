import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { TokenScope, TokenWallet } from '../../shared/src/talk/wallet.js'
import type { IdbStore } from '../../web/src/talk/idb.js'
import { postItem, changeItem } from '../../web/src/talk/outbox-items.js'
import { Sender, type SenderDeps } from '../../web/src/talk/sender.js'
import { TimingMarks } from '../../web/src/talk/timing-marks.js'

const MIN_AGE_S = 3600
const HOUR = 3_600_000

/** Enough of IdbStore for TimingMarks. */
class MemoryIdb {
  readonly name = 'wc-talk-plan'
  readonly #data = new Map<string, string>()
  async get(k: string) {
    const v = this.#data.get(k)
    return v === undefined ? undefined : JSON.parse(v)
  }
  async update<T>(k: string, change: (v: T | undefined) => T) {
    const next = change(await this.get(k))
    this.#data.set(k, JSON.stringify(next))
    return next
  }
}

/** A Sender whose plan() sees a wallet that drew `drewAgoMs` ago and holds tokens drawn at these moments ago. */
function senderWith(opts: { drewAgoMs: number | null; tokensAgoMs: number[] }) {
  const now = Date.now()
  const wallet = {
    lastDrawAt: async () => (opts.drewAgoMs === null ? null : now - opts.drewAgoMs),
    tokens: async (_scope: TokenScope) => opts.tokensAgoMs.map((ago) => ({ drawnAt: now - ago })),
  } as unknown as TokenWallet
  const deps = {
    wallet,
    timing: () => ({ minTokenAgeS: MIN_AGE_S, mixWindowS: 30 }),
    scopeFor: () => ({ company: null, purpose: 'talk' }),
    marks: new TimingMarks(new MemoryIdb() as unknown as IdbStore),
  } as unknown as SenderDeps
  return new Sender(deps)
}
const reply = () => postItem({ kind: 'reply', threadId: 't', title: '', body: 'b', label: 'alias', voiceId: 'v' }, 0, MIN_AGE_S, undefined)

describe('when the web client sends an anonymous write (DESIGN §2)', () => {
  it('sends at once with an old token, long after the last draw', async () => {
    const plan = await senderWith({ drewAgoMs: 5 * 24 * HOUR, tokensAgoMs: [5 * 24 * HOUR] }).plan(reply())
    assert.ok(plan.sendAt <= Date.now() + 50)
    assert.equal(plan.wait, undefined)
  })

  it('waits for a young token: one to four minimum ages after its draw', async () => {
    const plan = await senderWith({ drewAgoMs: 60_000, tokensAgoMs: [60_000] }).plan(reply())
    assert.equal(plan.wait, 'age')
    const after = plan.sendAt - (Date.now() - 60_000)
    assert.ok(after >= MIN_AGE_S * 1000 - 50 && after <= 4 * MIN_AGE_S * 1000 + 50, `${after} ms after the draw`)
  })

  it('holds a write paid with an old token 6 to 30 hours after a draw that just happened', async () => {
    // Last week's tokens are old enough; this week's batch arrived a minute ago.
    const plan = await senderWith({ drewAgoMs: 60_000, tokensAgoMs: [6 * 24 * HOUR, 60_000] }).plan(reply())
    assert.equal(plan.wait, 'hold')
    const after = plan.sendAt - (Date.now() - 60_000)
    assert.ok(after >= 6 * HOUR - 50 && after <= 30 * HOUR + 50, `${after / HOUR} h after the draw`)
  })

  it('holds an edit after a draw too, until six hours have passed', async () => {
    const edit = changeItem('edit', { id: 'p', authorKey: 'k', revision: 0, threadId: 't', openingKey: 'o', openerNonce: null }, '', 'new')
    const soon = await senderWith({ drewAgoMs: 60_000, tokensAgoMs: [] }).plan(edit)
    assert.equal(soon.wait, 'hold')
    assert.ok(soon.sendAt >= Date.now() - 60_000 + 6 * HOUR - 50)
    const stillHeld = await senderWith({ drewAgoMs: 2 * HOUR, tokensAgoMs: [] }).plan(edit)
    assert.equal(stillHeld.wait, 'hold')
    const later = await senderWith({ drewAgoMs: 7 * HOUR, tokensAgoMs: [] }).plan(edit)
    assert.ok(later.sendAt <= Date.now() + 50)
  })

  it('waits for tokens when it holds none, and never fetches any', async () => {
    const plan = await senderWith({ drewAgoMs: null, tokensAgoMs: [] }).plan(reply())
    assert.equal(plan.sendAt, Infinity)
    assert.equal(plan.wait, 'tokens')
  })
})
