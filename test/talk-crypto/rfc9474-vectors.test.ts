import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { RSABSSA } from '@cloudflare/blindrsa-ts'
import { blindSignNative, verifyToken } from '../../server/src/services/talk/crypto/blind-sign.js'
import { hexBytes, loadVectors, spkiCryptoKey, vectorKeys } from './support.js'

const vectors = loadVectors()
const randomized = vectors.find((v) => v.name === 'RSABSSA-SHA384-PSS-Randomized')

describe('RFC 9474 Appendix A test vectors', () => {
  it('include the variant the protocol uses', () => {
    assert.ok(randomized, `fixture holds ${vectors.map((v) => v.name).join(', ')}`)
  })

  // RSASP1 does not depend on the variant, so every vector checks the native signer.
  for (const v of vectors) {
    it(`native BlindSign yields blind_sig (${v.name})`, () => {
      const { privateKey, publicKey } = vectorKeys(v)
      const blindSig = blindSignNative(privateKey, publicKey, hexBytes(v.blinded_msg))
      assert.equal(Buffer.from(blindSig).toString('hex'), hexBytes(v.blind_sig).toString('hex'))
    })
  }

  it('prepared message is msg_prefix ‖ msg (randomized variant)', () => {
    const v = randomized!
    assert.deepEqual(hexBytes(v.input_msg), Buffer.concat([hexBytes(v.msg_prefix), hexBytes(v.msg)]))
    assert.equal(hexBytes(v.msg_prefix).length, 32)
  })

  it('library finalize unblinds blind_sig with inv into sig, and verify accepts it', async () => {
    const v = randomized!
    const { publicKey } = vectorKeys(v)
    const spki = publicKey.export({ format: 'der', type: 'spki' })
    const suite = RSABSSA.SHA384.PSS.Randomized()
    const key = await spkiCryptoKey(spki)
    const sig = await suite.finalize(key, hexBytes(v.input_msg), hexBytes(v.blind_sig), hexBytes(v.inv))
    assert.equal(Buffer.from(sig).toString('hex'), hexBytes(v.sig).toString('hex'))
    assert.equal(await suite.verify(key, hexBytes(v.sig), hexBytes(v.input_msg)), true)
  })

  it('verifyToken accepts sig over the prepared message and nothing else', async () => {
    const v = randomized!
    const spki = vectorKeys(v).publicKey.export({ format: 'der', type: 'spki' })
    assert.equal(await verifyToken(spki, hexBytes(v.input_msg), hexBytes(v.sig)), true)
    // The raw msg without its prefix is not what was signed in the randomized variant.
    assert.equal(await verifyToken(spki, hexBytes(v.msg), hexBytes(v.sig)), false)
  })

  it('the vector key is the one the fixture names (n matches)', () => {
    const v = randomized!
    const jwk = vectorKeys(v).publicKey.export({ format: 'jwk' })
    assert.equal(Buffer.from(jwk.n!, 'base64url').toString('hex'), hexBytes(v.n).toString('hex'))
  })
})
