/**
 * The web client's company records against the REAL server (issue 10), as the end-to-end server
 * runs (TALK_MIN_TOKEN_AGE_S=0, a short mixing window, the draw-delay hook at 0): the real Draws,
 * Sender, RecordQueue, RecordBook and TokenWallet with the real blinding, the server's routes
 * answering through fastify's inject (no session on anonymous requests). What the unit tests fake
 * — the request shapes, the `{id}` answers, GET /talk/writes/{id}?record=…, the helpful mark's
 * signature and its proof — is checked by the server itself here:
 *
 * - the newcomer batch draws the yearly keys with the week's, within seconds under the hook;
 * - a review goes out at once, waits for its window (202) and is read back stored; it is listed;
 * - a helpful mark on it is stored, asked about by its key, and counted;
 * - a second review of the company this year is refused before anything is sent;
 * - a salary report refused for its currency keeps its token, which pays for the corrected one.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Me } from '../../shared/src/api/index.js'
import { DELAY_HOOK_KEY } from '../../web/src/talk/delays.js'
import { WriteRefusedError } from '../../web/src/talk/errors.js'
import type { DirectoryEntry } from '../../web/src/talk/voices.js'
import { buildTestApp, type TestApp } from '../support/app.js'
import { buildVerifiedUser } from '../support/factories.js'
import { browser, H, review, type Browser } from './records-harness.js'

const COMPANY = 'review-co'
let t: TestApp
let b: Browser
let cookie: string
/** Every request the client made, as the server got it. */
const requests: { method: string; url: string; credentials: RequestCredentials | undefined; body: string | undefined }[] = []
const realFetch = globalThis.fetch
const realStorage = Object.getOwnPropertyDescriptor(globalThis, 'localStorage')

async function waitFor(done: () => boolean | Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms
  while (Date.now() < end) {
    if (await done()) return
    await new Promise((r) => setTimeout(r, 50))
  }
  assert.fail(`still not, after ${ms / 1000} s: ${what}`)
}
const get = async (url: string) => (await t.app.inject({ method: 'GET', url, headers: { cookie } })).json()

before(async () => {
  t = await buildTestApp({ env: { MIN_ANONYMITY_SET: '2', TALK_MIN_TOKEN_AGE_S: '0', TALK_MIX_WINDOW_S: '1' } })
  const alice = await buildVerifiedUser(t.app, t.ctx, COMPANY)
  await buildVerifiedUser(t.app, t.ctx, COMPANY)
  cookie = alice.cookie
  const me = (await get('/api/v1/me')) as Me
  // The end-to-end tests' hook: the directory, the draw and overdue sends at once.
  Object.defineProperty(globalThis, 'localStorage', { configurable: true, value: { getItem: (k: string) => (k === DELAY_HOOK_KEY ? '0' : null), setItem() {}, removeItem() {} } })
  // The browser's fetch, served by the app: anonymous requests exactly as the client makes them (no cookie is ever added here).
  globalThis.fetch = (async (url: string, init: RequestInit = {}) => {
    const body = typeof init.body === 'string' ? init.body : undefined
    requests.push({ method: init.method ?? 'GET', url: String(url), credentials: init.credentials, body })
    const res = await t.app.inject({ method: (init.method ?? 'GET') as 'GET', url: String(url), ...(body !== undefined && { payload: body, headers: { 'content-type': 'application/json' } }) })
    const headers = new Headers()
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers.set(k, String(v))
    return new Response(res.statusCode === 204 ? null : res.body, { status: res.statusCode, headers })
  }) as typeof fetch
  const directory = (await get('/api/v1/talk/keys')) as { keys: DirectoryEntry[] }
  b = browser({
    fetchedAt: Date.now() - 3 * H,
    minTokenAgeS: 0,
    mixWindowS: 1,
    me,
    // POST /talk/tokens is the one Work Talk call made with the session (the wallet's, not anonymousApi).
    server: async (keyId, blindedMessages) => {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/talk/tokens', headers: { cookie }, payload: { keyId, blindedMessages } })
      assert.equal(res.statusCode, 200, res.body)
      return (res.json() as { blindSignatures: string[] }).blindSignatures
    },
  })
  b.list(directory.keys)
})
after(async () => {
  b?.stop()
  globalThis.fetch = realFetch
  if (realStorage) Object.defineProperty(globalThis, 'localStorage', realStorage)
  else delete (globalThis as { localStorage?: unknown }).localStorage
  await t?.close()
})

describe('company records against the real server (the end-to-end settings)', () => {
  it('the newcomer batch draws the yearly keys with the week’s, within seconds', async () => {
    const started = Date.now()
    await b.draws.schedule()
    await waitFor(() => b.draw.status === 'done', 'the batch is drawn')
    assert.ok(Date.now() - started < 15_000)
    assert.equal(await b.wallet.count({ company: COMPANY, purpose: 'review' }), 1)
    assert.equal(await b.wallet.count({ company: COMPANY, purpose: 'salary' }), 1)
    assert.equal(await b.wallet.count({ company: null, purpose: 'interview' }), 5)
    assert.equal(await b.allowance('review', COMPANY), 'ready')
  })

  let reviewId = ''
  it('a review goes out at once, waits for its window and is read back stored; the company page lists it', async () => {
    const item = await b.publish(review(COMPANY))
    assert.equal(item.state, 'accepted', '202: in its window')
    assert.ok(item.recordId)
    reviewId = item.recordId
    await waitFor(async () => (await b.records())[0]?.state === 'stored', 'stored')
    const post = requests.find((r) => r.method === 'POST' && r.url === `/api/v1/companies/${COMPANY}/reviews`)!
    assert.equal(post.credentials, 'omit')
    assert.ok(requests.some((r) => r.url === `/api/v1/talk/writes/${reviewId}?record=review`), 'asked about by its id')
    const page = await get(`/api/v1/companies/${COMPANY}/reviews`)
    assert.equal(page.reviews.length, 1)
    assert.equal(page.reviews[0].id, reviewId)
    assert.equal(page.reviews[0].pros, review().body.pros)
    assert.equal(await b.allowance('review', COMPANY), 'used')
  })

  it('a helpful mark on it is stored (its key asks, with its proof) and counted; a second one sends nothing', async () => {
    await b.queue.markHelpful(COMPANY, reviewId)
    await waitFor(async () => b.book.helpful[reviewId] === true, 'the mark is stored')
    assert.ok(requests.some((r) => r.method === 'GET' && r.url.startsWith(`/api/v1/talk/writes/${reviewId}?record=helpful&voter=`)))
    assert.equal((await get(`/api/v1/companies/${COMPANY}/reviews`)).reviews[0].helpful, 1)
    const before = requests.length
    await b.queue.markHelpful(COMPANY, reviewId)
    assert.equal(requests.length, before)
  })

  it('a second review of the company this year is refused before anything is sent', async () => {
    const before = requests.length
    await assert.rejects(b.publish(review(COMPANY)), (e: unknown) => e instanceof WriteRefusedError && e.code === 'already_written')
    assert.equal(requests.length, before)
  })

  it('a salary report refused for its currency keeps its token, which pays for the corrected one', async () => {
    const salary = { kind: 'salary' as const, company: COMPANY, body: { titleFamily: 'engineering' as const, location: 'Hangzhou', yearsExperience: 5, base: 300_000, currency: 'XQQ', year: new Date().getUTCFullYear() } }
    await assert.rejects(b.publish(salary), (e: unknown) => e instanceof WriteRefusedError && e.code === 'unknown_currency')
    assert.equal(await b.allowance('salary', COMPANY), 'ready')
    const item = await b.publish({ ...salary, body: { ...salary.body, currency: 'CNY' } })
    await waitFor(async () => (await b.records()).find((p) => p.id === item.id)?.state === 'stored', 'the salary report is stored')
    const sent = requests.filter((r) => r.method === 'POST' && r.url === `/api/v1/companies/${COMPANY}/salaries`).map((r) => JSON.parse(r.body!).token.message)
    assert.equal(sent.length, 2)
    assert.equal(sent[0], sent[1], 'the same token, unspent by the refusal')
    assert.equal(await b.allowance('salary', COMPANY), 'used')
  })

  it('an interview report about any company spends one of the five interview tokens', async () => {
    const item = await b.publish({ kind: 'interview', company: COMPANY, body: { position: 'Backend engineer', outcome: 'offer', difficulty: 4, experience: 'positive', body: 'Three rounds, a take-home, kind people.' } })
    await waitFor(async () => (await b.records()).find((p) => p.id === item.id)?.state === 'stored', 'the interview report is stored')
    assert.equal(await b.wallet.count({ company: null, purpose: 'interview' }), 4)
    assert.equal((await get(`/api/v1/companies/${COMPANY}/interviews`)).interviews.length, 1)
    assert.ok(requests.filter((r) => r.url.startsWith('/api/v1/companies/') || r.url.startsWith('/api/v1/talk/writes/')).every((r) => r.credentials === 'omit'))
  })
})
