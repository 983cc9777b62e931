import { matchQuery, rankQuery, trigramText } from '../../../../shared/src/search/tokenize.js'

/** A query as every kind of search uses it: tsquery texts (bound, cast with ::tsquery) and trigram text. */
export interface Terms {
  /** Every term must match; null when the query has no word at all (only punctuation or emoji). */
  match: string | null
  /** Any term, or a CJK word as the segmenter cut it: for ts_rank. */
  rank: string | null
  /** For pg_trgm on names: the query's ASCII letters and digits ('' when none). */
  trigrams: string
}

export function termsOf(q: string): Terms {
  return { match: matchQuery(q), rank: rankQuery(q), trigrams: trigramText(q) }
}

/** One page: how many to skip and how many to take (one more is asked for, to know if there is a next page). */
export interface Page {
  offset: number
  limit: number
}
