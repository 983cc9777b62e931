/**
 * The bench on a database `npm run seed -- --posts N` filled (BENCH_SEEDED=1): nothing is
 * written for the read scenarios; the reader is a seeded member picked from what is there — one
 * with a current, verified employment (Work Talk reads need it), connections (the home feed) and a
 * conversation (its page) — signed in with a session made here. The thread page is the thread
 * with the most replies. (The Work Talk write figures, talk.ts, still add their own company,
 * members and posts to that database.)
 */
import { sql } from 'kysely'
import { dayOf } from '../server/src/context.js'
import { isCurrentEmployment } from '../server/src/services/verifications/membership.js'
import { createSession } from '../server/src/services/sessions/sessions.js'
import type { Forum } from './forum.js'
import type { Watercooler } from './lib.js'
import type { Network } from './network.js'

export const benchSeeded = (): boolean => process.env.BENCH_SEEDED === '1'

export interface Seeded {
  forum: Forum
  network: Network
  /** What the database holds, for the bench's header. */
  summary: string
}

export async function openSeeded(wc: Watercooler): Promise<Seeded> {
  const db = wc.ctx.db
  const today = dayOf(wc.ctx.clock.now())
  const reader = await db
    .selectFrom('conversationMember')
    .innerJoin('employment', 'employment.accountId', 'conversationMember.accountId')
    .select(['conversationMember.accountId', 'conversationMember.conversationId'])
    .where((eb) => isCurrentEmployment(eb, today))
    .where('conversationMember.state', '=', 'active')
    .orderBy('conversationMember.conversationId')
    .limit(1)
    .executeTakeFirst()
  if (!reader) throw new Error('BENCH_SEEDED=1, but the database has no member with a current employment and a conversation: run `npm run seed -- --posts N` on it first')
  const cookie = `wc_session=${(await createSession(wc.ctx, reader.accountId)).token}`
  const busiest = await db.selectFrom('talkThread').select(['id', 'replyCount']).orderBy('replyCount', 'desc').orderBy('id').limit(1).executeTakeFirstOrThrow()

  const count = async (table: string) => Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0]!.n)
  const [accounts, talkPosts, threads, votes, feedPosts, messages, inConversation, images, connections] = await Promise.all([
    count('account'),
    count('talk_post'),
    count('talk_thread'),
    count('talk_vote'),
    count('feed_post'),
    count('message'),
    db.selectFrom('message').select((eb) => eb.fn.countAll<string>().as('n')).where('conversationId', '=', reader.conversationId).executeTakeFirstOrThrow(),
    db.selectFrom('talkImage').innerJoin('talkPost', 'talkPost.id', 'talkImage.postId').select((eb) => eb.fn.countAll<string>().as('n')).where('talkPost.threadId', '=', busiest.id).executeTakeFirstOrThrow(),
    db.selectFrom('connection').select((eb) => eb.fn.countAll<string>().as('n')).where((eb) => eb.or([eb('requesterId', '=', reader.accountId), eb('addresseeId', '=', reader.accountId)])).executeTakeFirstOrThrow(),
  ])
  const busyVotes = await db
    .selectFrom('talkVote')
    .innerJoin('talkPost', 'talkPost.id', 'talkVote.postId')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('talkPost.threadId', '=', busiest.id)
    .executeTakeFirstOrThrow()
  const en = (n: number) => n.toLocaleString('en')
  return {
    forum: { cookie, busiest: busiest.id, posts: talkPosts, votes: Number(busyVotes.n), images: Number(images.n) },
    network: { cookie, conversationId: reader.conversationId, members: accounts, posts: feedPosts, messages: Number(inConversation.n) },
    summary:
      `seeded   ${en(talkPosts)} Work Talk posts in ${en(threads)} threads, ${en(votes)} votes; ${en(accounts)} accounts, ${en(feedPosts)} feed posts, ${en(messages)} messages\n` +
      `reader   a seeded member with ${en(Number(connections.n))} connections; thread page: ${busiest.replyCount} replies, ${busyVotes.n} votes, ${images.n} images; conversation: ${inConversation.n} messages`,
  }
}
