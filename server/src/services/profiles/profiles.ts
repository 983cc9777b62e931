import type { UpdateProfile } from '../../../../shared/src/api/profiles.js'
import type { AppContext } from '../../context.js'
import { indexPerson } from '../search/documents.js'

/** Every profile field, for queries that join account and profile. */
export const PROFILE_COLUMNS = [
  'profile.headline',
  'profile.about',
  'profile.location',
  'profile.experience',
  'profile.education',
  'profile.skills',
  'profile.visibility',
] as const

export async function updateProfile(ctx: AppContext, accountId: string, input: UpdateProfile): Promise<void> {
  await ctx.db
    .updateTable('profile')
    .set({
      headline: input.headline.trim(),
      about: input.about,
      location: input.location.trim(),
      experience: JSON.stringify(input.experience),
      education: JSON.stringify(input.education),
      skills: JSON.stringify(input.skills.map((s) => s.trim())),
      ...(input.visibility && { visibility: input.visibility }),
    })
    .where('accountId', '=', accountId)
    .execute()
  await indexPerson(ctx.db, accountId)
}

/** The profile row of a current handle (null: none), for a signed-in viewer; views/ decides what of it is shown. */
export async function findProfileByHandle(ctx: AppContext, handle: string) {
  const row = await ctx.db
    .selectFrom('account')
    .innerJoin('profile', 'profile.accountId', 'account.id')
    .leftJoin('profilePhoto', 'profilePhoto.accountId', 'account.id')
    .select([
      'account.id',
      'profilePhoto.id as photoId',
      'account.handle',
      'account.name',
      'account.createdOn',
      ...PROFILE_COLUMNS,
    ])
    .where('account.handle', '=', handle.toLowerCase())
    .executeTakeFirst()
  return row ?? null
}
export type ProfileRow = NonNullable<Awaited<ReturnType<typeof findProfileByHandle>>>
