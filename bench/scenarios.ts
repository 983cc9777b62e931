/**
 * What `npm run bench` measures. To benchmark a new endpoint, push a scenario:
 *
 *   scenarios.push({
 *     name: 'GET /api/v1/me',
 *     server: 'watercooler',
 *     // Runs once before the warm-up; returns the requests to repeat (here with a session cookie).
 *     setup: async ({ watercooler }) => {
 *       const res = await fetch(`${watercooler.origin}/api/v1/accounts`, { method: 'POST', … })
 *       return [{ path: '/api/v1/me', headers: { cookie: … } }]
 *     },
 *   })
 *
 * Every response must have `expectStatus` (200 unless set), or the scenario is reported as failed.
 * The table compares each scenario's requests/s with BASELINE's.
 */
import { type Forum, seedForum } from './forum.js'
import type { BenchEnv, Scenario } from './lib.js'
import { type Network, seedNetwork } from './network.js'
import { benchSeeded, openSeeded, type Seeded } from './seeded.js'

export const BASELINE = 'bare Fastify GET /health'

export const scenarios: Scenario[] = []

scenarios.push({
  name: BASELINE,
  server: 'bare',
  requests: [{ path: '/health' }],
})

scenarios.push({
  name: 'GET /api/v1/health',
  server: 'watercooler',
  requests: [{ path: '/api/v1/health' }],
})

// Work Talk reading, on a seeded forum (bench/forum.ts): BENCH_FORUM_THREADS threads (default
// 5,000) of BENCH_FORUM_REPLIES replies (default 19: 100,000 posts), and one busy thread of 200
// replies with its votes and images. Seeded once, by the first of the two scenarios.
// With BENCH_SEEDED=1 both are what `npm run seed` wrote (bench/seeded.ts), and nothing is seeded here.
let seeded: Promise<Seeded> | null = null
const seededOf = (env: BenchEnv) =>
  (seeded ??= openSeeded(env.watercooler).then((s) => {
    console.log(`\n${s.summary.replace(/^/gm, '  ')}`)
    return s
  }))
let forum: Promise<Forum> | null = null
const forumOf = (env: BenchEnv) => {
  if (benchSeeded()) return seededOf(env).then((s) => s.forum)
  const threads = Number(process.env.BENCH_FORUM_THREADS || 5_000)
  const repliesPerThread = Number(process.env.BENCH_FORUM_REPLIES || 19)
  forum ??= seedForum(env.watercooler, { threads, repliesPerThread, busiestReplies: 200 }).then((f) => {
    console.log(`\n  (forum: ${f.posts.toLocaleString('en')} posts in ${threads.toLocaleString('en')} threads; the busy thread has ${f.votes} votes and ${f.images} images)`)
    return f
  })
  return forum
}

scenarios.push({
  name: 'GET /api/v1/talk/threads?sort=hot (hot list)',
  server: 'watercooler',
  setup: async (env) => {
    const f = await forumOf(env)
    return [{ path: '/api/v1/talk/threads?sort=hot', headers: { cookie: f.cookie } }]
  },
})

scenarios.push({
  name: 'GET /api/v1/talk/threads/:id (the busiest thread: a page of posts, votes, images)',
  server: 'watercooler',
  setup: async (env) => {
    const f = await forumOf(env)
    return [{ path: `/api/v1/talk/threads/${f.busiest}`, headers: { cookie: f.cookie } }]
  },
})

// The real-name network (bench/network.ts): BENCH_NETWORK_MEMBERS members (default 2,000), the
// reader connected to BENCH_NETWORK_CONNECTIONS of them (default 200), BENCH_NETWORK_POSTS feed
// posts (default 20,000) indexed for search, a conversation of 500 messages. Seeded once.
let network: Promise<Network> | null = null
const networkOf = (env: BenchEnv) => {
  if (benchSeeded()) return seededOf(env).then((s) => s.network)
  network ??= seedNetwork(env.watercooler, {
    members: Number(process.env.BENCH_NETWORK_MEMBERS || 2_000),
    connections: Number(process.env.BENCH_NETWORK_CONNECTIONS || 200),
    posts: Number(process.env.BENCH_NETWORK_POSTS || 20_000),
    messages: 500,
  }).then((n) => {
    console.log(`\n  (network: ${n.members.toLocaleString('en')} members, ${n.posts.toLocaleString('en')} feed posts, a conversation of ${n.messages} messages)`)
    return n
  })
  return network
}

scenarios.push({
  name: 'GET /api/v1/feed (home feed)',
  server: 'watercooler',
  setup: async (env) => {
    const n = await networkOf(env)
    return [{ path: '/api/v1/feed', headers: { cookie: n.cookie } }]
  },
})

scenarios.push({
  name: 'GET /api/v1/conversations/:id/messages (a page)',
  server: 'watercooler',
  setup: async (env) => {
    const n = await networkOf(env)
    return [{ path: `/api/v1/conversations/${n.conversationId}/messages`, headers: { cookie: n.cookie } }]
  },
})

scenarios.push({
  name: 'GET /api/v1/search (people, posts, threads; en and zh)',
  server: 'watercooler',
  setup: async (env) => {
    const n = await networkOf(env)
    await forumOf(env)
    // A name, a misspelt one, a Chinese word inside a sentence, English words of posts and titles: all in both data sets.
    return ['Wei Zhang', 'Wie Zhang', '年终奖', 'release', 'reorg'].map((q) => ({ path: `/api/v1/search?q=${encodeURIComponent(q)}`, headers: { cookie: n.cookie } }))
  },
})
