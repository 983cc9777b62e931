import { type Kysely, sql } from 'kysely'
import { moveCompanyInTalk } from '../../anon/services/companies.js'
import type { AnonDB } from '../../anon/tables.js'
import type { AppContext } from '../../context.js'
import { dayOf } from '../../context.js'
import type { DB } from '../../db/schema.js'
import { isCurrentEmployment } from '../verifications/membership.js'
import { notBlockedWith } from '../../policies/network.js'
import { AppError, NotFoundError } from '../../errors.js'
import { guessCompanyName, slugify } from './domains.js'
import { companyOwningDomain, nearMatches } from './identity.js'
import { findCompanies } from '../search/companies.js'
import { indexCompany } from '../search/documents.js'
import { retireCompanyKeys } from '../talk/keys.js'
import { termsOf } from '../search/terms.js'

type Tx = Kysely<DB>

/**
 * The company a registrable domain belongs to; created (name guessed) when there is none. A new
 * domain whose company has the name of an existing one (acme-robotics.com beside "Acme Robotics"
 * at acme-robotics.example) is not attached to it on its own say: the new company waits for an
 * admin, marked as a possible duplicate (identity.ts), and its members are told.
 */
export async function companyForDomain(tx: Tx, domain: string, today: string): Promise<{ id: string; slug: string; name: string }> {
  const found = await companyOwningDomain(tx, domain)
  if (found) return found
  const name = guessCompanyName(domain)
  const match = (await nearMatches(tx, name, [domain])).find((m) => m.reason !== 'similar_name')
  return createCompany(tx, name, [domain], today, match?.id ?? null)
}

export async function createCompany(tx: Tx, name: string, domains: string[], today: string, possibleDuplicateOf: string | null = null) {
  const base = slugify(name)
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`
    // A merged company's slug is never given again: it answers for the survivor (its tokens, its links).
    if (await tx.selectFrom('companyMerge').select('fromSlug').where('fromSlug', '=', slug).executeTakeFirst()) continue
    const row = await tx
      .insertInto('company')
      .values({ slug, name, domains, createdOn: today, possibleDuplicateOf })
      .onConflict((oc) => oc.column('slug').doNothing())
      .returning(['id', 'slug', 'name'])
      .executeTakeFirst()
    if (row) {
      await indexCompany(tx, row.id)
      return row
    }
  }
}

export async function findCompany(ctx: AppContext, slug: string) {
  const company = await ctx.db.selectFrom('company').selectAll().where('slug', '=', slug).executeTakeFirst()
  if (!company) throw new NotFoundError('company')
  return company
}

/** Verified, current members of a company (the size of its anonymity set). */
export { countCurrentMembers } from '../verifications/membership.js'

/** Members who chose to show their verified employment there, newest first. */
/** Members who show this employment, less those with a block between them and the viewer. */
export async function listShownMembers(ctx: AppContext, companyId: string, viewerId: string, limit = 50) {
  const today = dayOf(ctx.clock.now())
  return ctx.db
    .selectFrom('employment')
    .innerJoin('account', 'account.id', 'employment.accountId')
    .innerJoin('profile', 'profile.accountId', 'account.id')
    .select(['account.handle', 'account.name', 'profile.headline', 'employment.endedOn', 'employment.expiresOn'])
    .where('employment.companyId', '=', companyId)
    .where('employment.showOnProfile', '=', true)
    .where((eb) => isCurrentEmployment(eb, today))
    .where(notBlockedWith(viewerId, sql.ref('account.id')))
    .orderBy('account.name')
    .limit(limit)
    .execute()
}

/**
 * The company list: every company by name, or — with a query — the indexed search (names and
 * domains by full-text and trigram similarity, services/search/companies.ts), best match first.
 */
export async function searchCompanies(ctx: AppContext, q: string, limit: number) {
  const term = q.trim()
  if (term) return findCompanies(ctx, termsOf(term), { offset: 0, limit })
  const rows = await ctx.db
    .selectFrom('company')
    .select(['slug', 'name', 'industry', (eb) => eb('logo', 'is not', null).as('hasLogo')])
    .orderBy('name')
    .limit(limit)
    .execute()
  return rows.map((r) => ({ ...r, hasLogo: Boolean(r.hasLogo) }))
}

export class SameCompanyError extends AppError {
  override name = 'SameCompanyError'
  constructor() {
    super(400, 'same_company', 'The same company twice', 'Pick two different companies.')
  }
}

export class DomainTakenError extends AppError {
  override name = 'DomainTakenError'
  constructor(domain: string) {
    super(409, 'domain_taken', 'Domain belongs to another company', `${domain} already belongs to another company; merge the two instead.`)
  }
}

export async function updateCompany(
  ctx: AppContext,
  slug: string,
  patch: { name?: string; industry?: string; sizeBand?: string; description?: string; website?: string; locations?: string[]; addDomains?: string[] },
) {
  const company = await findCompany(ctx, slug)
  const domains = [...new Set([...company.domains, ...(patch.addDomains ?? []).map((d) => d.toLowerCase())])]
  for (const d of patch.addDomains ?? []) {
    const other = await ctx.db.selectFrom('company').select('slug').where(sql<boolean>`${d.toLowerCase()} = any(domains)`).where('id', '!=', company.id).executeTakeFirst()
    if (other) throw new DomainTakenError(d)
  }
  await ctx.db
    .updateTable('company')
    .set({
      ...(patch.name !== undefined && { name: patch.name.trim() }),
      ...(patch.industry !== undefined && { industry: patch.industry }),
      ...(patch.sizeBand !== undefined && { sizeBand: patch.sizeBand }),
      ...(patch.description !== undefined && { description: patch.description }),
      ...(patch.website !== undefined && { website: patch.website.trim() }),
      // Trimmed, and each place once (case aside), in the order written.
      ...(patch.locations !== undefined && { locations: patch.locations.map((l) => l.trim()).filter((l, i, all) => all.findIndex((x) => x.toLowerCase() === l.toLowerCase()) === i) }),
      domains,
    })
    .where('id', '=', company.id)
    .execute()
  await indexCompany(ctx.db, company.id)
  return findCompany(ctx, slug)
}

/**
 * Merges `from` into `into`: domains joined, employments moved (where a member has both, the
 * later verification wins), badge submissions and company follows re-pointed, then `from` is
 * deleted (a pair marked "not the same" goes with it); Work Talk follows in the same transaction
 * (its board threads, its labels: anon/services/companies.ts). Not yet: `from`'s issuer keys leave
 * the directory at once instead of at the end of their epoch (issue 10).
 */
export async function mergeCompanies(ctx: AppContext, fromSlug: string, intoSlug: string) {
  if (fromSlug === intoSlug) throw new SameCompanyError()
  return ctx.db.transaction().execute(async (tx) => {
    const from = await tx.selectFrom('company').selectAll().where('slug', '=', fromSlug).forUpdate().executeTakeFirst()
    const into = await tx.selectFrom('company').selectAll().where('slug', '=', intoSlug).forUpdate().executeTakeFirst()
    if (!from || !into) throw new NotFoundError('company')
    const moving = await tx.selectFrom('employment').selectAll().where('companyId', '=', from.id).execute()
    for (const e of moving) {
      const clash = await tx.selectFrom('employment').selectAll().where('companyId', '=', into.id).where('accountId', '=', e.accountId).executeTakeFirst()
      if (!clash) {
        await tx.updateTable('employment').set({ companyId: into.id }).where('id', '=', e.id).execute()
      } else if (e.verifiedOn > clash.verifiedOn) {
        await tx.deleteFrom('employment').where('id', '=', clash.id).execute()
        await tx.updateTable('employment').set({ companyId: into.id }).where('id', '=', e.id).execute()
      } else {
        await tx.deleteFrom('employment').where('id', '=', e.id).execute()
      }
    }
    await tx.updateTable('badgeSubmission').set({ companyId: into.id }).where('companyId', '=', from.id).execute()
    // Followers follow the merged company (once).
    await tx
      .deleteFrom('follow')
      .where('companyId', '=', from.id)
      .where(({ exists, selectFrom }) => exists(selectFrom('follow as f2').select('f2.id').whereRef('f2.followerId', '=', 'follow.followerId').where('f2.companyId', '=', into.id)))
      .execute()
    await tx.updateTable('follow').set({ companyId: into.id }).where('companyId', '=', from.id).execute()
    // Representatives of either speak for the merged company (once).
    await tx
      .deleteFrom('companyRepresentative')
      .where('companyId', '=', from.id)
      .where(({ exists, selectFrom }) => exists(selectFrom('companyRepresentative as r2').select('r2.accountId').whereRef('r2.accountId', '=', 'companyRepresentative.accountId').where('r2.companyId', '=', into.id)))
      .execute()
    await tx.updateTable('companyRepresentative').set({ companyId: into.id }).where('companyId', '=', from.id).execute()
    // A waiting company answered by this merge stops waiting.
    if (into.possibleDuplicateOf === from.id) await tx.updateTable('company').set({ possibleDuplicateOf: null }).where('id', '=', into.id).execute()
    await moveCompanyInTalk(tx as unknown as Kysely<AnonDB>, from.slug, { slug: into.slug, name: into.name })
    // The merged slug answers for the survivor from now on (flattened: what was merged into the
    // merged company points at the survivor too); its keys serve to the end of their epoch.
    await tx.updateTable('companyMerge').set({ intoSlug: into.slug }).where('intoSlug', '=', from.slug).execute()
    await tx
      .insertInto('companyMerge')
      .values({ fromSlug: from.slug, intoSlug: into.slug, mergedOn: dayOf(ctx.clock.now()) })
      .onConflict((oc) => oc.column('fromSlug').doUpdateSet({ intoSlug: into.slug, mergedOn: dayOf(ctx.clock.now()) }))
      .execute()
    await retireCompanyKeys(tx, from.slug, into.slug, ctx.clock.now())
    await tx.deleteFrom('company').where('id', '=', from.id).execute()
    await tx
      .updateTable('company')
      .set({ domains: [...new Set([...into.domains, ...from.domains])] })
      .where('id', '=', into.id)
      .execute()
    await indexCompany(tx, into.id)
    return { slug: into.slug, name: into.name }
  })
}

