import { type Kysely, sql } from 'kysely'
import { COMPANIES } from '../../../../shared/src/api/limits.js'
import { companyMatches } from '../search/companies.js'
import { termsOf } from '../search/terms.js'
import { isCurrentEmployment } from '../verifications/membership.js'
import type { DB } from '../../db/schema.js'

/**
 * One company per real company (issue 10): the rules that say two company rows may be the same
 * company, owned here — for a badge reviewer creating one, for a new e-mail domain, and for the
 * admins' list of likely duplicates.
 */

/** Legal forms and filler that do not tell companies apart ("Acme Robotics Inc." = "acme robotics"). */
const FILLER = new Set(['inc', 'incorporated', 'ltd', 'limited', 'llc', 'llp', 'plc', 'corp', 'corporation', 'co', 'company', 'gmbh', 'ag', 'sa', 'sas', 'bv', 'nv', 'oy', 'ab', 'as', 'kk', 'pte', 'pty', 'srl', 'spa', 'the', 'group', 'holdings'])
const CJK_FILLER = /(股份有限公司|有限责任公司|有限公司|集团|公司)$/u

/** A name as compared: NFKC, lower case, accents and punctuation gone, legal forms dropped. */
export function nameKey(name: string): string {
  const cjkless = name.normalize('NFKC').trim().replace(CJK_FILLER, '')
  const words = cjkless
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
  const kept = words.filter((w) => !FILLER.has(w))
  return (kept.length ? kept : words).join('')
}

/** The name part of a registrable domain: acme-robotics.co.uk → "acmerobotics". */
export function domainKey(domain: string): string {
  return nameKey((domain.split('.')[0] ?? domain).replace(/[-_]/g, ' '))
}

/** The company a registrable domain belongs to, if any. */
export async function companyOwningDomain(db: Kysely<DB>, domain: string): Promise<{ id: string; slug: string; name: string; domains: string[] } | null> {
  return (await db.selectFrom('company').select(['id', 'slug', 'name', 'domains']).where(sql<boolean>`${domain} = any(domains)`).executeTakeFirst()) ?? null
}

export type MatchReason = 'same_name' | 'similar_name' | 'same_domain_name'

export interface CompanyMatch {
  id: string
  slug: string
  name: string
  domains: string[]
  reason: MatchReason
}

function reasonFor(name: string, domains: readonly string[], other: { name: string; domains: string[] }): MatchReason | null {
  const key = nameKey(name)
  if (key && key === nameKey(other.name)) return 'same_name'
  const mine = new Set([key, ...domains.map(domainKey)].filter(Boolean))
  if (other.domains.some((d) => mine.has(domainKey(d))) || (domains.length > 0 && mine.has(nameKey(other.name)))) return 'same_domain_name'
  return null
}

/**
 * Companies that may be the one called `name` (with these domains): the same name once legal forms
 * are dropped, a domain with the same name part, or a similar name by pg_trgm — best first, at
 * most COMPANIES.nearMatches. Candidates come from the company search index.
 */
export async function nearMatches(db: Kysely<DB>, name: string, domains: readonly string[] = [], exceptId?: string): Promise<CompanyMatch[]> {
  const words = [name, ...domains.map((d) => (d.split('.')[0] ?? d).replace(/[-_]/g, ' '))].join(' ')
  const t = termsOf(words)
  const any = termsOf(name)
  const fts = t.rank === null ? sql<boolean>`false` : sql<boolean>`search_company.doc @@ ${t.rank}::tsquery`
  const trgm = any.trigrams === '' ? sql<boolean>`false` : sql<boolean>`search_company.trigrams % ${any.trigrams}`
  const similarity = any.trigrams === '' ? sql<number>`0` : sql<number>`similarity(search_company.trigrams, ${any.trigrams})`
  let q = db
    .selectFrom('searchCompany')
    .innerJoin('company', 'company.id', 'searchCompany.companyId')
    .select(['company.id', 'company.slug', 'company.name', 'company.domains', similarity.as('similarity')])
    .where(sql<boolean>`(${fts} or ${trgm})`)
    .orderBy(similarity, 'desc')
    .orderBy('company.name')
    .limit(COMPANIES.nearMatches * 4)
  if (exceptId) q = q.where('company.id', '<>', exceptId)
  const rows = await q.execute()
  const found: CompanyMatch[] = []
  for (const r of rows) {
    const reason = reasonFor(name, domains, r) ?? (Number(r.similarity) >= COMPANIES.similarName ? 'similar_name' : null)
    if (reason) found.push({ id: r.id, slug: r.slug, name: r.name, domains: r.domains, reason })
  }
  const order: MatchReason[] = ['same_name', 'same_domain_name', 'similar_name']
  return found.sort((a, b) => order.indexOf(a.reason) - order.indexOf(b.reason)).slice(0, COMPANIES.nearMatches)
}

/** The existing company with the same name (legal forms aside), if there is exactly such a one. */
export async function sameNameCompany(db: Kysely<DB>, name: string): Promise<CompanyMatch | null> {
  return (await nearMatches(db, name)).find((m) => m.reason === 'same_name') ?? null
}

export interface DuplicatePair {
  a: CompanyBrief
  b: CompanyBrief
  /** `pending`: b was made for a new e-mail domain and waits for this answer. */
  reasons: (MatchReason | 'pending')[]
}
export interface CompanyBrief {
  id: string
  slug: string
  name: string
  domains: string[]
  members: number
}

/**
 * The admins' list of likely duplicates: companies waiting as possible duplicates first, then
 * pairs of the same name, a domain of the same name, or a similar name (pg_trgm) — less the pairs
 * an admin said are not the same.
 */
export async function likelyDuplicates(db: Kysely<DB>, today: string): Promise<DuplicatePair[]> {
  // Candidate pairs (a < b) from four cheap sources, each an equality join or the trigram index —
  // never every pair of companies: one waits on the other; the same name; a shared name key (the
  // slug without its "-2", or a domain's first label); similar names (pg_trgm's %, GIN-indexed).
  const { rows } = await sql<{ a: string; b: string; similarity: number; pending: boolean; aWaits: boolean }>`
    with keys as (
      select id, regexp_replace(slug, '-[0-9]+$', '') as k from company
      union
      select c.id, split_part(d, '.', 1) from company c cross join lateral unnest(c.domains) as d
    ),
    candidates as (
      select least(id, possible_duplicate_of) as a, greatest(id, possible_duplicate_of) as b from company where possible_duplicate_of is not null
      union
      select x.id, y.id from company x join company y on lower(x.name) = lower(y.name) and x.id < y.id
      union
      select kx.id, ky.id from keys kx join keys ky on kx.k = ky.k and kx.id < ky.id
      union
      select sx.company_id, sy.company_id from search_company sx join search_company sy on sx.trigrams % sy.trigrams and sx.company_id < sy.company_id where sx.trigrams <> ''
    )
    select x.id as a, y.id as b, similarity(sx.trigrams, sy.trigrams) as similarity,
      coalesce(y.possible_duplicate_of = x.id or x.possible_duplicate_of = y.id, false) as pending,
      coalesce(x.possible_duplicate_of = y.id, false) as "aWaits"
    from candidates c
    join company x on x.id = c.a
    join company y on y.id = c.b
    join search_company sx on sx.company_id = x.id
    join search_company sy on sy.company_id = y.id
    where not exists (select 1 from company_distinct d where d.a_id = x.id and d.b_id = y.id)
    order by pending desc, x.name, y.name
    limit ${COMPANIES.duplicatePairs * 4}`.execute(db)
  if (!rows.length) return []
  const ids = [...new Set(rows.flatMap((r) => [r.a, r.b]))]
  const companies = await db
    .selectFrom('company')
    .select(['id', 'slug', 'name', 'domains'])
    .select((eb) =>
      eb
        .selectFrom('employment')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('employment.companyId', '=', 'company.id')
        .where((e) => isCurrentEmployment(e, today))
        .as('members'),
    )
    .where('id', 'in', ids)
    .execute()
  const byId = new Map(companies.map((c) => [c.id, { id: c.id, slug: c.slug, name: c.name, domains: c.domains, members: Number(c.members ?? 0) }]))
  const pairs: DuplicatePair[] = []
  for (const r of rows) {
    const a = byId.get(r.a)
    const b = byId.get(r.b)
    if (!a || !b) continue
    const reasons: DuplicatePair['reasons'] = []
    if (r.pending) reasons.push('pending')
    const why = reasonFor(a.name, a.domains, b)
    if (why) reasons.push(why)
    else if (Number(r.similarity) >= COMPANIES.similarName) reasons.push('similar_name')
    if (!reasons.length) continue
    // The one waiting goes second ("merge b into a" is the usual answer); else by name.
    const swap = r.pending ? r.aWaits : a.name.localeCompare(b.name) > 0 || (a.name === b.name && a.slug > b.slug)
    pairs.push(swap ? { a: b, b: a, reasons } : { a, b, reasons })
  }
  const rank = (p: DuplicatePair) => (p.reasons.includes('pending') ? 0 : p.reasons.includes('same_name') ? 1 : p.reasons.includes('same_domain_name') ? 2 : 3)
  return pairs.sort((x, y) => rank(x) - rank(y) || x.a.name.localeCompare(y.a.name)).slice(0, COMPANIES.duplicatePairs)
}

/** An admin says two companies are not the same: the pair leaves the list for good, and a waiting one stops waiting. */
export async function markDistinct(db: Kysely<DB>, x: string, y: string): Promise<void> {
  const [aId, bId] = [x, y].sort() as [string, string]
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('companyDistinct').values({ aId, bId }).onConflict((oc) => oc.doNothing()).execute()
    await tx
      .updateTable('company')
      .set({ possibleDuplicateOf: null })
      .where((eb) => eb.or([eb.and([eb('id', '=', aId), eb('possibleDuplicateOf', '=', bId)]), eb.and([eb('id', '=', bId), eb('possibleDuplicateOf', '=', aId)])]))
      .execute()
  })
}

export interface CompanyChoice {
  slug: string
  name: string
  domains: string[]
  /** Why it may be the company the member named; null for one the reviewer searched for. */
  reason: MatchReason | 'owns_domain' | null
}

/**
 * What a badge reviewer picks from: with no query, the company owning the named domain and the
 * near matches of the named company; with a query, the companies it finds by name or domain.
 */
export async function companyChoices(db: Kysely<DB>, claim: { name: string; domain: string | null }, q?: string): Promise<CompanyChoice[]> {
  const term = q?.trim()
  if (term) {
    const t = termsOf(term)
    if (t.match === null && t.trigrams === '') return []
    const similarity = t.trigrams === '' ? sql<number>`0` : sql<number>`word_similarity(${t.trigrams}, search_company.trigrams)`
    const rows = await companyMatches(db, t)
      .innerJoin('company', 'company.id', 'searchCompany.companyId')
      .select(['company.slug', 'company.name', 'company.domains'])
      .orderBy(similarity, 'desc')
      .orderBy('company.name')
      .limit(COMPANIES.nearMatches * 2)
      .execute()
    return rows.map((r) => ({ ...r, reason: reasonFor(claim.name, claim.domain ? [claim.domain] : [], r) }))
  }
  const owner = claim.domain ? await companyOwningDomain(db, claim.domain) : null
  const near = await nearMatches(db, claim.name, claim.domain ? [claim.domain] : [], owner?.id)
  return [...(owner ? [{ slug: owner.slug, name: owner.name, domains: owner.domains, reason: 'owns_domain' as const }] : []), ...near.map((m) => ({ slug: m.slug, name: m.name, domains: m.domains, reason: m.reason }))]
}
