import type crypto from 'node:crypto'
import { sql } from 'kysely'
import { type AppContext, dayOf } from '../../context.js'
import { generateIssuerKey, keyIdOf, openPrivateKey, pkcs8Of, publicKeyFromSpki, sealPrivateKey } from './crypto/keys.js'
import { epochOf, inLastDayOfEpoch, nextEpochOf, type Purpose } from './epochs.js'

/** The purposes whose keys the directory publishes today (review and salary come with company pages). */
export const DIRECTORY_PURPOSES: Purpose[] = ['talk', 'talk-former']

export interface DirectoryKey {
  keyId: string
  company: string | null
  purpose: Purpose
  epoch: string
  publicKey: string
  anonymitySet: number
}

/** Shown as "one of ~N": rounded down to a multiple of 5, so small day-to-day changes say nothing. */
export function roundAnonymitySet(n: number): number {
  return n < 10 ? n : Math.floor(n / 5) * 5
}

/**
 * Companies big enough for keys of their own: at least MIN_ANONYMITY_SET current members for
 * `talk`, and as many former members for `talk-former`. Everyone else draws from the null key.
 */
export async function companiesWithKeys(ctx: AppContext) {
  const today = dayOf(ctx.clock.now())
  const rows = await ctx.db
    .selectFrom('employment')
    .innerJoin('company', 'company.id', 'employment.companyId')
    .select([
      'company.slug',
      sql<number>`count(*) filter (where ended_on is null and expires_on > ${today})::int`.as('current'),
      sql<number>`count(*) filter (where ended_on is not null or expires_on <= ${today})::int`.as('former'),
    ])
    .groupBy('company.slug')
    .execute()
  const everyone = await ctx.db
    .selectFrom('employment')
    .select([
      sql<number>`count(distinct account_id) filter (where ended_on is null and expires_on > ${today})::int`.as('current'),
      sql<number>`count(distinct account_id) filter (where ended_on is not null or expires_on <= ${today})::int`.as('former'),
    ])
    .executeTakeFirstOrThrow()
  const min = ctx.config.minAnonymitySet
  const sizes = new Map<string, number>([
    ['|talk', everyone.current],
    ['|talk-former', everyone.former],
    ...rows.flatMap((r): [string, number][] => [[`${r.slug}|talk`, r.current], [`${r.slug}|talk-former`, r.former]]),
  ])
  return {
    talk: rows.filter((r) => r.current >= min).map((r) => r.slug).sort(),
    'talk-former': rows.filter((r) => r.former >= min).map((r) => r.slug).sort(),
    /** Members who can draw from a key of (company or "" for null, purpose). */
    sizeOf: (company: string | null, purpose: Purpose) => sizes.get(`${company ?? ''}|${purpose}`) ?? 0,
  }
}

/** The key for a scope, created on first need; safe when several processes race to create it. */
export async function ensureKey(ctx: AppContext, company: string | null, purpose: Purpose, epoch: string) {
  const find = () =>
    ctx.db
      .selectFrom('talkIssuerKey')
      .selectAll()
      .where(sql<string>`coalesce(company_slug, '')`, '=', company ?? '')
      .where('purpose', '=', purpose)
      .where('epoch', '=', epoch)
      .executeTakeFirst()
  const existing = await find()
  if (existing) return existing
  const key = await generateIssuerKey()
  await ctx.db
    .insertInto('talkIssuerKey')
    .values({
      keyId: key.keyId,
      companySlug: company,
      purpose,
      epoch,
      publicKey: key.spkiDer,
      privateKeySealed: sealPrivateKey(ctx.secrets.key('key-encryption'), pkcs8Of(key.privateKey), key.keyId),
    })
    .onConflict((oc) => oc.doNothing())
    .execute()
  return (await find())!
}

/**
 * The public key directory (DESIGN §2): for the null company and every company big enough, the
 * current epoch's key of each purpose — and, during an epoch's last day, the next one's. It
 * depends on nothing about the caller, so every client sees the same directory.
 */
export async function keyDirectory(ctx: AppContext): Promise<DirectoryKey[]> {
  const now = ctx.clock.now()
  const eligible = await companiesWithKeys(ctx)
  const out: DirectoryKey[] = []
  for (const purpose of DIRECTORY_PURPOSES) {
    const epochs = [epochOf(purpose, now), ...(inLastDayOfEpoch(purpose, now) ? [nextEpochOf(purpose, now)] : [])]
    for (const company of [null, ...eligible[purpose as 'talk' | 'talk-former']]) {
      for (const epoch of epochs) {
        const k = await ensureKey(ctx, company, purpose, epoch)
        out.push({ keyId: k.keyId, company, purpose, epoch, publicKey: k.publicKey.toString('base64url'), anonymitySet: roundAnonymitySet(eligible.sizeOf(company, purpose)) })
      }
    }
  }
  return out
}

export interface LoadedKey {
  keyId: string
  companySlug: string | null
  purpose: Purpose
  epoch: string
  publicKeyObject: crypto.KeyObject
  privateKey: crypto.KeyObject
}

/**
 * A key's usable halves, checked against its id (a swapped row would fail here). Keys never
 * change once made, so an opened key is kept in the context's cache: issuance then skips the
 * unsealing and parsing of a private key on every request.
 */
export async function loadKey(ctx: AppContext, keyId: string): Promise<LoadedKey | null> {
  const cached = ctx.caches.issuerKeys.get(keyId) as LoadedKey | undefined
  if (cached) return cached
  const row = await ctx.db.selectFrom('talkIssuerKey').selectAll().where('keyId', '=', keyId).executeTakeFirst()
  if (!row) return null
  if (keyIdOf(row.publicKey) !== row.keyId) throw new Error(`issuer key ${keyId} does not match its public key`)
  const key: LoadedKey = {
    keyId: row.keyId,
    companySlug: row.companySlug,
    purpose: row.purpose,
    epoch: row.epoch,
    publicKeyObject: publicKeyFromSpki(row.publicKey),
    privateKey: openPrivateKey(ctx.secrets.key('key-encryption'), row.privateKeySealed, row.keyId),
  }
  ctx.caches.issuerKeys.set(keyId, key)
  return key
}

/** Whether the directory lists this key now: its epoch is current (or next, on the last day) and its company is still big enough. */
export async function isListed(ctx: AppContext, key: Pick<LoadedKey, 'companySlug' | 'purpose' | 'epoch'>): Promise<boolean> {
  const now = ctx.clock.now()
  const epochs = [epochOf(key.purpose, now), ...(inLastDayOfEpoch(key.purpose, now) ? [nextEpochOf(key.purpose, now)] : [])]
  if (!epochs.includes(key.epoch) || !DIRECTORY_PURPOSES.includes(key.purpose)) return false
  if (key.companySlug === null) return true
  const today = dayOf(now)
  const former = key.purpose === 'talk-former'
  const { n } = await ctx.db
    .selectFrom('employment')
    .innerJoin('company', 'company.id', 'employment.companyId')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('company.slug', '=', key.companySlug)
    .where(former ? sql<boolean>`(ended_on is not null or expires_on <= ${today})` : sql<boolean>`(ended_on is null and expires_on > ${today})`)
    .executeTakeFirstOrThrow()
  return n >= ctx.config.minAnonymitySet
}
