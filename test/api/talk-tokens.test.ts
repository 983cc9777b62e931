import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { TALK_TOKENS } from '../../shared/src/api/limits.js'
import { finalizeTokens, prepareTokenRequests } from '../../shared/src/talk/tokens.js'
import { verifyToken } from '../../server/src/services/talk/crypto/blind-sign.js'
import { buildApp } from '../../server/src/app.js'
import { createAppContext } from '../../server/src/context.js'
import { DIRECTORY_MAX_AGE_S } from '../../server/src/services/talk/directory.js'
import { talkUpkeep } from '../../server/src/services/talk/upkeep.js'
import { verifyKeyLog, type KeyLogEntry } from '../../shared/src/talk/key-check.js'
import { buildTestApp, signUp, type TestApp, testClock } from '../support/app.js'
import { buildVerifiedUser } from '../support/factories.js'

const MIN = 3
const clock = testClock()
let t: TestApp
before(async () => {
  t = await buildTestApp({ clock, env: { MIN_ANONYMITY_SET: String(MIN), TALK_MIN_TOKEN_AGE_S: '1800' } })
})
after(() => t.close())

/** The directory is one document per five minutes: after a change, look at the next one. */
const nextDirectory = () => clock.advance(DIRECTORY_MAX_AGE_S * 1000)

type Key = { keyId: string; company: string | null; purpose: string; epoch: string; publicKey: string; anonymitySet: number }
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
    assert.deepEqual(nulls.map((k) => k.purpose).sort(), ['interview', 'react', 'talk', 'talk-former'], 'no null review or salary key: those are about one company')
    for (let i = 0; i < MIN - 1; i++) await buildVerifiedUser(t.app, t.ctx, 'small-shop')
    nextDirectory()
    assert.equal(await keyFor('small-shop'), undefined, `${MIN - 1} members: no key of its own`)
    await buildVerifiedUser(t.app, t.ctx, 'small-shop')
    nextDirectory()
    const key = await keyFor('small-shop')
    assert.ok(key, `${MIN} members: a key of its own`)
    assert.match(key.epoch, /^\d{4}-W\d{2}$/)
    assert.equal(await keyFor('small-shop', 'talk-former'), undefined, 'no former members yet')
    assert.equal((await keyFor('small-shop', 'review'))?.epoch, String(clock.now().getUTCFullYear()), 'a yearly review key with it')
    assert.ok(await keyFor('small-shop', 'salary'))
  })

  it('is the same for every client, signed in or not, and names keys by the hash of their public key', async () => {
    const a = await signUp(t.app)
    const anonymous = await directory()
    const signedIn = await directory(a.cookie)
    assert.deepEqual(signedIn, anonymous)
    const { createHash } = await import('node:crypto')
    for (const k of anonymous) assert.equal(k.keyId, createHash('sha256').update(Buffer.from(k.publicKey, 'base64url')).digest('base64url'))
  })

  it('is one cacheable document: the same bytes and ETag, 304 for If-None-Match, and a closed connection', async () => {
    const first = await t.app.inject({ method: 'GET', url: '/api/v1/talk/keys' })
    assert.equal(first.headers['cache-control'], 'public, max-age=300')
    assert.equal(first.headers.connection, 'close')
    assert.match(String(first.headers.etag), /^"[A-Za-z0-9_-]{27}"$/)
    const again = await t.app.inject({ method: 'GET', url: '/api/v1/talk/keys', headers: { cookie: (await signUp(t.app)).cookie } })
    assert.equal(again.body, first.body)
    assert.equal(again.headers.etag, first.headers.etag)
    const cached = await t.app.inject({ method: 'GET', url: '/api/v1/talk/keys', headers: { 'if-none-match': String(first.headers.etag) } })
    assert.equal(cached.statusCode, 304)
    assert.equal(cached.body, '')
    assert.equal(first.json().minTokenAgeS, 1800)
  })

  it('is served byte for byte the same by a second server process on the same database', async () => {
    const ctx2 = await createAppContext(t.ctx.config, { database: { ...t.ctx.database, close: async () => {} }, clock })
    const app2 = await buildApp(ctx2, { logger: false })
    try {
      nextDirectory()
      await buildVerifiedUser(t.app, t.ctx, 'small-shop') // a change between the two requests
      const a = await app2.inject({ method: 'GET', url: '/api/v1/talk/keys' })
      const b = await t.app.inject({ method: 'GET', url: '/api/v1/talk/keys' })
      assert.equal(a.body, b.body)
      assert.equal(a.headers.etag, b.headers.etag)
    } finally {
      await app2.close()
    }
  })

  it('counts as the anonymity set the accounts that drew from a key, not those who could have', async () => {
    for (let i = 0; i < 4; i++) await buildVerifiedUser(t.app, t.ctx, 'set-co')
    const drawers = [await buildVerifiedUser(t.app, t.ctx, 'set-co'), await buildVerifiedUser(t.app, t.ctx, 'set-co')]
    nextDirectory()
    const key = (await keyFor('set-co'))!
    const set = () => directory().then((d) => d.find((k) => k.keyId === key.keyId)!.anonymitySet)
    assert.equal(await set(), 0, 'six could draw, none did yet')
    for (const d of drawers) assert.equal((await draw(d.cookie, key, 2)).res.statusCode, 200)
    await draw(drawers[0]!.cookie, key, 2) // a second draw by one account counts once
    assert.equal(await set(), 0, 'the document of this bucket is kept')
    nextDirectory()
    assert.equal(await set(), 2)
  })

  it('logs every key in an append-only, hash-chained log that the directory agrees with', async () => {
    const log = (await t.app.inject({ method: 'GET', url: '/api/v1/talk/keys/log' })).json().entries as KeyLogEntry[]
    const head = verifyKeyLog(log)
    assert.ok(head.seq >= 3)
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/talk/keys' })).json()
    for (const k of doc.keys as Key[]) {
      const entry = log.find((e) => e.keyId === k.keyId)
      assert.deepEqual(entry && [entry.company, entry.purpose, entry.epoch], [k.company, k.purpose, k.epoch], `${k.keyId} is in the log`)
    }
    assert.ok(doc.logHead.seq <= head.seq)
    for (const statement of [sql`update talk_key_log set epoch = 'x' where seq = 1`, sql`delete from talk_key_log where seq = 1`, sql`truncate talk_key_log`]) {
      await assert.rejects(statement.execute(t.ctx.db), /append-only/)
    }
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
    nextDirectory()
    const { res } = await draw(outsider.cookie, (await keyFor('big-co'))!, 1)
    assert.equal(res.statusCode, 403)
  })

  it(`allows ${TALK_TOKENS.quota.talk} tokens per key and epoch, in one request, then 429 quota_exceeded without counting`, async () => {
    const m = await buildVerifiedUser(t.app, t.ctx, 'quota-co')
    const key = (await keyFor(null))!
    const tooMany = await draw(m.cookie, key, TALK_TOKENS.quota.talk + 1)
    assert.equal(tooMany.res.statusCode, 429, 'more than the quota at once')
    assert.equal(await issuedCount(m.id, key.keyId), 0)
    assert.equal((await draw(m.cookie, key, TALK_TOKENS.quota.talk)).res.statusCode, 200, 'the whole allowance in one batch')
    const { res } = await draw(m.cookie, key, 1)
    assert.equal(res.statusCode, 429)
    assert.equal(res.json().code, 'quota_exceeded')
    const retryAfter = Number(res.headers['retry-after'])
    assert.ok(retryAfter > 0 && retryAfter <= 7 * 24 * 3600, `Retry-After ${retryAfter}: until next week's key`)
    assert.equal(await issuedCount(m.id, key.keyId), TALK_TOKENS.quota.talk)
  })

  it(`refuses more than ${TALK_TOKENS.perRequest} per request, malformed and out-of-range blinded messages, changing nothing`, async () => {
    const m = await buildVerifiedUser(t.app, t.ctx, 'bad-input-co')
    const key = (await keyFor(null))!
    const { req } = await draw(m.cookie, key, 1)
    const before = await issuedCount(m.id, key.keyId)
    const overLimit = Array.from({ length: TALK_TOKENS.perRequest + 1 }, () => req.blindedMessages[0]!)
    const cases: [unknown, number, string][] = [
      [{ keyId: key.keyId, blindedMessages: overLimit }, 400, 'validation_failed'],
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

describe('issuance counters', () => {
  it('go once their key can no longer be spent', async () => {
    const m = await buildVerifiedUser(t.app, t.ctx, 'prune-co')
    const key = (await keyFor(null))!
    assert.equal((await draw(m.cookie, key, 1)).res.statusCode, 200)
    await talkUpkeep(t.ctx)
    assert.equal(await issuedCount(m.id, key.keyId), 1, 'the key is current: kept')
    clock.advance(7 * 24 * 3600 * 1000)
    await talkUpkeep(t.ctx)
    assert.equal(await issuedCount(m.id, key.keyId), 1, 'last week\'s tokens are still valid: kept')
    clock.advance(7 * 24 * 3600 * 1000)
    await talkUpkeep(t.ctx)
    assert.equal(await issuedCount(m.id, key.keyId), 0, 'two weeks on, nobody can spend them: gone')
    clock.advance(-14 * 24 * 3600 * 1000)
  })
})
