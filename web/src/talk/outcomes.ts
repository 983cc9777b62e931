import { isApiError } from '../api/client.js'
import { NoVoiceError, WriteRefusedError } from './errors.js'
import { isRecordItem, type OutboxEntry } from './outbox.js'

/**
 * What an answer or a failure means for an outbox item. Kept apart from the sending loop so the
 * rules read in one place:
 * - the network or the server failed (an upload too): send the very same request again (same
 *   token, same ids; uploads already answered are not repeated);
 * - the token was spent by another write (or its key is no longer valid): mark it spent and, minutes
 *   later, sign the post again with another token — never at once, so no burst follows a refusal;
 * - a vote sent without a token as a change, but the server has no earlier vote of that key
 *   (`token_required`): minutes later, signed again as a first vote, with a token;
 * - a post naming an image the server does not have (yet): sent again after a window, then its
 *   images uploaded again with the same token;
 * - a token of the right key but the wrong purpose (`invalid_token`, reason `wrong_purpose`) — or
 *   a record paid by another company's key (`wrong_company`) — is a bug of this client: the item
 *   fails, the key's other tokens are kept;
 * - a helpful mark the server already holds from this key (`already_helpful`: a resend, or another
 *   device restored from the same recovery phrase): stored, nothing to retry;
 * - anything else (label_mismatch, revision_conflict, own_post, a thread gone, a record's form
 *   error…) ends the item as failed.
 */
export type FailureKind = 'resend' | 'respend' | 'badKey' | 'needToken' | 'images' | 'stored' | 'final'

export function failureKind(e: unknown): FailureKind {
  if (!isApiError(e)) return 'final'
  if (e.code === 'token_spent') return 'respend'
  // A token of the wrong purpose is this client's mistake, not a bad key: its other tokens stay.
  if (e.code === 'invalid_token') return e.problem.reason === 'wrong_purpose' || e.problem.reason === 'wrong_company' ? 'final' : 'badKey'
  if (e.code === 'already_helpful') return 'stored'
  if (e.code === 'token_required') return 'needToken'
  if (e.code === 'unknown_image') return 'images'
  if (e.status === 0 || e.status >= 500 || e.status === 429 || e.status === 408) return 'resend'
  return 'final'
}

export function failureCode(e: unknown): string {
  if (isApiError(e)) return e.status === 404 && e.code !== 'unknown_write' ? 'not_found' : e.code
  if (e instanceof WriteRefusedError) return e.code
  if (e instanceof NoVoiceError) return 'no_voice'
  return e instanceof Error && e.name === 'NotMyPostError' ? 'not_author' : 'generic'
}

/**
 * The ids a 200/201/202 answer names: for a new thread that found its opener key had opened one,
 * that thread's; for a record, its id (derived from its token: a resend is answered with the same).
 */
export function adoptIds(item: OutboxEntry, body: { threadId?: string | undefined; postId?: string | undefined; id?: string | undefined }): Partial<OutboxEntry> {
  return {
    ...(body.threadId && item.kind === 'thread' && { threadId: body.threadId }),
    ...(body.postId && (item.kind === 'thread' || item.kind === 'reply') && { postId: body.postId }),
    ...(body.id && isRecordItem(item) && { recordId: body.id }),
  }
}
