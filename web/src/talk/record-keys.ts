import type { Me } from '../../../shared/src/api/index.js'
import { epochOf, nextEpochOf, YEARLY_PURPOSES } from '../../../shared/src/talk/epochs.js'
import type { TokenScope } from '../../../shared/src/talk/wallet.js'
import type { RecordKind } from './records.js'
import type { DirectoryEntry } from './voices.js'

/**
 * Which issuer keys pay for company records (issue 10), and who may hold them. Reviews and salary
 * reports take the company's own yearly `review` / `salary` key; interview reports the null
 * `interview` key (anyone verified may have interviewed anywhere). Keys are yearly: epoch "2026".
 */

export const isYearlyPurpose = (purpose: string): boolean => (YEARLY_PURPOSES as readonly string[]).includes(purpose)

/** The token scope that pays for a record of this kind about this company. */
export function recordScope(kind: RecordKind, company: string): TokenScope {
  return kind === 'interview' ? { company: null, purpose: 'interview' } : { company, purpose: kind }
}

/**
 * Whether this member may hold the key that pays for it: a review or salary report of X needs an
 * employment at X, current or former (the server keeps lapsed ones too); an interview report any
 * verification at all.
 */
export function mayWrite(me: Me, kind: RecordKind, company: string): boolean {
  if (kind === 'interview') return me.employments.length > 0
  return me.employments.some((e) => e.company.slug === company)
}

/** This year's epoch and the next one (the directory lists next year's keys on the year's last day). */
function listedYears(now: Date): string[] {
  return [epochOf('review', now), nextEpochOf('review', now)]
}

/** The directory's keys of a record scope, of this year or (listed on the year's last day) the next one. */
export function listedRecordKeys(directory: readonly DirectoryEntry[], scope: TokenScope, now: Date): DirectoryEntry[] {
  const years = listedYears(now)
  return directory.filter((k) => k.company === scope.company && k.purpose === scope.purpose && years.includes(k.epoch))
}

/**
 * The yearly keys a batch draw takes (DESIGN: "a client draws its yearly tokens in its first batch
 * of the year, whether or not it will use them, so drawing says nothing"): `review` and `salary`
 * of every company the member works or worked at that has them, and the null `interview` key —
 * of this year, and next year's once listed. Whether each was drawn already is yearly-draws.ts's.
 * A company below MIN_ANONYMITY_SET has no such key: nothing is missing then, unlike a week's key.
 */
export function yearlyAllowanceKeys(me: Me, directory: readonly DirectoryEntry[], now: Date): DirectoryEntry[] {
  if (!me.employments.length) return []
  const scopes: TokenScope[] = [recordScope('interview', '')]
  for (const slug of new Set(me.employments.map((e) => e.company.slug))) scopes.push(recordScope('review', slug), recordScope('salary', slug))
  const keys: DirectoryEntry[] = []
  for (const scope of scopes) for (const k of listedRecordKeys(directory, scope, now)) if (!keys.some((x) => x.keyId === k.keyId)) keys.push(k)
  return keys
}
