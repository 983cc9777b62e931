/**
 * The search tokenizer, one for documents and queries (pure, browser-safe; the anonymous module may
 * use it too). PostgreSQL's text-search parsers do not segment Chinese, so the application does:
 *
 * - text is normalised (NFKC, lower case, Latin diacritics dropped: "José" → "jose");
 * - `Intl.Segmenter('zh', {granularity: 'word'})` cuts it into words; words that are not word-like
 *   (spaces, punctuation, emoji) are dropped;
 * - every run of CJK characters also gives its single characters and its character bigrams, across
 *   the segmenter's word boundaries: "今年的年终奖取消了" is segmented 今年|的|年终|奖|取消|了, and the
 *   bigrams 年终 终奖 let the query "年终奖" (bigrams 年终 终奖) find it anyway.
 *
 * Output is bounded whatever comes in: the input is cut at `TOKENIZER.maxInputLength` characters,
 * a token at `maxTokenLength`, a document at `maxDocumentTokens` distinct tokens.
 */
export const TOKENIZER = {
  /** Characters of input read; the longest indexed text (a Work Talk title and body) is ~10,200. */
  maxInputLength: 20_000,
  /** Characters of one token (PostgreSQL allows 2 KB per lexeme; longer words are noise). */
  maxTokenLength: 64,
  /** Distinct tokens one document keeps, in the order first seen. */
  maxDocumentTokens: 4_000,
  /** Terms one query keeps: more would only slow the search. */
  maxQueryTerms: 16,
} as const

/** Han, kana, Hangul (and their compatibility forms): scripts written without spaces. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u
const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}ー]+/gu

let segmenter: Intl.Segmenter | null = null
const words = () => (segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' }))

/** The normal form both sides compare. */
export function normalize(text: string): string {
  return text
    .slice(0, TOKENIZER.maxInputLength)
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/(\p{Script=Latin})\p{M}+/gu, '$1')
    .normalize('NFC')
}

/** Code points, not UTF-16 units: a cut never splits a surrogate pair. */
const cut = (s: string, n: number) => {
  const cps = Array.from(s)
  return cps.length <= n ? s : cps.slice(0, n).join('')
}

export interface Pieces {
  /** Words of scripts with spaces (Latin, digits, Cyrillic…), as the segmenter cut them. */
  words: string[]
  /** CJK words as the segmenter cut them (two characters or more: single ones are in `grams`). */
  cjkWords: string[]
  /** Every CJK run, for its characters and bigrams. */
  cjkRuns: string[]
}

/** Cuts normalised text into its pieces. */
export function pieces(normalized: string): Pieces {
  const out: Pieces = { words: [], cjkWords: [], cjkRuns: [] }
  for (const s of words().segment(normalized)) {
    if (!s.isWordLike) continue
    const w = cut(s.segment, TOKENIZER.maxTokenLength)
    if (CJK.test(w)) {
      if (Array.from(w).length >= 2) out.cjkWords.push(w)
    } else out.words.push(w)
  }
  for (const m of normalized.matchAll(CJK_RUN)) out.cjkRuns.push(m[0])
  return out
}

/** A run's single characters and bigrams, in order. */
export function grams(run: string): { unigrams: string[]; bigrams: string[] } {
  const cps = Array.from(run)
  return { unigrams: cps, bigrams: cps.slice(0, -1).map((c, i) => c + cps[i + 1]) }
}

/** The distinct tokens a document is indexed under (never empty strings), at most `maxDocumentTokens`. */
export function documentTokens(text: string): string[] {
  const p = pieces(normalize(text))
  const seen = new Set<string>()
  const add = (t: string) => {
    if (t && seen.size < TOKENIZER.maxDocumentTokens) seen.add(t)
  }
  for (const w of p.words) add(w)
  for (const w of p.cjkWords) add(w)
  for (const run of p.cjkRuns) {
    const g = grams(run)
    for (const u of g.unigrams) add(u)
    for (const b of g.bigrams) add(b)
  }
  return [...seen]
}

export interface QueryTerm {
  lexeme: string
  /** Matched as a prefix ("ali" finds "alice"): words of scripts with spaces. */
  prefix: boolean
}

/**
 * What a query must match: each word of a script with spaces (as a prefix), and for each CJK run its
 * bigrams (a single character: itself) — never the segmenter's CJK words, which a document may
 * have been cut into differently. `rank` adds those words, to rank documents that have them higher.
 */
export function queryTerms(q: string): { match: QueryTerm[]; rank: string[] } {
  const p = pieces(normalize(q))
  const match = new Map<string, QueryTerm>()
  const add = (lexeme: string, prefix: boolean) => {
    if (lexeme && match.size < TOKENIZER.maxQueryTerms && !match.has(lexeme)) match.set(lexeme, { lexeme, prefix })
  }
  for (const w of p.words) add(w, true)
  for (const run of p.cjkRuns) {
    const g = grams(run)
    for (const t of g.bigrams.length ? g.bigrams : g.unigrams) add(t, false)
  }
  return { match: [...match.values()], rank: [...new Set(p.cjkWords)].slice(0, TOKENIZER.maxQueryTerms) }
}

/** A lexeme quoted for tsquery input: taken as it is, never parsed again. */
export function quoteLexeme(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`
}

/** tsquery text (a bound parameter, cast with ::tsquery) matching every term; null when the query has none. */
export function matchQuery(q: string): string | null {
  const { match } = queryTerms(q)
  if (!match.length) return null
  return match.map((t) => quoteLexeme(t.lexeme) + (t.prefix ? ':*' : '')).join(' & ')
}

/** tsquery text for ranking: any term, or a CJK word of the query as the segmenter cut it. */
export function rankQuery(q: string): string | null {
  const { match, rank } = queryTerms(q)
  const all = new Set([...match.map((t) => quoteLexeme(t.lexeme) + (t.prefix ? ':*' : '')), ...rank.map(quoteLexeme)])
  return all.size ? [...all].join(' | ') : null
}

/**
 * The text trigram similarity compares: the normalised text's ASCII letters and digits only. pg_trgm
 * counts a character as part of a word by the database's locale (non-ASCII letters are not, under
 * the C locale PGlite uses); keeping to ASCII makes PGlite and PostgreSQL agree. CJK names are found
 * by their characters and bigrams instead.
 */
export function trigramText(text: string): string {
  return normalize(text)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .slice(0, 200)
}
