import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { TALK_TOKENS } from '../../shared/src/api/limits.js'
import { finalizeTokens, prepareTokenRequests } from '../../shared/src/talk/tokens.js'
import { verifyToken } from '../../server/src/services/talk/crypto/blind-sign.js'
import { buildTestApp, signUp, type TestApp } from '../support/app.js'
import { buildVerifiedUser } from '../support/factories.js'

const MIN = 3
let t: TestApp
before(async () => {
  t = await buildTestApp({ env: { MIN_ANONYMITY_SET: String(MIN) } })
})
after(() => t.close())

type Key = { keyId: string; company: string | null; purpose: string; epoch: string; publicKey: string }
const directory = async (cookie?: string) => (await t.app.inject({ method: 'GET', url: '/api/v1/talk/keys', headers: cookie ? { cookie } : {} })).json().keys as Key[]
const keyFor = async (company: string | null, purpose = 'talk') => (await directory()).find((k) => k.company === company && k.purpose === purpose)

async function draw(cookie: string, key: Key, count: number) {
  const req = await prepareTokenRequests(key.publicKey, count)
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/talk/tokens', headers: { cookie }, payload: { keyId: key.keyId, blindedMessages: req.blindedMessages } })
  return { res, req }
}
const issuedCount = async (accountId: string, keyId: string) =>
  (await t.ctx.db.selectFrom('talkIssuance').select('issued').where('accountId', '=', accountId).where('keyId', '=', keyId).executeTakeFirst())?.issued ?? 0

describe('GET /api/v1/talk/keys', () => {
  it('lists the null keys, and a company key only from MIN_ANONYMITY_SET verified members on', async () => {
    const nulls = (await directory()).filter((k) => k.company === null)
    assert.deepEqual(nulls.map((k) => k.purpose).sort(), ['talk', 'talk-former'])
    for (let i = 0; i < MIN - 1; i++) await buildVerifiedUser(t.app, t.ctx, 'small-shop')
    assert.equal(await keyFor('small-shop'), undefined, `${MIN - 1} members: no key of its own`)
    await buildVerifiedUser(t.app, t.ctx, 'small-shop')
    const key = await keyFor('small-shop')
    assert.ok(key, `${MIN} members: a key of its own`)
    assert.match(key.epoch, /^\d{4}-W\d{2}$/)
    assert.equal(await keyFor('small-shop', 'talk-former'), undefined, 'no former members yet')
  })

  it('is the same for every client, signed in or not, and names keys by the hash of their public key', async () => {
    const a = await signUp(t.app)
    const anonymous = await directory()
    const signedIn = await directory(a.cookie)
    assert.deepEqual(signedIn, anonymous)
    const { createHash } = await import('node:crypto')
    for (const k of anonymous) assert.equal(k.keyId, createHash('sha256').update(Buffer.from(k.publicKey, 'base64url')).digest('base64url'))
  })

  it('keeps private keys only sealed', async () => {
    const rows = await t.ctx.db.selectFrom('talkIssuerKey').selectAll().execute()
    const { createPrivateKey } = await import('node:crypto')
    for (const r of rows) assert.throws(() => createPrivateKey({ key: r.privateKeySealed, format: 'der', type: 'pkcs8' }))
  })
})

describe('POST /api/v1/talk/tokens', () => {
  it('blind-signs for a verified member; the finalized tokens verify', async () => {
    const m = await buildVerifiedUser(t.app, t.ctx, 'token-co')
    const key = (await keyFor(null))!
    const { res, req } = await draw(m.cookie, key, 10)
    assert.equal(res.statusCode, 200, res.body)
    const tokens = await finalizeTokens(req.state, res.json().blindSignatures)
    assert.equal(tokens.length, 10)
    for (const tok of tokens) {
      assert.equal(await verifyToken(Buffer.from(key.publicKey, 'base64url'), Buffer.from(tok.message, 'base64url'), Buffer.from(tok.signature, 'base64url')), true)
      assert.ok(!req.blindedMessages.includes(tok.message) && !res.json().blindSignatures.includes(tok.signature), 'what the server saw is not the token')
    }
  })

  it('refuses members who are not verified, and current members asking for former-employee tokens', async () => {
    const stranger = await signUp(t.app)
    const { res } = await draw(stranger.cookie, (await keyFor(null))!, 1)
    assert.equal(res.statusCode, 403)
    assert.equal(res.json().code, 'not_verified')
    const current = await buildVerifiedUser(t.app, t.ctx, 'token-co')
    assert.equal((await draw(current.cookie, (await keyFor(null, 'talk-former'))!, 1)).res.statusCode, 403)
    const former = await buildVerifiedUser(t.app, t.ctx, 'token-co', { verifiedDaysAgo: 400 })
    assert.equal((await draw(former.cookie, (await keyFor(null, 'talk-former'))!, 1)).res.statusCode, 200)
    assert.equal((await draw(former.cookie, (await keyFor(null))!, 1)).res.statusCode, 403, 'a lapsed verification is not current')
  })

  it("refuses a company key to members of other companies", async () => {
    for (let i = 0; i < MIN; i++) await buildVerifiedUser(t.app, t.ctx, 'big-co')
    const outsider = await buildVerifiedUser(t.app, t.ctx, 'other-co')
    const { res } = await draw(outsider.cookie, (await keyFor('big-co'))!, 1)
    assert.equal(res.statusCode, 403)
  })

  it(`allows ${TALK_TOKENS.quota.talk} tokens per key and epoch, then 429 quota_exceeded without counting`, async () => {
    const m = await buildVerifiedUser(t.app, t.ctx, 'quota-co')
    const key = (await keyFor(null))!
    for (let i = 0; i < TALK_TOKENS.quota.talk / TALK_TOKENS.perRequest; i++) assert.equal((await draw(m.cookie, key, TALK_TOKENS.perRequest)).res.statusCode, 200)
    const { res } = await draw(m.cookie, key, 1)
    assert.equal(res.statusCode, 429)
    assert.equal(res.json().code, 'quota_exceeded')
    const retryAfter = Number(res.headers['retry-after'])
    assert.ok(retryAfter > 0 && retryAfter <= 7 * 24 * 3600, `Retry-After ${retryAfter}: until next week's key`)
    assert.equal(await issuedCount(m.id, key.keyId), TALK_TOKENS.quota.talk)
  })

  it('refuses more than 10 per request, malformed and out-of-range blinded messages, changing nothing', async () => {
    const m = await buildVerifiedUser(t.app, t.ctx, 'bad-input-co')
    const key = (await keyFor(null))!
    const { req } = await draw(m.cookie, key, 1)
    const before = await issuedCount(m.id, key.keyId)
    const eleven = Array.from({ length: 11 }, () => req.blindedMessages[0]!)
    const cases: [unknown, number, string][] = [
      [{ keyId: key.keyId, blindedMessages: eleven }, 400, 'validation_failed'],
      [{ keyId: key.keyId, blindedMessages: [] }, 400, 'validation_failed'],
      [{ keyId: key.keyId, blindedMessages: ['not base64!'] }, 400, 'validation_failed'],
      [{ keyId: key.keyId, blindedMessages: [Buffer.alloc(256, 0xff).toString('base64url')] }, 400, 'invalid_blinded_message'],
      [{ keyId: key.keyId, blindedMessages: [Buffer.alloc(255, 1).toString('base64url')] }, 400, 'invalid_blinded_message'],
      [{ keyId: key.keyId, blindedMessages: [req.blindedMessages[0], Buffer.alloc(256, 0xff).toString('base64url')] }, 400, 'invalid_blinded_message'],
      [{ keyId: 'no-such-key', blindedMessages: req.blindedMessages }, 404, 'unknown_key'],
    ]
    for (const [payload, status, code] of cases) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/talk/tokens', headers: { cookie: m.cookie }, payload: payload as object })
      assert.equal(res.statusCode, status, res.body)
      assert.equal(res.json().code, code)
    }
    assert.equal(await issuedCount(m.id, key.keyId), before)
  })

  it('keeps a counter only: no blinded message or signature in the database or the log', async () => {
    const m = await buildVerifiedUser(t.app, t.ctx, 'trace-co')
    const { res, req } = await draw(m.cookie, (await keyFor(null))!, 3)
    const cols = await sql<{ c: string }>`select column_name as c from information_schema.columns where table_name = 'talk_issuance' order by c`.execute(t.ctx.db)
    assert.deepEqual(cols.rows.map((r) => r.c), ['account_id', 'issued', 'key_id'])
    const log = t.logText()
    for (const v of [...req.blindedMessages, ...res.json().blindSignatures]) assert.ok(!log.includes(v.slice(0, 40)))
  })
})
