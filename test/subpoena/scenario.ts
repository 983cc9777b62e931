/**
 * The subpoena test's scenario (DESIGN §4), shared by subpoena.test.ts and the backup round trip
 * (test/db/backup.test.ts): members of three companies seeded, verified and posting through the
 * public API, with what only the scripted client knows about who did what.
 */
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import type { TestApp } from '../support/app.js'
import { adminQuery, TEST_DATABASE_URL } from '../support/db.js'
import { photoWithMetadata } from '../support/images.js'
import { type ClientToken, IndependentClient, type Send } from '../support/independent-client.js'
import { multipartBody } from '../support/multipart.js'
import { pollClosingAtOrAfter } from '../../shared/src/talk/poll-time.js'
import { signHelpful } from '../../shared/src/talk/signing.js'
import { recomputeSalaryCells } from '../../server/src/anon/services/salary-cells.js'
import type { Knowledge } from './adversary.js'
import { STORAGE_APPLICATION_NAME } from './storage.js'

export const SENTINEL_UA = 'SubpoenaSentinelAgent/4.2 (identifying)'
const SENTINEL_XFF = '198.51.100.231'
const SENTINEL_IP = '203.0.113.45'
export const MIN = 5
export const COMPANIES = { 'alpha-corp': 7, 'beta-labs': 6, 'tiny-shop': 2 } as const

export const rand = () => crypto.randomBytes(4).toString('hex')
const shuffle = <T>(xs: T[]) => {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = crypto.randomInt(i + 1)
    ;[xs[i], xs[j]] = [xs[j]!, xs[i]!]
  }
  return xs
}
const WORDS = ['the', 'reorg', 'budget', 'is', 'tight', 'and', 'managers', 'say', 'nothing', 'about', 'bonuses', 'this', 'year', 'promotion', 'cycle', 'feels', 'slow']
const sentence = (n: number) => Array.from({ length: n }, () => WORDS[crypto.randomInt(WORDS.length)]).join(' ')

interface Member {
  id: string
  company: keyof typeof COMPANIES
  cookie: string
  client: IndependentClient
  tokens: ClientToken[]
  reacts: ClientToken[]
  /** Yearly tokens (issue 10): the company's review and salary keys where it has them, and the null interview key. */
  yearly: { review?: ClientToken | undefined; salary?: ClientToken | undefined; interview: ClientToken[] }
  keyIsCompany: boolean
}

function sender(t: TestApp, cookie?: string): Send {
  return async ({ method, url, cookie: c, body }) => {
    const res = await t.app.inject({
      method,
      url,
      remoteAddress: SENTINEL_IP,
      headers: { 'user-agent': SENTINEL_UA, 'x-forwarded-for': SENTINEL_XFF, ...((c ?? cookie) && { cookie: c ?? cookie }) },
      ...(body !== undefined && { payload: body as object }),
    })
    return { status: res.statusCode, json: res.body ? JSON.parse(res.body) : null }
  }
}

/** Seeds members through the public API and posts as them; returns what only the script knows. */
export async function runScenario(t: TestApp, opts: { companies?: Record<string, number> } = {}) {
  const secrets = [SENTINEL_UA, SENTINEL_XFF, SENTINEL_IP]
  const members: Member[] = []
  const api = sender(t)
  for (const [company, count] of Object.entries(opts.companies ?? COMPANIES)) {
    for (let i = 0; i < count; i++) {
      const up = await t.app.inject({
        method: 'POST',
        url: '/api/v1/accounts',
        remoteAddress: SENTINEL_IP,
        headers: { 'user-agent': SENTINEL_UA, 'x-forwarded-for': SENTINEL_XFF },
        payload: { name: `Subpoena Person ${rand()}`, email: `login.${rand()}@example.com`, password: 'a long enough passphrase' },
      })
      assert.equal(up.statusCode, 201, up.body)
      const session = `wc_session=${up.cookies.find((c) => c.name === 'wc_session')!.value}`
      secrets.push(session.split('=')[1]!)
      const email = `worker.${rand()}`
      secrets.push(email)
      const started = await api({ method: 'POST', url: '/api/v1/verifications/email', cookie: session, body: { email: `${email}@${company}.example` } })
      assert.equal(started.status, 202, JSON.stringify(started.json))
      const code = t.logs.find((l) => l.verificationId === started.json.verificationId)?.code as string
      const confirmed = await api({ method: 'POST', url: '/api/v1/verifications/email/confirm', cookie: session, body: { verificationId: started.json.verificationId, code } })
      assert.equal(confirmed.status, 200, JSON.stringify(confirmed.json))
      members.push({ id: up.json().id, company: company as keyof typeof COMPANIES, cookie: session, client: new IndependentClient(sender(t, session)), tokens: [], reacts: [], yearly: { interview: [] }, keyIsCompany: false })
    }
  }

  const failed = await t.app.inject({ method: 'POST', url: '/api/v1/sessions', remoteAddress: SENTINEL_IP, payload: { email: 'nobody@example.com', password: 'wrong password' } })
  assert.equal(failed.statusCode, 401)
  const directory = await members[0]!.client.directory()
  const keyOf = (m: Member) => directory.find((k) => k.company === m.company && k.purpose === 'talk') ?? directory.find((k) => k.company === null && k.purpose === 'talk')!
  const authorOf = new Map<string, string>()
  const anonymitySet = new Map<string, string[]>()
  const everyone = members.map((m) => m.id)
  const threads: string[] = []

  const labels = new Map<string, 'company' | 'alias'>() // (member, thread) → the label it keeps there
  const boardOf = new Map<string, string>() // board thread → its company
  const postsIn = new Map<string, { postId: string; author: string }[]>()
  let polled: string | null = null
  const image = async (token: ClientToken) => {
    const body = multipartBody([
      { name: 'token', value: JSON.stringify(token) },
      { name: 'file', value: await photoWithMetadata('jpeg', 64, 48), filename: 'screenshot.jpg', type: 'image/jpeg' },
    ])
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/talk/images', remoteAddress: SENTINEL_IP, headers: { ...body.headers, 'user-agent': SENTINEL_UA, 'x-forwarded-for': SENTINEL_XFF }, payload: body.payload })
    assert.equal(res.statusCode, 202, res.body) // held for the window, like the post it pays for
    return res.json().imageId as string
  }
  const post = async (m: Member, kind: 'open' | 'reply', i = 0) => {
    const token = m.tokens.pop()!
    secrets.push(token.message, token.signature)
    // Replies only where the member may write: a board is its company's alone.
    const open = threads.filter((x) => !boardOf.has(x) || boardOf.get(x) === m.company)
    const threadId = kind === 'open' || !open.length ? null : open[crypto.randomInt(open.length)]!
    const label = (threadId && labels.get(`${m.id}|${threadId}`)) || (crypto.randomInt(2) ? 'company' : 'alias')
    // Openings: the open channel, topic channels, and (company key, company label) the company's board;
    // every third with an image, the first with a poll.
    const onBoard = !threadId && label === 'company' && m.keyIsCompany && i % 2 === 0
    const channel = threadId ? undefined : onBoard ? m.company : (['general', 'compensation', 'tech', 'layoffs'] as const)[i % 4]
    const imageIds = i % 3 === 0 ? [await image(token)] : []
    const poll = !threadId && !onBoard && polled === null ? { options: ['yes', 'no', 'not yet'], closesAt: pollClosingAtOrAfter(t.ctx.clock.now().getTime() + 86_400_000).toISOString() } : undefined
    const res = threadId
      ? await m.client.reply(threadId, token, sentence(15), label, imageIds)
      : await m.client.openThread(token, sentence(5), sentence(20), label, channel, undefined, { imageIds, ...(poll && { poll }) })
    assert.equal(res.status, 202, JSON.stringify(res.json))
    const thread = threadId ?? (res.json.threadId as string)
    labels.set(`${m.id}|${thread}`, label)
    if (res.json.threadId) {
      threads.push(res.json.threadId)
      if (onBoard) boardOf.set(res.json.threadId, m.company)
      if (poll) polled = res.json.threadId
    }
    const postId = res.json.postId as string
    authorOf.set(postId, m.id)
    postsIn.set(thread, [...(postsIn.get(thread) ?? []), { postId, author: m.id }])
    anonymitySet.set(postId, label === 'company' && m.keyIsCompany ? members.filter((x) => x.company === m.company).map((x) => x.id) : everyone)
  }
  /** A vote on someone else's post where the member may read, then (sometimes) changed: no new token. */
  const vote = async (m: Member) => {
    const mayRead = threads.filter((x) => !boardOf.has(x) || boardOf.get(x) === m.company)
    const threadId = mayRead[crypto.randomInt(mayRead.length)]!
    const others = postsIn.get(threadId)!.filter((p) => p.author !== m.id)
    if (!others.length) return 0
    const target = others[crypto.randomInt(others.length)]!
    const token = m.reacts.pop()!
    secrets.push(token.message, token.signature)
    const value = crypto.randomInt(2) ? 1 : -1
    const res = await m.client.vote(threadId, target.postId, value, token)
    assert.equal(res.status, 202, JSON.stringify(res.json))
    voted.push({ m, threadId, postId: target.postId, value })
    return 1
  }
  const voted: { m: Member; threadId: string; postId: string; value: 1 | -1 }[] = []

  {
    // Issuance first, in batches, for everyone…
    const react = directory.find((k) => k.company === null && k.purpose === 'react')!
    for (const m of shuffle([...members])) {
      const key = keyOf(m)
      m.keyIsCompany = key.company !== null
      m.tokens = await m.client.fetchTokens(m.cookie, key.keyId, 4)
      m.reacts = await m.client.fetchTokens(m.cookie, react.keyId, 4)
      // The yearly keys in the same batch, whether or not the member will write (DESIGN §2).
      const yearly = (purpose: string) => directory.find((k) => k.company === m.company && k.purpose === purpose)
      const reviewKey = yearly('review')
      const salaryKey = yearly('salary')
      if (reviewKey) m.yearly.review = (await m.client.fetchTokens(m.cookie, reviewKey.keyId, 1))[0]
      if (salaryKey) m.yearly.salary = (await m.client.fetchTokens(m.cookie, salaryKey.keyId, 1))[0]
      m.yearly.interview = await m.client.fetchTokens(m.cookie, directory.find((k) => k.company === null && k.purpose === 'interview')!.keyId, 2)
    }
    await loseConnections(t)
    // …then posting, later and in another order, each round its own mixing window.
    let i = 0
    for (const m of shuffle([...members])) await post(m, 'open', i++)
    await t.ctx.anon.mixer.flush()
    for (const m of shuffle([...members, ...members])) await post(m, 'reply', i++)
    await t.ctx.anon.mixer.flush()
    // Votes, a changed vote, and answers to the poll, in windows of their own.
    let votes = 0
    for (const m of shuffle([...members])) votes += await vote(m)
    await t.ctx.anon.mixer.flush()
    assert.ok(votes >= members.length / 2, `votes cast: ${votes}`)
    // Changed or withdrawn: the same key, no token.
    for (const v of voted.filter((_, k) => k % 2 === 0)) {
      const res = await v.m.client.vote(v.threadId, v.postId, v.value === 1 ? (crypto.randomInt(2) ? -1 : 0) : 1)
      assert.equal(res.status, 202, JSON.stringify(res.json))
    }
    await t.ctx.anon.mixer.flush()
    for (const m of shuffle([...members]).filter((x) => x.company !== 'tiny-shop')) {
      const token = m.reacts.pop()!
      secrets.push(token.message, token.signature)
      const res = await m.client.answer(polled!, crypto.randomInt(3), token)
      assert.equal(res.status, 202, JSON.stringify(res.json))
    }
    await t.ctx.anon.mixer.flush()
    const stored = await t.ctx.db.selectFrom('talkVote').select(['postId', 'authorKey']).execute()
    assert.ok(stored.length >= members.length / 2, 'the votes were stored')
    assert.ok((await t.ctx.db.selectFrom('talkPollAnswer').select('threadId').execute()).length > 0, 'the answers were stored')
    assert.ok((await t.ctx.db.selectFrom('talkImage').select('id').where('postId', 'is not', null).execute()).length > 0, 'the images were attached')
    assert.ok(boardOf.size > 0, 'threads on a company board')

    // Company records (issue 10), in windows of their own: reviews and salary reports with the
    // yearly company keys, interview reports with the null key, helpful marks with react tokens.
    const records: string[] = []
    const send = async (url: string, body: unknown) => {
      const res = await api({ method: 'POST', url, body })
      assert.equal(res.status, 202, `${url}: ${JSON.stringify(res.json)}`)
      return res.json.id as string
    }
    for (const m of shuffle([...members])) {
      const { review, salary, interview } = m.yearly
      for (const tok of [review, salary, ...interview]) if (tok) secrets.push(tok.message, tok.signature)
      if (review) {
        const ratings = { overall: 1 + crypto.randomInt(5), culture: 3, workLife: 2, compensation: 4, management: 3, growth: 3 }
        records.push(await send(`/api/v1/companies/${m.company}/reviews`, { token: review, ratings, recommend: true, pros: sentence(8), cons: sentence(8), employment: 'current', titleFamily: 'engineering' }))
      }
      if (salary) records.push(await send(`/api/v1/companies/${m.company}/salaries`, { token: salary, titleFamily: 'engineering', location: 'Shanghai', yearsExperience: 4, base: 300_000 + crypto.randomInt(200_000), currency: 'CNY', year: 2026 - crypto.randomInt(2) }))
      const elsewhere = Object.keys(COMPANIES).filter((c) => c !== m.company)[crypto.randomInt(2)]!
      records.push(await send(`/api/v1/companies/${elsewhere}/interviews`, { token: interview[0], position: 'Engineer', outcome: 'no_offer', difficulty: 3, experience: 'neutral', body: sentence(12) }))
    }
    await t.ctx.anon.mixer.flush()
    const reviews = await t.ctx.db.selectFrom('companyReview').select('id').execute()
    assert.ok(reviews.length >= 10, `reviews stored: ${reviews.length}`)
    for (const m of shuffle([...members])) {
      const token = m.reacts.pop()
      if (!token) continue
      secrets.push(token.message, token.signature)
      const reviewId = reviews[crypto.randomInt(reviews.length)]!.id
      const seed = crypto.randomBytes(32)
      secrets.push(seed.toString('base64url'))
      await send(`/api/v1/companies/${m.company}/reviews/${reviewId}/helpful`, { token, voter: signHelpful(seed, { reviewId, tokenMessage: token.message }) }).catch(() => 0)
    }
    await t.ctx.anon.mixer.flush()
    await recomputeSalaryCells(t.ctx.anon.db, t.ctx.clock.now())
    assert.ok((await t.ctx.db.selectFrom('companySalaryCell').select('count').execute()).length > 0, 'salary cells computed')
    assert.ok((await t.ctx.db.selectFrom('companyReviewHelpful').select('reviewId').execute()).length > 0, 'helpful marks stored')

    // Trust and safety (issue 11), in windows of their own: a held post (a phone number), reports
    // with the last react tokens, a moderator's removal, the author's appeal by key and its
    // decision, a locked thread, a real-name report and a takedown request — so the staff side
    // and the public log are in what the adversary gets.
    {
      const writer = members.find((m) => m.tokens.length > 0)!
      const token = writer.tokens.pop()!
      secrets.push(token.message, token.signature)
      const open = threads.filter((x) => !boardOf.has(x) || boardOf.get(x) === writer.company)
      const threadId = open[0]!
      const label = labels.get(`${writer.id}|${threadId}`) ?? 'alias'
      const held = await writer.client.reply(threadId, token, `call our manager on 138 1234 5678 ${sentence(4)}`, label)
      assert.equal(held.status, 202, JSON.stringify(held.json))
      labels.set(`${writer.id}|${threadId}`, label)
      authorOf.set(held.json.postId, writer.id)
      anonymitySet.set(held.json.postId, everyone)
      await t.ctx.anon.mixer.flush()
      assert.equal((await writer.client.writeState(held.json.postId)).json.state, 'held')
      const reported: string[] = []
      for (const m of shuffle([...members])) {
        const token = m.reacts.pop()
        if (!token) continue
        const mayRead = threads.filter((x) => !boardOf.has(x) || boardOf.get(x) === m.company)
        const threadId = mayRead[crypto.randomInt(mayRead.length)]!
        const target = postsIn.get(threadId)!.find((p) => p.author !== m.id)
        if (!target) continue
        secrets.push(token.message, token.signature)
        const res = await m.client.report(threadId, target.postId, crypto.randomInt(2) ? 'harassment' : 'personal_info', token)
        assert.equal(res.status, 202, JSON.stringify(res.json))
        reported.push(target.postId)
      }
      await t.ctx.anon.mixer.flush()
      assert.ok(reported.length > 0, 'reports were made')
      const up = await t.app.inject({ method: 'POST', url: '/api/v1/accounts', remoteAddress: SENTINEL_IP, headers: { 'user-agent': SENTINEL_UA }, payload: { name: `Subpoena Moderator ${rand()}`, email: `mod.${rand()}@example.com`, password: 'a long enough passphrase' } })
      const mod = `wc_session=${up.cookies.find((c) => c.name === 'wc_session')!.value}`
      secrets.push(mod.split('=')[1]!)
      await t.ctx.db.updateTable('account').set({ role: 'moderator' }).where('id', '=', up.json().id).execute()
      const queue = await api({ method: 'GET', url: '/api/v1/moderation/queue', cookie: mod })
      assert.ok(queue.json.items.length >= 2, JSON.stringify(queue.json))
      const removed = reported[0]!
      const act = (body: Record<string, unknown>) => api({ method: 'POST', url: '/api/v1/moderation/actions', cookie: mod, body })
      assert.equal((await act({ targetType: 'talk_post', targetId: removed, action: 'remove', reason: 'harassment', note: 'staff note' })).status, 200)
      const author = members.find((m) => m.id === authorOf.get(removed))!
      const thread = [...postsIn].find(([, ps]) => ps.some((p) => p.postId === removed))![0]
      const appealed = await author.client.appeal(thread, removed, sentence(10))
      assert.equal(appealed.status, 202, JSON.stringify(appealed.json))
      await t.ctx.anon.mixer.flush()
      assert.equal((await act({ targetType: 'talk_post', targetId: removed, action: 'uphold', reason: 'harassment' })).status, 200)
      assert.equal((await act({ targetType: 'talk_thread', targetId: threads.at(-1)!, action: 'lock', reason: 'harassment' })).status, 200)
      assert.equal((await act({ targetType: 'talk_post', targetId: held.json.postId, action: 'restore', reason: 'phone_number' })).status, 200)
      const feed = await api({ method: 'POST', url: '/api/v1/feed/posts', cookie: members[0]!.cookie, body: { body: `feed post ${rand()} ${rand()}` } })
      assert.equal(feed.status, 201, JSON.stringify(feed.json))
      assert.equal((await api({ method: 'POST', url: '/api/v1/reports', cookie: members[1]!.cookie, body: { targetType: 'feed_post', targetId: feed.json.id, reason: 'spam' } })).status, 201)
      assert.equal((await api({ method: 'POST', url: '/api/v1/takedown-requests', body: { contact: 'named@example.org', url: `/talk/t/${thread}#post-${removed}`, reason: 'personal_info', details: sentence(8) } })).status, 201)
    }

    // An admin finds beta-labs to be alpha-corp and merges them (issue 10): Work Talk's rows
    // follow in the merge's own transaction — beta's board threads, posts labelled with it — so
    // the WAL, the dead row versions and the tables the adversary gets hold a merge too. Its
    // account-side rows are every beta member's employment at once, never one author's.
    if ('beta-labs' in (opts.companies ?? COMPANIES) && 'alpha-corp' in (opts.companies ?? COMPANIES)) {
      const up = await t.app.inject({ method: 'POST', url: '/api/v1/accounts', remoteAddress: SENTINEL_IP, headers: { 'user-agent': SENTINEL_UA, 'x-forwarded-for': SENTINEL_XFF }, payload: { name: `Subpoena Admin ${rand()}`, email: `admin.${rand()}@example.com`, password: 'a long enough passphrase' } })
      assert.equal(up.statusCode, 201, up.body)
      const admin = `wc_session=${up.cookies.find((c) => c.name === 'wc_session')!.value}`
      secrets.push(admin.split('=')[1]!)
      await t.ctx.db.updateTable('account').set({ role: 'admin' }).where('id', '=', up.json().id).execute()
      const betaPosts = (await t.ctx.db.selectFrom('talkPost').select('id').where('companySlug', '=', 'beta-labs').execute()).length
      assert.ok(betaPosts > 0, 'posts labelled with the company to merge')
      const merged = await api({ method: 'POST', url: '/api/v1/companies/beta-labs/merge', cookie: admin, body: { into: 'alpha-corp' } })
      assert.equal(merged.status, 200, JSON.stringify(merged.json))
      assert.equal((await t.ctx.db.selectFrom('talkPost').select('id').where('companySlug', '=', 'beta-labs').execute()).length, 0, 'the merge relabelled them')
      assert.equal((await t.ctx.db.selectFrom('talkThread').select('id').where('board', '=', true).where('channel', '=', 'beta-labs').execute()).length, 0, 'and moved the board')
    }
  }
  for (const m of members) secrets.push(...m.client.exchanged)
  const knowledge: Knowledge = { authorOf, anonymitySet, secrets }
  return { members, knowledge }
}

export const LOST_CONNECTION = 'lost a database connection; the next query opens a new one'

/**
 * On PostgreSQL, ends the app's database connections from outside, as a server restart would, so
 * the warning the app logs then is in the log the adversary reads (PGlite has no server to do it).
 */
async function loseConnections(t: TestApp) {
  if (!t.ctx.database.url) return
  const name = new URL(t.ctx.database.url).pathname.slice(1)
  await adminQuery(TEST_DATABASE_URL!, `select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}' and application_name <> '${STORAGE_APPLICATION_NAME}'`)
  // Until the pool has seen every one of them go (and logged it), so no query meets a dead one.
  for (let i = 0; i < 500 && t.ctx.database.openConnections() > 0; i++) await new Promise((r) => setTimeout(r, 10))
}
