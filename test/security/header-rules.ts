/**
 * What a response's headers must say, by what it is (issue 11: "security headers and CSP on every
 * page"). Pure: headers in, violations out, so each rule is tested on planted header sets as well
 * as on the app's real answers (headers.test.ts).
 */

export type ResponseKind = 'html' | 'api' | 'image' | 'asset'

export interface HeaderContext {
  kind: ResponseKind
  /** PUBLIC_URL is https: HSTS and Secure cookies are required. */
  https: boolean
  /** The answer is one member's (a signed-in read, their photo): no shared cache may keep it. */
  personal?: boolean
}

type Headers = Record<string, string | string[] | number | undefined>

/** A Content-Security-Policy as directive → sources (lower-cased names; sources as written). */
export function parseCsp(value: string): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const part of value.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/)
    if (name && !out.has(name.toLowerCase())) out.set(name.toLowerCase(), sources)
  }
  return out
}

const SCHEME_ONLY = /^(?:https?|data|blob|filesystem|ws|wss):$/i
const GOOD_REFERRER = ['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin']
const HSTS_MIN_AGE_S = 180 * 24 * 60 * 60

function one(h: Headers, name: string): string | undefined {
  const v = h[name.toLowerCase()]
  return v === undefined ? undefined : Array.isArray(v) ? v.join(', ') : String(v)
}

/** Violations of the policy itself: where scripts, plugins, a base URL and framing may come from. */
export function cspViolations(value: string, page: boolean): string[] {
  const out: string[] = []
  const csp = parseCsp(value)
  const fallback = csp.get('default-src')
  const script = csp.get('script-src') ?? fallback
  if (!script) out.push('CSP: neither script-src nor default-src, so any script may run')
  else {
    for (const bad of ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'wasm-unsafe-eval'"]) if (script.includes(bad)) out.push(`CSP: script-src allows ${bad}`)
    for (const s of script) if (s === '*' || SCHEME_ONLY.test(s)) out.push(`CSP: script-src allows any source of ${s}`)
  }
  for (const attr of ['script-src-attr', 'script-src-elem']) for (const s of csp.get(attr) ?? []) if (s === "'unsafe-inline'" || s === '*') out.push(`CSP: ${attr} allows ${s}`)
  for (const [name, sources] of csp) if (sources.includes('*')) out.push(`CSP: ${name} allows '*'`)
  const object = csp.get('object-src') ?? fallback
  if (!object || object.join(' ') !== "'none'") out.push(`CSP: object-src is not 'none' (${object?.join(' ') ?? 'unset'})`)
  if (page) {
    if (!csp.has('base-uri')) out.push('CSP: no base-uri, so an injected <base> can redirect relative scripts')
    if (!csp.has('form-action')) out.push('CSP: no form-action, so an injected form can post anywhere')
    const style = csp.get('style-src') ?? fallback
    if (style?.includes("'unsafe-inline'")) out.push("CSP: style-src allows 'unsafe-inline'")
  }
  const ancestors = csp.get('frame-ancestors')
  if (ancestors && !ancestors.every((s) => s === "'none'" || s === "'self'")) out.push(`CSP: frame-ancestors lets other sites frame the page (${ancestors.join(' ')})`)
  return out
}

/** Every violation of the rules for a response of this kind; [] when its headers are right. */
export function headerViolations(headers: Headers, ctx: HeaderContext): string[] {
  const h: Headers = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]))
  const out: string[] = []
  const type = one(h, 'content-type') ?? ''

  if (one(h, 'x-content-type-options') !== 'nosniff') out.push('X-Content-Type-Options is not nosniff')
  if (one(h, 'x-powered-by') !== undefined) out.push(`X-Powered-By is sent (${one(h, 'x-powered-by')})`)
  const server = one(h, 'server')
  if (server && /\d/.test(server)) out.push(`Server names a version (${server})`)
  const referrer = one(h, 'referrer-policy')
  if (!referrer || !referrer.split(',').map((s) => s.trim()).every((p) => GOOD_REFERRER.includes(p))) out.push(`Referrer-Policy is ${referrer ?? 'missing'}; it must not send the path to other sites`)
  if (one(h, 'access-control-allow-origin') !== undefined) out.push(`Access-Control-Allow-Origin is sent (${one(h, 'access-control-allow-origin')}); the API is same-origin only`)
  const corp = one(h, 'cross-origin-resource-policy')
  if (corp !== 'same-origin' && corp !== 'same-site') out.push(`Cross-Origin-Resource-Policy is ${corp ?? 'missing'}; other sites could embed it`)
  if (!type) out.push('no Content-Type')

  const hsts = one(h, 'strict-transport-security')
  if (ctx.https) {
    const age = Number(/max-age=(\d+)/i.exec(hsts ?? '')?.[1] ?? 0)
    if (age < HSTS_MIN_AGE_S) out.push(`Strict-Transport-Security is ${hsts ?? 'missing'} on an https site (max-age ≥ ${HSTS_MIN_AGE_S} wanted)`)
  }

  const cookies = h['set-cookie'] === undefined ? [] : [h['set-cookie']].flat().map(String)
  for (const c of cookies) {
    const name = c.split('=')[0]
    if (!/;\s*httponly/i.test(c)) out.push(`cookie ${name} is not HttpOnly`)
    if (!/;\s*samesite=(lax|strict)/i.test(c)) out.push(`cookie ${name} is not SameSite=Lax or Strict`)
    if (ctx.https && !/;\s*secure/i.test(c)) out.push(`cookie ${name} is not Secure on an https site`)
  }

  const csp = one(h, 'content-security-policy')
  const framing = one(h, 'x-frame-options')?.toUpperCase()
  const ancestors = csp ? parseCsp(csp).get('frame-ancestors') : undefined
  const cache = one(h, 'cache-control')
  if (ctx.kind === 'html') {
    if (!/^text\/html;\s*charset=utf-8$/i.test(type)) out.push(`an HTML page with Content-Type ${type}`)
    if (!csp) out.push('an HTML page without Content-Security-Policy')
    if (framing !== 'DENY' && framing !== 'SAMEORIGIN' && !ancestors) out.push('an HTML page that may be framed: no X-Frame-Options and no frame-ancestors')
    if (one(h, 'cross-origin-opener-policy') !== 'same-origin') out.push(`Cross-Origin-Opener-Policy is ${one(h, 'cross-origin-opener-policy') ?? 'missing'}`)
  }
  if (csp) out.push(...cspViolations(csp, ctx.kind === 'html'))
  if (ctx.kind === 'api' && !/^application\/(?:problem\+)?json;\s*charset=utf-8$/i.test(type)) out.push(`an API answer with Content-Type ${type}`)
  if (ctx.kind === 'image' && !/^image\/(?:png|jpeg|webp|avif|gif)$/i.test(type)) out.push(`an image with Content-Type ${type} (never SVG or HTML from uploads)`)
  if (ctx.kind === 'asset' && !/^(?:application\/javascript|text\/javascript|text\/css|image\/svg\+xml)(?:;|$)/i.test(type)) out.push(`an asset with Content-Type ${type}`)
  if (ctx.kind !== 'html' && !cache) out.push('no Cache-Control: caches and the browser guess how long to keep it')
  if (ctx.personal && cache && !/\b(?:no-store|private)\b/i.test(cache)) out.push(`one member's answer with Cache-Control ${cache}; a shared cache could keep it`)
  return out
}
