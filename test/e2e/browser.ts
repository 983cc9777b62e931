/**
 * Browser helpers for the end-to-end tests: one persistent Chromium context per simulated person,
 * each in its own fresh profile directory, plus a watch for Content-Security-Policy violations.
 */
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { chromium, type BrowserContext, type Page, type Request } from 'playwright-core'

import { CHROMIUM, CHROMIUM_ARGS as ARGS } from '../support/server.js'

export { CHROMIUM }

export interface Person {
  context: BrowserContext
  page: Page
  /** Page errors and CSP violations seen so far (console noise such as 401 resource loads is ignored). */
  problems: string[]
  close(): Promise<void>
}

export async function openPerson(): Promise<Person> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'wc-e2e-'))
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    locale: 'en-US',
    viewport: { width: 1280, height: 900 },
  })
  context.setDefaultTimeout(15_000)
  const page = context.pages()[0] ?? (await context.newPage())
  const problems: string[] = []
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`))
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) problems.push(`csp: ${msg.text()}`)
  })
  return {
    context,
    page,
    problems,
    async close() {
      await context.close().catch(() => {})
      await rm(dir, { recursive: true, force: true }).catch(() => {})
    },
  }
}

let counter = 0
/** An address no earlier run has used. */
export function uniqueEmail(who: string): string {
  counter += 1
  return `${who}.${Date.now().toString(36)}${counter}${Math.random().toString(36).slice(2, 7)}@example.test`
}

/** Fills the sign-up form (English UI), takes the welcome step's first link and waits for the profile editor. */
export async function signUp(page: Page, baseUrl: string, name: string, email: string, password: string): Promise<void> {
  await page.goto(baseUrl + '/signup')
  await page.getByLabel('Full name').fill(name)
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Create account' }).click()
  await page.waitForURL(baseUrl + '/welcome')
  await page.getByRole('link', { name: 'Edit your profile', exact: true }).click()
  await page.waitForURL(baseUrl + '/me/edit')
  await page.getByRole('heading', { level: 1, name: 'Edit your profile' }).waitFor()
}

/** The horizontal overflow check for phone widths. */
/**
 * The page's width once its layout has settled: measured until two readings 250 ms apart agree
 * (at most ~3 s), so a page still loading its data on a busy machine is not judged mid-render. A
 * page that really overflows keeps overflowing and is reported.
 */
export async function scrollWidth(page: Page): Promise<number> {
  const read = () => page.evaluate(() => document.documentElement.scrollWidth)
  let last = await read()
  for (let i = 0; i < 12; i++) {
    await page.waitForTimeout(250)
    const now = await read()
    if (now === last) break
    last = now
  }
  // Too wide: name the elements that stick out, so the failure says where to look.
  if (last > (page.viewportSize()?.width ?? Infinity)) {
    const vw = page.viewportSize()!.width
    console.warn(`${page.url()} is ${last}px wide at ${vw}px; sticking out:`, JSON.stringify(await page.evaluate((w) => Array.from(document.querySelectorAll('body *')).filter((el) => el.getBoundingClientRect().right > w + 1 && el.getBoundingClientRect().width > 0).slice(0, 15).map((el) => `${el.tagName}.${String((el as HTMLElement).className)} r=${Math.round(el.getBoundingClientRect().right)} w=${Math.round(el.getBoundingClientRect().width)}`), vw)))
  }
  return last
}

/** One Work Talk request as the page sent it, with the moment (ms) it left. */
export interface Sent {
  at: number
  request: Request
  path: string
}

/**
 * What one page sent to Work Talk, for the protocol's timing checks (DESIGN §2): token draws,
 * anonymous writes, session reads of threads, write polls, directory fetches, and the Web Workers
 * it started. Thread ids of writes are resolved from the answers (a new thread's id comes back;
 * an edit names a post, whose thread a write answer or a thread read told).
 */
export interface TalkTraffic {
  draws: (Sent & { keyId: string; count: number })[]
  writes: Sent[]
  threadReads: (Sent & { threadId: string })[]
  /** Session reads of a company's reviews, salaries or interviews. */
  companyReads: (Sent & { company: string })[]
  polls: Sent[]
  keyFetches: Sent[]
  workers: string[]
  /** The thread a write went to, once its answer (or a read) told. */
  threadOf(write: Sent): string | null
}

const TALK = '/api/v1/talk/'

export function watchTalkTraffic(page: Page): TalkTraffic {
  const postThread = new Map<string, string>()
  const threadOfRequest = new Map<Request, string>()
  const traffic: TalkTraffic = {
    draws: [],
    writes: [],
    threadReads: [],
    companyReads: [],
    polls: [],
    keyFetches: [],
    workers: [],
    threadOf(w) {
      const reply = /^\/api\/v1\/talk\/threads\/([^/]+)\/posts$/.exec(w.path)
      if (reply) return reply[1]!
      const post = /^\/api\/v1\/talk\/posts\/([^/]+)$/.exec(w.path)
      if (post) return postThread.get(post[1]!) ?? null
      return threadOfRequest.get(w.request) ?? null
    },
  }
  page.on('worker', (w) => traffic.workers.push(w.url()))
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname
    const method = request.method()
    // Company records (issue 10): their anonymous writes, and the session reads of their lists.
    const record = /^\/api\/v1\/companies\/([^/]+)\/(reviews|salaries|interviews)(\/[^/]+\/helpful)?$/.exec(path)
    if (record) {
      const sent = { at: Date.now(), request, path }
      if (method === 'GET') traffic.companyReads.push({ ...sent, company: record[1]! })
      else traffic.writes.push(sent)
      return
    }
    if (!path.startsWith(TALK)) return
    const sent = { at: Date.now(), request, path }
    if (path === TALK + 'tokens' && method === 'POST') {
      const body = request.postDataJSON() as { keyId: string; blindedMessages: string[] }
      traffic.draws.push({ ...sent, keyId: body.keyId, count: body.blindedMessages.length })
    } else if (method !== 'GET') traffic.writes.push(sent)
    else if (/^\/api\/v1\/talk\/threads\/[^/]+$/.test(path)) traffic.threadReads.push({ ...sent, threadId: path.split('/').pop()! })
    else if (path.startsWith(TALK + 'writes/')) traffic.polls.push(sent)
    else if (path.startsWith(TALK + 'keys')) traffic.keyFetches.push(sent)
  })
  page.on('response', (response) => {
    const request = response.request()
    const path = new URL(request.url()).pathname
    if (!path.startsWith(TALK + 'threads') || !response.ok()) return
    void response
      .json()
      .then((body: { threadId?: string; postId?: string; posts?: { id: string }[] }) => {
        const reply = /^\/api\/v1\/talk\/threads\/([^/]+)(\/posts)?$/.exec(path)
        const threadId = body.threadId ?? reply?.[1]
        if (!threadId) return
        if (request.method() !== 'GET') threadOfRequest.set(request, threadId)
        if (body.postId) postThread.set(body.postId, threadId)
        for (const p of body.posts ?? []) postThread.set(p.id, threadId)
      })
      .catch(() => undefined)
  })
  return traffic
}

/** DESIGN §2: no session read of a thread within `quietMs` after this page's anonymous write to it. */
export function assertQuietAfterWrites(traffic: TalkTraffic, quietMs = 60_000): void {
  for (const w of traffic.writes) {
    const threadId = traffic.threadOf(w)
    assert.ok(threadId, `the thread of ${w.request.method()} ${w.path} is known`)
    for (const r of traffic.threadReads) {
      if (r.threadId !== threadId) continue
      const after = r.at - w.at
      assert.ok(after < 0 || after >= quietMs, `GET ${r.path} came ${after} ms after ${w.request.method()} ${w.path}`)
    }
  }
}

/** Every anonymous request (writes, polls, key fetches) went without cookie and referer. */
export async function assertAnonymous(traffic: TalkTraffic): Promise<number> {
  const anonymous = [...traffic.writes, ...traffic.polls, ...traffic.keyFetches]
  for (const { request } of anonymous) {
    const headers = await request.allHeaders()
    assert.equal(headers.cookie, undefined, `${request.method()} ${request.url()} sent a cookie`)
    // No page address may leave. (Playwright has, rarely and only on a busy machine, reported an
    // empty `referer` for such a request: an empty value names no page, so it passes; any text fails.)
    assert.ok(!headers.referer, `${request.method()} ${request.url()} sent a referer: ${headers.referer}`)
  }
  return anonymous.length
}

/** Signs in through the form (English UI) and waits for `next`. */
/** Signs in through the form; `shared` ticks "This is a shared or public computer". */
export async function signIn(page: Page, baseUrl: string, email: string, password: string, next = '/talk', opts: { shared?: boolean } = {}): Promise<void> {
  await page.goto(`${baseUrl}/signin?next=${encodeURIComponent(next)}`)
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password', { exact: true }).fill(password)
  if (opts.shared) await page.getByRole('checkbox', { name: 'This is a shared or public computer' }).check()
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL(baseUrl + next)
}

/**
 * A person for Work Talk tests: background scheduling delays (draw moment, directory fetch) set
 * to `delayMs` through the test hook of web/src/talk/delays.ts, every Work Talk request recorded,
 * and a console error from the blinding worker counted as a problem.
 */
export async function talkPerson(delayMs = 0): Promise<Person & { traffic: TalkTraffic }> {
  const p = await openPerson()
  await p.context.addInitScript((ms) => localStorage.setItem('wc.talk.fetchDelayMs', String(ms)), delayMs)
  p.page.on('console', (msg) => {
    if (msg.type() === 'error' && /blinding worker/i.test(msg.text())) p.problems.push(`worker: ${msg.text()}`)
  })
  return Object.assign(p, { traffic: watchTalkTraffic(p.page) })
}
