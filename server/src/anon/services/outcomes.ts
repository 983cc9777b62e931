import type { AnonContext } from '../context.js'
import { UnknownWriteError } from './errors.js'
import { imageKey } from './images.js'
import type { Outcome } from './pending.js'
import { answerKey } from './polls.js'
import { voteKey } from './votes.js'
import { appealKey, reportKey } from './reports.js'

/**
 * GET /talk/writes/{postId}: how a writer without a session learns what became of its write.
 * This process's memory knows what waits here and what its windows did in the last hour; the
 * database knows what is stored (by any process). Anything else is unknown: the writer resends.
 */
export async function writeOutcome(ctx: AnonContext, postId: string, revision?: number): Promise<Outcome> {
  const key = revision === undefined ? postId : `${postId}@${revision}`
  const known = ctx.mixer.outcome(key)
  // A new post refused here may have been stored by another process that took its resend (one
  // signature, one post id). A refused change is final: the revision it wanted may have been
  // reached by another change.
  const post = await ctx.db.selectFrom('talkPost').select(['revision', 'moderation', 'moderationReason']).where('id', '=', postId).executeTakeFirst()
  // Stored, but held by an automated check (holds.ts): the writer is told, with the rule.
  const held: Outcome | null = post?.moderation === 'held' && (revision === undefined || post.revision === revision) ? { state: 'held', code: post.moderationReason ?? '' } : null
  if (known && (known.state !== 'refused' || revision !== undefined)) return known.state === 'stored' && held ? held : known
  if (post && (revision === undefined || post.revision >= revision)) return held ?? { state: 'stored' }
  if (known) return known
  throw new UnknownWriteError()
}

/** The other kinds of anonymous write, named by what they are about and who wrote them. */
export type Subject = { voter: string } | { answerer: string } | { image: true } | { reporter: string } | { appeal: true }

function subjectKey(id: string, subject: Subject): string {
  if ('voter' in subject) return voteKey(id, subject.voter)
  if ('answerer' in subject) return answerKey(id, subject.answerer)
  if ('reporter' in subject) return reportKey(id, subject.reporter)
  if ('appeal' in subject) return appealKey(id)
  return imageKey(id)
}

/** Votes, poll answers and uploads: this process's memory, then the database. */
export async function otherOutcome(ctx: AnonContext, id: string, subject: Subject): Promise<Outcome> {
  const key = subjectKey(id, subject)
  const known = ctx.mixer.outcome(key)
  // A vote refused here is that vote's answer even if an older vote of the key is stored; a
  // refused answer or upload may have been stored by another process that took its resend.
  if (known && (known.state !== 'refused' || 'voter' in subject)) return known
  let stored = false
  if ('voter' in subject) {
    stored = !!(await ctx.db.selectFrom('talkVote').select('postId').where('postId', '=', id).where('authorKey', '=', Buffer.from(subject.voter, 'base64url')).executeTakeFirst())
  } else if ('answerer' in subject) {
    stored = !!(await ctx.db.selectFrom('talkPollAnswer').select('threadId').where('threadId', '=', id).where('authorKey', '=', Buffer.from(subject.answerer, 'base64url')).executeTakeFirst())
  } else if ('reporter' in subject) {
    stored = !!(await ctx.db.selectFrom('talkReport').select('postId').where('postId', '=', id).where('reporterKey', '=', Buffer.from(subject.reporter, 'base64url')).executeTakeFirst())
  } else if ('appeal' in subject) {
    stored = !!(await ctx.db.selectFrom('talkAppeal').select('id').where('id', '=', id).executeTakeFirst())
  } else stored = !!(await ctx.db.selectFrom('talkImage').select('id').where('id', '=', id).executeTakeFirst())
  if (stored) return { state: 'stored' }
  if (known) return known
  throw new UnknownWriteError()
}
