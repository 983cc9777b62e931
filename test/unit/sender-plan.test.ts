import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { TokenScope, TokenWallet } from '../../shared/src/talk/wallet.js'
import { postItem, changeItem } from '../../web/src/talk/outbox-items.js'
import { Sender, type SenderDeps } from '../../web/src/talk/sender.js'

const MIN_AGE_S = 3600
const HOUR = 3_600_000

/** A Sender whose plan() sees a wallet that drew `drewAgoMs` ago and holds tokens that are `heldAgoMs` old. */
function senderWith(opts: { drewAgoMs: number | null; oldestTokenAgoMs: number | null }) {
  const now = Date.now()
  const wallet = {
    lastDrawAt: async () => (opts.drewAgoMs === null ? null : now - opts.drewAgoMs),
    readyAt: async (_scope: TokenScope, minAge: number) => (opts.oldestTokenAgoMs === null ? null : now - opts.oldestTokenAgoMs + minAge),
  } as unknown as TokenWallet
  const deps = {
    wallet,
    timing: () => ({ minTokenAgeS: MIN_AGE_S, mixWindowS: 30 }),
    scopeFor: () => ({ company: null, purpose: 'talk' }),
  } as unknown as SenderDeps
  return new Sender(deps)
}
const reply = () => postItem({ kind: 'reply', threadId: 't', title: '', body: 'b', label: 'alias', voiceId: 'v' }, 0, MIN_AGE_S, undefined)

describe('when the web client sends an anonymous write (DESIGN §2)', () => {
  it('sends at once with an old token, long after the last draw', async () => {
    const plan = await senderWith({ drewAgoMs: 5 * 24 * HOUR, oldestTokenAgoMs: 5 * 24 * HOUR }).plan(reply())
    assert.ok(plan.sendAt <= Date.now() + 50)
  })

  it('waits for a young token: one to four minimum ages after its draw', async () => {
    const plan = await senderWith({ drewAgoMs: 60_000, oldestTokenAgoMs: 60_000 }).plan(reply())
    assert.equal(plan.wait, 'age')
    const after = plan.sendAt - (Date.now() - 60_000)
    assert.ok(after >= MIN_AGE_S * 1000 - 50 && after <= 4 * MIN_AGE_S * 1000 + 50, `${after} ms after the draw`)
  })

  it('keeps a write paid with an old token apart from a draw that just happened', async () => {
    // Last week's tokens are old enough; this week's batch arrived a minute ago.
    const plan = await senderWith({ drewAgoMs: 60_000, oldestTokenAgoMs: 6 * 24 * HOUR }).plan(reply())
    assert.equal(plan.wait, 'age')
    assert.ok(plan.sendAt >= Date.now() - 60_000 + MIN_AGE_S * 1000 - 50, 'not within the minimum age of the draw')
  })

  it('keeps an edit apart from a draw that just happened too', async () => {
    const edit = changeItem('edit', { id: 'p', authorKey: 'k', revision: 0, threadId: 't', openingKey: 'o', openerNonce: null }, '', 'new')
    const soon = await senderWith({ drewAgoMs: 60_000, oldestTokenAgoMs: null }).plan(edit)
    assert.ok(soon.sendAt >= Date.now() - 60_000 + MIN_AGE_S * 1000 - 50)
    const later = await senderWith({ drewAgoMs: 2 * HOUR, oldestTokenAgoMs: null }).plan(edit)
    assert.ok(later.sendAt <= Date.now() + 50)
  })

  it('waits for tokens when it holds none, and never fetches any', async () => {
    const plan = await senderWith({ drewAgoMs: null, oldestTokenAgoMs: null }).plan(reply())
    assert.deepEqual(plan, { sendAt: Infinity, wait: 'tokens' })
  })
})
