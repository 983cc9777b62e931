import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { blindSignNative, verifyToken, verifyTokenWithLibrary } from '../../server/src/services/talk/crypto/blind-sign.js'
import { generateIssuerKey } from '../../server/src/services/talk/crypto/keys.js'
import { fromBase64url } from '../../shared/src/talk/base64url.js'
import { finalizeTokens, prepareTokenRequests } from '../../shared/src/talk/tokens.js'

describe('token verification: OpenSSL and the library agree', () => {
  it('on valid tokens, tampered messages, tampered and truncated signatures', async () => {
    const issuer = await generateIssuerKey()
    const { blindedMessages, state } = await prepareTokenRequests(issuer.spkiDer.toString('base64url'), 4)
    const sigs = blindedMessages.map((b) => Buffer.from(blindSignNative(issuer.privateKey, issuer.publicKey, fromBase64url(b))).toString('base64url'))
    const tokens = await finalizeTokens(state, sigs)
    assert.equal(tokens.length, 4)
    for (const tok of tokens) {
      const msg = Buffer.from(tok.message, 'base64url')
      const sig = Buffer.from(tok.signature, 'base64url')
      const badMsg = Buffer.from(msg)
      badMsg[40] = badMsg[40]! ^ 0x01
      const badSig = Buffer.from(sig)
      badSig[100] = badSig[100]! ^ 0x80
      const cases: [Buffer, Buffer, boolean][] = [
        [msg, sig, true],
        [badMsg, sig, false],
        [msg, badSig, false],
      ]
      // A signature one byte short is the same number when its first byte is 0: see the next test.
      if (sig[0] !== 0) cases.push([msg, sig.subarray(1), false])
      for (const [m, s, expected] of cases) {
        assert.equal(await verifyToken(issuer.spkiDer, m, s), expected)
        assert.equal(await verifyTokenWithLibrary(issuer.spkiDer, m, s), expected)
      }
    }
  })

  it('refuses a signature that is not modulus-length even when it is the same number (the library does not)', async () => {
    const issuer = await generateIssuerKey()
    // About one signature in 256 starts with a zero byte; find one.
    for (let round = 0; round < 400; round++) {
      const { blindedMessages, state } = await prepareTokenRequests(issuer.spkiDer.toString('base64url'), 10)
      const sigs = blindedMessages.map((b) => Buffer.from(blindSignNative(issuer.privateKey, issuer.publicKey, fromBase64url(b))).toString('base64url'))
      const found = (await finalizeTokens(state, sigs)).find((t) => Buffer.from(t.signature, 'base64url')[0] === 0)
      if (!found) continue
      const msg = Buffer.from(found.message, 'base64url')
      const short = Buffer.from(found.signature, 'base64url').subarray(1)
      // RFC 8017 §8.1.2 step 1 (RSASSA-PSS-VERIFY): a signature must be k octets long.
      assert.equal(await verifyToken(issuer.spkiDer, msg, short), false)
      assert.equal(await verifyTokenWithLibrary(issuer.spkiDer, msg, short), true, 'the library skips the length check: one more reason to verify natively')
      return
    }
    assert.fail('no signature with a leading zero byte in 4,000 tries')
  })
})
