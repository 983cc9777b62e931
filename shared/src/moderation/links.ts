import { Claims, type Span } from './spans.js'

/** A text with more links than this is link spam, however long it is. */
export const LINK_SPAM_MAX_LINKS = 3
/** A text of at most this many words (links count one word each) is "short"… */
export const LINK_SPAM_SHORT_TEXT_WORDS = 30
/** …and is link spam when links are more than this share of its words… */
export const LINK_SPAM_MAX_LINK_SHARE = 0.5
/** …and there are at least this many: a post that is just one link is sharing, not spam. */
export const LINK_SPAM_MIN_LINKS_FOR_SHARE = 2

/** URL characters: printable ASCII but quotes and angle brackets (a URL in Chinese text ends at the first Chinese character). */
const URL_CHARS = `[!#-&(-;=?-~]`
/** http(s)://… and www.… */
const URL = new RegExp(`(?<![A-Za-z0-9])(?:https?://|www\\.)${URL_CHARS}+`, 'gi')
/**
 * Top-level domains a bare "example.com/path" may end in: common generic and country ones, and
 * the cheap ones spam comes from. Left out on purpose: TLDs that are also file extensions people
 * write in posts (md, js, py, sh, rs, pl, zip, mov…), so "README.md" and "Node.js" are not links.
 */
const BARE_TLDS = [
  'com', 'net', 'org', 'edu', 'gov', 'info', 'biz', 'io', 'co', 'me', 'cn', 'hk', 'tw', 'jp', 'kr', 'sg', 'uk', 'us', 'de',
  'fr', 'ru', 'eu', 'in', 'au', 'ca', 'xyz', 'top', 'vip', 'club', 'site', 'online', 'shop', 'store', 'app', 'dev', 'ai',
  'tv', 'cc', 'ly', 'link', 'live', 'news', 'tech', 'pro', 'work', 'wang', 'ltd', 'fun', 'icu', 'win', 'bid', 'cyou',
  'sbs', 'life', 'world', 'asia', 'tk', 'ml', 'ga', 'cf', 'gq', 'ws', 'to', 'su',
] as const
const BARE_DOMAIN = new RegExp(
  `(?<![A-Za-z0-9.@/:-])(?:[a-z0-9][a-z0-9-]{0,62}\\.)+(?:${BARE_TLDS.join('|')})(?![a-z0-9-])(?:/${URL_CHARS}*)?`,
  'gi',
)
/** Punctuation that ends a sentence rather than a URL: "see example.com." */
const TRAILING = /[.,;:!?'")\]}]+$/

/** Link spans in order (an address inside a URL is not counted twice). */
export function findLinks(text: string): Span[] {
  const claims = new Claims()
  const out: Span[] = []
  for (const pattern of [URL, BARE_DOMAIN]) {
    for (const m of text.matchAll(pattern)) {
      const trimmed = m[0].replace(TRAILING, '')
      const span = { start: m.index, end: m.index + trimmed.length }
      if (span.end > span.start && claims.take(span)) out.push(span)
    }
  }
  return out.sort((a, b) => a.start - b.start)
}

/** A word: one Han or kana character (scripts without spaces), or a run of other letters and digits. */
const WORD = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|(?:(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])[\p{L}\p{N}\p{M}])+/gu

/** The links, if they make the text link spam; otherwise none. */
export function linkSpam(text: string): Span[] {
  const links = findLinks(text)
  if (links.length > LINK_SPAM_MAX_LINKS) return links
  if (links.length < LINK_SPAM_MIN_LINKS_FOR_SHARE) return []
  let rest = ''
  let at = 0
  for (const l of links) {
    rest += text.slice(at, l.start) + ' '
    at = l.end
  }
  rest += text.slice(at)
  const words = links.length + countUpTo(rest.matchAll(WORD), LINK_SPAM_SHORT_TEXT_WORDS)
  if (words > LINK_SPAM_SHORT_TEXT_WORDS) return []
  return links.length / words > LINK_SPAM_MAX_LINK_SHARE ? links : []
}

/** How many items, counting no further than one past `limit` (a long text need not be counted to the end). */
function countUpTo(items: Iterator<unknown>, limit: number): number {
  let n = 0
  while (n <= limit && !items.next().done) n++
  return n
}
