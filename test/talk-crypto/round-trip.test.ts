import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { blindSignNative, verifyToken } from '../../server/src/services/talk/crypto/blind-sign.js'
import { generateIssuerKey, type IssuerKey, publicKeyB64url } from '../../server/src/services/talk/crypto/keys.js'
import { fromBase64url, toBase64url } from '../../shared/src/talk/base64url.js'
import { finalizeTokens, prepareTokenRequests, type Token } from '../../shared/src/talk/tokens.js'

/** What the server does for POST /api/v1/talk/tokens. */
const issue = (issuer: IssuerKey, blinded: string[]) =>
  blinded.map((b) => toBase64url(blindSignNative(issuer.privateKey, issuer.publicKey, fromBase64url(b))))

/** What the server does when a token is redeemed. */
const redeem = (issuer: IssuerKey, token: Token) => verifyToken(issuer.spkiDer, fromBase64url(token.message), fromBase64url(token.signature))

describe('token issuance and redemption', () => {
  let issuer: IssuerKey
  let publicKey: string
  before(async () => {
    issuer = await generateIssuerKey()
    publicKey = publicKeyB64url(issuer.spkiDer)
  })

  it('client blinds, server signs natively, client finalises, server verifies', async () => {
    const { blindedMessages, state } = await prepareTokenRequests(publicKey, 5)
    assert.equal(blindedMessages.length, 5)
    const tokens = await finalizeTokens(state, issue(issuer, blindedMessages))
    assert.equal(tokens.length, 5)
    for (const token of tokens) {
      assert.equal(token.keyId, issuer.keyId)
      assert.equal(fromBase64url(token.message).length, 64) // 32-byte prefix ‖ 32-byte message
      assert.equal(fromBase64url(token.signature).length, 256)
      assert.equal(await redeem(issuer, token), true)
    }
    assert.equal(new Set(tokens.map((t) => t.message)).size, 5)
  })

  it('refuses a tampered message or signature, or a signature from another token', async () => {
    const { blindedMessages, state } = await prepareTokenRequests(publicKey, 2)
    const [a, b] = (await finalizeTokens(state, issue(issuer, blindedMessages))) as [Token, Token]
    const flip = (b64: string) => {
      const bytes = fromBase64url(b64)
      bytes[7]! ^= 1
      return toBase64url(bytes)
    }
    assert.equal(await redeem(issuer, { ...a, message: flip(a.message) }), false)
    assert.equal(await redeem(issuer, { ...a, signature: flip(a.signature) }), false)
    assert.equal(await redeem(issuer, { ...a, signature: b.signature }), false)
    assert.equal(await redeem(issuer, { ...a, signature: toBase64url(new Uint8Array(10)) }), false)
  })

  it('refuses a token signed by another issuer key', async () => {
    const other = await generateIssuerKey()
    const { blindedMessages, state } = await prepareTokenRequests(publicKeyB64url(other.spkiDer), 1)
    const [token] = await finalizeTokens(state, issue(other, blindedMessages))
    assert.equal(await redeem(other, token!), true)
    assert.equal(await redeem(issuer, token!), false)
  })

  it('drops, without throwing, answers that do not finalise', async () => {
    const { blindedMessages, state } = await prepareTokenRequests(publicKey, 4)
    const answers = issue(issuer, blindedMessages)
    const mixed = [answers[0]!, toBase64url(new Uint8Array(256).fill(7)), 'not base64!', answers[3]!]
    const tokens = await finalizeTokens(state, mixed)
    assert.equal(tokens.length, 2)
    assert.deepEqual(
      tokens.map((t) => t.message),
      [state.pending[0]!.preparedMessage, state.pending[3]!.preparedMessage],
    )
    // Swapped answers are invalid too: each blind signature unblinds only with its own inv.
    assert.equal((await finalizeTokens(state, [answers[1]!, answers[0]!])).length, 0)
    // Fewer answers than requests: the missing ones are simply absent.
    assert.equal((await finalizeTokens(state, answers.slice(0, 3))).length, 3)
  })

  it('keeps what the server saw apart from what it later redeems (unlinkability sanity check)', async () => {
    const { blindedMessages, state } = await prepareTokenRequests(publicKey, 3)
    const blindSignatures = issue(issuer, blindedMessages)
    const tokens = await finalizeTokens(state, blindSignatures)
    const seenAtIssuance = [...blindedMessages, ...blindSignatures].map((b) => Buffer.from(fromBase64url(b)))
    for (const token of tokens) {
      for (const field of [token.message, token.signature]) {
        const redeemed = Buffer.from(fromBase64url(field))
        for (const seen of seenAtIssuance) {
          assert.notDeepEqual(redeemed, seen)
          // Not even an 8-byte window of a redeemed value occurs in what the server saw (DESIGN §4).
          for (let i = 0; i + 8 <= redeemed.length; i += 8) assert.equal(seen.includes(redeemed.subarray(i, i + 8)), false)
        }
      }
    }
    assert.ok(!JSON.stringify(state).includes(blindedMessages[0]!), 'the kept state does not hold the blinded messages')
  })

  it('refuses an issuer key weaker than 2048 bits', async () => {
    const { generateKeyPairSync } = await import('node:crypto')
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'der', type: 'spki' })
    await assert.rejects(prepareTokenRequests(weak.toString('base64url'), 1), { name: 'IssuerKeyError' })
  })
})
