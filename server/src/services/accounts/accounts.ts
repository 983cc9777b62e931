import crypto from 'node:crypto'
import type { CreateAccount, Language } from '../../../../shared/src/api/index.js'
import { type AppContext, dayOf } from '../../context.js'
import { BadCredentialsError, EmailTakenError, NotFoundError, WeakPasswordError } from '../../errors.js'
import { isUniqueViolation } from '../../db/errors.js'
import { PROFILE_COLUMNS } from '../profiles/profiles.js'
import { isHandleHeld } from './handles.js'
import { hashPassword, isCommonPassword, verifyPassword } from './passwords.js'
import { indexPerson } from '../search/documents.js'
import { hitRateLimit } from '../limits/rate-limits.js'

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase()
}

/** "Zoë O'Brien" → "zoe-obrien-k3v9": readable, unique, and says nothing the profile doesn't. */
export function makeHandle(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 24)
    .replace(/-+$/, '')
  const suffix = crypto.randomBytes(4).readUInt32BE(0).toString(36).padStart(4, '0').slice(-4)
  return `${base.length >= 2 ? base : 'member'}-${suffix}`
}

/**
 * Counts one sign-up from a client address (POST /accounts) before anything else is looked at, so
 * an `email_taken` answer costs a slot too; one upsert, so concurrent sign-ups count exactly.
 * Past the limit: 429 `rate_limited`.
 */
export function countSignUp(ctx: AppContext, address: string): Promise<void> {
  return hitRateLimit(ctx, { scope: 'sign-up-address', key: address, limit: ctx.config.signUpsPerAddressPerHour, windowS: 60 * 60 })
}

export async function createAccount(ctx: AppContext, input: CreateAccount): Promise<{ id: string; handle: string }> {
  if (isCommonPassword(input.password, input.email)) throw new WeakPasswordError()
  const emailNormalized = normaliseEmail(input.email)
  const existing = await ctx.db.selectFrom('account').select('id').where('emailNormalized', '=', emailNormalized).executeTakeFirst()
  if (existing) throw new EmailTakenError()
  const passwordHash = await hashPassword(input.password)

  for (let attempt = 0; ; attempt++) {
    const handle = makeHandle(input.name)
    // Someone's old handle stays theirs for a while (handles.ts).
    if (attempt < 5 && (await isHandleHeld(ctx, handle))) continue
    try {
      return await ctx.db.transaction().execute(async (tx) => {
        const account = await tx
          .insertInto('account')
          .values({
            handle,
            name: input.name.trim(),
            email: input.email.trim(),
            emailNormalized,
            passwordHash,
            language: input.language ?? 'en',
            createdOn: dayOf(ctx.clock.now()),
          })
          .returning(['id', 'handle'])
          .executeTakeFirstOrThrow()
        await tx.insertInto('profile').values({ accountId: account.id }).execute()
        await indexPerson(tx, account.id)
        return account
      })
    } catch (err) {
      if (isUniqueViolation(err, 'account_email_normalized_key')) throw new EmailTakenError()
      if (isUniqueViolation(err, 'account_handle_key') && attempt < 5) continue
      throw err
    }
  }
}

export async function findAccountByEmail(ctx: AppContext, email: string) {
  return ctx.db
    .selectFrom('account')
    .select(['id', 'handle', 'passwordHash'])
    .where('emailNormalized', '=', normaliseEmail(email))
    .executeTakeFirst()
}

export async function getAccount(ctx: AppContext, accountId: string) {
  const row = await ctx.db
    .selectFrom('account')
    .innerJoin('profile', 'profile.accountId', 'account.id')
    .leftJoin('profilePhoto', 'profilePhoto.accountId', 'account.id')
    .select([
      'account.id',
      'profilePhoto.id as photoId',
      'account.name',
      'account.handle',
      'account.email',
      'account.language',
      'account.role',
      'account.createdOn',
      ...PROFILE_COLUMNS,
    ])
    .where('account.id', '=', accountId)
    .executeTakeFirst()
  if (!row) throw new NotFoundError('account')
  return row
}
export type AccountRow = Awaited<ReturnType<typeof getAccount>>

export async function updateAccount(ctx: AppContext, accountId: string, patch: { name?: string; language?: Language }) {
  await ctx.db
    .updateTable('account')
    .set({ ...(patch.name !== undefined && { name: patch.name.trim() }), ...(patch.language && { language: patch.language }) })
    .where('id', '=', accountId)
    .execute()
  if (patch.name !== undefined) await indexPerson(ctx.db, accountId)
}

/** Checks the password of a signed-in account (for changes that need it again). */
export async function checkPassword(ctx: AppContext, accountId: string, password: string): Promise<void> {
  const row = await ctx.db.selectFrom('account').select(['passwordHash']).where('id', '=', accountId).executeTakeFirst()
  if (!row || !(await verifyPassword(row.passwordHash, password))) throw new BadCredentialsError()
}

export async function changePassword(ctx: AppContext, accountId: string, current: string, next: string, keepSessionId: string) {
  await checkPassword(ctx, accountId, current)
  const { email } = await ctx.db.selectFrom('account').select('email').where('id', '=', accountId).executeTakeFirstOrThrow()
  if (isCommonPassword(next, email)) throw new WeakPasswordError()
  const passwordHash = await hashPassword(next)
  await ctx.db.transaction().execute(async (tx) => {
    await tx.updateTable('account').set({ passwordHash }).where('id', '=', accountId).execute()
    await tx.deleteFrom('session').where('accountId', '=', accountId).where('id', '!=', keepSessionId).execute()
    // A reset link asked for before the change must not undo it.
    await tx.deleteFrom('passwordReset').where('accountId', '=', accountId).execute()
  })
}

/**
 * Deletes the account and, through ON DELETE CASCADE, its profile and sessions. Work Talk posts
 * are not the account's: nothing links them to it, so nothing here could find them.
 */
export async function deleteAccount(ctx: AppContext, accountId: string, password: string) {
  await checkPassword(ctx, accountId, password)
  await ctx.db.deleteFrom('account').where('id', '=', accountId).execute()
}
