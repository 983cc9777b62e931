import type { Span } from './spans.js'

/**
 * E-mail addresses, plain ("wang.li@example.com", "１２３＠qq.com" after NFKC) and the usual
 * disguises: "[at]", "(at)", "{at}" and "[dot]"-style brackets, or " at " with " dot " spelled
 * out ("wang at example dot com"). A bare " at " with real dots is not taken: "look at
 * example.com" is a sentence, not an address.
 */
const LOCAL = String.raw`(?<![a-z0-9._%+-])[a-z0-9][a-z0-9._%+-]{0,63}`
const AT = String.raw`(@| ?[\[({] ?at ?[\])}] ?| at )`
const DOT = String.raw`(?:\.| ?[\[({] ?dot ?[\])}] ?| dot )`
const LABEL = String.raw`[a-z0-9-]{1,63}`
/** Labels, then a top-level domain of letters. Every repetition starts with a dot: one way to read a domain. */
const ADDRESS = new RegExp(`${LOCAL}${AT}(${LABEL}(?:${DOT}${LABEL})*${DOT}[a-z]{2,24})(?![a-z0-9-])`, 'gi')
const SPELLED_DOT = /[\[({ ]dot/i

export function findEmailAddresses(text: string): Span[] {
  const out: Span[] = []
  const re = new RegExp(ADDRESS.source, 'gi')
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const at = m[1] as string
    const domain = m[2] as string
    if (at.trim().toLowerCase() === 'at' && !SPELLED_DOT.test(domain)) {
      // "me at jane.doe" is a sentence, but the real address may start inside it: look again one character on.
      re.lastIndex = m.index + 1
      continue
    }
    out.push({ start: m.index, end: m.index + m[0].length })
  }
  return out
}
