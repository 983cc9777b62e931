import fc from 'fast-check'

/** The part of JSON Schema the OpenAPI document of the app uses (TypeBox's output). */
export interface JsonSchema {
  type?: string | string[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  additionalProperties?: boolean | JsonSchema
  items?: JsonSchema
  minItems?: number
  maxItems?: number
  uniqueItems?: boolean
  minLength?: number
  maxLength?: number
  pattern?: string
  format?: string
  enum?: unknown[]
  const?: unknown
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  allOf?: JsonSchema[]
  minimum?: number
  maximum?: number
  exclusiveMinimum?: number
  exclusiveMaximum?: number
}

/** Real values by field or parameter name (a member's handle, a company's slug…), so inputs reach past "not found". */
export type KnownValues = Record<string, readonly string[]>

const MAX_ARRAY = 4
const MAX_STRING = 120

/** Values a schema accepts, as far as fast-check can aim at them: the "from its schema" half. */
export function fromSchema(schema: JsonSchema, known: KnownValues = {}, name = '', depth = 0): fc.Arbitrary<unknown> {
  const plain = plainFromSchema(schema, known, depth)
  const real = known[name]
  return real?.length ? fc.oneof({ arbitrary: fc.constantFrom(...real), weight: 2 }, { arbitrary: plain, weight: 1 }) : plain
}

function plainFromSchema(s: JsonSchema, known: KnownValues, depth: number): fc.Arbitrary<unknown> {
  if (depth > 8) return fc.constant(null)
  if ('const' in s) return fc.constant(s.const)
  if (s.enum?.length) return fc.constantFrom(...s.enum)
  const alternatives = s.anyOf ?? s.oneOf
  if (alternatives?.length) return fc.oneof(...alternatives.map((a) => plainFromSchema(a, known, depth + 1)))
  if (s.allOf?.length) return plainFromSchema(Object.assign({}, ...s.allOf), known, depth + 1)
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : s.properties ? ['object'] : []
  if (types.length > 1) return fc.oneof(...types.map((type) => plainFromSchema({ ...s, type }, known, depth + 1)))
  switch (types[0]) {
    case 'string':
      return stringFromSchema(s)
    case 'integer': {
      const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -(2 ** 31))
      const max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : 2 ** 31 - 1)
      return fc.integer({ min: Math.max(min, Number.MIN_SAFE_INTEGER), max: Math.min(max, Number.MAX_SAFE_INTEGER) })
    }
    case 'number':
      return fc.double({ min: s.minimum ?? -1e9, max: s.maximum ?? 1e9, noNaN: true, noDefaultInfinity: true })
    case 'boolean':
      return fc.boolean()
    case 'null':
      return fc.constant(null)
    case 'array': {
      const item = plainFromSchema(s.items ?? {}, known, depth + 1)
      const constraints = { minLength: s.minItems ?? 0, maxLength: Math.max(s.minItems ?? 0, Math.min(s.maxItems ?? MAX_ARRAY, MAX_ARRAY)) }
      return s.uniqueItems ? fc.uniqueArray(item, { ...constraints, selector: (v) => JSON.stringify(v) }) : fc.array(item, constraints)
    }
    case 'object': {
      const props = s.properties ?? {}
      const shape: Record<string, fc.Arbitrary<unknown>> = {}
      for (const [k, v] of Object.entries(props)) shape[k] = fromSchema(v, known, k, depth + 1)
      return fc.record(shape, { requiredKeys: (s.required ?? []).filter((k) => k in props) })
    }
    default:
      return fc.jsonValue({ maxDepth: 2 })
  }
}

function stringFromSchema(s: JsonSchema): fc.Arbitrary<string> {
  const minLength = s.minLength ?? 0
  const maxLength = Math.max(minLength, Math.min(s.maxLength ?? MAX_STRING, MAX_STRING))
  const fits = (v: string) => v.length >= minLength && v.length <= (s.maxLength ?? Infinity)
  switch (s.format) {
    case 'uuid':
      return fc.uuid()
    case 'email':
      return fc.emailAddress().filter(fits)
    case 'date-time':
      return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString())
    case 'date':
      return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))
    case 'uri':
      return fc.webUrl().filter(fits)
  }
  if (s.pattern) {
    try {
      // Patterns are written for Ajv's `u` flag; stringMatching reads the usual subset of either.
      const matching = fc.stringMatching(new RegExp(s.pattern, 'u')).filter(fits)
      return fc.oneof(matching, fc.string({ minLength, maxLength }))
    } catch {
      // A pattern fast-check cannot generate from: plain strings, which mostly miss it (a 400 is fine).
    }
  }
  return fc.oneof(fc.string({ minLength, maxLength }), fc.string({ minLength, maxLength, unit: 'grapheme' }), fc.string({ minLength, maxLength, unit: 'binary' }))
}

const LONE_SURROGATE = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c))

/** Strings no field should take, and a few each field should survive: the "beyond it" half, for text. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\ud800',
    '\udfff',
    'x\ud83d',
    '\u202e\u2066evil',
    '\ufeff',
    '\r\n\r\n',
    '%00',
    '%',
    '%zz',
    '../../../../etc/passwd',
    '..\\..\\windows',
    "' OR 1=1 --",
    '"; DROP TABLE account; --',
    '<script>alert(1)</script>',
    'javascript:alert(1)',
    '${7*7}{{7*7}}',
    'null',
    'NaN',
    '-1',
    '1e999',
    '9'.repeat(40),
    '-'.repeat(36),
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    '-004714-01-01T00:00:00.000Z',
    '+275760-09-13T00:00:00.001Z',
    '🙂'.repeat(64),
    '年终奖'.repeat(50),
  ),
  fc.string({ unit: LONE_SURROGATE, minLength: 1, maxLength: 4 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.tuple(fc.constantFrom('a', 'é', '年', '🙂', '\u0000', ' '), fc.integer({ min: 1_000, max: 60_000 })).map(([c, n]) => c.repeat(n)),
)

/** `depth` levels of nesting, within or just past the app's JSON depth limit. */
export function nested(depth: number, leaf: unknown = 1): unknown {
  let v: unknown = leaf
  for (let i = 1; i < depth; i++) v = i % 2 ? [v] : { a: v }
  return v
}

/** Any JSON value a field should not take: wrong types, extremes, nesting. */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(0, -0, -1, 1.5, 1e308, -1e308, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 2, 2 ** 63, Number.MIN_VALUE, true, false, null, [], {}, [null], { '': '' }),
  fc.integer({ min: 2, max: 40 }).map((d) => nested(d)),
  fc.jsonValue({ maxDepth: 3 }),
)

/** Property names a strict schema must refuse (and a JSON parser must not be fooled by). */
export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', '', ' ', '\u0000', '\ud800', 'admin', 'role', 'accountId', 'id', 'a'.repeat(2000)),
  fc.string({ maxLength: 10 }),
)

type Path = (string | number)[]

function pathsOf(v: unknown, here: Path = [], out: Path[] = []): Path[] {
  out.push(here)
  if (Array.isArray(v)) v.forEach((x, i) => pathsOf(x, [...here, i], out))
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) pathsOf(x, [...here, k], out)
  return out
}

function setAt(v: unknown, path: Path, replacement: unknown, mode: 'set' | 'delete' | 'add', key = 'extra'): unknown {
  if (path.length === 0) {
    if (mode === 'set') return replacement
    if (mode === 'add' && v !== null && typeof v === 'object' && !Array.isArray(v)) return { ...v, [key]: replacement }
    return v
  }
  const [head, ...rest] = path as [string | number, ...Path]
  if (Array.isArray(v)) {
    const copy = [...v]
    if (mode === 'delete' && rest.length === 0) copy.splice(Number(head), 1)
    else copy[Number(head)] = setAt(copy[Number(head)], rest, replacement, mode, key)
    return copy
  }
  const obj = { ...(v as Record<string, unknown>) }
  if (mode === 'delete' && rest.length === 0) delete obj[head]
  else obj[head] = setAt(obj[head], rest, replacement, mode, key)
  return obj
}

/**
 * A valid value bent one way: one node replaced by a hostile value, removed, or given a hostile
 * extra key — so the request gets past most of the schema and the one bad part is tested deep in.
 */
export function mutated(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc
    .tuple(valid, fc.nat(), fc.constantFrom('set', 'delete', 'add') as fc.Arbitrary<'set' | 'delete' | 'add'>, hostileJson, hostileKey)
    .map(([v, n, mode, replacement, key]) => {
      const paths = pathsOf(v)
      return setAt(v, paths[n % paths.length]!, replacement, mode, key)
    })
}

/** Percent-encodes any UTF-16 text, a lone surrogate too (as its WTF-8 bytes), where encodeURIComponent throws. */
export function encodeLoose(text: string): string {
  let out = ''
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00
    if (pair) {
      out += encodeURIComponent(text.slice(i, i + 2))
      i++
    } else if (c >= 0xd800 && c <= 0xdfff) {
      out += [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('')
    } else out += encodeURIComponent(text[i]!)
  }
  return out
}

/** Address text that is not what it claims: NULs, overlong and truncated UTF-8, bad escapes, traversal. */
export const hostileUrlText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('%00', 'a%00b', '%FF', '%ED%A0%80', '%E0%A4%A', '%C0%80', '%zz', '%', '%%', '%2', '..', '%2e%2e%2f%2e%2e', 'a%2Fb', '%5C..%5C', '%0D%0ASet-Cookie:%20x=1', '%20', '+', '%2B'),
  hostileString.map(encodeLoose),
)

const b64 = (text: string) => Buffer.from(text).toString('base64url')

/** Pagination cursors a client could forge: base64url JSON of the wrong shape and range, or no base64 at all. */
export const weirdCursor: fc.Arbitrary<string> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((v) => b64(JSON.stringify(v))),
  fc.array(fc.oneof(fc.constantFrom('new', 'hot', 'top', 'feed', 'conv', 'people', 'connections:accepted', 'follows', 'blocks', 'mutual', 'activity'), hostileJson), { minLength: 1, maxLength: 4 }).map((v) => b64(JSON.stringify(v))),
  hostileString.map((s) => b64(s)),
  fc.constantFrom('o-1', 'o99999999999999999999', 'o1e3', 'n:9999999999999999999', '!!!', '====', 'e30', b64('{'), b64('[]'), b64(`["new","${'-'.repeat(36)}"]`)),
  hostileUrlText,
)
