import type crypto from 'node:crypto'
import { sql } from 'kysely'
import { epochOf, inLastDayOfEpoch, nextEpochOf, type Purpose } from '../../../../shared/src/talk/epochs.js'
import { keyLogEntryHash, type KeyLogEntry, retirementEntryFields } from '../../../../shared/src/talk/key-check.js'
import type { Kysely } from 'kysely'
import { type AppContext, dayOf } from '../../context.js'
import type { DB } from '../../db/schema.js'
import { currentEmploymentSql } from '../verifications/membership.js'
import { generateIssuerKey, keyIdOf, openPrivateKey, pkcs8Of, publicKeyFromSpki, sealPrivateKey } from './crypto/keys.js'

/** The purposes whose keys the directory publishes: all of them (DESIGN §2). */
export const DIRECTORY_PURPOSES: readonly Purpose[] = ['talk', 'talk-former', 'react', 'review', 'salary', 'interview']

/** Purposes with a key for the null company only ("any verified member"): no company has its own. */
const NULL_ONLY: readonly Purpose[] = ['react', 'interview']
/** Purposes with company keys only: a review or salary report is always about one company. */
const COMPANY_ONLY: readonly Purpose[] = ['review', 'salary']

export type EligibleCompanies = Record<'talk' | 'talk-former' | 'records', string[]>

/** Reviews and salary reports: a company has their keys from MIN_ANONYMITY_SET verified members, current and former (distinct accounts). */
export const takesRecords = (members: number, min: number): boolean => members >= min

/** The companies that have a key of their own for a purpose. */
function companiesFor(purpose: Purpose, eligible: EligibleCompanies): string[] {
  if (purpose === 'talk' || purpose === 'talk-former') return eligible[purpose]
  return NULL_ONLY.includes(purpose) ? [] : eligible.records
}

/** The scopes (company, or null) a purpose has keys for. */
function scopesFor(purpose: Purpose, eligible: EligibleCompanies): (string | null)[] {
  return [...(COMPANY_ONLY.includes(purpose) ? [] : [null]), ...companiesFor(purpose, eligible)]
}

export interface DirectoryKey {
  keyId: string
  company: string | null
  purpose: Purpose
  epoch: string
  publicKey: string
  anonymitySet: number
}

/** Shown as "one of ~N": exact below 10, then rounded down to a multiple of 5 (DESIGN §2). */
export function roundAnonymitySet(n: number): number {
  return n < 10 ? n : Math.floor(n / 5) * 5
}

/**
 * Companies big enough for keys of their own: at least MIN_ANONYMITY_SET current members for
 * `talk`, and as many former members for `talk-former`. Everyone else draws from the null key.
 * Reviews and salary reports (`records`) take current and former employees alike: a company has
 * their keys once it has MIN_ANONYMITY_SET verified members of either kind.
 */
export async function companiesWithKeys(ctx: AppContext): Promise<EligibleCompanies> {
  const today = dayOf(ctx.clock.now())
  const rows = await ctx.db
    .selectFrom('employment')
    .innerJoin('company', 'company.id', 'employment.companyId')
    .select([
      'company.slug',
      sql<number>`count(*) filter (where ${currentEmploymentSql(today)})::int`.as('current'),
      sql<number>`count(*) filter (where not (${currentEmploymentSql(today)}))::int`.as('former'),
      sql<number>`count(distinct employment.account_id)::int`.as('everyone'),
    ])
    .groupBy('company.slug')
    .execute()
  const min = ctx.config.minAnonymitySet
  return {
    talk: rows.filter((r) => r.current >= min).map((r) => r.slug).sort(),
    'talk-former': rows.filter((r) => r.former >= min).map((r) => r.slug).sort(),
    records: rows.filter((r) => takesRecords(r.everyone, min)).map((r) => r.slug).sort(),
  }
}

/**
 * The key for a scope, created on first need; safe when several processes race to create it.
 * A new key is appended to the public key log in the same transaction, so no key exists that
 * the log does not show (clients refuse keys missing from it).
 */
export async function ensureKey(ctx: AppContext, company: string | null, purpose: Purpose, epoch: string) {
  // Only a key the log shows is ever handed out: the log is what clients check keys against.
  const find = () =>
    ctx.db
      .selectFrom('talkIssuerKey')
      .innerJoin('talkKeyLog', 'talkKeyLog.keyId', 'talkIssuerKey.keyId')
      .selectAll('talkIssuerKey')
      .where(sql<string>`coalesce(talk_issuer_key.company_slug, '')`, '=', company ?? '')
      .where('talkIssuerKey.purpose', '=', purpose)
      .where('talkIssuerKey.epoch', '=', epoch)
      .executeTakeFirst()
  const existing = await find()
  if (existing) return existing
  const key = await generateIssuerKey()
  await ctx.db.transaction().execute(async (tx) => {
    const inserted = await tx
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
      .returning('keyId')
      .executeTakeFirst()
    if (!inserted) return // another process made this scope's key first
    await appendKeyLog(tx, { keyId: key.keyId, company, purpose, epoch })
  })
  return (await find())!
}

/**
 * Appends an entry to the key log, inside the caller's transaction. One writer of the log at a
 * time, so sequence numbers and the hash chain never fork.
 */
async function appendKeyLog(tx: Kysely<DB>, fields: Pick<KeyLogEntry, 'keyId' | 'company' | 'purpose' | 'epoch'>): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('talk_key_log'))`.execute(tx)
  const last = await tx.selectFrom('talkKeyLog').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst()
  const entry = { seq: (last?.seq ?? 0) + 1, ...fields, prevHash: last?.hash ?? '' }
  await tx
    .insertInto('talkKeyLog')
    .values({ seq: entry.seq, keyId: entry.keyId, companySlug: entry.company, purpose: entry.purpose, epoch: entry.epoch, prevHash: entry.prevHash, hash: keyLogEntryHash(entry) })
    .execute()
}

/** The epochs whose keys of a purpose the directory lists now: the current one, and the next during the current one's last day. */
function listedEpochs(purpose: Purpose, now: Date): string[] {
  return [epochOf(purpose, now), ...(inLastDayOfEpoch(purpose, now) ? [nextEpochOf(purpose, now)] : [])]
}

/**
 * A company merged into another keeps its keys in service to the end of their epoch: the tokens
 * its members drew still pay (for the survivor, through company_merge), the directory still lists
 * the keys — they vanish when their epoch ends, as every key does, not in the middle of it — but
 * nothing more is drawn from them. The key log records it: one retirement entry per key in
 * service, in the merge's transaction.
 */
export async function retireCompanyKeys(tx: Kysely<DB>, fromSlug: string, intoSlug: string, now: Date): Promise<number> {
  const keys = await tx
    .selectFrom('talkIssuerKey')
    .innerJoin('talkKeyLog', 'talkKeyLog.keyId', 'talkIssuerKey.keyId')
    .select(['talkIssuerKey.keyId', 'talkIssuerKey.purpose', 'talkIssuerKey.epoch'])
    .where('talkIssuerKey.companySlug', '=', fromSlug)
    .orderBy('talkIssuerKey.keyId')
    .execute()
  const inService = keys.filter((k) => listedEpochs(k.purpose, now).includes(k.epoch))
  for (const k of inService) await appendKeyLog(tx, retirementEntryFields({ keyId: k.keyId, company: fromSlug, purpose: k.purpose, epoch: k.epoch }, intoSlug))
  return inService.length
}

/** The retiring keys of merged companies that the directory still lists (their epoch has not ended). */
async function retiringKeys(ctx: AppContext, now: Date) {
  const rows = await ctx.db
    .selectFrom('talkIssuerKey')
    .innerJoin('companyMerge', 'companyMerge.fromSlug', 'talkIssuerKey.companySlug')
    .innerJoin('talkKeyLog', 'talkKeyLog.keyId', 'talkIssuerKey.keyId')
    .select(['talkIssuerKey.keyId', 'talkIssuerKey.companySlug', 'talkIssuerKey.purpose', 'talkIssuerKey.epoch', 'talkIssuerKey.publicKey'])
    .execute()
  return rows.filter((k) => DIRECTORY_PURPOSES.includes(k.purpose) && listedEpochs(k.purpose, now).includes(k.epoch))
}

/** The key log, oldest first (GET /talk/keys/log). */
export async function keyLog(ctx: AppContext) {
  const rows = await ctx.db.selectFrom('talkKeyLog').selectAll().orderBy('seq').execute()
  return rows.map((r) => ({ seq: r.seq, keyId: r.keyId, company: r.companySlug, purpose: r.purpose, epoch: r.epoch, prevHash: r.prevHash, hash: r.hash }))
}

/**
 * How many distinct accounts drew from each key: the real anonymity set of a token of that key
 * (DESIGN §2), not the number of members who could have drawn.
 */
async function drawersOf(ctx: AppContext, keyIds: string[]): Promise<Map<string, number>> {
  if (!keyIds.length) return new Map()
  const rows = await ctx.db
    .selectFrom('talkIssuance')
    .select(['keyId', sql<number>`count(distinct account_id)::int`.as('n')])
    .where('keyId', 'in', keyIds)
    .groupBy('keyId')
    .execute()
  return new Map(rows.map((r) => [r.keyId, r.n]))
}

/**
 * The public key directory (DESIGN §2): for the null company and every company big enough, the
 * current epoch's key of each purpose — and, during an epoch's last day, the next one's. It
 * depends on nothing about the caller, so every client sees the same keys.
 */
export async function keyDirectory(ctx: AppContext): Promise<DirectoryKey[]> {
  const now = ctx.clock.now()
  const eligible = await companiesWithKeys(ctx)
  const keys: Omit<DirectoryKey, 'anonymitySet'>[] = []
  for (const purpose of DIRECTORY_PURPOSES) {
    for (const company of scopesFor(purpose, eligible)) {
      for (const epoch of listedEpochs(purpose, now)) {
        const k = await ensureKey(ctx, company, purpose, epoch)
        keys.push({ keyId: k.keyId, company, purpose, epoch, publicKey: k.publicKey.toString('base64url') })
      }
    }
  }
  for (const k of await retiringKeys(ctx, now)) {
    keys.push({ keyId: k.keyId, company: k.companySlug, purpose: k.purpose, epoch: k.epoch, publicKey: k.publicKey.toString('base64url') })
  }
  const drawers = await drawersOf(ctx, keys.map((k) => k.keyId))
  return keys.map((k) => ({ ...k, anonymitySet: roundAnonymitySet(drawers.get(k.keyId) ?? 0) }))
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

/**
 * Whether tokens are drawn from this key now: its epoch is listed and its company is still big
 * enough. A merged company's retiring keys are listed to the end of their epoch but issue nothing
 * (the company is gone: its members draw from the survivor's keys).
 */
export async function isIssuing(ctx: AppContext, key: Pick<LoadedKey, 'companySlug' | 'purpose' | 'epoch'>): Promise<boolean> {
  if (!listedEpochs(key.purpose, ctx.clock.now()).includes(key.epoch) || !DIRECTORY_PURPOSES.includes(key.purpose)) return false
  return scopesFor(key.purpose, await companiesWithKeys(ctx)).includes(key.companySlug)
}

/**
 * What an account drew this epoch from the keys of companies merged into this key's company, for
 * the same purpose: a merge does not give a second quota (a second review of the same company in
 * the year, say). Those keys issue nothing any more, so the sum cannot move under the caller.
 */
export async function drawnFromMerged(ctx: AppContext, accountId: string, key: Pick<LoadedKey, 'companySlug' | 'purpose' | 'epoch'>): Promise<number> {
  if (key.companySlug === null) return 0
  const row = await ctx.db
    .selectFrom('talkIssuance')
    .innerJoin('talkIssuerKey', 'talkIssuerKey.keyId', 'talkIssuance.keyId')
    .innerJoin('companyMerge', 'companyMerge.fromSlug', 'talkIssuerKey.companySlug')
    .select(sql<number>`coalesce(sum(talk_issuance.issued), 0)::int`.as('n'))
    .where('talkIssuance.accountId', '=', accountId)
    .where('companyMerge.intoSlug', '=', key.companySlug)
    .where('talkIssuerKey.purpose', '=', key.purpose)
    .where('talkIssuerKey.epoch', '=', key.epoch)
    .executeTakeFirst()
  return row?.n ?? 0
}
