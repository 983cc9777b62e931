import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import { before, describe, it } from 'node:test'
import { blindSignNative } from '../../server/src/services/talk/crypto/blind-sign.js'
import {
  generateIssuerKey,
  type IssuerKey,
  keyIdOf,
  openPrivateKey,
  pkcs8Of,
  publicKeyB64url,
  publicKeyFromSpki,
  sealPrivateKey,
} from '../../server/src/services/talk/crypto/keys.js'
import { keyIdOfSpki } from '../../shared/src/talk/tokens.js'

describe('issuer keys', () => {
  let issuer: IssuerKey
  const secret = crypto.randomBytes(32)
  before(async () => {
    issuer = await generateIssuerKey()
  })

  it('name a key by base64url(SHA-256(SPKI DER)), as the client computes it too', async () => {
    assert.equal(issuer.keyId, crypto.createHash('sha256').update(issuer.spkiDer).digest('base64url'))
    assert.equal(keyIdOf(issuer.spkiDer), issuer.keyId)
    assert.equal(await keyIdOfSpki(new Uint8Array(issuer.spkiDer)), issuer.keyId)
    assert.match(issuer.keyId, /^[A-Za-z0-9_-]{43}$/)
  })

  it('publish the SPKI DER as base64url, which imports back to the same key', () => {
    const b64 = publicKeyB64url(issuer.spkiDer)
    assert.ok(publicKeyFromSpki(Buffer.from(b64, 'base64url')).equals(issuer.publicKey))
  })

  it('seal the private key at rest and open it into a working key', () => {
    const sealed = sealPrivateKey(secret, pkcs8Of(issuer.privateKey), issuer.keyId)
    assert.equal(sealed.includes(pkcs8Of(issuer.privateKey).subarray(40, 72)), false, 'no plaintext key material')
    const opened = openPrivateKey(secret, sealed, issuer.keyId)
    assert.ok(opened.equals(issuer.privateKey))
    const m = crypto.randomBytes(256)
    m[0] = 0
    assert.deepEqual(blindSignNative(opened, issuer.publicKey, m), blindSignNative(issuer.privateKey, issuer.publicKey, m))
  })

  it('refuse to open with another aad (another row), another secret or a flipped bit', () => {
    const sealed = sealPrivateKey(secret, pkcs8Of(issuer.privateKey), issuer.keyId)
    assert.throws(() => openPrivateKey(secret, sealed, 'another-key-id'))
    assert.throws(() => openPrivateKey(crypto.randomBytes(32), sealed, issuer.keyId))
    const flipped = Buffer.from(sealed)
    flipped[flipped.length - 1]! ^= 1
    assert.throws(() => openPrivateKey(secret, flipped, issuer.keyId))
  })
})
