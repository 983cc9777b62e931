import type { TalkAppeal } from '../../../shared/src/api/moderation.js'
import { signAppeal } from '../../../shared/src/talk/signing.js'
import { anonymousApi } from './anon-fetch.js'
import { NotMyPostError } from './write-requests.js'

/** What became of an appeal as sent: `stored` (201, or 200: the server holds it), `pending` (202: it waits for its mixing window). */
export interface AppealOutcome {
  appealId: string
  state: 'pending' | 'stored'
}

/**
 * Sends an appeal (POST /talk/appeals, DESIGN §3): signed with the post's own key over
 * ["watercooler/v1/appeal", postId, body], through anonymousApi — no cookie, no token. It is not
 * an outbox item: it spends no token, so there is no token's age or draw for the timing policy to
 * keep it apart from, and its author wants the answer now (not_author, appeal_open…). `seed` is
 * the post's key as this browser holds it (none: NotMyPostError). `beforeSend` notes the quiet
 * period of the thread before the request leaves.
 */
export async function sendAppeal(a: { postId: string; seed: Uint8Array | undefined; body: string; beforeSend: () => Promise<void> }): Promise<AppealOutcome> {
  if (!a.seed) throw new NotMyPostError()
  const body = a.body.trim()
  const request: TalkAppeal = { postId: a.postId, body, author: signAppeal(a.seed, { postId: a.postId, body }) }
  await a.beforeSend()
  const answer = await anonymousApi.appeal(request)
  return { appealId: answer.body.appealId ?? '', state: answer.status === 202 ? 'pending' : 'stored' }
}
