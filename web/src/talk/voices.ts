import type { Static } from '@sinclair/typebox'
import type { KeyDirectory, Me } from '../../../shared/src/api/index.js'
import type { TokenScope } from '../../../shared/src/talk/wallet.js'

export type DirectoryEntry = Static<typeof KeyDirectory>['keys'][number]
export type TalkPurpose = 'talk' | 'talk-former'

/**
 * A voice is one way this member can post: which issuer key pays for it and which label a
 * `company` post shows. Kinds mirror the server's author kinds.
 */
export interface Voice {
  /** Stable id: "<company slug or *>|<purpose>" — the same as its token scope's id. */
  id: string
  company: { slug: string; name: string } | null
  purpose: TalkPurpose
  kind: 'employee' | 'former' | 'professional'
  /** The directory key to draw new tokens from (the current epoch's). */
  key: DirectoryEntry
}

export function voiceId(company: string | null, purpose: string): string {
  return `${company ?? '*'}|${purpose}`
}

export const scopeId = (s: TokenScope): string => voiceId(s.company, s.purpose)
export const scopeOfVoice = (v: Pick<Voice, 'company' | 'purpose'>): TokenScope => ({ company: v.company?.slug ?? null, purpose: v.purpose })

/** The current epoch's key of a scope: the directory also lists the next one on an epoch's last day. */
function currentKey(directory: readonly DirectoryEntry[], company: string | null, purpose: string): DirectoryEntry | undefined {
  return directory
    .filter((k) => k.company === company && k.purpose === purpose)
    .sort((a, b) => (a.epoch < b.epoch ? -1 : a.epoch > b.epoch ? 1 : 0))[0]
}

/** The shared (null) key's purpose for this member: `talk` when it works somewhere now. */
export function nullPurpose(me: Me): TalkPurpose {
  return me.employments.some((e) => e.status === 'current') ? 'talk' : 'talk-former'
}

/** "Verified professional": the null key of the member's purpose. Every verified member holds its tokens. */
export function nullVoice(me: Me, directory: readonly DirectoryEntry[]): Voice | null {
  const purpose = nullPurpose(me)
  const key = currentKey(directory, null, purpose)
  return key ? { id: voiceId(null, purpose), company: null, purpose, kind: 'professional', key } : null
}

/**
 * Which keys this member can use (DESIGN §3): the company's own key for a current employer that has
 * one, the company's `talk-former` key for a former employer that has one, and otherwise the shared
 * null key ("Verified professional") of the matching purpose. Current employers come first.
 */
export function voicesFor(me: Me, directory: readonly DirectoryEntry[]): Voice[] {
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
  const shared = needsShared ? nullVoice(me, directory) : null
  if (shared) add(shared)
  return voices
}

/** The scope of the null company's `react` key: votes and poll answers (DESIGN §2, quota 100 a week). */
export const REACT_KEY_SCOPE = { company: null, purpose: 'react' } as const

/**
 * The keys a draw takes this epoch's whole allowance of (DESIGN §2): every voice's key, the null
 * key of the member's purpose — so every verified member is in the null key's set — and the null
 * `react` key, which pays for votes and poll answers: every verified member draws it with the
 * rest, in the same batch, whether or not it will ever vote (a vote never makes a draw). Only keys
 * of `epoch`; a scope whose key of that epoch the directory does not list yet is reported missing.
 */
export function allowanceKeys(me: Me, directory: readonly DirectoryEntry[], epoch: string): { keys: DirectoryEntry[]; missing: boolean } {
  const voices = [...voicesFor(me, directory), nullVoice(me, directory)].filter((v): v is Voice => v !== null)
  const scopes: { company: string | null; purpose: string }[] = voices.map((v) => ({ company: v.company?.slug ?? null, purpose: v.purpose }))
  if (voices.length) scopes.push(REACT_KEY_SCOPE)
  const keys: DirectoryEntry[] = []
  let missing = false
  for (const v of scopes) {
    const key = directory.find((k) => k.company === v.company && k.purpose === v.purpose && k.epoch === epoch)
    if (!key) missing = true
    else if (!keys.some((k) => k.keyId === key.keyId)) keys.push(key)
  }
  return { keys, missing }
}

/** Verified at all (current or lapsed): may read Work Talk. */
export function isVerified(me: Me | null): boolean {
  return !!me && me.employments.length > 0
}

/** Company slugs of current employers, for the "my company" filter. */
export function currentCompanies(me: Me | null): { slug: string; name: string }[] {
  return me ? me.employments.filter((e) => e.status === 'current').map((e) => e.company) : []
}

/** A voice by id, including the null voice a member may use without it being among its labels. */
export function findVoice(voices: readonly Voice[], shared: Voice | null, id: string): Voice | undefined {
  return voices.find((v) => v.id === id) ?? (shared?.id === id ? shared : undefined)
}

/**
 * The tokens that pay for a post. A `company` post spends its voice's key — the label says which.
 * An alias post names no key, so it spends the null key's: the largest set, which every verified
 * member holds (DESIGN §2), so the token says the least. A post in a company board (its `channel`
 * is the company's slug; for a reply, its thread's) spends that company's own `talk` key: the
 * board takes no other. Null when the voice is gone.
 */
export function payingVoice(post: { label: 'company' | 'alias'; voiceId: string; channel?: string | undefined }, voices: readonly Voice[], shared: Voice | null): Voice | null {
  // A company board's threads take a token of that company's own `talk` key (DESIGN §5b), whatever the label.
  const board = post.channel ? voices.find((v) => v.purpose === 'talk' && v.company?.slug === post.channel) : undefined
  if (board) return board
  if (post.label === 'alias') return shared ?? findVoice(voices, shared, post.voiceId) ?? null
  return findVoice(voices, shared, post.voiceId) ?? null
}

/**
 * The labels the composer offers: the member's voices and "Verified professional" — every verified
 * member holds null-key tokens, so anyone may hide in that largest group (DESIGN §3: the advice
 * for a small company, or one an employer might pad with puppet accounts).
 */
export function labelChoices(voices: readonly Voice[], shared: Voice | null): Voice[] {
  return shared && !voices.some((v) => v.id === shared.id) ? [...voices, shared] : [...voices]
}
