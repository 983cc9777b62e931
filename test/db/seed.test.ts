/**
 * Issue 12: `npm run seed` (scripts/seed-data.ts). Seeds 2,000 posts into fresh databases and
 * checks the counts the constants promise, determinism by seed, the anonymity rules of Work Talk
 * (whole minutes, no account in any post-side table, a fresh key per author per thread), valid
 * connections, and that the app's own read paths (threads by hot, search) work on the data.
 */
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Writable } from 'node:stream'
import { after, before, describe, it } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { buildApp } from '../../server/src/app.js'
import { envToConfig } from '../../server/src/config.js'
import { type AppContext, createAppContext } from '../../server/src/context.js'
import { createSession } from '../../server/src/services/sessions/sessions.js'
import { plannedCounts, SEED, type SeedCounts, seedDatabase } from '../../scripts/seed-data.js'
import { freshDatabase } from '../support/db.js'

const POSTS = 2000
/** A fixed clock, not at a whole minute: seeded times must still be whole minutes. */
const clock = { now: () => new Date('2026-12-01T12:00:37.250Z') }

interface Seeded {
  ctx: AppContext
  counts: SeedCounts
  close(): Promise<void>
}

async function seeded(seed: number): Promise<Seeded> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wc-seed-'))
  const config = envToConfig({ DATA_DIR: dataDir, SERVER_SECRET: 'test-secret-test-secret-test-secret-0123456789', LOG_LEVEL: 'warn', TALK_MIX_WINDOW_S: '0' })
  const quiet = new Writable({ write: (_c, _e, done) => done() })
  const ctx = await createAppContext(config, { database: await freshDatabase(), clock, logStream: quiet })
  const counts = await seedDatabase(ctx, { posts: POSTS, seed })
  return {
    ctx,
    counts,
    async close() {
      await ctx.close()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

const postsOf = async (s: Seeded) => (await s.ctx.db.selectFrom('talkPost').select(['id', 'body']).orderBy('id').execute())
const count = async (s: Seeded, table: string) => Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(s.ctx.db)).rows[0]!.n)

describe('npm run seed (scripts/seed-data.ts)', () => {
  let a: Seeded
  let app: FastifyInstance
  before(async () => {
    a = await seeded(1)
    app = await buildApp(a.ctx, { logger: false })
    await app.ready()
  })
  after(async () => {
    await app?.close()
    await a?.close()
  })

  it('writes the counts the constants say, and exactly N posts', async () => {
    const plan = plannedCounts(POSTS)
    assert.deepEqual(
      { ...a.counts, talkVote: 0, feedLike: 0 },
      {
        company: plan.companies, account: plan.accounts, profile: plan.accounts, employment: plan.employed, talkThread: plan.threads, talkPost: POSTS, talkVote: 0,
        connection: plan.connections, feedPost: plan.feedPosts, feedLike: 0, conversation: plan.conversations, message: plan.messages,
      },
    )
    assert.equal(a.counts.talkPost, 2000)
    assert.ok(plan.companies >= SEED.minCompanies)
    assert.equal(plan.connections * 2, plan.accounts * SEED.connectionsPerAccount)
    // The tables hold what the counts say.
    for (const [table, key] of [['company', 'company'], ['account', 'account'], ['profile', 'profile'], ['employment', 'employment'], ['talk_thread', 'talkThread'], ['talk_post', 'talkPost'], ['talk_vote', 'talkVote'], ['connection', 'connection'], ['feed_post', 'feedPost'], ['feed_like', 'feedLike'], ['conversation', 'conversation'], ['message', 'message'], ['search_person', 'account'], ['search_company', 'company'], ['search_feed_post', 'feedPost']] as const) {
      assert.equal(await count(a, table), a.counts[key], table)
    }
    // ~2 votes per post, as many as the posts' counters say.
    assert.ok(a.counts.talkVote > 1.5 * POSTS && a.counts.talkVote < 2.5 * POSTS, `votes: ${a.counts.talkVote}`)
    const { rows } = await sql<{ n: string }>`select sum(ups + downs) as n from talk_post`.execute(a.ctx.db)
    assert.equal(Number(rows[0]!.n), a.counts.talkVote)
  })

  it('keeps derived columns as the write paths keep them', async () => {
    const bad = await sql<{ id: string }>`
      select t.id from talk_thread t
      where t.reply_count <> (select count(*) - 1 from talk_post p where p.thread_id = t.id)
         or t.visible_posts <> (select count(*) from talk_post p where p.thread_id = t.id)
         or t.repliers <> (select count(distinct author_key) from talk_post p where p.thread_id = t.id and p.author_tag <> 'OP')
         or t.last_post_at <> (select max(created_at) from talk_post p where p.thread_id = t.id)
         or t.score <> (select score from talk_post p where p.thread_id = t.id and p.is_opening)
         or t.highlight_post_id is distinct from (select id from talk_post p where p.thread_id = t.id and not p.is_opening and p.score > 0 order by score desc, position asc limit 1)`.execute(a.ctx.db)
    assert.deepEqual(bad.rows, [])
    const votes = await sql<{ id: string }>`select p.id from talk_post p where p.ups <> (select count(*) from talk_vote v where v.post_id = p.id and v.value = 1) or p.downs <> (select count(*) from talk_vote v where v.post_id = p.id and v.value = -1)`.execute(a.ctx.db)
    assert.deepEqual(votes.rows, [])
    const search = await sql<{ n: string }>`select count(*) as n from talk_post where (search is null) = is_opening`.execute(a.ctx.db)
    assert.equal(Number(search.rows[0]!.n), 0)
    const likes = await sql<{ id: string }>`select f.id from feed_post f where f.like_count <> (select count(*) from feed_like l where l.post_id = f.id)`.execute(a.ctx.db)
    assert.deepEqual(likes.rows, [])
  })

  it('gives the same rows for the same seed, and others for another seed', async () => {
    const b = await seeded(1)
    const c = await seeded(2)
    try {
      const [pa, pb, pc] = [await postsOf(a), await postsOf(b), await postsOf(c)]
      assert.equal(pa.length, POSTS)
      assert.deepEqual(pb, pa)
      const ids = new Set(pa.map((p) => p.id))
      assert.equal(pc.filter((p) => ids.has(p.id)).length, 0)
      assert.notDeepEqual(pc.map((p) => p.body), pa.map((p) => p.body))
      const keys = async (s: Seeded) => (await s.ctx.db.selectFrom('talkPost').select('authorKey').orderBy('id').execute()).map((r) => r.authorKey.toString('hex'))
      assert.deepEqual(await keys(b), await keys(a))
    } finally {
      await b.close()
      await c.close()
    }
  })

  it('keeps post-side times at whole minutes', async () => {
    const { rows } = await sql<{ n: string }>`
      select (select count(*) from talk_post where created_at <> date_trunc('minute', created_at))
           + (select count(*) from talk_thread where created_at <> date_trunc('minute', created_at) or last_post_at <> date_trunc('minute', last_post_at)) as n`.execute(a.ctx.db)
    assert.equal(Number(rows[0]!.n), 0)
  })

  it('puts nothing of an account into talk_thread, talk_post or talk_vote', async () => {
    const accounts = await a.ctx.db.selectFrom('account').select(['id', 'email', 'handle', 'passwordHash']).execute()
    const sessions = await a.ctx.db.selectFrom('session').select('id').execute()
    for (const table of ['talk_thread', 'talk_post', 'talk_vote']) {
      const { rows } = await sql<{ j: string }>`select coalesce(json_agg(t)::text, '') as j from ${sql.table(table)} t`.execute(a.ctx.db)
      const text = rows[0]!.j.toLowerCase()
      assert.ok(text.length > 1000, table)
      for (const acc of accounts) {
        // The id as text, and its bytes as hex (how bytea columns such as author_key come out in JSON).
        for (const v of [acc.id, acc.id.replace(/-/g, ''), acc.email, acc.handle, acc.passwordHash]) assert.ok(!text.includes(v.toLowerCase()), `${table} holds ${v}`)
      }
      for (const s of sessions) assert.ok(!text.includes(s.id), `${table} holds a session id`)
    }
    for (const table of ['talk_issuance', 'talk_spent_token']) assert.equal(await count(a, table), 0, table)
  })

  it('uses a fresh pseudonym key per author per thread, and labels only companies with a key', async () => {
    const shared = await sql`select author_key from talk_post group by author_key having count(distinct thread_id) > 1`.execute(a.ctx.db)
    assert.deepEqual(shared.rows, [])
    const voters = await sql`select v.author_key from talk_vote v join talk_post p on p.id = v.post_id group by v.author_key having count(distinct p.thread_id) > 1`.execute(a.ctx.db)
    assert.deepEqual(voters.rows, [])
    // One label per key in a thread, and a company label only for a company with enough current employees.
    const mixed = await sql`select thread_id, author_key from talk_post group by thread_id, author_key having count(distinct (label, voice, company_slug, author_tag)) > 1`.execute(a.ctx.db)
    assert.deepEqual(mixed.rows, [])
    const { rows } = await sql<{ slug: string }>`
      select distinct p.company_slug as slug from talk_post p where p.company_slug is not null
      and (select count(*) from employment e join company c on c.id = e.company_id where c.slug = p.company_slug and e.ended_on is null) < ${a.ctx.config.minAnonymitySet}`.execute(a.ctx.db)
    assert.deepEqual(rows, [])
    const alias = await sql<{ n: string }>`select count(*) as n from talk_post where label = 'alias' and (voice is not null or company_slug is not null or company_name is not null)`.execute(a.ctx.db)
    assert.equal(Number(alias.rows[0]!.n), 0)
  })

  it('writes valid connections: one accepted row per pair, never to oneself', async () => {
    const dup = await sql`select least(requester_id, addressee_id), greatest(requester_id, addressee_id) from connection group by 1, 2 having count(*) > 1`.execute(a.ctx.db)
    assert.deepEqual(dup.rows, [])
    const bad = await sql<{ n: string }>`select count(*) as n from connection where requester_id = addressee_id or state <> 'accepted' or accepted_at is null or accepted_at < created_at`.execute(a.ctx.db)
    assert.equal(Number(bad.rows[0]!.n), 0)
    const per = await sql<{ min: number; max: number }>`
      select min(n)::int as min, max(n)::int as max from (select a.id, count(c.id) as n from account a left join connection c on a.id in (c.requester_id, c.addressee_id) group by a.id) x`.execute(a.ctx.db)
    assert.ok(per.rows[0]!.min >= SEED.connectionsPerAccount / 2, `min connections ${per.rows[0]!.min}`)
    // Conversations are between connected members, their last message kept.
    const conv = await sql<{ n: string }>`
      select count(*) as n from conversation c where c.last_message_id is distinct from (select max(id) from message m where m.conversation_id = c.id)
      or (select count(*) from conversation_member cm where cm.conversation_id = c.id) <> 2`.execute(a.ctx.db)
    assert.equal(Number(conv.rows[0]!.n), 0)
  })

  it('is read by the app: threads by hot, and search finds 年终奖', async () => {
    const member = await a.ctx.db
      .selectFrom('employment')
      .select('accountId')
      .orderBy('accountId')
      .limit(1)
      .executeTakeFirstOrThrow()
    const cookie = `wc_session=${(await createSession(a.ctx, member.accountId)).token}`
    const hot = await app.inject({ method: 'GET', url: '/api/v1/talk/threads?channel=general&sort=hot', headers: { cookie } })
    assert.equal(hot.statusCode, 200, hot.body)
    const threads = (hot.json() as { threads: { id: string }[] }).threads
    assert.ok(threads.length > 0)
    const top = await a.ctx.db.selectFrom('talkThread').select('id').where('channel', '=', 'general').orderBy('hot', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow()
    assert.equal(threads[0]!.id, top.id)

    const found = await app.inject({ method: 'GET', url: `/api/v1/search?q=${encodeURIComponent('年终奖')}`, headers: { cookie } })
    assert.equal(found.statusCode, 200, found.body)
    const types = new Set((found.json() as { results: { type: string }[] }).results.map((r) => r.type))
    assert.ok(types.has('thread'), found.body.slice(0, 500))
    assert.ok(types.has('post'), found.body.slice(0, 500))
  })
})
