import { finalizeTokens, prepareTokenRequests, type Token, type TokenRequest, type TokenRequestState } from './tokens.js'

/** The HTTP call POST /api/v1/talk/tokens, supplied by the app; returns blind signatures in order. */
export type FetchSignatures = (keyId: string, blindedMessages: string[]) => Promise<string[]>

/**
 * Where blinding and finalising run: inline (Node, tests), or in a Web Worker in the browser, so
 * a batch of a few hundred tokens (tens of milliseconds each in pure JavaScript) never stalls the page.
 */
export interface Blinder {
  prepare(publicKey: string, count: number): Promise<TokenRequest>
  finalize(state: TokenRequestState, blindSignatures: readonly string[]): Promise<Token[]>
}

export const inlineBlinder: Blinder = { prepare: prepareTokenRequests, finalize: finalizeTokens }

/** Most blinded messages POST /talk/tokens takes at once (DESIGN §5). */
export const MAX_DRAW = 100

/**
 * Draws `count` tokens of one key in ONE request: DESIGN §2 has a client draw a key's whole
 * allowance at once, at a moment that has nothing to do with its posting, so every member's
 * issuance looks alike. Invalid answers are dropped by finalising (fewer tokens come back).
 */
export async function drawKey(key: { keyId: string; publicKey: string }, count: number, fetchSignatures: FetchSignatures, blinder: Blinder = inlineBlinder): Promise<Token[]> {
  if (!Number.isInteger(count) || count < 1 || count > MAX_DRAW) throw new RangeError(`a draw is 1 to ${MAX_DRAW} tokens`)
  const request = await blinder.prepare(key.publicKey, count)
  if (request.state.keyId !== key.keyId) throw new RangeError('the public key does not match its keyId')
  const signatures = await fetchSignatures(key.keyId, request.blindedMessages)
  return blinder.finalize(request.state, signatures)
}
