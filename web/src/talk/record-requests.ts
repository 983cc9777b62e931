import type { CreateInterview, CreateReview, CreateSalary, MarkHelpful } from '../../../shared/src/api/company-reviews.js'
import { signHelpful, signWriteState } from '../../../shared/src/talk/signing.js'
import type { Token } from '../../../shared/src/talk/tokens.js'
import type { SignedRequest } from './anon-fetch.js'
import type { IdentityStore } from './identity.js'
import type { HelpfulItem, RecordItem } from './outbox.js'

const enc = encodeURIComponent
const tokenOf = (t: Token): Token => ({ keyId: t.keyId, message: t.message, signature: t.signature })

const PATHS = { review: 'reviews', salary: 'salaries', interview: 'interviews' } as const

/**
 * A review, salary or interview report as it is sent — and, on every resend, sent again unchanged
 * (the outbox keeps it): the token and what the member wrote, nothing else. No signature: a record
 * has no author key (nothing to edit it with later, nothing to tie two records together); its id
 * is derived from the token, so the same bytes are always the same record.
 */
export function recordRequest(item: RecordItem, token: Token): SignedRequest {
  const { kind, company } = item.record
  // A `token` among the fields (a caller's mistake, JS has no Omit) must not replace the paying one.
  const { token: _ignored, ...fields } = item.record.body as typeof item.record.body & { token?: unknown }
  const body: CreateReview | CreateSalary | CreateInterview = { token: tokenOf(token), ...fields } as CreateReview | CreateSalary | CreateInterview
  return { method: 'POST', root: 'companies', path: `/${enc(company)}/${PATHS[kind]}`, body }
}

/** The scope of this browser's key for a review's helpful mark (IdentityStore.scopeIdentity). */
export const helpfulScope = (reviewId: string): string => `review:${reviewId}`

/**
 * A helpful mark: a `react` token, and this browser's key for that review (one mark per key, so one
 * per member and review; keys of two reviews cannot be linked) signing the token's message; and
 * that key's signed question "what became of it", which only it may ask (GET /talk/writes).
 */
export async function helpfulRequest(item: HelpfulItem, identity: IdentityStore, token: Token): Promise<SignedRequest> {
  const me = await identity.scopeIdentity(helpfulScope(item.reviewId))
  const body: MarkHelpful = { token: tokenOf(token), voter: signHelpful(me.seed, { reviewId: item.reviewId, tokenMessage: token.message }) }
  return {
    method: 'POST',
    root: 'companies',
    path: `/${enc(item.company)}/reviews/${enc(item.reviewId)}/helpful`,
    body,
    stateProof: signWriteState(me.seed, item.reviewId, 'helpful').signature,
  }
}
