/**
 * A Work Talk forum of realistic size for the read benchmarks: threads in the open and topic
 * channels with replies, votes and images, written straight into the post-side tables in batches
 * (the write path has its own figures in talk.ts; here only reading is measured). Counters, hot
 * rank and highlights are computed as the write path keeps them.
 */
import crypto from 'node:crypto'
import sharp from 'sharp'
import { hotScore } from '../shared/src/talk/hot.js'
import { addDays, dayOf } from '../server/src/context.js'
import { createAccount } from '../server/src/services/accounts/accounts.js'
import { createCompany } from '../server/src/services/companies/companies.js'
import { createSession } from '../server/src/services/sessions/sessions.js'
import { recordEmployment } from '../server/src/services/verifications/employments.js'
import type { Watercooler } from './lib.js'

export interface Forum {
  /** A verified member's session cookie. */
  cookie: string
  /** The thread with the most replies, votes and images: the thread page benchmark's. */
  busiest: string
  posts: number
  votes: number
  images: number
}

const CHANNELS = ['general', 'compensation', 'layoffs', 'interviews', 'tech', 'career', 'off-topic']
const BATCH = 500

export async function seedForum(wc: Watercooler, opts: { threads: number; repliesPerThread: number; busiestReplies: number }): Promise<Forum> {
  const db = wc.ctx.db
  const today = dayOf(wc.ctx.clock.now())
  const company = await createCompany(db, `Forum Bench ${crypto.randomBytes(3).toString('hex')}`, [], today)
  const { id } = await createAccount(wc.ctx, { name: 'Forum Reader', email: `reader.${crypto.randomBytes(6).toString('hex')}@example.com`, password: 'bench passphrase long' })
  await recordEmployment(db, { accountId: id, companyId: company.id, method: 'email', today: addDays(today, -1), workEmailHmac: null })
  const cookie = `wc_session=${(await createSession(wc.ctx, id)).token}`

  const now = Math.floor(wc.ctx.clock.now().getTime() / 60_000) * 60_000
  const image = await sharp({ create: { width: 640, height: 400, channels: 3, background: '#5a7' } }).jpeg({ quality: 80 }).toBuffer()
  const key = () => crypto.randomBytes(32)
  const threads: Record<string, unknown>[] = []
  const posts: Record<string, unknown>[] = []
  const votes: Record<string, unknown>[] = []
  const images: Record<string, unknown>[] = []
  let busiest = ''
  for (let i = 0; i < opts.threads; i++) {
    const threadId = crypto.randomUUID()
    const replies = i === 0 ? opts.busiestReplies : opts.repliesPerThread
    if (i === 0) busiest = threadId
    const createdAt = new Date(now - Math.floor(Math.random() * 30 * 24 * 60) * 60_000)
    const opener = key()
    let topReply: { id: string; score: number } | null = null
    let threadScore = 0
    for (let p = 0; p <= replies; p++) {
      const postId = crypto.randomUUID()
      const ups = Math.floor(Math.random() * 12)
      const downs = Math.floor(Math.random() * 4)
      const at = new Date(Math.min(now, createdAt.getTime() + p * 7 * 60_000))
      posts.push({
        id: postId, threadId, isOpening: p === 0, position: p, title: p === 0 ? `Bench thread ${i}: what is the reorg really about?` : '',
        body: 'A reply of ordinary length, with **some** emphasis and a [link](https://example.com), as people write. '.repeat(3),
        label: 'alias', voice: null, companySlug: null, companyName: null, authorKey: p === 0 ? opener : key(), authorTag: p === 0 ? 'OP' : `#${p + 1}`,
        createdAt: at, editedAt: null, score: ups - downs, ups, downs,
      })
      if (p === 0) threadScore = ups - downs
      else if (ups - downs > 0 && (!topReply || ups - downs > topReply.score)) topReply = { id: postId, score: ups - downs }
      // The busiest thread's votes and images are real rows: its page reads them.
      if (i === 0) {
        for (let v = 0; v < ups + downs; v++) votes.push({ postId, authorKey: key(), value: v < ups ? 1 : -1 })
        if (p % 5 === 0) images.push({ id: crypto.randomUUID(), postId, position: 0, mediaType: 'image/jpeg', width: 640, height: 400, bytes: image, createdAt: at })
      }
    }
    threads.push({
      id: threadId, channel: CHANNELS[i % CHANNELS.length]!, companySlug: null, openerNonce: null, createdAt, lastPostAt: new Date(Math.min(now, createdAt.getTime() + replies * 7 * 60_000)),
      replyCount: replies, score: threadScore, visiblePosts: replies + 1, repliers: replies, highlightPostId: topReply?.id ?? null,
      hot: hotScore(threadScore, replies, createdAt), hasPoll: false, board: false,
    })
  }
  const insert = async (table: 'talkThread' | 'talkPost' | 'talkVote' | 'talkImage', rows: Record<string, unknown>[]) => {
    for (let i = 0; i < rows.length; i += BATCH) await db.insertInto(table).values(rows.slice(i, i + BATCH) as never).execute()
  }
  await insert('talkThread', threads)
  await insert('talkPost', posts)
  await insert('talkVote', votes)
  await insert('talkImage', images)
  return { cookie, busiest, posts: posts.length, votes: votes.length, images: images.length }
}
