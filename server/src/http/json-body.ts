import type { FastifyInstance } from 'fastify'
import sjson from 'secure-json-parse'
import { LIMITS } from '../../../shared/src/api/limits.js'
import { TooDeepError, ValidationError } from '../errors.js'

/**
 * JSON bodies, parsed as usual, then checked for text PostgreSQL cannot store: a NUL character,
 * or a lone UTF-16 surrogate (an emoji cut in half). Both are refused with 400 naming the field,
 * instead of failing later in the database with a 500. Before any of that, a body nested deeper
 * than LIMITS.jsonMaxDepth is refused (400 too_deep): parsing, this check and schema validation
 * all recurse, and a few thousand levels overflow the stack.
 */
export function registerJsonParser(app: FastifyInstance): void {
  // State-changing requests must be JSON (DESIGN §5): Fastify's built-in text/plain parser goes.
  app.removeContentTypeParser(['application/json', 'text/plain'])
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, text, done) => {
    const body = text as string
    if (body.trim() === '') return done(null, undefined)
    if (jsonDepth(body) > LIMITS.jsonMaxDepth) return done(new TooDeepError(LIMITS.jsonMaxDepth), undefined)
    let value: unknown
    try {
      // secure-json-parse refuses __proto__ / constructor.prototype keys, as Fastify's own parser does.
      value = sjson.parse(body, null, { protoAction: 'error', constructorAction: 'error' })
    } catch (err) {
      const e = new Error(`Body is not valid JSON: ${(err as Error).message}`) as Error & { statusCode: number; code: string }
      e.statusCode = 400
      e.code = 'FST_ERR_CTP_INVALID_JSON_BODY'
      return done(e, undefined)
    }
    const bad = findUnstorableText(value, '')
    if (bad !== null) return done(new ValidationError(`${bad}: contains a NUL character or broken Unicode`, [{ field: bad, message: 'contains a NUL character or broken Unicode' }]), undefined)
    done(null, value)
  })
}

/**
 * The deepest nesting of arrays and objects in JSON text, counted without recursion (brackets
 * inside strings do not count). Malformed text gets a number too; the parser refuses it after.
 */
export function jsonDepth(text: string): number {
  let depth = 0
  let deepest = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i++ // a backslash: the next character is escaped, whatever it is
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x5b || c === 0x7b) {
      depth++
      if (depth > deepest) deepest = depth
    } else if (c === 0x5d || c === 0x7d) {
      // An unmatched closer: malformed, and the parser stops there before nesting anything.
      if (--depth < 0) return deepest
    }
  }
  return deepest
}

/** The JSON pointer of the first string (or key) PostgreSQL could not store, or null. */
export function findUnstorableText(value: unknown, pointer: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') || !value.isWellFormed() ? pointer || '/' : null
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorableText(value[i], `${pointer}/${i}`)
      if (found !== null) return found
    }
    return null
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const here = `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`
      if (k.includes('\u0000') || !k.isWellFormed()) return here
      const found = findUnstorableText(v, here)
      if (found !== null) return found
    }
  }
  return null
}
