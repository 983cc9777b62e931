/**
 * A quick look for details that could identify the writer (DESIGN §3): it only warns, never blocks,
 * and it is deliberately simple — a name written in lower case or a rare job title slips through,
 * which the composer says.
 */
export type DetailKind = 'name' | 'phone' | 'email' | 'date' | 'team'

export interface Finding {
  kind: DetailKind
  /** Up to three examples from the text, to show what was found. */
  examples: string[]
}

const MONTHS = 'Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?'

/** Words that often start a sentence or a heading and are not first names. */
const NOT_A_NAME = new Set(
  ('The A An This That These Those It I We You He She They My Our Your His Her Their In On At Of For From To By With And But Or If When ' +
    'While After Before Since Until So Then Also Just Every Each Some Any No Not Yes Hi Hello Dear Thanks Thank Please Why What How Who Where ' +
    'Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August September October November December ' +
    'Employee Former Verified Work Talk')
    .split(' '),
)

const PATTERNS: { kind: DetailKind; re: RegExp; keep?: (m: RegExpExecArray) => boolean }[] = [
  { kind: 'email', re: /[^\s@<>()[\]"',;:]+@[^\s@<>()[\]"',;:]+\.[A-Za-z]{2,}/g },
  // Eight or more digits, possibly grouped with spaces, dots, dashes or brackets, possibly with "+".
  {
    kind: 'phone',
    re: /(?<![\w@.])\+?\(?\d(?:[\d\s().-]{6,}\d)(?![\w@])/g,
    // Eight digits or more, and not a date written with dashes, dots or slashes.
    keep: (m) => (m[0].match(/\d/g) ?? []).length >= 8 && !/^\d{4}-\d{1,2}-\d{1,2}$|^\d{1,2}[./]\d{1,2}[./]\d{2,4}$/.test(m[0].trim()),
  },
  {
    kind: 'date',
    re: new RegExp(
      [
        String.raw`\b\d{4}-\d{1,2}-\d{1,2}\b`,
        String.raw`\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b`,
        String.raw`\b(?:${MONTHS})\.?\s+\d{1,2}(?:st|nd|rd|th)?\b`,
        String.raw`\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:${MONTHS})\b`,
        String.raw`\d{1,2}\s*月\s*\d{1,2}\s*[日号]`,
      ].join('|'),
      'gi',
    ),
  },
  {
    kind: 'team',
    re: /\b[Tt]eam\s+[A-Z0-9][\w-]*|\b[A-Z][\w-]*\s+[Tt]eam\b|[\p{Script=Han}A-Za-z0-9]{1,10}(?:团队|小组|项目组)/gu,
    keep: (m) => !/^(?:The|Our|My|Your|A|An|This|That|Whole|Entire)\s/i.test(m[0]),
  },
  {
    kind: 'name',
    re: /\b\p{Lu}\p{Ll}+(?:[-']\p{Lu}\p{Ll}+)?\s+\p{Lu}\p{Ll}+(?:[-']\p{Lu}\p{Ll}+)?\b/gu,
    keep: (m) => !NOT_A_NAME.has(m[0].split(/\s+/)[0]!) && !/\s(?:Team|Labs?|Inc|Ltd|Group)$/.test(m[0]),
  },
]

export function findIdentifyingDetails(...texts: string[]): Finding[] {
  const text = texts.join('\n')
  const found: Finding[] = []
  for (const { kind, re, keep } of PATTERNS) {
    const examples: string[] = []
    for (const m of text.matchAll(re)) {
      if (keep && !keep(m as RegExpExecArray)) continue
      const example = m[0].trim()
      if (!examples.includes(example)) examples.push(example)
      if (examples.length === 3) break
    }
    if (examples.length) found.push({ kind, examples })
  }
  return found
}
