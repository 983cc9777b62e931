import { findChineseNames, type TextHit, type WordSegmenter } from './zh-names.js'
import { PLACE_ZH } from './zh-places.js'

/**
 * A quick look for details that could identify the writer (DESIGN §3): it only warns, never blocks,
 * and it is deliberately simple — a name written in lower case or a rare job title slips through,
 * which the composer says. English and Chinese; Chinese names are in zh-names.ts.
 */
export type DetailKind = 'name' | 'phone' | 'email' | 'date' | 'place' | 'team'

export interface Finding {
  kind: DetailKind
  /** Up to three examples from the text, to show what was found. */
  examples: string[]
}

/** Posts are at most 10,000 characters; anything longer is a paste, and the check stays quick. */
const MAX_SCAN = 20_000

const MONTHS = 'Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?'
const MONTH_ZH = String.raw`(?:\d{1,2}|十[一二]?|[一二三四五六七八九])\s*月`

/** Words that often start a sentence or a heading and are not first names. */
const NOT_A_NAME = new Set(
  ('The A An This That These Those It I We You He She They My Our Your His Her Their In On At Of For From To By With And But Or If When ' +
    'While After Before Since Until So Then Also Just Every Each Some Any No Not Yes Hi Hello Dear Thanks Thank Please Why What How Who Where ' +
    'Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August September October November December ' +
    'Employee Former Verified Work Talk')
    .split(' '),
)
/** Capitalised words before "office" that say which kind of office, not where. */
const NOT_A_PLACE = new Set('Main Head Home Back Front Post Box Corporate Regional Local Field Remote Global Satellite Central Branch Open Whole Entire Microsoft'.split(' '))

const WORKPLACE_EN = String.raw`(?:[Oo]ffices?|[Cc]ampus|HQ|[Hh]eadquarters|[Ss]ite|[Pp]lant|[Ff]actory|[Ww]arehouse|[Bb]ranch|[Ll]ab|[Dd]ata ?[Cc]ent(?:er|re)|[Hh]ub|[Ff]acility|[Ss]tudio)`
const ORDINALS = 'first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth'

/** Not in an address: spaces, brackets, quotes, Han characters and CJK punctuation (Chinese text has no spaces). */
const EMAIL_CHAR = String.raw`[^\s@<>()[\]"',;:\p{Script=Han}\u3000-\u303f\uff00-\uffef]`

interface Pattern {
  kind: DetailKind
  re: RegExp
  /** The example to show, or null to drop the match. */
  pick?: (m: RegExpExecArray) => string | null
}

const PATTERNS: Pattern[] = [
  // Bounded parts (RFC 5321: 64 before the @): unbounded, a long run without spaces (Chinese) is quadratic.
  { kind: 'email', re: new RegExp(String.raw`${EMAIL_CHAR}{1,64}@${EMAIL_CHAR}{1,190}\.[A-Za-z]{2,24}`, 'gu') },
  // Eight or more digits, possibly grouped with spaces, dots, dashes or brackets, possibly with "+".
  {
    kind: 'phone',
    re: /(?<![\w@.])\+?\(?\d(?:[\d\s().-]{6,}\d)(?![\w@])/g,
    // Eight digits or more, and not a date written with dashes, dots or slashes.
    pick: (m) => ((m[0].match(/\d/g) ?? []).length >= 8 && !/^\d{4}-\d{1,2}-\d{1,2}$|^\d{1,2}[./]\d{1,2}[./]\d{2,4}$/.test(m[0].trim()) ? m[0] : null),
  },
  {
    kind: 'date',
    // A day, or a month with its year: "in 2021" alone is not a date, "March 2021" is.
    re: new RegExp(
      [
        String.raw`\b\d{4}-\d{1,2}-\d{1,2}\b`,
        String.raw`\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b`,
        String.raw`\b(?:${MONTHS})\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?\b`,
        String.raw`\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:${MONTHS})(?:,?\s+\d{4})?\b`,
        String.raw`\b(?:${MONTHS})\.?,?\s+(?:of\s+)?(?:19|20)\d{2}\b`,
        String.raw`\bQ[1-4]\s*(?:of\s+)?(?:19|20)\d{2}\b`,
        String.raw`\b(?:0?[1-9]|1[0-2])/(?:19|20)\d{2}\b`,
        String.raw`(?:\d{4}\s*年|[去前今明]年)\s*${MONTH_ZH}(?:\s*\d{1,2}\s*[日号])?`,
        String.raw`(?:${MONTH_ZH}|[上这下]个?月)\s*\d{1,2}\s*[日号]`,
      ].join('|'),
      'giu',
    ),
  },
  {
    kind: 'place',
    re: new RegExp(String.raw`\b(?:\p{Lu}[\p{L}'-]+\s+){1,3}${WORKPLACE_EN}\b`, 'gu'),
    // "Our Austin office" shows as "Austin office"; "The office" and "Main office" are dropped.
    pick: (m) => {
      const words = m[0].trim().split(/\s+/)
      while (words.length > 1 && (NOT_A_NAME.has(words[0]!) || NOT_A_PLACE.has(words[0]!))) words.shift()
      return words.length > 1 ? words.join(' ') : null
    },
  },
  { kind: 'place', re: /\b(?:[Bb]uilding|[Bb]ldg\.?|[Tt]ower)\s+(?:[A-Z]|\d{1,3})\b/g },
  { kind: 'place', re: new RegExp(String.raw`\b\d{1,3}(?:st|nd|rd|th)\s+floor\b|\bfloor\s+\d{1,3}\b|\b(?:${ORDINALS})\s+floor\b`, 'gi') },
  { kind: 'place', re: PLACE_ZH },
  {
    kind: 'team',
    re: /\b[Tt]eam\s+[A-Z0-9][\w-]*|\b[A-Z][\w-]*\s+[Tt]eam\b|[\p{Script=Han}A-Za-z0-9]{1,10}(?:团队|小组|项目组)/gu,
    pick: (m) => (/^(?:The|Our|My|Your|A|An|This|That|Whole|Entire)\s/i.test(m[0]) ? null : m[0]),
  },
  {
    kind: 'name',
    re: /\b\p{Lu}\p{Ll}+(?:[-']\p{Lu}\p{Ll}+)?\s+\p{Lu}\p{Ll}+(?:[-']\p{Lu}\p{Ll}+)?\b/gu,
    pick: (m) => (!NOT_A_NAME.has(m[0].split(/\s+/)[0]!) && !/\s(?:Team|Labs?|Inc|Ltd|Group|Offices?|Campus|Headquarters|Site|Plant|Factory|Warehouse|Branch|Hub|Building|Tower|Floor)$/.test(m[0]) ? m[0] : null),
  },
]

interface Hit extends TextHit {
  kind: DetailKind
}

/** The order findings are listed in. */
const KINDS: DetailKind[] = ['email', 'phone', 'date', 'place', 'team', 'name']

export function findIdentifyingDetails(...texts: string[]): Finding[] {
  return findDetails(texts.join('\n'))
}

/** `segmenter`: for tests (null: none); by default ICU's Chinese word segmenter where there is one. */
export function findDetails(full: string, segmenter?: WordSegmenter | null): Finding[] {
  const text = full.slice(0, MAX_SCAN)
  const hits: Hit[] = []
  for (const { kind, re, pick } of PATTERNS) {
    for (const m of text.matchAll(re)) {
      const example = pick ? pick(m) : m[0]
      const shown = example?.trim()
      if (shown) hits.push({ kind, index: m.index + Math.max(0, m[0].indexOf(shown)), text: shown })
    }
  }
  for (const h of findChineseNames(text, segmenter)) hits.push({ kind: 'name', ...h })
  hits.sort((a, b) => a.index - b.index)
  // "New York office", "张江园区": the place says it; the name inside it is not a person.
  const places = hits.filter((h) => h.kind === 'place')
  const inPlace = (h: Hit) => places.some((p) => h.index < p.index + p.text.length && p.index < h.index + h.text.length)
  const found: Finding[] = []
  for (const kind of KINDS) {
    const examples: string[] = []
    for (const h of hits) {
      if (h.kind !== kind || (kind === 'name' && inPlace(h)) || examples.includes(h.text)) continue
      examples.push(h.text)
      if (examples.length === 3) break
    }
    if (examples.length) found.push({ kind, examples })
  }
  return found
}
