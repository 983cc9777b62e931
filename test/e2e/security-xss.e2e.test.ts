/**
 * Issue 11's XSS corpus in a real Chromium: every payload of test/security/xss-corpus.ts is stored,
 * through the API (Work Talk and company records through the anonymous token protocol, by the
 * independent client), in every user-controlled field a member, a representative or an admin
 * can set — profile (name, headline, about, location, experience, education, skills), feed
 * posts and comments, messages, an invitation's note, a company page (name, industry, size,
 * description, website, locations), jobs, an application's note, a job alert, reviews and their
 * response, interview and salary reports, Work Talk threads, replies, poll options and a
 * channel's name, a badge submission's company and a reviewer's rejection reason — and every page
 * that shows them is opened.
 *
 * The browser runs with the page's Content-Security-Policy bypassed, so what is tested is that
 * content is never turned into markup (the CSP is a second wall with tests of its own): a payload
 * that ran would call the exposed `__xss(id)` or open a dialog, and markup that got in without
 * running (an `on…` attribute, a `javascript:` link, a frame) is found in the DOM. A planted page
 * that renders one payload with innerHTML proves both detectors fire.
 */
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import sharp from 'sharp'
import { recomputeSalaryCells } from '../../server/src/anon/services/salary-cells.js'
import { buildVerifiedUser } from '../support/factories.js'
import { IndependentClient, injectSender } from '../support/independent-client.js'
import { connectDirect } from '../support/messages.js'
import { multipartBody } from '../support/multipart.js'
import { browserUnavailable, CHROMIUM, CHROMIUM_ARGS, startTestServer } from '../support/server.js'
import { corpusText, injectedMarkup, payloadAt, XSS_MARK, XSS_PAYLOADS } from '../security/xss-corpus.js'

const SLUG = 'xss-co'
const skip = browserUnavailable()
let server: Awaited<ReturnType<typeof startTestServer>>
type User = Awaited<ReturnType<typeof buildVerifiedUser>>

/** What ran or got in, on one page. */
interface Findings {
  calls: string[]
  dialogs: string[]
  markup: string[]
  errors: string[]
}

/** The payloads a page shows as text (by their `__xss(id)` or `alert(id)`): proof it rendered them. */
const shownPayloads = (page: Page) =>
  page.evaluate((ids) => ids.filter((id) => document.body.innerText.includes(`__xss(${id})`) || document.body.innerText.includes(`alert(${id})`)), XSS_PAYLOADS.map((p) => p.id))

/** A browser whose pages record every `__xss(id)` call and dialog; the CSP is bypassed (see the header). */
async function openWatchedBrowser() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'wc-xss-'))
  const context: BrowserContext = await chromium.launchPersistentContext(dir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, locale: 'en-US', bypassCSP: true, viewport: { width: 1280, height: 900 } })
  context.setDefaultTimeout(15_000)
  const calls: string[] = []
  await context.exposeBinding('__xss', ({ page }, id: unknown) => void calls.push(`__xss(${String(id)}) on ${page.url()}`))
  const page = context.pages()[0] ?? (await context.newPage())
  const dialogs: string[] = []
  const errors: string[] = []
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()} "${d.message()}" on ${page.url()}`)
    void d.dismiss().catch(() => {})
  })
  page.on('pageerror', (err) => errors.push(`${page.url()}: ${err.message}`))
  return {
    context,
    page,
    /** Everything recorded since the last call. */
    take(): Omit<Findings, 'markup'> {
      return { calls: calls.splice(0), dialogs: dialogs.splice(0), errors: errors.splice(0) }
    },
    async close() {
      await context.close().catch(() => {})
      await rm(dir, { recursive: true, force: true }).catch(() => {})
    },
  }
}
type Watched = Awaited<ReturnType<typeof openWatchedBrowser>>

/** The DOM check, in the page (tsx names inner functions with `__name`: the page gets a stand-in). */
const scan = (page: Page) => page.evaluate(`(() => { const __name = (f) => f; return (${injectedMarkup.toString()})() })()`) as Promise<string[]>

/** Opens `url`, waits until it shows a stored payload as text, and lets broken images fail and focus move. */
async function visit(b: Watched, url: string, open?: (page: Page) => Promise<void>): Promise<Findings & { shown: number[] }> {
  await b.page.goto(server.url + url)
  await open?.(b.page)
  await b.page.getByText(/__xss\(|alert\(\d/).first().waitFor({ timeout: 20_000 })
  // onerror of a broken <img>, autofocus and ontoggle fire within moments of rendering.
  await b.page.waitForTimeout(400)
  return { ...b.take(), markup: await scan(b.page), shown: await shownPayloads(b.page) }
}

before(async () => {
  if (skip) return
  server = await startTestServer({ env: { MIN_ANONYMITY_SET: '2' } })
})
after(async () => {
  await server?.close()
})

describe('XSS corpus in Chromium: stored everywhere, run nowhere', { skip: skip ?? false }, () => {
  let b: Watched
  let viewer: User
  let authors: User[] = []
  const ids: { post?: string; conversation?: string; job?: string; thread?: string; channelThread?: string } = {}

  const inject = async (who: { cookie: string } | null, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: unknown, expect = [200, 201, 202, 204]) => {
    const res = await server.app.app.inject({ method, url: `/api/v1${url}`, headers: who ? { cookie: who.cookie } : {}, ...(payload !== undefined && { payload: payload as object }) })
    assert.ok(expect.includes(res.statusCode), `${method} ${url}: ${res.statusCode} ${res.body.slice(0, 300)}`)
    return res.body ? res.json() : null
  }

  before(async () => {
    const { app, ctx } = server.app
    viewer = await buildVerifiedUser(app, ctx, SLUG)
    await ctx.db.updateTable('account').set({ role: 'admin' }).where('id', '=', viewer.id).execute()
    const company = await ctx.db.selectFrom('company').select('id').where('slug', '=', SLUG).executeTakeFirstOrThrow()
    await ctx.db.insertInto('companyRepresentative').values({ companyId: company.id, accountId: viewer.id, grantedOn: '2026-01-01' }).execute()
    authors = []
    for (let i = 0; i < 6; i++) authors.push(await buildVerifiedUser(app, ctx, SLUG))
    const [a0, a1, a2, a3, a4, a5] = authors as [User, User, User, User, User, User]

    // Names and headlines (they show wherever a member is named), and one whole profile.
    for (const [i, a] of authors.entries()) {
      await inject(a, 'PATCH', '/me', { name: `${XSS_MARK} ${payloadAt(i, 90)}` })
      await connectDirect(ctx, viewer.id, a.id)
    }
    await inject(a0, 'PUT', '/me/profile', {
      headline: payloadAt(1, 120),
      about: corpusText(2600),
      location: payloadAt(2, 100),
      experience: XSS_PAYLOADS.slice(0, 10).map((p, i) => ({ company: payloadAt(i + 3, 100), title: p.text.slice(0, 100), start: '2020-01', end: null, description: corpusText(2000) })),
      education: [0, 1, 2].map((i) => ({ school: payloadAt(i + 5, 100), degree: payloadAt(i + 6, 100), field: payloadAt(i + 7, 100), startYear: 2010, endYear: 2014 })),
      skills: [...new Set(XSS_PAYLOADS.filter((p) => p.text.length <= 50).map((p) => p.text))],
    })
    for (const [i, a] of authors.slice(1).entries()) await inject(a, 'PUT', '/me/profile', { headline: payloadAt(i + 10, 120), about: '', location: payloadAt(i + 12, 100), experience: [], education: [], skills: [] })

    // Feed: posts, comments and replies; likes and comments on the viewer's post notify it.
    for (const a of authors) await inject(a, 'POST', '/feed/posts', { body: corpusText(3000) })
    const shared = (await inject(a0, 'POST', '/feed/posts', { body: corpusText(3000) })).id
    ids.post = (await inject(viewer, 'POST', '/feed/posts', { body: corpusText(3000) })).id
    await inject(a1, 'POST', '/feed/posts', { body: payloadAt(8, 3000), reshareOf: shared })
    for (const a of [a1, a2, a3]) {
      const c = await inject(a, 'POST', `/feed/posts/${ids.post}/comments`, { body: corpusText(1250) })
      await inject(a4, 'POST', `/feed/posts/${ids.post}/comments`, { body: payloadAt(7, 1250), parentId: c.id })
      await inject(a, 'POST', `/feed/posts/${ids.post}/likes`)
    }

    // Messages, and an invitation's note from someone not yet connected.
    ids.conversation = (await inject(a1, 'POST', '/conversations', { handles: [viewer.handle], body: corpusText(2000) })).id
    await inject(viewer, 'POST', `/conversations/${ids.conversation}/messages`, { body: payloadAt(3, 2000) })
    for (const a of [a2, a3]) await inject(a, 'POST', '/conversations', { handles: [viewer.handle], body: corpusText(2000) })
    const inviter = await buildVerifiedUser(app, ctx, 'xss-elsewhere')
    await inject(inviter, 'PATCH', '/me', { name: `${XSS_MARK} ${payloadAt(15, 90)}` })
    await inject(inviter, 'POST', '/connections', { handle: viewer.handle, note: corpusText(300) })

    // The company page (the viewer is an admin): every field, its name last (the slug stays).
    await inject(viewer, 'PATCH', `/companies/${SLUG}`, {
      name: `${XSS_MARK} ${payloadAt(0, 90)}`,
      industry: payloadAt(4, 100),
      sizeBand: payloadAt(0, 20),
      description: corpusText(2000),
      website: 'https://x.example/"><img/src=x/onerror=__xss(23)>',
      locations: XSS_PAYLOADS.filter((p) => p.text.length <= 100).slice(0, 20).map((p) => p.text),
    })

    // Jobs (the viewer represents the company), an application's note, an alert.
    for (const i of [0, 1, 2]) {
      const job = await inject(viewer, 'POST', '/jobs', { companySlug: SLUG, title: `${XSS_MARK} ${payloadAt(i + 1, 100)}`, location: payloadAt(i + 4, 100), workplace: 'hybrid', description: corpusText(10_000) })
      ids.job ??= job.id
    }
    const application = multipartBody([{ name: 'note', value: corpusText(2000) }])
    const applied = await app.inject({ method: 'POST', url: `/api/v1/jobs/${ids.job}/applications`, headers: { cookie: a5.cookie, ...application.headers }, payload: application.payload })
    assert.equal(applied.statusCode, 201, applied.body)
    await inject(viewer, 'POST', '/me/job-alerts', { q: payloadAt(2, 200) })

    // Reviews, interviews and salaries, each paid with its token; the representative answers.
    const client = () => new IndependentClient(injectSender(app))
    const tokens = async (who: User, company: string | null, purpose: string, n: number) => {
      const key = (await client().directory()).find((k) => k.company === company && k.purpose === purpose)!
      return client().fetchTokens(who.cookie, key.keyId, n)
    }
    for (const [i, a] of [a0, a1].entries()) {
      const [token] = await tokens(a, SLUG, 'review', 1)
      const r = await inject(null, 'POST', `/companies/${SLUG}/reviews`, { token, ratings: { overall: 3, culture: 3, workLife: 3, compensation: 3, management: 3, growth: 3 }, recommend: true, headline: payloadAt(i + 5, 120), pros: corpusText(5000), cons: corpusText(5000), advice: corpusText(2000), employment: 'current', titleFamily: 'engineering' })
      if (i === 0) await inject(viewer, 'POST', `/companies/${SLUG}/reviews/${r.id}/response`, { body: corpusText(3000) })
    }
    const [interviewToken] = await tokens(a2, null, 'interview', 1)
    await inject(null, 'POST', `/companies/${SLUG}/interviews`, { token: interviewToken, position: payloadAt(9, 120), outcome: 'offer', difficulty: 3, experience: 'neutral', body: corpusText(5000), questions: corpusText(3000) })
    for (const a of authors.slice(0, 5)) {
      const [token] = await tokens(a, SLUG, 'salary', 1)
      await inject(null, 'POST', `/companies/${SLUG}/salaries`, { token, titleFamily: 'engineering', level: payloadAt(0, 40), location: `${XSS_MARK} ${payloadAt(1, 90)}`, yearsExperience: 3, base: 300_000, currency: 'CNY', year: new Date().getUTCFullYear() })
    }
    await recomputeSalaryCells(ctx.anon.db, new Date())

    // Work Talk: threads (company label and alias, a poll of payloads), replies, a channel's name.
    const channel = 'xss-channel'
    await inject(viewer, 'POST', '/talk/channels', { slug: channel, nameEn: payloadAt(2, 40), nameZh: payloadAt(3, 40) })
    const writer = client()
    const talk = await tokens(a3, null, 'talk', 6)
    const closesAt = new Date(Math.ceil((Date.now() + 3 * 3_600_000) / 3_600_000) * 3_600_000).toISOString()
    const poll = { options: XSS_PAYLOADS.filter((p) => p.text.length <= 100).slice(0, 6).map((p) => p.text), closesAt }
    const opened = await writer.openThread(talk[0]!, `${XSS_MARK} ${payloadAt(4, 150)}`, corpusText(10_000), 'company', undefined, undefined, { poll })
    assert.equal(opened.status, 201, JSON.stringify(opened.json))
    ids.thread = opened.json.threadId
    const second = await writer.openThread(talk[1]!, `${XSS_MARK} ${payloadAt(5, 150)}`, corpusText(10_000), 'alias', channel)
    assert.equal(second.status, 201, JSON.stringify(second.json))
    ids.channelThread = second.json.threadId
    for (const [i, a] of [a4, a5].entries()) {
      const [tok] = await tokens(a, null, 'talk', 1)
      const reply = await client().reply(ids.thread!, tok!, corpusText(10_000), i ? 'alias' : 'company')
      assert.equal(reply.status, 201, JSON.stringify(reply.json))
    }

    // A badge photo naming a company: the reviewers' queue shows it.
    const photo = multipartBody([{ name: 'companyName', value: payloadAt(6, 100) }, { name: 'photo', value: await sharp({ create: { width: 40, height: 30, channels: 3, background: '#468' } }).png().toBuffer(), filename: 'b.png', type: 'image/png' }])
    const badge = await app.inject({ method: 'POST', url: '/api/v1/verifications/badge', headers: { cookie: inviter.cookie, ...photo.headers }, payload: photo.payload })
    assert.equal(badge.statusCode, 202, badge.body)
    // And a reviewer's rejection reason, which the member reads on the verification page.
    const own = await app.inject({ method: 'POST', url: '/api/v1/verifications/badge', headers: { cookie: viewer.cookie, ...photo.headers }, payload: photo.payload })
    assert.equal(own.statusCode, 202, own.body)
    await ctx.db.updateTable('account').set({ role: 'reviewer' }).where('id', '=', a5.id).execute()
    await inject(a5, 'POST', `/reviews/badges/${own.json().submissionId}/reject`, { reason: corpusText(500) })

    b = await openWatchedBrowser()
    await b.context.addCookies([{ name: 'wc_session', value: viewer.cookie.split('=')[1]!, url: server.url, httpOnly: true, sameSite: 'Lax' }])
  })
  after(async () => {
    await b?.close()
  })

  it('a planted unsafe render (innerHTML) is caught: the call, the dialog, and the markup', async () => {
    await b.page.setContent('<main id="root"></main>')
    await b.page.evaluate((html) => {
      document.getElementById('root')!.innerHTML = html
    }, [XSS_PAYLOADS[1]!.text, XSS_PAYLOADS[24]!.text, XSS_PAYLOADS[9]!.text].join(''))
    await b.page.waitForTimeout(400)
    const seen = { ...b.take(), markup: await scan(b.page) }
    assert.deepEqual(seen.calls.map((c) => c.split(' on ')[0]), ['__xss(2)'])
    assert.equal(seen.dialogs.length, 1, 'alert(25) opened a dialog')
    assert.ok(seen.markup.some((m) => m.startsWith('event attribute onerror')), seen.markup.join('\n'))
    assert.ok(seen.markup.some((m) => m.startsWith('href URL') && m.includes('javascript:__xss(10)')), seen.markup.join('\n'))
  })

  /** What to open on a page before reading it (comments are folded until asked for). */
  const openComments = async (page: Page) => {
    await page.getByRole('button', { name: 'Comment', exact: true }).first().click()
  }
  const pages: [string, () => string, ((page: Page) => Promise<void>)?][] = [
    ['a profile', () => `/in/${authors[0]!.handle}`],
    ['an activity page', () => `/in/${authors[1]!.handle}/activity`],
    ['the home feed', () => '/'],
    ['a post with its comments and replies', () => `/posts/${ids.post}`, openComments],
    ['a conversation', () => `/messages/${ids.conversation}`],
    ['the message list', () => '/messages'],
    ['the network page (an invitation’s note, connections)', () => '/network'],
    ['notifications', () => '/notifications'],
    ['the company page', () => `/companies/${SLUG}`],
    ['its reviews and the response', () => `/companies/${SLUG}?tab=reviews`],
    ['its salaries', () => `/companies/${SLUG}?tab=salaries`],
    ['its interview reports', () => `/companies/${SLUG}?tab=interviews`],
    ['its jobs', () => `/companies/${SLUG}?tab=jobs`],
    ['the company list', () => '/companies'],
    ['the job list', () => '/jobs'],
    ['a job', () => `/jobs/${ids.job}`],
    ['the representatives’ inbox (an application’s note)', () => '/jobs/inbox'],
    ['job alerts', () => '/jobs/alerts'],
    ['Work Talk’s lists', () => '/talk'],
    ['a Work Talk thread with a poll and replies', () => `/talk/t/${ids.thread}`],
    ['a thread in a channel named by a payload', () => `/talk/t/${ids.channelThread}`],
    ['the channel list', () => '/talk/channels'],
    ['the badge reviewers’ queue', () => '/reviews'],
    ['the verification page (a reviewer’s rejection reason)', () => '/verify'],
    ['search results', () => `/search?q=${XSS_MARK}`],
  ]

  for (const [what, url, open] of pages) {
    it(`${what}: no payload ran, no markup got in`, async (t) => {
      const { shown, ...seen } = await visit(b, url(), open)
      t.diagnostic(`${shown.length} payloads shown as text: ${shown.join(' ')}`)
      assert.deepEqual(seen, { calls: [], dialogs: [], markup: [], errors: [] }, `${what} (${url()})`)
    })
  }
})
