import { TALK_FORUM } from '../../../shared/src/api/limits.js'
import { ComposeInputError } from './errors.js'
import type { ComposeInput } from './outbox.js'

type ImageType = (typeof TALK_FORUM.images.mediaTypes)[number]

/** What an image's first bytes say it is; null: none of the types the server takes (HEIC, a renamed PDF…). */
export function sniffImageType(head: Uint8Array): ImageType | null {
  const at = (i: number, ...bytes: number[]) => bytes.every((b, j) => head[i + j] === b)
  if (at(0, 0xff, 0xd8, 0xff)) return 'image/jpeg'
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png'
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'image/webp'
  return null
}

/**
 * The images and poll of a post, checked before it is queued (the server checks again): the
 * member hears about a photo too large, a HEIC photo or a poll closing too soon at once, not hours
 * later when the post goes out. An image's own bytes decide its type, not its name or the type
 * the browser guessed from it. Returns the images as plain Blobs of that type (no file name: it
 * may name a person or a place). Throws ComposeInputError.
 */
export async function checkComposeInput(input: Pick<ComposeInput, 'kind' | 'images' | 'poll'>, now = Date.now()): Promise<Blob[]> {
  const { images, poll } = TALK_FORUM
  const files = input.images ?? []
  if (files.length > images.perPost) throw new ComposeInputError('too_many_images')
  const out: Blob[] = []
  for (const [i, f] of files.entries()) {
    if (f.size === 0) throw new ComposeInputError('image_empty', i)
    if (f.size > images.maxBytes) throw new ComposeInputError('image_too_large', i)
    const type = sniffImageType(new Uint8Array(await f.slice(0, 16).arrayBuffer()))
    if (!type) throw new ComposeInputError('image_type', i)
    out.push(new Blob([f], { type }))
  }
  if (!input.poll) return out
  if (input.kind !== 'thread') throw new ComposeInputError('poll_on_reply')
  const options = input.poll.options.map((o) => o.trim())
  if (options.length < poll.minOptions || options.length > poll.maxOptions) throw new ComposeInputError('poll_options')
  const seen = new Set<string>()
  for (const [i, o] of options.entries()) {
    if (!o) throw new ComposeInputError('poll_option_empty', i)
    if (o.length > poll.optionLength) throw new ComposeInputError('poll_option_too_long', i)
    const key = o.toLowerCase()
    if (seen.has(key)) throw new ComposeInputError('poll_options_duplicate', i)
    seen.add(key)
  }
  const open = (Date.parse(input.poll.closesAt) - now) / 1000
  if (!(open >= poll.minOpenS && open <= poll.maxOpenS)) throw new ComposeInputError('poll_closes_at')
  return out
}
