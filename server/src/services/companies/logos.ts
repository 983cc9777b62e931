import sharp from 'sharp'
import { LOGO } from '../../../../shared/src/api/limits.js'
import type { AppContext } from '../../context.js'
import { NotFoundError } from '../../errors.js'
import { imageFormatOf, UnsupportedImageError } from '../../media/reencode.js'

/** Any JPEG, PNG or WebP → a LOGO.size square WebP on white, with no metadata. */
export async function normaliseLogo(input: Buffer): Promise<Buffer> {
  await imageFormatOf(input)
  try {
    return await sharp(input, { failOn: 'error' })
      .rotate()
      .resize({ width: LOGO.size, height: LOGO.size, fit: 'contain', background: '#ffffff' })
      .flatten({ background: '#ffffff' })
      .webp({ quality: 90 })
      .toBuffer()
  } catch {
    throw new UnsupportedImageError()
  }
}

export async function setLogo(ctx: AppContext, slug: string, image: Buffer | null): Promise<void> {
  const logo = image ? await normaliseLogo(image) : null
  const res = await ctx.db.updateTable('company').set({ logo }).where('slug', '=', slug).executeTakeFirst()
  if (res.numUpdatedRows === 0n) throw new NotFoundError('company')
}

export async function getLogo(ctx: AppContext, slug: string): Promise<Buffer> {
  const row = await ctx.db.selectFrom('company').select('logo').where('slug', '=', slug).executeTakeFirst()
  if (!row?.logo) throw new NotFoundError('logo')
  return row.logo
}
