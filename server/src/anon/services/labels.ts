import { aliasName as aliasOf } from '../../../../shared/src/talk/alias.js'
import type { Voice } from '../tables.js'

/** "Quiet Heron": a stable name for a pseudonym key, the same for every reader. */
export function aliasName(authorKey: Uint8Array): string {
  return aliasOf(Buffer.from(authorKey).toString('base64url'))
}

export interface AuthorParts {
  kind: Voice | 'alias'
  company: { slug: string; name: string } | null
  alias: string | null
}

/** What a post's author shows as (DESIGN §3), in parts and as English text. */
export function authorParts(p: { label: 'company' | 'alias'; voice: Voice | null; companySlug: string | null; companyName: string | null; authorKey: Uint8Array }): AuthorParts {
  if (p.label === 'alias') return { kind: 'alias', company: null, alias: aliasName(p.authorKey) }
  const company = p.companySlug && p.companyName ? { slug: p.companySlug, name: p.companyName } : null
  return { kind: company && p.voice ? p.voice : 'professional', company, alias: null }
}

export function labelText(a: AuthorParts): string {
  if (a.kind === 'alias') return a.alias!
  if (a.kind === 'employee' && a.company) return `Employee of ${a.company.name}`
  if (a.kind === 'former' && a.company) return `Former employee of ${a.company.name}`
  return 'Verified professional'
}
