import { ValidationError } from '../../errors.js'
import { BadCursorError } from '../talk/reading.js'

/** A keyset cursor over (sort key, id) as base64url JSON; `kind` stops a cursor of one list being used on another. */
export function encodeCursor(kind: string, key: string, id: string): string {
  return Buffer.from(JSON.stringify([kind, key, id])).toString('base64url')
}

export function decodeCursor(kind: string, cursor: string | undefined): { key: string; id: string } | null {
  if (cursor === undefined) return null
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    throw new BadCursorError()
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || parsed[0] !== kind) throw new BadCursorError()
  const [, key, id] = parsed as unknown[]
  if (typeof key !== 'string' || typeof id !== 'string' || !/^[0-9a-f-]{36}$/.test(id)) throw new BadCursorError()
  return { key, id }
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
  if (!m) throw new ValidationError('/cursor: not a cursor of this list', [{ field: '/cursor', message: 'is not a cursor of this list' }])
  return Number(m[1])
}

/** pageOf for an offset list: the next page starts `size` further. */
export function offsetPageOf<T>(rows: T[], size: number, offset: number): { rows: T[]; nextCursor: string | null } {
  return pageOf(rows, size, () => `o${offset + size}`)
}
