import { findBankCards } from './bank-cards.js'
import { findEmailAddresses } from './email.js'
import { findPhoneNumbers } from './phone-numbers.js'
import { findResidentIds } from './resident-id.js'
import type { CheckRule } from './rules.js'
import { Claims, type Span } from './spans.js'
import { findStreetAddresses } from './street-address.js'

export interface RuleSpan extends Span {
  rule: CheckRule
}

/**
 * Personal data in the folded text. The number rules run from the most to the least specific and
 * each claims what it finds, so one number is reported once: an e-mail address's digits
 * (13800138000@qq.com) are not a phone, a resident ID is not a bank card, and a bank card is
 * only what is neither. Street addresses are found independently.
 */
export function findPersonalData(text: string): RuleSpan[] {
  const claims = new Claims()
  const out: RuleSpan[] = []
  const keep = (rule: CheckRule, spans: readonly Span[]) => {
    for (const s of spans) if (claims.take(s)) out.push({ rule, ...s })
  }
  keep('email_address', findEmailAddresses(text))
  keep('cn_resident_id', findResidentIds(text))
  keep('phone_number', mergeOverlapping(findPhoneNumbers(text)))
  keep('bank_card', findBankCards(text, (s) => claims.has(s)))
  for (const s of findStreetAddresses(text)) out.push({ rule: 'street_address', ...s })
  return out
}

/** Overlapping spans joined (several patterns may find one phone number). */
export function mergeOverlapping(spans: readonly Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end)
  const out: Span[] = []
  for (const s of sorted) {
    const last = out[out.length - 1]
    if (last !== undefined && s.start < last.end) last.end = Math.max(last.end, s.end)
    else out.push({ ...s })
  }
  return out
}
