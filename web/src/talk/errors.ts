/** The wallet had no token for this voice: nothing was sent, a refill is scheduled. */
export class NoTokensError extends Error {
  override name = 'NoTokensError'
}

/** The chosen voice is no longer available (verification or directory changed). */
export class NoVoiceError extends Error {
  override name = 'NoVoiceError'
}
