/**
 * DESIGN §2, the newcomer's first post, in a real Chromium against a real server with mixing on:
 * a member verified a moment ago draws its tokens within two minutes (here at once, through the
 * delay hook), writes a thread while those tokens are younger than TALK_MIN_TOKEN_AGE_S (20 s), and
 * the post waits in the browser ("Publishing at about …"), goes out on its own between 20 and 80 s
 * after the draw, is mixed (TALK_MIX_WINDOW_S = 2: 202, then GET /talk/writes without cookie), shown
 * as published from the local copy, and read back with the session only after the quiet minute —
 * all without the member doing anything after submitting, and without any token request after it.
 */
import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { buildVerifiedUser } from '../support/factories.js'
import { ARTIFACTS_DIR, browserUnavailable, startTestServer } from '../support/server.js'
import { assertAnonymous, assertQuietAfterWrites, signIn, talkPerson } from './browser.js'

const SLUG = 'fabrikam-newcomers'
const TITLE = 'First week here: is the onboarding always this long?'
const BODY = 'Three weeks of onboarding sessions before touching any code. Is that normal across teams?'
// Longer than the first draw takes: the count shows once the whole batch (six keys, ~207 tokens)
// is in, which took 7 s on an idle 2-core machine and more than 8 s (the value this test had) under
// a loaded CI run, where the tokens were already old when they first showed.
const MIN_AGE_S = 20

/**
 * Waits for the drawn tokens to show, and fails at once (not after a minute) if they show as
 * already usable: the batch then took longer than MIN_AGE_S, and there is nothing young to test.
 */
async function youngTokens(page: Page): Promise<void> {
  const young = page.getByText(/^\d+ anonymous tokens, usable from about .+$/)
  const ready = page.getByText(/^\d+ anonymous tokens ready$/)
  await young.or(ready).waitFor({ timeout: 60_000 })
  assert.ok(await young.isVisible(), `the tokens were already ${MIN_AGE_S} s old when the draw's batch ended`)
}

const skip = browserUnavailable()
let server: Awaited<ReturnType<typeof startTestServer>>

before(async () => {
  if (skip) return
  server = await startTestServer({ env: { MIN_ANONYMITY_SET: '2', TALK_MIN_TOKEN_AGE_S: String(MIN_AGE_S), TALK_MIX_WINDOW_S: '2' } })
})
after(async () => {
  await server?.close()
})

describe('web app: a newcomer’s first post waits for its tokens to age', { skip: skip ?? false }, () => {
  it('is queued, shown as publishing, and published later without the member doing anything; no token request because of it', { timeout: 300_000 }, async () => {
    const a = await talkPerson(0)
    try {
      const user = await buildVerifiedUser(server.app.app, server.app.ctx, SLUG)
      await buildVerifiedUser(server.app.app, server.app.ctx, SLUG) // a second member: the company has a key of its own
      const { page, traffic } = a
      await signIn(page, server.url, user.email, user.password, '/talk/new')

      // The first draw: within two minutes of verifying (the hook makes it immediate), one request per key, the whole quota.
      // Three keys' blind signatures (200 tokens): up to a minute on a loaded 2-core machine.
      await youngTokens(page)
      assert.ok(traffic.draws.length >= 3, 'the company key, the null key and the react key')
      // Each key's whole quota in one request: 50 for posting keys, 100 for the react key — and the
      // year's keys in the same batch (5 of the shared interview key; 1 review and 1 salary token
      // where the company has those keys).
      const weekly = traffic.draws.filter((d) => d.count >= 50)
      assert.deepEqual(weekly.map((d) => d.count).sort((x, y) => x - y), [...Array(weekly.length - 1).fill(50), 100])
      for (let i = 0; i < 100 && !traffic.draws.some((d) => d.count === 5); i++) await new Promise((r) => setTimeout(r, 100))
      assert.ok(traffic.draws.some((d) => d.count === 5), 'the shared interview key, in the first batch')
      assert.ok(traffic.draws.every((d) => [1, 5, 50, 100].includes(d.count)), traffic.draws.map((d) => d.count).join(','))
      assert.equal(new Set(traffic.draws.map((d) => d.keyId)).size, traffic.draws.length, 'one request per key')
      assert.ok(traffic.workers.some((u) => /\/assets\/blind-worker-[\w-]+\.js$/.test(u)), `the blinding ran in the built worker: ${traffic.workers.join(', ')}`)

      await page.getByText(/Your anonymous tokens are new\. So that your post can't be linked/).waitFor()
      await page.getByLabel('Title').fill(TITLE)
      await page.getByLabel('What do you want to say?').fill(BODY)
      const submittedAt = Date.now()
      await page.getByRole('button', { name: 'Post thread' }).click()

      // Queued: its own page, "Publishing at about HH:MM", and why.
      await page.waitForURL(/\/talk\/pending\/[0-9a-f-]{36}$/)
      await page.getByRole('heading', { level: 1, name: TITLE }).waitFor()
      await page.getByRole('status').filter({ hasText: /^Publishing at about \d{1,2}:\d{2}/ }).waitFor()
      await page.getByText('Your anonymous tokens are new: waiting makes this post harder to link').waitFor()
      await page.getByRole('button', { name: 'Publish sooner…' }).waitFor()
      assert.equal(traffic.writes.length, 0, 'nothing sent yet')
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'talk-pending.png'), fullPage: true })

      // Nothing is clicked from here on. It goes out between 20 and 80 s after the draw…
      await page.waitForURL(/\/talk\/t\/[0-9a-f-]{36}$/, { timeout: 4 * MIN_AGE_S * 1000 + 15_000 })
      const threadId = page.url().split('/').pop()!
      const write = traffic.writes[0]!
      // The token that pays came with the first request of the draw (its tokens are the oldest).
      const drawnAt = Math.min(...traffic.draws.map((d) => d.at))
      assert.ok(write.at - drawnAt >= MIN_AGE_S * 1000, `sent ${write.at - drawnAt} ms after the draw`)
      assert.ok(write.at - drawnAt <= 4 * MIN_AGE_S * 1000 + 5000, `sent ${write.at - drawnAt} ms after the draw`)
      assert.equal((await write.request.response())?.status(), 202, 'accepted for its mixing window')
      // …is shown at once from the local copy, marked, then read back as stored (no cookie)…
      const op = page.getByRole('article', { name: /, OP$/ })
      await op.getByText(BODY).waitFor()
      await op.getByRole('status').filter({ hasText: /^Published$/ }).waitFor({ timeout: 30_000 })
      assert.ok(traffic.polls.length >= 1, 'the outcome was asked for')
      assert.equal(traffic.threadReads.length, 0, 'the thread is not read right after writing to it')

      // …and the thread is read with the session only after the quiet minute: then the server's copy shows.
      await page.locator('.thread-header .author-label').waitFor({ timeout: 100_000 })
      await op.getByText(BODY).waitFor()
      assert.equal(await op.getByRole('status').count(), 0, 'the server copy carries no publishing mark')
      const read = traffic.threadReads.find((r) => r.threadId === threadId)!
      assert.ok(read.at - write.at >= 60_000, `read ${read.at - write.at} ms after the write`)

      assert.ok(traffic.draws.every((d) => d.at < submittedAt), 'no token request after the post was submitted')
      assertQuietAfterWrites(traffic)
      assert.ok((await assertAnonymous(traffic)) >= 3, 'the write, its polls and the key fetches')
      assert.deepEqual(a.problems, [])
    } finally {
      await a.close()
    }
  })

  it('"publish sooner" asks first, then spends a young token at once', { timeout: 120_000 }, async () => {
    const b = await talkPerson(0)
    try {
      const user = await buildVerifiedUser(server.app.app, server.app.ctx, SLUG)
      const { page, traffic } = b
      await signIn(page, server.url, user.email, user.password, '/talk/new')
      await youngTokens(page)
      await page.getByLabel('Title').fill('Can’t wait')
      await page.getByLabel('What do you want to say?').fill('Posting this one right away.')
      await page.getByRole('button', { name: 'Post thread' }).click()
      await page.waitForURL(/\/talk\/pending\//)
      await page.getByRole('button', { name: 'Publish sooner…' }).click()
      const confirm = page.getByRole('group', { name: /Publishing sooner makes this post easier to link/ })
      await confirm.getByRole('button', { name: 'Keep waiting' }).click()
      assert.equal(traffic.writes.length, 0)
      await page.getByRole('button', { name: 'Publish sooner…' }).click()
      await confirm.getByRole('button', { name: 'Yes, publish now' }).click()
      await page.waitForURL(/\/talk\/t\/[0-9a-f-]{36}$/)
      await page.getByRole('article', { name: /, OP$/ }).getByText('Posting this one right away.').waitFor()
      assert.equal(traffic.writes.length, 1)
      assert.ok(traffic.writes[0]!.at - Math.max(...traffic.draws.map((d) => d.at)) < MIN_AGE_S * 1000 + 5000)
      assert.deepEqual(b.problems, [])
    } finally {
      await b.close()
    }
  })
})
