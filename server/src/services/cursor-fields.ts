import { CURSORS } from '../../../shared/src/api/limits.js'
import { BadCursorError } from '../errors.js'

/**
 * The one owner of "what a cursor may carry" (issue 11). A cursor comes back from the client, so
 * every field is checked to its exact shape and range here, before it can reach SQL: a field that
 * PostgreSQL would refuse ("36 dashes" as a uuid, a date before 4713 BC, a number past `integer`)
 * is a 400 bad_cursor, never a 500. Every cursor decoder builds on these.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
/** What Date.toISOString() writes, and nothing else Date.parse would take. */
const ISO_TIME = /^([0-9]{4})-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$/
const DECIMAL = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:e[+-]?[0-9]+)?$/i
const DIGITS = /^(?:0|[1-9][0-9]{0,18})$/

/** The fields of a base64url-JSON cursor `[kind, ...fields]`, once its kind and arity are right. */
export function cursorFields(cursor: string, kind: string, fields: number): unknown[] {
  if (cursor.length > CURSORS.maxLength) throw new BadCursorError()
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    throw new BadCursorError()
  }
  if (!Array.isArray(parsed) || parsed.length !== fields + 1 || parsed[0] !== kind) throw new BadCursorError()
  return parsed.slice(1)
}

/** A uuid, in its one canonical shape. */
export function cursorUuid(v: unknown): string {
  if (typeof v !== 'string' || !UUID.test(v)) throw new BadCursorError()
  return v
}

/** A timestamp as toISOString() wrote it, between CURSORS.minYear and maxYear. */
export function cursorTime(v: unknown): Date {
  const m = typeof v === 'string' ? ISO_TIME.exec(v) : null
  if (!m) throw new BadCursorError()
  const year = Number(m[1])
  const at = new Date(v as string)
  // The round trip refuses what Date would roll over (February 30th, hour 24).
  if (year < CURSORS.minYear || year > CURSORS.maxYear || Number.isNaN(at.getTime()) || at.toISOString() !== v) throw new BadCursorError()
  return at
}

/** A finite number within ±CURSORS.maxNumber (a float8 sort key), as a number or its decimal text. */
export function cursorNumber(v: unknown): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && DECIMAL.test(v) ? Number(v) : Number.NaN
  if (!Number.isFinite(n) || Math.abs(n) > CURSORS.maxNumber) throw new BadCursorError()
  return n
}

/** An integer in [min, max] (max at most PostgreSQL's integer), as a number or its decimal text. */
export function cursorInteger(v: unknown, min = 0, max: number = CURSORS.maxInteger): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?[0-9]{1,10}$/.test(v) ? Number(v) : Number.NaN
  if (!Number.isSafeInteger(n) || n < min || n > Math.min(max, CURSORS.maxInteger) || n < -CURSORS.maxInteger - 1) throw new BadCursorError()
  return n
}

/** A bigint id as decimal text, 0 up to PostgreSQL's bigint. */
export function cursorBigintId(v: unknown): string {
  if (typeof v !== 'string' || !DIGITS.test(v) || BigInt(v) > BigInt(CURSORS.maxBigint)) throw new BadCursorError()
  return v
}

/** A text sort key PostgreSQL can store: at most `maxLength` characters, no NUL, no broken Unicode. */
export function cursorText(v: unknown, maxLength: number): string {
  if (typeof v !== 'string' || v.length > maxLength || v.includes('\u0000') || !v.isWellFormed()) throw new BadCursorError()
  return v
}
