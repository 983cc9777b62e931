import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import { describe, it } from 'node:test'
import { fromBase64url } from '../../shared/src/talk/base64url.js'
import {
  exportRecoveryPhrase,
  importRecoveryPhrase,
  newMasterSecret,
  newThreadNonce,
  openerKey,
  legacyOpenerKey,
  publicKeyOf,
  threadKey,
} from '../../shared/src/talk/pseudonyms.js'

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')

describe('per-thread pseudonyms', () => {
  it('derive the same key for the same master and thread', () => {
    const master = newMasterSecret()
    assert.equal(hex(threadKey(master, 'thread-1')), hex(threadKey(Uint8Array.from(master), 'thread-1')))
    assert.equal(publicKeyOf(threadKey(master, 'thread-1')), publicKeyOf(threadKey(master, 'thread-1')))
  })

  it('derive different keys across threads and across masters', () => {
    const [a, b] = [newMasterSecret(), newMasterSecret()]
    const keys = [threadKey(a, 't1'), threadKey(a, 't2'), threadKey(b, 't1'), threadKey(b, 't2')].map(publicKeyOf)
    assert.equal(new Set(keys).size, 4)
    assert.equal(fromBase64url(keys[0]!).length, 32)
  })

  it('are HKDF-SHA256(master, no salt, info = "watercooler/thread/" + threadId), as OpenSSL computes it', () => {
    // A second, independent implementation pins the derivation: changing it would orphan every key.
    const master = newMasterSecret()
    const expected = crypto.hkdfSync('sha256', master, new Uint8Array(0), 'watercooler/thread/abc', 32)
    assert.equal(hex(threadKey(master, 'abc')), hex(new Uint8Array(expected)))
  })

  it('derive an opener key from a local nonce, distinct from any thread id key', () => {
    const master = newMasterSecret()
    const nonce = newThreadNonce()
    assert.equal(fromBase64url(nonce).length, 16)
    assert.notEqual(newThreadNonce(), nonce)
    const expected = crypto.hkdfSync('sha256', master, new Uint8Array(0), 'watercooler/opener/' + nonce, 32)
    assert.equal(hex(openerKey(master, nonce)), hex(new Uint8Array(expected)), 'DESIGN §3: info = "watercooler/opener/" + nonce')
    assert.notEqual(hex(openerKey(master, nonce)), hex(threadKey(master, nonce)))
    assert.equal(hex(legacyOpenerKey(master, nonce)), hex(threadKey(master, 'nonce:' + nonce)), 'threads opened before keep their key')
  })

  it('refuse a master secret that is not 32 bytes', () => {
    assert.throws(() => threadKey(new Uint8Array(16), 't'), RangeError)
  })
})

describe('recovery phrase', () => {
  it('round-trips the master secret, tolerant of case and spacing', () => {
    const master = newMasterSecret()
    const phrase = exportRecoveryPhrase(master)
    assert.match(phrase, /^([0-9a-f]{4}-){16}[0-9a-f]{4}$/)
    assert.equal(hex(importRecoveryPhrase(phrase)), hex(master))
    assert.equal(hex(importRecoveryPhrase(' ' + phrase.toUpperCase().replace(/-/g, ' ') + '\n')), hex(master))
  })

  it('catches a typo with its checksum, and refuses the wrong length', () => {
    const phrase = exportRecoveryPhrase(newMasterSecret())
    const typo = (phrase[0] === 'a' ? 'b' : 'a') + phrase.slice(1)
    assert.throws(() => importRecoveryPhrase(typo), { name: 'InvalidRecoveryPhraseError' })
    assert.throws(() => importRecoveryPhrase(phrase.slice(0, -5)), { name: 'InvalidRecoveryPhraseError' })
    assert.throws(() => importRecoveryPhrase('correct horse battery staple'), { name: 'InvalidRecoveryPhraseError' })
  })
})
