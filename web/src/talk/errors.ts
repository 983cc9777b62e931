/** The chosen voice is no longer available (verification or directory changed). */
export class NoVoiceError extends Error {
  override name = 'NoVoiceError'
}

/** A key check failed: Work Talk sends and draws nothing on this device until a later check passes. */
export class KeysPausedError extends Error {
  override name = 'KeysPausedError'
}

/** The server refused a write for good (label_mismatch, revision_conflict, a thread gone…); `code` says which. */
export class WriteRefusedError extends Error {
  override name = 'WriteRefusedError'
  constructor(readonly code: string) {
    super(code)
  }
}
