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

/**
 * What a composer handed over cannot be sent as it is (checked before anything is queued, so the
 * member hears it at once, not when the post goes out):
 * - `too_many_images`: more than TALK_FORUM.images.perPost;
 * - `image_type`: not JPEG, PNG or WebP (`index` names the image);
 * - `image_too_large`: over TALK_FORUM.images.maxBytes (`index`);
 * - `image_empty`: an empty file (`index`);
 * - `poll_on_reply`: only a new thread takes a poll;
 * - `poll_options`: fewer than minOptions or more than maxOptions;
 * - `poll_option_empty`, `poll_option_too_long` (`index`), `poll_options_duplicate` (`index`: the second of the two);
 * - `poll_closes_at`: not a time between an hour and 30 days from now.
 */
export type ComposeProblem =
  | 'too_many_images'
  | 'image_type'
  | 'image_too_large'
  | 'image_empty'
  | 'poll_on_reply'
  | 'poll_options'
  | 'poll_option_empty'
  | 'poll_option_too_long'
  | 'poll_options_duplicate'
  | 'poll_closes_at'

export class ComposeInputError extends Error {
  override name = 'ComposeInputError'
  constructor(
    readonly code: ComposeProblem,
    readonly index?: number,
  ) {
    super(index === undefined ? code : `${code} (${index})`)
  }
}
