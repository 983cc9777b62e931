/**
 * Two guards of the Work Talk client, in a real Chromium against a real server:
 * - the label lock (DESIGN §3): in a thread where this browser's key posted, the reply composer
 *   keeps the earlier label (an alias, or the exact "Employee of …") and says why;
 * - the key check (DESIGN §2): a directory with a second key for one scope — served here through
 *   Playwright's request interception, as a server singling one member out would — is refused:
 *   a warning on Work Talk pages, and not a single token request.
 */
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { buildVerifiedUser } from '../support/factories.js'
import { ARTIFACTS_DIR, browserUnavailable, startTestServer } from '../support/server.js'
import { signIn, talkPerson } from './browser.js'

const SLUG = 'contoso-guards'
const COMPANY = 'Contoso Guards'
const LABEL = `Employee of ${COMPANY}`

const skip = browserUnavailable()
let server: Awaited<ReturnType<typeof startTestServer>>

before(async () => {
  if (skip) return
  server = await startTestServer({ env: { MIN_ANONYMITY_SET: '2', TALK_MIN_TOKEN_AGE_S: '0' } })
})
after(async () => {
  await server?.close()
})

describe('web app: Work Talk guards', { skip: skip ?? false }, () => {
  let a: Awaited<ReturnType<typeof talkPerson>>
  let b: Awaited<ReturnType<typeof talkPerson>>
  let threadUrl = ''
  let aliasOfA = ''

  before(async () => {
    const userA = await buildVerifiedUser(server.app.app, server.app.ctx, SLUG)
    const userB = await buildVerifiedUser(server.app.app, server.app.ctx, SLUG)
    await server.app.ctx.db.updateTable('company').set({ name: COMPANY }).where('slug', '=', SLUG).execute()
    a = await talkPerson(0)
    b = await talkPerson(0)
    await signIn(a.page, server.url, userA.email, userA.password)
    await signIn(b.page, server.url, userB.email, userB.password)
    for (const p of [a, b]) await p.page.getByText(/^\d+ anonymous tokens ready$/).waitFor({ timeout: 30_000 })
    // Both drew: let the next directory document count them (it is made once per five minutes).
    await server.app.ctx.db.deleteFrom('talkKeyDirectory').execute()
    server.app.ctx.caches.directory = undefined // and this process's copy of it

  })
  after(async () => {
    await a?.close()
    await b?.close()
  })

  it('a thread opened as an alias locks the reply composer to that alias, with its reason', async () => {
    const p = a.page
    await p.goto(server.url + '/talk/new')
    await p.getByLabel('Title').fill('Anyone else moved to the new office?')
    await p.getByLabel('What do you want to say?').fill('The commute doubled for me.')
    const alias = p.getByRole('radio', { name: /^As an alias: “(.+)”$/ })
    await alias.check()
    aliasOfA = /“(.+)”/.exec((await p.locator('label[for="thread-as-alias"]').innerText()))![1]!
    await p.getByRole('button', { name: 'Post thread' }).click()
    await p.waitForURL(/\/talk\/t\/[0-9a-f-]{36}$/)
    threadUrl = p.url()

    const reply = p.getByRole('region', { name: 'Reply' })
    await reply.getByText(`You posted in this thread as “${aliasOfA}”; your replies here keep that label so they reveal nothing more about you.`).waitFor()
    await reply.getByText(`Your post will show: ${aliasOfA}`).waitFor()
    assert.equal(await reply.getByRole('radio').count(), 0, 'no other label is offered')
    await reply.getByText(/^You are one of ~2 verified members who can post as this\./).waitFor()

    // Still locked after a reload, from the local copy (the thread is not read yet: quiet period).
    await p.reload()
    await reply.getByText(`You posted in this thread as “${aliasOfA}”`, { exact: false }).waitFor()
    await reply.getByLabel('Your reply').fill('Same here, by the way.')
    await reply.getByRole('button', { name: 'Post reply' }).click()
    await p.getByRole('article', { name: `Post by ${aliasOfA}, OP` }).filter({ hasText: 'Same here, by the way.' }).waitFor()
    assert.deepEqual(a.problems, [])
  })

  it('a reply as "Employee of …" locks that member’s composer to that label', async () => {
    const p = b.page
    await p.goto(threadUrl)
    const reply = p.getByRole('region', { name: 'Reply' })
    await reply.getByRole('radio', { name: `Post as “${LABEL}”` }).check()
    await reply.getByLabel('Your reply').fill('It did for most of my team too.')
    await reply.getByRole('button', { name: 'Post reply' }).click()
    await p.getByRole('article', { name: `Post by ${LABEL}, you` }).filter({ hasText: 'most of my team' }).waitFor()
    await reply.getByText(`You posted in this thread as “${LABEL}”; your replies here keep that label`, { exact: false }).waitFor()
    assert.equal(await reply.getByRole('radio').count(), 0)
    assert.deepEqual(b.problems, [])
  })

  it('a directory with a second key for one scope is refused: a warning, and no token request', async () => {
    const c = await talkPerson(0)
    try {
      // A second, well-formed key for the same (company, purpose, epoch): its keyId really is its hash.
      const { publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 })
      const spki = publicKey.export({ type: 'spki', format: 'der' })
      const extra = { keyId: crypto.createHash('sha256').update(spki).digest('base64url'), publicKey: spki.toString('base64url') }
      let served = 0
      await c.page.route('**/api/v1/talk/keys', async (route) => {
        const res = await route.fetch()
        const directory = (await res.json()) as { keys: { company: string | null; purpose: string }[] }
        const victim = directory.keys.find((k) => k.company === SLUG && k.purpose === 'talk')!
        directory.keys.push({ ...victim, ...extra })
        served++
        await route.fulfill({ response: res, json: directory })
      })
      const user = await buildVerifiedUser(server.app.app, server.app.ctx, SLUG)
      await signIn(c.page, server.url, user.email, user.password)
      const warning = c.page.getByRole('alert').filter({ hasText: 'The keys this server showed you differ from the public log — Work Talk is paused on this device.' })
      await warning.waitFor({ timeout: 20_000 })
      await warning.getByText('What the check found: the server showed two keys for one company, purpose and week.').waitFor()
      assert.ok(served >= 1)
      await c.page.getByText('Work Talk is paused on this device.', { exact: true }).waitFor()

      // A newcomer would draw at once (the hook): wait, and see that nothing was drawn.
      await c.page.waitForTimeout(5000)
      assert.deepEqual(c.traffic.draws, [], 'no token request with a refused directory')
      await c.page.goto(server.url + '/talk/new')
      await warning.waitFor()
      await c.page.screenshot({ path: path.join(ARTIFACTS_DIR, 'talk-keys-refused.png'), fullPage: true })
      await c.page.waitForTimeout(2000)
      assert.deepEqual(c.traffic.draws, [])
      assert.deepEqual(c.traffic.writes, [])
      assert.deepEqual(c.problems, [])
    } finally {
      await c.close()
    }
  })
})
