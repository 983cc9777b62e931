import crypto from 'node:crypto'
import sharp from 'sharp'
import { PHOTO } from '../../../../shared/src/api/limits.js'
import type { AppContext } from '../../context.js'
import { NotFoundError } from '../../errors.js'
import { imageFormatOf, UnsupportedImageError } from '../../media/reencode.js'

/** A centred square WebP of the upload: pixels only (sharp writes no EXIF, XMP or ICC unless asked). */
async function square(input: Buffer, size: number): Promise<Buffer> {
  try {
    return await sharp(input, { failOn: 'error' }).rotate().resize({ width: size, height: size, fit: 'cover' }).webp({ quality: 85 }).toBuffer()
  } catch {
    throw new UnsupportedImageError()
  }
}

/** Replaces the member's photo; the new row gets a new id, so every old URL stops answering. */
export async function setPhoto(ctx: AppContext, accountId: string, upload: Buffer): Promise<string> {
  await imageFormatOf(upload)
  const [avatar, page] = await Promise.all([square(upload, PHOTO.avatarSize), square(upload, PHOTO.pageSize)])
  const id = crypto.randomUUID()
  await ctx.db
    .insertInto('profilePhoto')
    .values({ accountId, id, avatar, page })
    .onConflict((oc) => oc.column('accountId').doUpdateSet({ id, avatar, page }))
    .execute()
  return id
}

export async function removePhoto(ctx: AppContext, accountId: string): Promise<void> {
  await ctx.db.deleteFrom('profilePhoto').where('accountId', '=', accountId).execute()
}

export async function getPhoto(ctx: AppContext, id: string, size: 'avatar' | 'page'): Promise<Buffer> {
  const row = await ctx.db.selectFrom('profilePhoto').select(size).where('id', '=', id).executeTakeFirst()
  if (!row) throw new NotFoundError('photo')
  return row[size]
}

/** The versioned URLs of a photo id (null: no photo). */
export function photoUrls(photoId: string | null): { photoUrl: string | null; avatarUrl: string | null } {
  if (!photoId) return { photoUrl: null, avatarUrl: null }
  return { photoUrl: `/api/v1/photos/${photoId}/page`, avatarUrl: `/api/v1/photos/${photoId}/avatar` }
}
