import type { AnonContext } from '../context.js'
import { UnknownWriteError } from './errors.js'
import type { Outcome } from './pending.js'

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
  if (known && (known.state !== 'refused' || revision !== undefined)) return known
  const post = await ctx.db.selectFrom('talkPost').select(['revision']).where('id', '=', postId).executeTakeFirst()
  if (post && (revision === undefined || post.revision >= revision)) return { state: 'stored' }
  if (known) return known
  throw new UnknownWriteError()
}
