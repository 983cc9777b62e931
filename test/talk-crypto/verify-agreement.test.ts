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
      for (const [m, s, expected] of [
        [msg, sig, true],
        [badMsg, sig, false],
        [msg, badSig, false],
        [msg, sig.subarray(1), false],
      ] as const) {
        assert.equal(await verifyToken(issuer.spkiDer, m, s), expected)
        assert.equal(await verifyTokenWithLibrary(issuer.spkiDer, m, s), expected)
      }
    }
  })
})
