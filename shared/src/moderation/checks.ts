import { linkSpam } from './links.js'
import { findPersonalData, type RuleSpan } from './personal-data.js'
import { findEnglishProfanity, findTermProfanity } from './profanity.js'
import { CHECK_RULES, PERSONAL_DATA_RULES, type CheckOptions, type CheckRule, type Finding } from './rules.js'
import { foldView, originalSpan } from './text-view.js'

/**
 * Automated checks before publishing (issue 11): personal data, profanity and link spam, found in
 * a text so that the post can be held for review. Pure and dependency-light (only `obscenity`),
 * shared by the server, which decides, and the web app, which warns the author before sending.
 * The rules are described, with examples and known false positives, in docs/moderation-rules.md.
 */
export { CHECK_RULES, type CheckOptions, type CheckRule, type Finding } from './rules.js'
export { LINK_SPAM_MAX_LINKS, LINK_SPAM_MAX_LINK_SHARE, LINK_SPAM_MIN_LINKS_FOR_SHARE, LINK_SPAM_SHORT_TEXT_WORDS } from './links.js'
export { BANK_CARD_DIGITS } from './bank-cards.js'

/** Which rules hold a post first: any personal data, then profanity, then link spam. */
const HOLD_TIERS: readonly (readonly CheckRule[])[] = [PERSONAL_DATA_RULES, ['profanity'], ['link_spam']]

/** Every finding in the text, in order of position. Never throws, whatever the input. */
export function checkText(text: string, options?: CheckOptions): Finding[] {
  const original = typeof text === 'string' ? text : ''
  if (original === '') return []
  const extraTerms = Array.isArray(options?.extraTerms) ? options.extraTerms : []
  const fold = foldView(original)
  const inFold: RuleSpan[] = [
    ...findPersonalData(fold.text),
    ...linkSpam(fold.text).map((s) => ({ rule: 'link_spam' as const, ...s })),
  ]
  const found: Finding[] = inFold.map((f) => ({ rule: f.rule, ...originalSpan(fold, f.start, f.end) }))
  for (const s of findEnglishProfanity(original)) found.push({ rule: 'profanity', ...s })
  for (const s of findTermProfanity(fold, extraTerms)) found.push({ rule: 'profanity', ...s })
  return mergeByRule(found)
}

/** The rule that holds a post for review (personal data first, then profanity, then link_spam), or null: the first finding's rule by that priority. */
export function holdingRule(findings: readonly Finding[]): CheckRule | null {
  if (!Array.isArray(findings)) return null
  for (const tier of HOLD_TIERS) {
    const first = findings.find((f) => tier.includes(f.rule))
    if (first !== undefined) return first.rule
  }
  return null
}

/** Normalised text for "the same text posted again" spam detection: NFKC, lower case, whitespace collapsed, trimmed. */
export function normaliseForRepeat(text: string): string {
  if (typeof text !== 'string') return ''
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim()
}

/**
 * Findings sorted by position, with those of one rule that overlap or touch joined into one
 * ("阳光小区3栋" and "3栋2单元502" are one address; obscenity may report a word twice).
 */
function mergeByRule(findings: readonly Finding[]): Finding[] {
  const order = (f: Finding) => CHECK_RULES.indexOf(f.rule)
  const sorted = [...findings].sort((a, b) => a.start - b.start || a.end - b.end || order(a) - order(b))
  const out: Finding[] = []
  const lastOf = new Map<CheckRule, Finding>()
  for (const f of sorted) {
    const last = lastOf.get(f.rule)
    if (last !== undefined && f.start <= last.end) {
      last.end = Math.max(last.end, f.end)
      continue
    }
    const copy = { ...f }
    out.push(copy)
    lastOf.set(f.rule, copy)
  }
  return out
}
