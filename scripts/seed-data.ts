/**
 * Realistic data in proportion to a number of Work Talk posts (issue 12), for `npm run seed` and
 * for measuring `npm run bench` at 100k and 1M posts. Rows are written straight into the tables in
 * multi-row batches (votes with one INSERT … SELECT generate_series on the server); every derived
 * column (counters, hot rank, highlight, feed rank, search documents) is computed the way the
 * write paths compute it, with the same functions.
 *
 * Work Talk keeps the anonymity rules (DESIGN §3, §4): no account id, session or e-mail in any
 * post-side table; a fresh pseudonym key per author per thread; times at whole minutes; labels
 * "alias", or "company" naming only a company that has a key (at least MIN_ANONYMITY_SET current
 * employees); no token or issuance rows at all (nothing on the account side says who drew what).
 *
 * Determinism: everything random — ids, keys, texts, times — comes from a seeded counter-mode
 * PRNG (AES-256-CTR, see Rng) and, for votes, from SHA-256 of the seed, the post id and the vote's
 * number in SQL: the same `seed` gives the same rows. Seeded data is dated relative to a fixed
 * "now": ctx.clock at the start, rounded down to the minute (so two runs differ only in dates if
 * their clocks do).
 */
import crypto from 'node:crypto'
import { type Kysely, sql } from 'kysely'
import { companyDocument, feedPostDocument, personDocument, threadDocument, tsvectorText } from '../shared/src/search/documents.js'
import { hotScore } from '../shared/src/talk/hot.js'
import { type AppContext, addDays, dayOf } from '../server/src/context.js'
import type { DB } from '../server/src/db/schema.js'
import { hashPassword } from '../server/src/services/accounts/passwords.js'
import { rankScore } from '../server/src/services/feed/rank.js'
import { VERIFICATION_VALID_DAYS } from '../server/src/services/verifications/employments.js'

/** How much of everything there is per Work Talk post (N = `posts`). */
export const SEED = {
  /** Companies: N / 5,000, at least 5. */
  postsPerCompany: 5_000,
  minCompanies: 5,
  /** Accounts (each with a profile and a search document): N / 20, at least 20. */
  postsPerAccount: 20,
  minAccounts: 20,
  /** Share of accounts with a verified, current employment at one of the companies. */
  employedShare: 0.6,
  /** Work Talk threads: N / 20; their replies make the posts total exactly N. */
  postsPerThread: 20,
  /** Votes: each post gets 0–3 up and 0–1 down votes at random, ~2 per post. */
  maxUps: 3,
  maxDowns: 1,
  /** Accepted real-name connections per account (one row per pair: each account starts half of its own). */
  connectionsPerAccount: 10,
  /** Real-name feed posts: N / 10; each liked by 0–4 other members (like_count kept from those rows). */
  postsPerFeedPost: 10,
  maxLikes: 4,
  /** Direct messages: N / 10, in one-to-one conversations of connected members, MESSAGES_PER_CONVERSATION each. */
  postsPerMessage: 10,
  messagesPerConversation: 10,
  /** Everything is dated within this many days before "now". */
  days: 30,
  /** The one password every seeded account has (hashed once). */
  password: 'seeded member passphrase',
  /** Rows per INSERT. */
  batch: 1_000,
} as const

/** Work Talk channels seeded (all open or topic channels of the forum migration; no boards). */
const CHANNELS = ['general', 'compensation', 'layoffs', 'interviews', 'tech', 'career', 'off-topic']

const COMPANY_NAMES = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Pied Piper', 'Soylent', 'Stark', 'Wayne', 'Tyrell', 'Cyberdyne', 'Wonka', 'Vandelay', 'Massive', 'Aperture', 'Black Mesa', '蓝海科技', '星辰网络', '云端数据', '华北银行']
const COMPANY_SUFFIXES = ['', ' Labs', ' Systems', ' Group', ' Digital', ' Works', ' Holdings', ' Tech']
const INDUSTRIES = ['software', 'finance', 'retail', 'manufacturing', 'media', 'health']
const FIRST = ['Wei', 'Li', 'Ana', 'Ben', 'Chen', 'Dara', 'Eli', 'Fang', 'Gus', 'Hui', 'Ivy', 'Jun', 'Kai', 'Lan', 'Mei', 'Nico', 'Omar', 'Priya', 'Rosa', 'Sam', 'Tao', 'Uma', 'Yan', 'Zoe']
const LAST = ['Zhang', 'Wang', 'Liu', 'Smith', 'Garcia', 'Chen', 'Yang', 'Huang', 'Kim', 'Singh', 'Lopez', 'Zhao', 'Müller', 'Okafor', 'Novak', 'Tanaka']
const HEADLINES = ['Software engineer', 'Senior backend engineer', '产品经理 at a bank', 'Data scientist', 'Engineering manager', 'UX designer', '前端工程师', 'Recruiter', 'Sales lead', '运营专员', 'Product designer', 'Site reliability engineer']
const LOCATIONS = ['Shanghai', 'Beijing', 'Berlin', 'London', 'New York', 'Shenzhen', 'Singapore', 'Remote']
const TITLES = [
  'What is the reorg really about?',
  'Is anyone else getting a raise this year?',
  '今年的年终奖取消了',
  'How long did your offer negotiation take?',
  'Layoffs rumoured for next quarter',
  '面试官问了一个很奇怪的问题',
  'Return-to-office mandate: how strict is it at yours?',
  '大家觉得现在跳槽合适吗？',
  'Best way to ask for a promotion?',
  'On-call is burning our team out',
  '加班太多了，怎么办',
  'Does anyone know the new bonus policy?',
]
const SENTENCES = [
  'Our manager said nothing in the all-hands, which says a lot.',
  '今年的年终奖取消了，大家那边呢？',
  'We were told the budget is frozen until further notice.',
  '我们组还在等正式通知。',
  'I negotiated for two weeks and got 10% more than the first offer.',
  'Honestly the interview process was the best part of the job.',
  '听说下个月要裁员，不知道是真是假。',
  'Same here, nobody tells us anything.',
  'Ask for it in writing, always.',
  '公司的福利越来越少了。',
  'The new VP wants everything in a spreadsheet by Friday.',
  'If you can, talk to people on the team before you accept.',
  '面试一共五轮，最后一轮是总监。',
  'It depends a lot on the team, not the company.',
  'We moved to a four-day office week and half the team left.',
  '薪资涨了百分之五，比去年好一点。',
]
const FEED_BODIES = [
  'Shipped the **new release** today — thanks to everyone who tested it. What should we build next?',
  '今年的年终奖取消了，大家那边呢？我们组还在等正式通知。',
  'We are hiring backend engineers in Shanghai and Berlin. Message me if you want a referral.',
  'Three things I learned from running interviews for a year: be kind, be concrete, be on time.',
  '很高兴加入新团队，期待接下来的挑战！',
  'Proud of the team for a smooth migration to the new data centre.',
  'Looking for recommendations: good books on engineering management?',
  '分享一下我们在性能优化方面的经验。',
]
const MESSAGES = ['Hi! Are we still on for Thursday?', 'Thanks for the referral, I owe you one.', '好的，明天见。', 'Can you send me the slides?', '收到，谢谢！', 'Let me check and get back to you.', 'Congrats on the new role!', '下周一起吃个饭？']

export interface SeedCounts {
  company: number
  account: number
  profile: number
  employment: number
  talkThread: number
  talkPost: number
  talkVote: number
  connection: number
  feedPost: number
  feedLike: number
  conversation: number
  message: number
}

/** The counts a seed of `posts` gives, by the constants above (votes and likes are random). */
export function plannedCounts(posts: number) {
  const accounts = Math.max(SEED.minAccounts, Math.ceil(posts / SEED.postsPerAccount))
  const threads = Math.max(1, Math.ceil(posts / SEED.postsPerThread))
  const messages = Math.ceil(posts / SEED.postsPerMessage)
  return {
    companies: Math.max(SEED.minCompanies, Math.round(posts / SEED.postsPerCompany)),
    accounts,
    employed: Math.round(accounts * SEED.employedShare),
    threads,
    posts,
    connections: Math.floor((accounts * Math.min(SEED.connectionsPerAccount, 2 * Math.floor((accounts - 1) / 2))) / 2),
    feedPosts: Math.ceil(posts / SEED.postsPerFeedPost),
    conversations: Math.ceil(messages / SEED.messagesPerConversation),
    messages,
  }
}

/**
 * A seeded PRNG: the AES-256-CTR keystream of a key derived from the seed and a stream name (one
 * stream per table group). Unlike a 32-bit generator (mulberry32) whose streams are offsets in one
 * cycle of 2^32 and could overlap, streams here never repeat each other's bytes — so no value of
 * the account side (ids) can reappear on the post side (ids, keys). Fast: read in 64 KiB blocks.
 */
class Rng {
  private readonly cipher: crypto.Cipher
  private block = Buffer.alloc(0)
  private at = 0
  private static readonly ZEROS = Buffer.alloc(65_536)
  constructor(seed: number, stream: string) {
    const key = crypto.createHash('sha256').update(`watercooler/seed/${seed}/${stream}`).digest()
    this.cipher = crypto.createCipheriv('aes-256-ctr', key, Buffer.alloc(16))
  }
  /** Makes sure `n` (at most 64 KiB) unread bytes are there. */
  private fill(n: number): void {
    if (this.at + n <= this.block.length) return
    this.block = Buffer.concat([this.block.subarray(this.at), this.cipher.update(Rng.ZEROS)])
    this.at = 0
  }
  bytes(n: number): Buffer {
    this.fill(n)
    const out = Buffer.from(this.block.subarray(this.at, this.at + n))
    this.at += n
    return out
  }
  u32(): number {
    this.fill(4)
    const v = this.block.readUInt32LE(this.at)
    this.at += 4
    return v
  }
  /** In [0, 1). */
  next(): number {
    return this.u32() / 4_294_967_296
  }
  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n)
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!
  }
  /** A version-4-shaped uuid. */
  uuid(): string {
    const h = this.bytes(16)
    h[6] = (h[6]! & 0x0f) | 0x40
    h[8] = (h[8]! & 0x3f) | 0x80
    const x = h.toString('hex')
    return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`
  }
}

const MINUTE = 60_000
const tsv = (doc: { a: readonly string[]; b: readonly string[] }) => sql<string>`${tsvectorText(doc)}::tsvector`

/** Writes rows in batches of SEED.batch, up to `parallel` statements at once (PostgreSQL's pool; PGlite queues them). */
async function insertRows(db: Kysely<DB>, table: keyof DB, rows: Record<string, unknown>[], parallel: number): Promise<void> {
  const batches: Record<string, unknown>[][] = []
  for (let i = 0; i < rows.length; i += SEED.batch) batches.push(rows.slice(i, i + SEED.batch))
  let next = 0
  const worker = async () => {
    while (next < batches.length) {
      const b = batches[next++]!
      await db.insertInto(table).values(b as never).execute()
    }
  }
  await Promise.all(Array.from({ length: Math.min(parallel, batches.length) }, worker))
}

/** Fills the database with data in proportion to `posts` Work Talk posts; returns each table's rows written. */
export async function seedDatabase(ctx: AppContext, opts: { posts: number; seed: number; log?: (line: string) => void }): Promise<SeedCounts> {
  if (!Number.isInteger(opts.posts) || opts.posts < 1) throw new Error('posts must be a positive integer')
  const db = ctx.db
  const log = opts.log ?? (() => {})
  const parallel = ctx.database.kind === 'postgres' ? 4 : 1
  const plan = plannedCounts(opts.posts)
  const now = Math.floor(ctx.clock.now().getTime() / MINUTE) * MINUTE
  const today = dayOf(new Date(now))
  /** A whole minute within SEED.days before now. */
  const minuteAgo = (rng: Rng) => now - rng.int(SEED.days * 24 * 60) * MINUTE
  const write = (table: keyof DB, rows: Record<string, unknown>[]) => insertRows(db, table, rows, parallel)

  // Companies, with their search documents.
  const rc = new Rng(opts.seed, 'company')
  const companies = Array.from({ length: plan.companies }, (_, i) => {
    const base = COMPANY_NAMES[i % COMPANY_NAMES.length]! + COMPANY_SUFFIXES[Math.floor(i / COMPANY_NAMES.length) % COMPANY_SUFFIXES.length]!
    const round = Math.floor(i / (COMPANY_NAMES.length * COMPANY_SUFFIXES.length))
    const name = round ? `${base} ${round + 1}` : base
    const slug = `seed${opts.seed}-${i}`
    return { id: rc.uuid(), slug, name, domains: [`${slug}.example.com`], industry: rc.pick(INDUSTRIES), createdOn: addDays(today, -365 - rc.int(365)) }
  })
  await write('company', companies)
  await write('searchCompany', companies.map((c) => { const d = companyDocument(c); return { companyId: c.id, trigrams: d.trigrams, doc: tsv(d) } }))
  log(`companies: ${companies.length}`)

  // Accounts (one password hash for all), profiles, search documents.
  const passwordHash = await hashPassword(SEED.password)
  const ra = new Rng(opts.seed, 'account')
  const accounts = Array.from({ length: plan.accounts }, (_, i) => {
    const first = ra.pick(FIRST)
    const last = ra.pick(LAST)
    const email = `member${i}.seed${opts.seed}@example.com`
    return { id: ra.uuid(), handle: `${first}-${i}-s${opts.seed}`.toLowerCase(), name: `${first} ${last}`, email, emailNormalized: email, passwordHash, language: ra.next() < 0.3 ? 'zh-CN' : 'en', createdOn: addDays(today, -ra.int(2 * 365)) }
  })
  const profiles = accounts.map((a) => ({ accountId: a.id, headline: ra.pick(HEADLINES), location: ra.pick(LOCATIONS) }))
  await write('account', accounts)
  await write('profile', profiles)
  await write('searchPerson', profiles.map((p, i) => { const d = personDocument({ name: accounts[i]!.name, headline: p.headline }); return { accountId: p.accountId, trigrams: d.trigrams, doc: tsv(d) } }))
  log(`accounts: ${accounts.length}`)

  // Verified, current employments (recordEmployment's row): every company gets one, then skewed (a few big employers).
  const re = new Rng(opts.seed, 'employment')
  const current = new Map<string, number>()
  const employments = accounts.slice(0, plan.employed).map((a, i) => {
    const c = i < companies.length ? i : Math.floor(companies.length * re.next() ** 2)
    const company = companies[c]!
    current.set(company.slug, (current.get(company.slug) ?? 0) + 1)
    const verifiedOn = addDays(today, -re.int(300))
    return { id: re.uuid(), accountId: a.id, companyId: company.id, method: 'email', verifiedOn, expiresOn: addDays(verifiedOn, VERIFICATION_VALID_DAYS), endedOn: null, workEmailHmac: null, reminderSent: false }
  })
  await write('employment', employments)
  log(`employments: ${employments.length}`)

  // Work Talk. Only companies with a key (enough current employees) can be named by a label.
  const labelled = companies.filter((c) => (current.get(c.slug) ?? 0) >= ctx.config.minAnonymitySet)
  const rt = new Rng(opts.seed, 'talk')
  const label = () => {
    const x = rt.next()
    if (x < 0.25 && labelled.length) {
      const c = rt.pick(labelled)
      return { label: 'company' as const, voice: 'employee' as const, companySlug: c.slug, companyName: c.name }
    }
    if (x < 0.3) return { label: 'company' as const, voice: 'professional' as const, companySlug: null, companyName: null }
    return { label: 'alias' as const, voice: null, companySlug: null, companyName: null }
  }
  // Replies per thread: the N − threads replies each fall into a random thread (a few busy ones).
  const replies = new Uint32Array(plan.threads)
  for (let r = plan.threads; r < opts.posts; r++) replies[Math.floor(plan.threads * rt.next() ** 1.5)]! += 1
  let talkPosts = 0
  let talkVotes = 0
  const voteTag = `watercooler/seed/${opts.seed}/vote/`
  const CHUNK = 2_000
  for (let start = 0; start < plan.threads; start += CHUNK) {
    const threads: Record<string, unknown>[] = []
    const posts: Record<string, unknown>[] = []
    for (let t = start; t < Math.min(plan.threads, start + CHUNK); t++) {
      const threadId = rt.uuid()
      const createdAt = minuteAgo(rt)
      // This thread's authors: the opener, then each new replier with a fresh key and a label of their own.
      const authors = [{ key: rt.bytes(32), tag: 'OP', label: label() }]
      let at = createdAt
      let openingScore = 0
      let top: { id: string; score: number } | null = null
      for (let p = 0; p <= replies[t]!; p++) {
        let author = authors[0]!
        if (p > 0) {
          // Half the replies come from a key new to the thread; the rest from one that posted already.
          if (authors.length === 1 || rt.next() < 0.5) {
            author = { key: rt.bytes(32), tag: `#${authors.length + 1}`, label: label() }
            authors.push(author)
          } else author = rt.pick(authors)
          at = Math.min(now, at + (1 + rt.int(90)) * MINUTE)
        }
        const id = rt.uuid()
        const ups = rt.int(SEED.maxUps + 1)
        const downs = rt.int(SEED.maxDowns + 1)
        const title = p === 0 ? rt.pick(TITLES) : ''
        const body = Array.from({ length: 1 + rt.int(3) }, () => rt.pick(SENTENCES)).join(' ')
        posts.push({
          id, threadId, isOpening: p === 0, position: p, title, body, ...author.label, authorKey: author.key, authorTag: author.tag,
          createdAt: new Date(at), editedAt: null, score: ups - downs, ups, downs, search: p === 0 ? tsv(threadDocument({ title, body })) : null,
        })
        if (p === 0) openingScore = ups - downs
        else if (ups - downs > 0 && (!top || ups - downs > top.score)) top = { id, score: ups - downs }
      }
      const repliers = authors.length - 1
      const opened = new Date(createdAt)
      threads.push({
        id: threadId, channel: rt.pick(CHANNELS), companySlug: authors[0]!.label.companySlug, openerNonce: null, createdAt: opened, lastPostAt: new Date(at),
        replyCount: replies[t]!, score: openingScore, visiblePosts: replies[t]! + 1, repliers, highlightPostId: top?.id ?? null,
        hot: hotScore(openingScore, repliers, opened), hasPoll: false, board: false,
      })
    }
    await write('talkThread', threads)
    await write('talkPost', posts)
    talkPosts += posts.length
    // Votes: as many as each post's ups and downs, each by its own key (SHA-256 of the seed, the post and the vote's number).
    const ids = posts.map((p) => p.id as string)
    const voted = await sql`insert into talk_vote (post_id, author_key, value)
      select p.id, sha256(convert_to(${voteTag} || p.id::text || '/' || g::text, 'UTF8')), case when g <= p.ups then 1 else -1 end
      from talk_post p cross join lateral generate_series(1, p.ups + p.downs) g
      where p.id = any(${ids}::uuid[])`.execute(db)
    talkVotes += Number(voted.numAffectedRows ?? 0n)
    log(`talk posts: ${talkPosts} / ${opts.posts}, votes: ${talkVotes}`)
  }

  // Connections: each account starts up to half its share, to members at distinct offsets below half the ring —
  // so no pair comes twice, in either direction (one row per pair, as the schema wants).
  const rn = new Rng(opts.seed, 'network')
  const A = accounts.length
  const perAccount = Math.min(SEED.connectionsPerAccount / 2, Math.floor((A - 1) / 2))
  const maxOffset = Math.floor((A - 1) / 2)
  const connections: Record<string, unknown>[] = []
  const pairs: [string, string][] = []
  for (let i = 0; i < A; i++) {
    const offsets = new Set<number>()
    while (offsets.size < perAccount) offsets.add(1 + rn.int(maxOffset))
    for (const o of offsets) {
      const a = accounts[i]!.id
      const b = accounts[(i + o) % A]!.id
      const [requesterId, addresseeId] = rn.next() < 0.5 ? [a, b] : [b, a]
      const createdAt = minuteAgo(rn)
      connections.push({ id: rn.uuid(), requesterId, addresseeId, state: 'accepted', note: null, createdAt: new Date(createdAt), acceptedAt: new Date(Math.min(now, createdAt + rn.int(48 * 60) * MINUTE)) })
      pairs.push([a, b])
    }
  }
  await write('connection', connections)
  log(`connections: ${connections.length}`)

  // Feed posts with their likes (counters and rank kept from them) and search documents, as services/feed writes them.
  const rf = new Rng(opts.seed, 'feed')
  const feedPosts: Record<string, unknown>[] = []
  const likes: Record<string, unknown>[] = []
  const feedDocs: Record<string, unknown>[] = []
  for (let i = 0; i < plan.feedPosts; i++) {
    const id = rf.uuid()
    const author = rf.int(A)
    const createdAt = minuteAgo(rf)
    const likers = new Set<number>()
    const wanted = Math.min(rf.int(SEED.maxLikes + 1), A - 1)
    while (likers.size < wanted) {
      const l = rf.int(A)
      if (l !== author) likers.add(l)
    }
    for (const l of likers) likes.push({ postId: id, accountId: accounts[l]!.id, createdAt: new Date(Math.min(now, createdAt + (1 + rf.int(600)) * MINUTE)) })
    const body = rf.pick(FEED_BODIES)
    const authorId = accounts[author]!.id
    feedPosts.push({ id, authorId, body, createdAt: new Date(createdAt), editedAt: null, likeCount: likers.size, commentCount: 0, rank: rankScore({ createdAt: new Date(createdAt), likeCount: likers.size, commentCount: 0 }) })
    feedDocs.push({ postId: id, authorId, doc: tsv(feedPostDocument({ body })) })
  }
  await write('feedPost', feedPosts)
  await write('feedLike', likes)
  await write('searchFeedPost', feedDocs)
  log(`feed posts: ${feedPosts.length}`)

  // One-to-one conversations between connected members, with messages; last message and reads kept as messages.ts keeps them.
  const rm = new Rng(opts.seed, 'messages')
  const conversations: Record<string, unknown>[] = []
  const members: Record<string, unknown>[] = []
  const messages: Record<string, unknown>[] = []
  const step = Math.max(1, Math.floor(pairs.length / plan.conversations))
  for (let c = 0; c < plan.conversations; c++) {
    const [a, b] = pairs[(c * step) % pairs.length]!
    const id = rm.uuid()
    const count = Math.min(SEED.messagesPerConversation, plan.messages - c * SEED.messagesPerConversation)
    let at = minuteAgo(rm)
    conversations.push({ id, createdBy: a, isGroup: false, pairKey: [a, b].sort().join(':'), createdAt: new Date(at) })
    members.push({ conversationId: id, accountId: a, state: 'active', joinedAt: new Date(at) }, { conversationId: id, accountId: b, state: 'active', joinedAt: new Date(at) })
    for (let m = 0; m < count; m++) {
      messages.push({ conversationId: id, senderId: m === 0 || rm.next() < 0.5 ? a : b, body: rm.pick(MESSAGES), createdAt: new Date(at) })
      at = Math.min(now, at + (1 + rm.int(120)) * MINUTE)
    }
  }
  await write('conversation', conversations)
  await write('conversationMember', members)
  // Sequentially, so the identity ids follow the messages' order.
  await insertRows(db, 'message', messages, 1)
  const conversationIds = conversations.map((c) => c.id as string)
  await sql`update conversation c set last_message_id = m.last_id, last_message_at = m.last_at
    from (select conversation_id, max(id) as last_id, max(created_at) as last_at from message where conversation_id = any(${conversationIds}::uuid[]) group by conversation_id) m
    where m.conversation_id = c.id`.execute(db)
  await sql`update conversation_member cm set last_read_id = c.last_message_id from conversation c
    where c.id = cm.conversation_id and c.id = any(${conversationIds}::uuid[]) and c.last_message_id is not null`.execute(db)
  log(`messages: ${messages.length}`)

  await sql`analyze`.execute(db)
  return {
    company: companies.length,
    account: accounts.length,
    profile: profiles.length,
    employment: employments.length,
    talkThread: plan.threads,
    talkPost: talkPosts,
    talkVote: talkVotes,
    connection: connections.length,
    feedPost: feedPosts.length,
    feedLike: likes.length,
    conversation: conversations.length,
    message: messages.length,
  }
}
