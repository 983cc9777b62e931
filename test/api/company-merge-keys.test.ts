/**
 * A merged company's issuer keys (issue 10): retired at the end of their epoch, not at once, and
 * recorded in the key log. The tokens its members drew before the merge still pay — for the
 * survivor, under the survivor's name and on its board; nothing more is drawn from the retired
 * keys; a merge gives no second quota (no second review of the same company in the year); and a
 * client that checks the log as DESIGN §2 says accepts the retirement entries as they are.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { checkDirectory, type KeyLogEntry, retirementOf, verifyKeyLog } from '../../shared/src/talk/key-check.js'
import { createCompany } from '../../server/src/services/companies/companies.js'
import { buildTestApp, type TestApp, testClock } from '../support/app.js'
import { buildVerifiedUser } from '../support/factories.js'
import { type ClientToken, IndependentClient, injectSender } from '../support/independent-client.js'

// A Monday: the week's talk keys have six days left, the year's review keys most of a year.
const clock = testClock(new Date('2026-06-15T10:00:00Z'))
let t: TestApp
type User = Awaited<ReturnType<typeof buildVerifiedUser>>
let kate: User
let ken: User
let gina: User
let admin: User

before(async () => {
  t = await buildTestApp({ clock, env: { MIN_ANONYMITY_SET: '2' } })
  kate = await buildVerifiedUser(t.app, t.ctx, 'keep-co')
  ken = await buildVerifiedUser(t.app, t.ctx, 'keep-co')
  gina = await buildVerifiedUser(t.app, t.ctx, 'gone-co')
  await buildVerifiedUser(t.app, t.ctx, 'gone-co')
  admin = await buildVerifiedUser(t.app, t.ctx, 'admin-co')
  await t.ctx.db.updateTable('account').set({ role: 'admin' }).where('id', '=', admin.id).execute()
})
after(() => t.close())

const client = () => new IndependentClient(injectSender(t.app))
const post = (url: string, payload: unknown, cookie?: string) => t.app.inject({ method: 'POST', url, payload: payload as object, headers: cookie ? { cookie } : {} })
/** The directory is one document per five minutes: a test that changes the keys reads the next one. */
async function directory() {
  await t.ctx.db.deleteFrom('talkKeyDirectory').execute()
  t.ctx.caches.directory = undefined // and this process's copy of it

  return client().directory()
}
const log = async () => (await t.app.inject({ method: 'GET', url: '/api/v1/talk/keys/log' })).json().entries as KeyLogEntry[]
const draw = async (cookie: string, keyId: string, n: number) => post('/api/v1/talk/tokens', { keyId, blindedMessages: Array.from({ length: n }, () => 'AA') }, cookie)

const review = (token: ClientToken) => ({
  token,
  ratings: { overall: 4, culture: 4, workLife: 4, compensation: 4, management: 4, growth: 4 },
  recommend: true,
  ceo: 'no_opinion',
  headline: 'Written before the merge',
  pros: 'Good people.',
  cons: 'Reorganisations.',
  employment: 'current',
  titleFamily: 'engineering',
})

describe('a merged company’s keys', () => {
  let goneTalk: { keyId: string }
  let goneReview: { keyId: string }
  let talkTokens: ClientToken[]
  let reviewToken: ClientToken

  it('before the merge: its members draw from its own keys', async () => {
    const dir = await directory()
    goneTalk = dir.find((k) => k.company === 'gone-co' && k.purpose === 'talk')!
    goneReview = dir.find((k) => k.company === 'gone-co' && k.purpose === 'review')!
    assert.ok(goneTalk && goneReview, 'gone-co has talk and review keys')
    talkTokens = await client().fetchTokens(gina.cookie, goneTalk.keyId, 2)
    reviewToken = (await client().fetchTokens(gina.cookie, goneReview.keyId, 1))[0]!
  })

  it('the merge appends one retirement entry per key in service, in the log’s own hashed format, and a checking client accepts it', async () => {
    const before = await log()
    const own = before.filter((e) => e.company === 'gone-co')
    const merged = await post('/api/v1/companies/gone-co/merge', { into: 'keep-co' }, admin.cookie)
    assert.equal(merged.statusCode, 200, merged.body)
    const after = await log()
    assert.deepEqual(after.slice(0, before.length), before, 'appended to, never rewritten')
    const added = after.slice(before.length)
    assert.equal(added.length, own.length, 'one retirement per key of the merged company')
    for (const e of added) {
      const r = retirementOf(e)
      assert.ok(r, `a retirement entry: ${JSON.stringify(e)}`)
      assert.equal(r.into, 'keep-co')
      const key = own.find((k) => k.keyId === r.keyId)
      assert.ok(key, 'it names a key of the merged company the log lists')
      assert.equal(r.purpose, key.purpose)
      assert.equal(e.epoch, key.epoch, 'the last epoch the key serves')
      assert.equal(e.company, 'gone-co')
    }
    assert.equal(retirementOf(own[0]!), null, 'a key’s own entry is not a retirement')
    // The checks every client runs (DESIGN §2) pass on the grown log, from the head seen before.
    const head = verifyKeyLog(before)
    assert.deepEqual(verifyKeyLog(after, head), { seq: after.length, hash: after.at(-1)!.hash })
    await checkDirectory(await directory(), after, {})
  })

  it('the retired keys stay in the directory to the end of their epoch, with the same key ids, and issue nothing more', async () => {
    const dir = await directory()
    assert.ok(dir.some((k) => k.keyId === goneTalk.keyId), 'the week’s talk key is still listed')
    assert.ok(dir.some((k) => k.keyId === goneReview.keyId), 'the year’s review key is still listed')
    const refused = await draw(gina.cookie, goneTalk.keyId, 1)
    assert.equal(refused.statusCode, 404)
    assert.equal(refused.json().code, 'unknown_key')
  })

  it('a token drawn before the merge posts for the survivor: on its board, as its employee', async () => {
    const opened = await client().openThread(talkTokens[0]!, 'After the merge', 'Drawn as gone-co.', 'company', 'keep-co')
    assert.equal(opened.status, 201, JSON.stringify(opened.json))
    const detail = (await t.app.inject({ method: 'GET', url: `/api/v1/talk/threads/${opened.json.threadId}`, headers: { cookie: kate.cookie } })).json()
    assert.equal(detail.thread.channel, 'keep-co')
    assert.deepEqual(detail.posts[0].author.company, { slug: 'keep-co', name: 'keep co' })
  })

  it('no second review of the same company in the year: what was drawn from the merged company’s key counts', async () => {
    const dir = await directory()
    const keepReview = dir.find((k) => k.company === 'keep-co' && k.purpose === 'review')!
    const second = await client().fetchTokens(gina.cookie, keepReview.keyId, 1).then(
      () => null,
      (e: { res?: { status: number; json: { code: string } } }) => e.res,
    )
    assert.equal(second?.status, 429, JSON.stringify(second))
    assert.equal(second.json.code, 'quota_exceeded')
    // Another employee, who drew nothing from the merged company's key, is not held back.
    assert.equal((await client().fetchTokens(ken.cookie, keepReview.keyId, 1)).length, 1)
    // The token drawn before the merge reviews the survivor.
    const res = await post('/api/v1/companies/keep-co/reviews', review(reviewToken))
    assert.equal(res.statusCode, 201, res.body)
    const row = await t.ctx.db.selectFrom('companyReview').select('companySlug').where('id', '=', res.json().id).executeTakeFirstOrThrow()
    assert.equal(row.companySlug, 'keep-co')
  })

  it('when the epoch ends, the retired week’s key leaves the directory and no key of the merged company is made again', async () => {
    const made = async () => (await t.ctx.db.selectFrom('talkIssuerKey').select('keyId').where('companySlug', '=', 'gone-co').execute()).length
    const before = await made()
    clock.advance(7 * 24 * 3600_000)
    const dir = await directory()
    assert.ok(!dir.some((k) => k.keyId === goneTalk.keyId), 'the talk key retired with its week')
    assert.ok(dir.some((k) => k.keyId === goneReview.keyId), 'the review key serves to the end of its year')
    assert.ok(!dir.some((k) => k.company === 'gone-co' && k.purpose === 'talk'), 'no new week’s key for the merged company')
    assert.equal(await made(), before)
    // Its last tokens still pay in the next epoch, as every token does.
    const reply = await client().openThread(talkTokens[1]!, 'A week later', 'Still drawn as gone-co.', 'company', 'keep-co')
    assert.equal(reply.status, 201, JSON.stringify(reply.json))
  })

  it('a merged slug is never given to a new company: its tokens and links answer for the survivor', async () => {
    const made = await createCompany(t.ctx.db, 'gone co', ['newgone.example'], '2026-06-22')
    assert.equal(made.slug, 'gone-co-2')
  })
})
