/**
 * The names of the automated content checks (issue 11). They are stable: they are stored with a
 * held post, shown to its author and moderators, and documented in docs/moderation-rules.md, so a
 * rule is renamed never and retired only with a migration.
 */
export const CHECK_RULES = ['phone_number', 'email_address', 'cn_resident_id', 'bank_card', 'street_address', 'profanity', 'link_spam'] as const
export type CheckRule = (typeof CHECK_RULES)[number]

export interface Finding {
  rule: CheckRule
  /** index in the text (UTF-16 code units, as `String.prototype.slice` counts) */
  start: number
  /** index just past the match: `text.slice(start, end)` is what was found */
  end: number
}

export interface CheckOptions {
  /** Operator-configured extra blocked terms, any language; matched like the built-in Chinese list. */
  extraTerms?: readonly string[]
}

/** Rules that find data about a person: a post carrying one is held before anything else. */
export const PERSONAL_DATA_RULES: readonly CheckRule[] = ['phone_number', 'email_address', 'cn_resident_id', 'bank_card', 'street_address']
