import { BadCursorError } from '../../errors.js'
import { cursorFields, cursorUuid } from '../cursor-fields.js'

/** A keyset cursor over (sort key, id) as base64url JSON; `kind` stops a cursor of one list being used on another. */
export function encodeCursor(kind: string, key: string, id: string): string {
  return Buffer.from(JSON.stringify([kind, key, id])).toString('base64url')
}

/**
 * The (key, id) of a keyset cursor; the id is checked here, the key by the caller with the
 * cursor-fields validator its column needs (cursorTime, cursorText, cursorNumber…).
 */
export function decodeCursor(kind: string, cursor: string | undefined): { key: string; id: string } | null {
  if (cursor === undefined) return null
  const [key, id] = cursorFields(cursor, kind, 2)
  if (typeof key !== 'string') throw new BadCursorError()
  return { key, id: cursorUuid(id) }
}

/** The page's rows (one extra was fetched to learn whether another page follows) and the next cursor. */
export function pageOf<T>(rows: T[], size: number, cursorOf: (last: T) => string): { rows: T[]; nextCursor: string | null } {
  if (rows.length <= size) return { rows, nextCursor: null }
  const page = rows.slice(0, size)
  return { rows: page, nextCursor: cursorOf(page[page.length - 1]!) }
}

/**
 * A bounded offset as a cursor ("o40"), for short lists ranked by something other than a key
 * (a company's reviews and interviews, jobs by relevance). At most `maxDigits` digits.
 */
export function decodeOffset(cursor: string | undefined, maxDigits = 7): number {
  if (cursor === undefined) return 0
  const m = new RegExp(`^o([0-9]{1,${maxDigits}})$`).exec(cursor)
  if (!m) throw new BadCursorError()
  return Number(m[1])
}

/** pageOf for an offset list: the next page starts `size` further. */
export function offsetPageOf<T>(rows: T[], size: number, offset: number): { rows: T[]; nextCursor: string | null } {
  return pageOf(rows, size, () => `o${offset + size}`)
}
