import sharp from 'sharp'
import { AppError } from '../errors.js'

/**
 * Images from members (badge photos, logos, Work Talk screenshots) are never stored as uploaded:
 * they are decoded and encoded again, so the stored file holds pixels only — no EXIF (camera,
 * time, GPS), XMP, IPTC, ICC profile or comment survives. A neutral module: the anonymous side
 * uses it too, so it knows nothing of accounts.
 */
export class UnsupportedImageError extends AppError {
  override name = 'UnsupportedImageError'
  constructor(detail = 'Upload a JPEG, PNG or WebP image.') {
    super(415, 'unsupported_image', 'Not a supported image', detail)
  }
}

export const IMAGE_FORMATS = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' } as const
export type ImageFormat = keyof typeof IMAGE_FORMATS

/** What the bytes really are (not what the upload claims): JPEG, PNG or WebP, else UnsupportedImageError. */
export async function imageFormatOf(input: Buffer, detail?: string): Promise<ImageFormat> {
  let format: string | undefined
  try {
    format = (await sharp(input).metadata()).format
  } catch {
    throw new UnsupportedImageError(detail)
  }
  if (format !== 'jpeg' && format !== 'png' && format !== 'webp') throw new UnsupportedImageError(detail)
  return format
}

export interface Reencoded {
  data: Buffer
  mediaType: string
  width: number
  height: number
}

/**
 * Decodes the upload (whatever it claims to be) and encodes it again in its own format: pixels
 * only, turned upright (the EXIF orientation applied, then dropped) and at most `maxDimension`
 * on its longer side.
 */
export async function reencodeImage(input: Buffer, maxDimension: number, detail?: string): Promise<Reencoded> {
  const format = await imageFormatOf(input, detail)
  const pipeline = sharp(input, { failOn: 'error' })
    .rotate()
    .resize({ width: maxDimension, height: maxDimension, fit: 'inside', withoutEnlargement: true })
  const encoded = format === 'jpeg' ? pipeline.jpeg({ quality: 85 }) : format === 'png' ? pipeline.png() : pipeline.webp({ quality: 85 })
  try {
    const { data, info } = await encoded.toBuffer({ resolveWithObject: true })
    return { data, mediaType: IMAGE_FORMATS[format], width: info.width, height: info.height }
  } catch {
    throw new UnsupportedImageError(detail)
  }
}
