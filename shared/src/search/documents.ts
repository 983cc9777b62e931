import { documentTokens, quoteLexeme, trigramText } from './tokenize.js'

/**
 * What each kind of searchable thing is indexed under: weighted token lists (A ranks above B) and
 * the text its name's trigrams come from. The migration's backfill and the services both build
 * documents here, so the two cannot disagree. The database turns each list into a tsvector with
 * `setweight(array_to_tsvector(tokens), weight)`.
 */
export interface SearchDocument {
  a: string[]
  b: string[]
  trigrams: string
}

/** A member: the name and the headline — both on the card every member may see, so search reveals nothing the profile policy hides. */
export function personDocument(p: { name: string; headline: string }): SearchDocument {
  return { a: documentTokens(p.name), b: documentTokens(p.headline), trigrams: trigramText(p.name) }
}

/** A company: its name, and its e-mail domains whole and by label ("netease.com", "netease", "com"). */
export function companyDocument(c: { name: string; domains: readonly string[] }): SearchDocument {
  const domains = c.domains.join(' ')
  return {
    a: documentTokens(c.name),
    // The domain whole, as the segmenter cuts it (what a query typed the same way gives), and by label.
    b: [...new Set([...c.domains.map((d) => d.toLowerCase()), ...documentTokens(domains), ...documentTokens(domains.replace(/[.-]/g, ' '))])].filter(Boolean),
    // The name alone: domains would dilute a misspelt name's similarity (they are found by their tokens).
    trigrams: trigramText(c.name),
  }
}

/** A Work Talk thread: its title and its opening post's body (replies are not searched). */
export function threadDocument(t: { title: string; body: string }): Omit<SearchDocument, 'trigrams'> {
  return { a: documentTokens(t.title), b: documentTokens(t.body) }
}

/** A real-name feed post: its body. */
export function feedPostDocument(p: { body: string }): Omit<SearchDocument, 'trigrams'> {
  return { a: [], b: documentTokens(p.body) }
}

/** A job: its title first, then where, the company and the description. */
export function jobDocument(j: { title: string; location: string; company: string; description: string }): Omit<SearchDocument, 'trigrams'> {
  return { a: documentTokens(j.title), b: [...documentTokens(j.location), ...documentTokens(j.company), ...documentTokens(j.description)] }
}

/** PostgreSQL's highest lexeme position. */
const MAX_POSITION = 16_383

/**
 * tsvector input text for a document (a bound parameter, cast with ::tsvector): each token quoted
 * (so PostgreSQL takes it as it is and parses nothing), with a position (ts_rank scores positionless
 * lexemes as almost nothing) and its weight — A for `a`, B for `b`.
 */
export function tsvectorText(doc: { a: readonly string[]; b: readonly string[] }): string {
  const out: string[] = []
  const seen = new Set<string>()
  let pos = 0
  for (const [tokens, weight] of [[doc.a, 'A'], [doc.b, 'B']] as const) {
    for (const t of tokens) {
      if (!t || seen.has(t)) continue
      seen.add(t)
      pos = Math.min(pos + 1, MAX_POSITION)
      out.push(`${quoteLexeme(t)}:${pos}${weight}`)
    }
  }
  return out.join(' ')
}
