import { type Kysely, sql } from 'kysely'
import { TALK_FORUM } from '../../../../shared/src/api/limits.js'
import type { AnswerPoll, PollInput } from '../../../../shared/src/api/talk.js'
import { verifyPollAnswerSignature } from '../../../../shared/src/talk/signing.js'
import { isPollClosingTime } from '../../../../shared/src/talk/poll-time.js'
import { AppError, NotFoundError, ValidationError } from '../../errors.js'
import type { AnonContext } from '../context.js'
import { verifyBytesNative } from '../crypto/ed25519.js'
import type { AnonDB } from '../tables.js'
import type { Accepted } from './accept.js'
import { BadAuthorSignatureError } from './errors.js'
import type { Applied } from './pending.js'
import { assertReactToken } from './place.js'
import { checkToken, TokenSpentError } from './redeem.js'

/**
 * Polls (DESIGN §3, §5b): opened with a thread (2–6 options, a closing time), answered
 * anonymously — the answerer's pseudonym key of the thread, a `react` token, one answer per key
 * and poll, final. Counts are kept beside the answers, so reading one sums nothing. The server
 * cannot know who answered, so it cannot hide the counts from those who have not: the web client
 * does.
 */
export class PollClosedError extends AppError {
  override name = 'PollClosedError'
  constructor() {
    super(409, 'poll_closed', 'Poll closed', 'This poll no longer takes answers.')
  }
}
export class AlreadyAnsweredError extends AppError {
  override name = 'AlreadyAnsweredError'
  constructor() {
    super(409, 'already_answered', 'Already answered', 'This pseudonym answered this poll already; answers are final.')
  }
}

/** A new thread's poll, checked on arrival: options distinct, closing on a whole hour between an hour and 30 days from now. */
export function checkPoll(poll: PollInput, now: Date): { options: string[]; closesAt: Date } {
  const options = poll.options.map((o) => o.trim())
  if (new Set(options.map((o) => o.toLowerCase())).size !== options.length) throw new ValidationError('/poll/options: must be distinct', [{ field: '/poll/options', message: 'must be distinct' }])
  const closesAt = new Date(poll.closesAt)
  // A closing time to the second would say when the poll was written ("now + 24 h"): whole hours only.
  if (!isPollClosingTime(closesAt.getTime())) {
    throw new ValidationError('/poll/closesAt: not a whole hour', [{ field: '/poll/closesAt', message: 'must be a whole hour (UTC), like 2026-12-03T18:00:00Z' }])
  }
  const open = (closesAt.getTime() - now.getTime()) / 1000
  if (!(open >= TALK_FORUM.poll.minOpenS && open <= TALK_FORUM.poll.maxOpenS)) {
    throw new ValidationError('/poll/closesAt: out of range', [
      { field: '/poll/closesAt', message: `must be between ${TALK_FORUM.poll.minOpenS / 3600} hour and ${TALK_FORUM.poll.maxOpenS / 86400} days from now` },
    ])
  }
  return { options, closesAt }
}

export const answerKey = (pollId: string, answerer: string) => `answer:${pollId}:${answerer}`

export async function acceptAnswer(ctx: AnonContext, pollId: string, input: AnswerPoll): Promise<Accepted> {
  if (!verifyPollAnswerSignature(input.author, { pollId, option: input.option, tokenMessage: input.token.message }, verifyBytesNative)) throw new BadAuthorSignatureError()
  const answerer = Buffer.from(input.author.publicKey, 'base64url')
  const poll = await ctx.db
    .selectFrom('talkPoll')
    .innerJoin('talkThread', 'talkThread.id', 'talkPoll.threadId')
    .select(['talkPoll.options', 'talkPoll.closesAt', 'talkThread.visiblePosts', 'talkThread.channel', 'talkThread.board'])
    .where('talkPoll.threadId', '=', pollId)
    .executeTakeFirst()
  if (!poll || poll.visiblePosts === 0) throw new NotFoundError('poll')
  if (poll.closesAt.getTime() <= ctx.clock.now().getTime()) throw new PollClosedError()
  if (input.option >= poll.options.length) throw new ValidationError('/option: no such option', [{ field: '/option', message: `must be below ${poll.options.length}` }])
  const key = answerKey(pollId, input.author.publicKey)
  if (ctx.mixer.find(key)) throw new AlreadyAnsweredError()
  const earlier = await ctx.db.selectFrom('talkPollAnswer').select('option').where('threadId', '=', pollId).where('authorKey', '=', answerer).executeTakeFirst()
  if (earlier) throw new AlreadyAnsweredError()
  const token = await checkToken(ctx, input.token)
  assertReactToken(token)
  if (ctx.mixer.pendingToken(token.hash)) throw new TokenSpentError()
  return ctx.mixer.submit({
    key,
    kind: 'answer',
    threadId: pollId,
    postId: pollId,
    revision: 0,
    authorKey: answerer,
    tokenHash: token.hash,
    channel: poll.channel,
    board: poll.board,
    locks: { threads: [pollId], posts: [] },
    apply: (tx, at) => applyAnswer(tx, { pollId, answerer, option: input.option }, at),
  })
}

export async function applyAnswer(tx: Kysely<AnonDB>, a: { pollId: string; answerer: Buffer; option: number }, at: Date): Promise<Applied> {
  const poll = await tx.selectFrom('talkPoll').select(['closesAt', 'options']).where('threadId', '=', a.pollId).forUpdate().executeTakeFirst()
  if (!poll) throw new NotFoundError('poll')
  if (poll.closesAt.getTime() <= at.getTime()) throw new PollClosedError()
  const made = await tx.insertInto('talkPollAnswer').values({ threadId: a.pollId, authorKey: a.answerer, option: a.option }).onConflict((oc) => oc.doNothing()).returning('option').executeTakeFirst()
  if (!made) throw new AlreadyAnsweredError()
  const path = `{${a.option}}`
  await tx
    .updateTable('talkPoll')
    .set({ counts: sql`jsonb_set(counts, ${path}::text[], to_jsonb((counts ->> ${a.option}::int)::int + 1))` })
    .where('threadId', '=', a.pollId)
    .execute()
  return { stored: true }
}
