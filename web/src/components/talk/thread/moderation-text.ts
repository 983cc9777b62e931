import type { TFunction } from 'i18next'
import type { ModerationView } from '../../../../../shared/src/api/talk.js'

const REASONS = ['harassment', 'personal_info', 'sexual', 'hate', 'spam', 'misinformation', 'illegal'] as const
const RULES = ['phone_number', 'email_address', 'cn_resident_id', 'bank_card', 'street_address', 'profanity', 'link_spam', 'repeated_text'] as const

/** A report reason or an automated check's rule in words ("harassment", "contains a phone number"); an unknown one as it came. */
export function moderationReason(t: TFunction, reason: string | undefined): string {
  const r = REASONS.find((x) => x === reason)
  if (r) return t(`talk.moderation.reasons.${r}`)
  const rule = RULES.find((x) => x === reason)
  return rule ? t(`talk.moderation.rules.${rule}`) : (reason ?? '')
}

/** What a moderated post shows in its place: "Held for review: contains a phone number", "Removed by a moderator: harassment"… */
export function moderationLine(t: TFunction, m: ModerationView): string {
  const reason = moderationReason(t, m.reason)
  return t(`talk.moderation.${m.state}`, { reason })
}

/** The latest appeal's state as one line, or null when there is none. */
export function appealLine(t: TFunction, appeal: ModerationView['appeal']): string | null {
  if (appeal === 'open') return t('talk.moderation.appealOpen')
  if (appeal === 'upheld') return t('talk.moderation.appealUpheld')
  if (appeal === 'reversed') return t('talk.moderation.appealReversed')
  return null
}
