import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import { before, describe, it } from 'node:test'
import { RSABSSA } from '@cloudflare/blindrsa-ts'
import { blindSignNative, InvalidBlindedMessageError } from '../../server/src/services/talk/crypto/blind-sign.js'
import { generateIssuerKey, type IssuerKey } from '../../server/src/services/talk/crypto/keys.js'
import { AppError } from '../../server/src/errors.js'
import { libraryKeys } from './support.js'

const suite = RSABSSA.SHA384.PSS.Randomized()

describe('native BlindSign (OpenSSL RSASP1)', () => {
  let issuer: IssuerKey
  let lib: { privateKey: CryptoKey; publicKey: CryptoKey }
  before(async () => {
    issuer = await generateIssuerKey()
    lib = await libraryKeys(issuer)
  })

  it('issues 2048-bit keys with e = 65537', () => {
    assert.equal(issuer.privateKey.asymmetricKeyDetails?.modulusLength, 2048)
    assert.equal(issuer.privateKey.asymmetricKeyDetails?.publicExponent, 65537n)
  })

  it("equals the library's pure-JavaScript blindSign byte for byte", async () => {
    let libraryMs = 0
    // The library takes ~0.4 s per signature: three messages are enough.
    for (let i = 0; i < 3; i++) {
      const { blindedMsg } = await suite.blind(lib.publicKey, suite.prepare(crypto.getRandomValues(new Uint8Array(32))))
      const native = blindSignNative(issuer.privateKey, issuer.publicKey, blindedMsg)
      const t0 = performance.now()
      const library = await suite.blindSign(lib.privateKey, blindedMsg)
      libraryMs += performance.now() - t0
      assert.equal(native.length, 256)
      assert.deepEqual(Buffer.from(native), Buffer.from(library))
    }
    console.log(`library blindSign: ${(3000 / libraryMs).toFixed(2)} signatures/s (${(libraryMs / 3).toFixed(0)} ms each)`)
  })

  it('refuses a blinded message of the wrong length', () => {
    for (const len of [0, 255, 257, 512]) {
      assert.throws(() => blindSignNative(issuer.privateKey, issuer.publicKey, new Uint8Array(len).fill(1)), InvalidBlindedMessageError)
    }
  })

  it('refuses a blinded message not below the modulus, as a 400 problem', () => {
    const n = Buffer.from(issuer.publicKey.export({ format: 'jwk' }).n!, 'base64url')
    // n + 1 as a number: adding to the last byte would wrap when it is 0xff (1 key in 128), giving n − 255.
    const nPlusOne = Buffer.from((BigInt(`0x${n.toString('hex')}`) + 1n).toString(16).padStart(512, '0'), 'hex')
    assert.equal(nPlusOne.length, 256)
    for (const m of [n, nPlusOne, Buffer.alloc(256, 0xff)]) {
      const err = catchError(() => blindSignNative(issuer.privateKey, issuer.publicKey, m))
      assert.ok(err instanceof InvalidBlindedMessageError)
      assert.ok(err instanceof AppError && err.status === 400 && err.code === 'invalid_blinded_message')
    }
    const nMinusOne = Buffer.from(n)
    nMinusOne[nMinusOne.length - 1]! -= 1 // n is odd, so its last byte is at least 1: no borrow
    assert.equal(blindSignNative(issuer.privateKey, issuer.publicKey, nMinusOne).length, 256)
  })

  it('throws when the public key does not match the private key (the RSAVP1 check)', async () => {
    const other = await generateIssuerKey()
    const m = crypto.getRandomValues(new Uint8Array(256))
    m[0] = 0 // below any 2048-bit modulus
    assert.throws(() => blindSignNative(issuer.privateKey, other.publicKey, m), { name: 'BlindSignFailureError' })
  })

  it('measures native throughput (informational, no assertion on speed)', () => {
    const inputs = Array.from({ length: 500 }, () => {
      const m = crypto.getRandomValues(new Uint8Array(256))
      m[0] = 0
      return m
    })
    const t0 = performance.now()
    for (const m of inputs) blindSignNative(issuer.privateKey, issuer.publicKey, m)
    const ms = performance.now() - t0
    console.log(`native blindSignNative: ${((500 * 1000) / ms).toFixed(0)} signatures/s (${(ms / 500).toFixed(3)} ms each, 500 signatures)`)
  })
})

function catchError(fn: () => unknown): unknown {
  try {
    fn()
  } catch (err) {
    return err
  }
  assert.fail('expected an error')
}
