import type { Static } from '@sinclair/typebox'
import type { KeyDirectory, Me } from '../../../shared/src/api/index.js'

export type DirectoryEntry = Static<typeof KeyDirectory>['keys'][number]

/**
 * A voice is one way this member can post: which issuer key pays for it and which label a
 * `company` post shows. Kinds mirror the server's author kinds.
 */
export interface Voice {
  /** Stable id: "<company slug or *>|<purpose>". */
  id: string
  company: { slug: string; name: string } | null
  purpose: 'talk' | 'talk-former'
  kind: 'employee' | 'former' | 'professional'
  /** The directory key to draw new tokens from (the current epoch's). */
  key: DirectoryEntry
}

export function voiceId(company: string | null, purpose: string): string {
  return `${company ?? '*'}|${purpose}`
}

/** The current epoch's key of a scope: the directory also lists the next one on an epoch's last day. */
function currentKey(directory: DirectoryEntry[], company: string | null, purpose: string): DirectoryEntry | undefined {
  return directory
    .filter((k) => k.company === company && k.purpose === purpose)
    .sort((a, b) => (a.epoch < b.epoch ? -1 : a.epoch > b.epoch ? 1 : 0))[0]
}

/**
 * Which keys this member can use (DESIGN §3): the company's own key for a current employer that has
 * one, the company's `talk-former` key for a former employer that has one, and otherwise the shared
 * null key ("Verified professional") of the matching purpose. Current employers come first.
 */
export function voicesFor(me: Me, directory: DirectoryEntry[]): Voice[] {
  const voices: Voice[] = []
  const add = (v: Voice) => {
    if (!voices.some((x) => x.id === v.id)) voices.push(v)
  }
  const current = me.employments.filter((e) => e.status === 'current')
  const former = me.employments.filter((e) => e.status === 'former' && !current.some((c) => c.company.slug === e.company.slug))
  let needsShared = false
  for (const e of current) {
    const key = currentKey(directory, e.company.slug, 'talk')
    if (key) add({ id: voiceId(e.company.slug, 'talk'), company: e.company, purpose: 'talk', kind: 'employee', key })
    else needsShared = true
  }
  for (const e of former) {
    const key = currentKey(directory, e.company.slug, 'talk-former')
    if (key) add({ id: voiceId(e.company.slug, 'talk-former'), company: e.company, purpose: 'talk-former', kind: 'former', key })
    else needsShared = true
  }
  if (needsShared) {
    // The shared key of the matching purpose: `talk` when the member works somewhere now.
    const purpose = current.length > 0 ? 'talk' : 'talk-former'
    const key = currentKey(directory, null, purpose)
    if (key) add({ id: voiceId(null, purpose), company: null, purpose, kind: 'professional', key })
  }
  return voices
}

/** Verified at all (current or lapsed): may read Work Talk. */
export function isVerified(me: Me | null): boolean {
  return !!me && me.employments.length > 0
}

/** Company slugs of current employers, for the "my company" filter. */
export function currentCompanies(me: Me | null): { slug: string; name: string }[] {
  return me ? me.employments.filter((e) => e.status === 'current').map((e) => e.company) : []
}
