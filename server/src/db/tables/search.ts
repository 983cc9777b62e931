import type { ColumnType } from 'kysely'

/**
 * A tsvector column: written as tsvector input text built by shared/src/search (`tsvectorText`,
 * cast with ::tsvector in SQL), read back as its text form. Selected only where it is needed.
 */
export type TsvectorColumn = ColumnType<string, string, string>

/** A member's search document: name and headline (what every member's card shows). */
export interface SearchPersonTable {
  accountId: string
  /** The name's ASCII letters and digits, for pg_trgm (shared/src/search `trigramText`). */
  trigrams: string
  doc: TsvectorColumn
}

/** A company's search document: name and domains. */
export interface SearchCompanyTable {
  companyId: string
  trigrams: string
  doc: TsvectorColumn
}

/** A real-name feed post's search document (written by indexFeedPost once the feed exists). */
export interface SearchFeedPostTable {
  postId: string
  authorId: string
  doc: TsvectorColumn
}

export type PartialDB = { searchPerson: SearchPersonTable; searchCompany: SearchCompanyTable; searchFeedPost: SearchFeedPostTable }
