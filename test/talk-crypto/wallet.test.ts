import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { blindSignNative, verifyToken } from '../../server/src/services/talk/crypto/blind-sign.js'
import { generateIssuerKey, type IssuerKey, publicKeyB64url } from '../../server/src/services/talk/crypto/keys.js'
import { fromBase64url, toBase64url } from '../../shared/src/talk/base64url.js'
import { type Blinder, type FetchSignatures, inlineBlinder } from '../../shared/src/talk/draw.js'
import { type KeyDirectoryEntry, MemoryStore, tokenHash, TokenWallet, WALLET_STORE_NAME } from '../../shared/src/talk/wallet.js'

const MINUTE = 60_000
/** Wednesday of ISO week 2026-W48. */
const W48 = Date.parse('2026-11-25T12:00:00Z')

const entry = (issuer: IssuerKey, company: string | null, epoch = '2026-W48', purpose = 'talk'): KeyDirectoryEntry => ({
  keyId: issuer.keyId,
  company,
  purpose,
  epoch,
  publicKey: publicKeyB64url(issuer.spkiDer),
})

/** A stand-in for POST /api/v1/talk/tokens that records every call. */
function fakeIssuer(issuers: IssuerKey[], answer?: (keyId: string, answers: string[]) => string[]) {
  const calls: { keyId: string; count: number }[] = []
  const fetchSignatures: FetchSignatures = async (keyId, blindedMessages) => {
    assert.ok(blindedMessages.length <= 100, 'the server accepts at most 100 per request')
    calls.push({ keyId, count: blindedMessages.length })
    const issuer = issuers.find((i) => i.keyId === keyId)!
    const answers = blindedMessages.map((b) => toBase64url(blindSignNative(issuer.privateKey, issuer.publicKey, fromBase64url(b))))
    return answer ? answer(keyId, answers) : answers
  }
  return { calls, fetchSignatures }
}

/** A wallet on a settable clock. */
function walletAt(start: number, fetchSignatures: FetchSignatures, store = new MemoryStore(), blinder?: Blinder) {
  const clock = { now: start }
  const wallet = new TokenWallet({ store, fetchSignatures, now: () => clock.now, ...(blinder && { blinder }) })
  return { wallet, clock, store }
}

const acmeScope = { company: 'acme', purpose: 'talk' }
const proScope = { company: null, purpose: 'talk' }

describe('TokenWallet', () => {
  let acme: IssuerKey
  let acmeNext: IssuerKey
  let anyPro: IssuerKey
  before(async () => {
    ;[acme, acmeNext, anyPro] = await Promise.all([generateIssuerKey(), generateIssuerKey(), generateIssuerKey()])
  })

  it('draws each allowance in one request per key, back to back, and the tokens verify on the server', async () => {
    const { calls, fetchSignatures } = fakeIssuer([acme, anyPro])
    const { wallet } = walletAt(W48, fetchSignatures)
    const outcomes = await wallet.drawAllowances([
      { key: entry(acme, 'acme'), count: 50 },
      { key: entry(anyPro, null), count: 50 },
    ])
    assert.deepEqual(calls, [{ keyId: acme.keyId, count: 50 }, { keyId: anyPro.keyId, count: 50 }])
    assert.deepEqual(outcomes.map((o) => [o.key.keyId, o.drawn, o.error]), [[acme.keyId, 50, undefined], [anyPro.keyId, 50, undefined]])
    const held = await wallet.tokens(acmeScope)
    assert.equal(held.length, 50)
    assert.deepEqual({ ...held[0], message: '', signature: '' }, { keyId: acme.keyId, company: 'acme', purpose: 'talk', epoch: '2026-W48', drawnAt: W48, message: '', signature: '' })
    for (const t of held.slice(0, 3)) assert.equal(await verifyToken(acme.spkiDer, fromBase64url(t.message), fromBase64url(t.signature)), true)
    assert.equal(await wallet.count(proScope), 50)
  })

  it('moves the tokens of a key a merge retired to the survivor’s scope, and no others', async () => {
    const { fetchSignatures } = fakeIssuer([acme, anyPro])
    const { wallet } = walletAt(W48 + MINUTE, fetchSignatures)
    await wallet.drawAllowances([
      { key: entry(acme, 'acme'), count: 3 },
      { key: entry(anyPro, null), count: 2 },
    ])
    assert.equal(await wallet.retire(new Map()), 0)
    assert.equal(await wallet.retire(new Map([[acme.keyId, 'acme-group']])), 3)
    assert.equal(await wallet.count(acmeScope), 0)
    assert.equal(await wallet.count({ company: 'acme-group', purpose: 'talk' }), 3)
    assert.equal(await wallet.count(proScope), 2, 'other keys stay where they were')
    assert.equal(await wallet.retire(new Map([[acme.keyId, 'acme-group']])), 0, 'once moved, nothing moves again')
    const taken = await wallet.take({ company: 'acme-group', purpose: 'talk' }, 0)
    assert.equal(taken?.keyId, acme.keyId, 'and they pay there')
  })

  it('runs blinding and finalising through the Blinder it is given', async () => {
    const { fetchSignatures } = fakeIssuer([acme])
    const used: string[] = []
    const blinder: Blinder = {
      prepare: (publicKey, count) => (used.push(`prepare ${count}`), inlineBlinder.prepare(publicKey, count)),
      finalize: (state, sigs) => (used.push(`finalize ${sigs.length}`), inlineBlinder.finalize(state, sigs)),
    }
    const { wallet } = walletAt(W48, fetchSignatures, new MemoryStore(), blinder)
    await wallet.drawAllowances([{ key: entry(acme, 'acme'), count: 4 }])
    assert.deepEqual(used, ['prepare 4', 'finalize 4'])
  })

  it('keeps drawing the other keys when one key fails (quota reached), and reports the failure', async () => {
    const { calls, fetchSignatures } = fakeIssuer([anyPro])
    const failing: FetchSignatures = async (keyId, blinded) => {
      if (keyId === acme.keyId) throw new Error('quota_exceeded')
      return fetchSignatures(keyId, blinded)
    }
    const { wallet } = walletAt(W48, failing)
    const [first, second] = await wallet.drawAllowances([
      { key: entry(acme, 'acme'), count: 50 },
      { key: entry(anyPro, null), count: 50 },
    ])
    assert.match(String(first!.error), /quota_exceeded/)
    assert.equal(first!.drawn, 0)
    assert.equal(second!.drawn, 50)
    assert.equal(calls.length, 1)
  })

  it('refuses a directory entry whose keyId is not the hash of its public key, without a request', async () => {
    const { calls, fetchSignatures } = fakeIssuer([acme])
    const { wallet } = walletAt(W48, fetchSignatures)
    const [outcome] = await wallet.drawAllowances([{ key: { ...entry(anyPro, 'acme'), keyId: acme.keyId }, count: 5 }])
    assert.equal((outcome!.error as Error).name, 'UnknownIssuerKeyError')
    assert.equal(calls.length, 0)
    const [tooMany] = await wallet.drawAllowances([{ key: entry(acme, 'acme'), count: 101 }])
    assert.ok(tooMany!.error instanceof RangeError)
    assert.equal(calls.length, 0)
  })

  it('drops answers that do not finalise: fewer tokens, no second request', async () => {
    const garbageFirst = (_: string, answers: string[]) => [toBase64url(new Uint8Array(256).fill(9)), ...answers.slice(1)]
    const { calls, fetchSignatures } = fakeIssuer([acme], garbageFirst)
    const { wallet } = walletAt(W48, fetchSignatures)
    const [outcome] = await wallet.drawAllowances([{ key: entry(acme, 'acme'), count: 5 }])
    assert.equal(outcome!.drawn, 4)
    assert.equal(calls.length, 1)
  })

  it('hands out no token younger than the minimum age, and says when one will be old enough', async () => {
    const { fetchSignatures } = fakeIssuer([acme])
    const { wallet, clock } = walletAt(W48, fetchSignatures)
    await wallet.drawAllowances([{ key: entry(acme, 'acme'), count: 3 }])
    assert.equal(await wallet.take(acmeScope, 60 * MINUTE), undefined)
    assert.equal(await wallet.readyAt(acmeScope, 60 * MINUTE), W48 + 60 * MINUTE)
    assert.equal(await wallet.readyAt(proScope, 60 * MINUTE), null)
    assert.equal(await wallet.count(acmeScope), 3, 'refusing took nothing')
    clock.now = W48 + 60 * MINUTE
    assert.ok(await wallet.take(acmeScope, 60 * MINUTE))
    // "Publish sooner": a minimum age of 0 takes a young token.
    clock.now = W48
    assert.ok(await wallet.take(acmeScope, 0))
  })

  it('spends the oldest epoch first, and last epoch’s tokens stay spendable', async () => {
    const { fetchSignatures } = fakeIssuer([acme, acmeNext])
    const { wallet, clock } = walletAt(Date.parse('2026-11-29T20:00:00Z'), fetchSignatures) // Sunday of W48
    await wallet.drawAllowances([{ key: entry(acmeNext, 'acme', '2026-W49'), count: 2 }])
    clock.now += MINUTE
    await wallet.drawAllowances([{ key: entry(acme, 'acme', '2026-W48'), count: 2 }])
    clock.now = Date.parse('2026-12-02T12:00:00Z') // W49
    const order = [await wallet.take(acmeScope, 0), await wallet.take(acmeScope, 0), await wallet.take(acmeScope, 0)]
    assert.deepEqual(order.map((t) => t!.epoch), ['2026-W48', '2026-W48', '2026-W49'])
  })

  it('discards tokens of epochs that are over, keeping the previous epoch’s', async () => {
    const { fetchSignatures } = fakeIssuer([acme, acmeNext])
    const { wallet, clock } = walletAt(W48, fetchSignatures)
    await wallet.drawAllowances([{ key: entry(acme, 'acme', '2026-W48'), count: 2 }])
    await wallet.drawAllowances([{ key: entry(acmeNext, 'acme', '2026-W49'), count: 3 }])
    clock.now = Date.parse('2026-12-02T12:00:00Z') // W49: W48 is the previous epoch
    assert.equal(await wallet.discardExpired(), 0)
    clock.now = Date.parse('2026-12-09T12:00:00Z') // W50: W48 is over
    assert.equal(await wallet.count(acmeScope), 3, 'expired tokens are not offered')
    assert.equal(await wallet.take({ company: 'acme', purpose: 'talk' }, 0).then((t) => t!.epoch), '2026-W49')
    assert.equal(await wallet.discardExpired(), 2)
  })

  it('takes each token once, also when takes race each other', async () => {
    const { fetchSignatures } = fakeIssuer([acme])
    const { wallet } = walletAt(W48, fetchSignatures)
    await wallet.drawAllowances([{ key: entry(acme, 'acme'), count: 3 }])
    const taken = await Promise.all([1, 2, 3, 4].map(() => wallet.take(acmeScope, 0)))
    assert.equal(taken[3], undefined)
    assert.equal(new Set(taken.slice(0, 3).map((t) => t!.message)).size, 3)
    assert.equal(await wallet.take(proScope, 0), undefined)
  })

  it('never holds a spent token again, even when a stale copy of the store writes it back', async () => {
    const { fetchSignatures } = fakeIssuer([acme])
    const { wallet, store } = walletAt(W48, fetchSignatures)
    await wallet.drawAllowances([{ key: entry(acme, 'acme'), count: 2 }])
    const stale = (await store.get(WALLET_STORE_NAME)) as { tokens: unknown[]; spent: unknown[] }
    const spentOne = await wallet.take(acmeScope, 0)
    assert.equal(await wallet.isSpent(spentOne!.message), true)
    // The old design's resurrection: a second writer puts back the token list it read before the take.
    const now = (await store.get(WALLET_STORE_NAME)) as { spent: unknown[] }
    await store.set(WALLET_STORE_NAME, { tokens: stale.tokens, spent: now.spent })
    const next = await wallet.take(acmeScope, 0)
    assert.notEqual(next!.message, spentOne!.message)
    assert.equal(await wallet.take(acmeScope, 0), undefined)
    // Nor can it be adopted back in.
    assert.equal(await wallet.adopt([spentOne!]), 0)
  })

  it('markSpent drops a held token the server refused as spent and remembers it', async () => {
    const { fetchSignatures } = fakeIssuer([acme])
    const { wallet, store } = walletAt(W48, fetchSignatures)
    await wallet.drawAllowances([{ key: entry(acme, 'acme'), count: 2 }])
    const [first] = await wallet.tokens(acmeScope)
    await wallet.markSpent(first!)
    assert.equal(await wallet.count(acmeScope), 1)
    const saved = (await store.get(WALLET_STORE_NAME)) as { spent: { hash: string }[] }
    assert.deepEqual(saved.spent.map((s) => s.hash), [tokenHash(first!.message)])
  })

  it('discardKey throws away one key’s tokens; the store keeps the result for the next wallet', async () => {
    const { fetchSignatures } = fakeIssuer([acme, anyPro])
    const { wallet, store } = walletAt(W48, fetchSignatures)
    await wallet.drawAllowances([{ key: entry(acme, 'acme'), count: 2 }, { key: entry(anyPro, null), count: 3 }])
    assert.equal(await wallet.discardKey(acme.keyId), 2)
    const reloaded = walletAt(W48, fetchSignatures, store).wallet
    assert.equal(await reloaded.count(acmeScope), 0)
    assert.equal(await reloaded.count(proScope), 3)
  })

  it('serialises store writes through the exclusive hook it is given (a Web Lock in the browser)', async () => {
    const { fetchSignatures } = fakeIssuer([acme])
    let held = 0
    let max = 0
    const exclusive = async <T>(work: () => Promise<T>): Promise<T> => {
      held++
      max = Math.max(max, held)
      try {
        return await work()
      } finally {
        held--
      }
    }
    const wallet = new TokenWallet({ store: new MemoryStore(), fetchSignatures, exclusive, now: () => W48 })
    await wallet.drawAllowances([{ key: entry(acme, 'acme'), count: 3 }])
    await Promise.all([wallet.take(acmeScope, 0), wallet.take(acmeScope, 0), wallet.count(acmeScope)])
    assert.equal(max, 1)
  })
})

describe('TokenWallet.lastDrawAt', () => {
  it('remembers when tokens last arrived, even after every token is spent', async () => {
    const issuer = await generateIssuerKey()
    const key = { keyId: issuer.keyId, company: null, purpose: 'talk', epoch: '2026-W48', publicKey: publicKeyB64url(issuer.spkiDer) }
    let now = W48
    const fetchSignatures: FetchSignatures = async (_k, blinded) => blinded.map((b) => toBase64url(blindSignNative(issuer.privateKey, issuer.publicKey, fromBase64url(b))))
    const wallet = new TokenWallet({ store: new MemoryStore(), fetchSignatures, now: () => now })
    assert.equal(await wallet.lastDrawAt(), null)
    await wallet.drawAllowances([{ key, count: 1 }])
    assert.equal(await wallet.lastDrawAt(), now)
    const drawn = now
    now += 3 * 3_600_000
    assert.ok(await wallet.take({ company: null, purpose: 'talk' }, 3_600_000))
    assert.equal(await wallet.lastDrawAt(), drawn, 'spending does not move it')
  })
})
