/**
 * The real-name network at a size for the read benchmarks: members with profiles and search
 * documents, a reader with connections and follows, feed posts by them and by strangers (with
 * likes and comments counted on the post), and a busy conversation — written straight into the
 * tables in batches (the write paths have their own tests; here only reading is measured).
 * Feed posts are indexed for search with the real indexer's document; people with the real
 * indexPerson.
 */
import crypto from 'node:crypto'
import { sql } from 'kysely'
import { createAccount } from '../server/src/services/accounts/accounts.js'
import { rankScore } from '../server/src/services/feed/rank.js'
import { indexFeedPost, indexPerson } from '../server/src/services/search/documents.js'
import { createSession } from '../server/src/services/sessions/sessions.js'
import type { Watercooler } from './lib.js'

export interface Network {
  /** The reader's session cookie. */
  cookie: string
  /** A conversation of the reader's with `messages` messages. */
  conversationId: string
  members: number
  posts: number
  messages: number
}

const BATCH = 500
const FIRST = ['Wei', 'Li', 'Ana', 'Ben', 'Chen', 'Dara', 'Eli', 'Fang', 'Gus', 'Hui', 'Ivy', 'Jun', 'Kai', 'Lan', 'Mei', 'Nico']
const LAST = ['Zhang', 'Wang', 'Liu', 'Smith', 'Garcia', 'Chen', 'Yang', 'Huang', 'Kim', 'Singh', 'Lopez', 'Zhao']
const BODIES = [
  'Shipped the **new release** today — thanks to everyone who tested it. What should we build next?',
  '今年的年终奖取消了，大家那边呢？我们组还在等正式通知。',
  'We are hiring backend engineers in Shanghai and Berlin. Message me if you want a referral.',
  'Three things I learned from running interviews for a year: be kind, be concrete, be on time.',
]

export async function seedNetwork(wc: Watercooler, opts: { members: number; connections: number; posts: number; messages: number }): Promise<Network> {
  const db = wc.ctx.db
  const tag = crypto.randomBytes(3).toString('hex')
  const reader = await createAccount(wc.ctx, { name: 'Network Reader', email: `net.reader.${tag}@example.com`, password: 'bench passphrase long' })
  const cookie = `wc_session=${(await createSession(wc.ctx, reader.id)).token}`
  const { passwordHash } = await db.selectFrom('account').select('passwordHash').where('id', '=', reader.id).executeTakeFirstOrThrow()
  const today = new Date().toISOString().slice(0, 10)
  const minute = Math.floor(Date.now() / 60_000) * 60_000

  const ids: string[] = []
  const accounts: Record<string, unknown>[] = []
  for (let i = 0; i < opts.members; i++) {
    const id = crypto.randomUUID()
    ids.push(id)
    const name = `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]} ${i}`
    accounts.push({ id, handle: `bench-${tag}-${i}`, name, email: `m${i}.${tag}@example.com`, emailNormalized: `m${i}.${tag}@example.com`, passwordHash, createdOn: today })
  }
  const insert = async (table: string, rows: Record<string, unknown>[]) => {
    for (let i = 0; i < rows.length; i += BATCH) await db.insertInto(table as never).values(rows.slice(i, i + BATCH) as never).execute()
  }
  await insert('account', accounts)
  await insert('profile', ids.map((accountId, i) => ({ accountId, headline: i % 3 ? 'Software engineer' : '产品经理 at a bank' })))
  for (const id of ids) await indexPerson(db, id)

  // The reader's circle: connections and follows; everyone else is a stranger.
  const circle = ids.slice(0, opts.connections)
  await insert('connection', circle.map((addresseeId) => ({ requesterId: reader.id, addresseeId, state: 'accepted', note: null, createdAt: new Date(minute), acceptedAt: new Date(minute) })))

  const posts: Record<string, unknown>[] = []
  for (let i = 0; i < opts.posts; i++) {
    const createdAt = new Date(minute - Math.floor(Math.random() * 30 * 24 * 60) * 60_000)
    const likeCount = Math.floor(Math.random() * 20)
    const commentCount = Math.floor(Math.random() * 6)
    posts.push({ id: crypto.randomUUID(), authorId: ids[i % ids.length]!, body: BODIES[i % BODIES.length]!, createdAt, likeCount, commentCount, rank: rankScore({ createdAt, likeCount, commentCount }) })
  }
  await insert('feedPost', posts)
  for (const p of posts) await indexFeedPost(db, { id: p.id as string, authorId: p.authorId as string, body: p.body as string })

  const [conversation] = await db
    .insertInto('conversation')
    .values({ createdBy: reader.id, isGroup: false, pairKey: [reader.id, circle[0]!].sort().join(':'), createdAt: new Date(minute) } as never)
    .returning('id')
    .execute()
  const conversationId = (conversation as { id: string }).id
  await insert('conversationMember', [reader.id, circle[0]!].map((accountId) => ({ conversationId, accountId, state: 'active', joinedAt: new Date(minute) })))
  await insert(
    'message',
    Array.from({ length: opts.messages }, (_, i) => ({ conversationId, senderId: i % 2 ? reader.id : circle[0]!, body: `Message ${i}: are we still on for Thursday?`, createdAt: new Date(minute - (opts.messages - i) * 60_000) })),
  )
  await sql`update conversation set last_message_id = (select max(id) from message where conversation_id = ${conversationId}), last_message_at = now() where id = ${conversationId}`.execute(db)
  return { cookie, conversationId, members: ids.length, posts: posts.length, messages: opts.messages }
}
