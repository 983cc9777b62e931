import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { blindSignNative, verifyToken } from '../../server/src/services/talk/crypto/blind-sign.js'
import { generateIssuerKey, type IssuerKey, publicKeyB64url } from '../../server/src/services/talk/crypto/keys.js'
import { fromBase64url, toBase64url } from '../../shared/src/talk/base64url.js'
import { type FetchSignatures, type KeyDirectory, MemoryStore, TokenWallet } from '../../shared/src/talk/wallet.js'

const entry = (issuer: IssuerKey, company: string | null) => ({
  keyId: issuer.keyId,
  company,
  purpose: 'talk',
  epoch: '2026-W48',
  publicKey: publicKeyB64url(issuer.spkiDer),
})

/** A stand-in for POST /api/v1/talk/tokens that records every call. */
function fakeIssuer(issuers: IssuerKey[], tamper?: (call: number, answers: string[]) => string[]) {
  const calls: { keyId: string; count: number }[] = []
  const fetchSignatures: FetchSignatures = async (keyId, blindedMessages) => {
    assert.ok(blindedMessages.length <= 10, 'the server accepts at most 10 per request')
    calls.push({ keyId, count: blindedMessages.length })
    const issuer = issuers.find((i) => i.keyId === keyId)!
    const answers = blindedMessages.map((b) => toBase64url(blindSignNative(issuer.privateKey, issuer.publicKey, fromBase64url(b))))
    return tamper ? tamper(calls.length, answers) : answers
  }
  return { calls, fetchSignatures }
}

describe('TokenWallet', () => {
  let acme: IssuerKey
  let anyPro: IssuerKey
  let directory: KeyDirectory
  before(async () => {
    ;[acme, anyPro] = await Promise.all([generateIssuerKey(), generateIssuerKey()])
    directory = { keys: [entry(acme, 'acme'), entry(anyPro, null)] }
  })

  it('refills in batches of at most 10 until it holds the target', async () => {
    const { calls, fetchSignatures } = fakeIssuer([acme])
    const wallet = new TokenWallet({ store: new MemoryStore(), fetchSignatures, directory })
    assert.equal(await wallet.refill(acme.keyId, 23), 23)
    assert.deepEqual(calls.map((c) => c.count), [10, 10, 3])
    assert.equal(await wallet.count(acme.keyId), 23)
    // Already full: no request at all.
    assert.equal(await wallet.refill(acme.keyId, 20), 23)
    assert.equal(calls.length, 3)
    // Topping up asks only for what is missing.
    await wallet.take(acme.keyId)
    await wallet.take(acme.keyId)
    assert.equal(await wallet.refill(acme.keyId, 25), 25)
    assert.deepEqual(calls.slice(3).map((c) => c.count), [4])
  })

  it('takes each token once, and the tokens verify on the server', async () => {
    const { fetchSignatures } = fakeIssuer([acme])
    const wallet = new TokenWallet({ store: new MemoryStore(), fetchSignatures, directory })
    await wallet.refill(acme.keyId, 3)
    const taken = await Promise.all([wallet.take(acme.keyId), wallet.take(acme.keyId), wallet.take(acme.keyId), wallet.take(acme.keyId)])
    assert.equal(taken[3], undefined)
    assert.equal(new Set(taken.slice(0, 3).map((t) => t!.message)).size, 3)
    for (const t of taken.slice(0, 3)) {
      assert.equal(await verifyToken(acme.spkiDer, fromBase64url(t!.message), fromBase64url(t!.signature)), true)
    }
    assert.equal(await wallet.count(acme.keyId), 0)
    assert.equal(await wallet.take(anyPro.keyId), undefined)
  })

  it('drops a token whose signature does not finalise and fetches a replacement', async () => {
    const garbageFirst = (call: number, answers: string[]) =>
      call === 1 ? [toBase64url(new Uint8Array(256).fill(9)), ...answers.slice(1)] : answers
    const { calls, fetchSignatures } = fakeIssuer([acme], garbageFirst)
    const wallet = new TokenWallet({ store: new MemoryStore(), fetchSignatures, directory })
    assert.equal(await wallet.refill(acme.keyId, 5), 5)
    assert.deepEqual(calls.map((c) => c.count), [5, 1])
  })

  it('stops instead of looping when a whole batch is invalid', async () => {
    const { calls, fetchSignatures } = fakeIssuer([acme], (_, answers) => answers.map(() => toBase64url(new Uint8Array(256))))
    const wallet = new TokenWallet({ store: new MemoryStore(), fetchSignatures, directory })
    assert.equal(await wallet.refill(acme.keyId, 5), 0)
    assert.equal(calls.length, 1)
  })

  it('keeps earlier batches when a later request fails (e.g. quota)', async () => {
    const { fetchSignatures } = fakeIssuer([acme])
    let n = 0
    const failing: FetchSignatures = async (k, b) => {
      if (++n === 2) throw new Error('quota_exceeded')
      return fetchSignatures(k, b)
    }
    const wallet = new TokenWallet({ store: new MemoryStore(), fetchSignatures: failing, directory })
    await assert.rejects(wallet.refill(acme.keyId, 15), /quota_exceeded/)
    assert.equal(await wallet.count(acme.keyId), 10)
  })

  it('discards tokens of keys the directory no longer lists', async () => {
    const store = new MemoryStore()
    const { fetchSignatures } = fakeIssuer([acme, anyPro])
    const wallet = new TokenWallet({ store, fetchSignatures, directory })
    await wallet.refill(acme.keyId, 2)
    await wallet.refill(anyPro.keyId, 3)
    assert.equal(await wallet.discardUnknownKeys({ keys: [entry(anyPro, null)] }), 2)
    assert.equal(await wallet.count(acme.keyId), 0)
    assert.equal(await wallet.count(anyPro.keyId), 3)
    // The store holds the result, so a new wallet over it (a reload) sees the same.
    const reloaded = new TokenWallet({ store, fetchSignatures, directory: { keys: [entry(anyPro, null)] } })
    assert.equal(await reloaded.count(anyPro.keyId), 3)
    // And it will not fetch for a key that is no longer listed.
    await assert.rejects(reloaded.refill(acme.keyId, 1), { name: 'UnknownIssuerKeyError' })
  })

  it('refuses a directory entry whose keyId is not the hash of its public key', async () => {
    const { calls, fetchSignatures } = fakeIssuer([acme])
    const forged = { keys: [{ ...entry(anyPro, 'acme'), keyId: acme.keyId }] }
    const wallet = new TokenWallet({ store: new MemoryStore(), fetchSignatures, directory: forged })
    await assert.rejects(wallet.refill(acme.keyId, 1), { name: 'UnknownIssuerKeyError' })
    assert.equal(calls.length, 0)
  })
})
