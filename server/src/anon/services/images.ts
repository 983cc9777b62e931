import crypto from 'node:crypto'
import type { Kysely } from 'kysely'
import { TALK_FORUM } from '../../../../shared/src/api/limits.js'
import { AppError } from '../../errors.js'
import { reencodeImage } from '../../media/reencode.js'
import type { AnonContext } from '../context.js'
import type { AnonDB } from '../tables.js'
import type { Accepted } from './accept.js'
import { assertPostToken } from './place.js'
import { checkToken, type RedeemableToken } from './redeem.js'

/**
 * Images in anonymous posts (DESIGN §5b): uploaded without a session, re-encoded to pixels only,
 * stored with their mixing window, then attached by id to the post that names them — within an
 * hour, or deleted. An upload shows the token that will pay for its post (valid, not spent: it is
 * not spent here), and one token carries at most TALK_FORUM.images.perPost uploads, so uploads
 * are bounded by tokens, not by addresses.
 */
export class TooManyImagesError extends AppError {
  override name = 'TooManyImagesError'
  constructor() {
    super(429, 'too_many_images', 'Too many images', `One post takes at most ${TALK_FORUM.images.perPost} images, and one token uploads no more.`)
  }
}
export class UnknownImageError extends AppError {
  override name = 'UnknownImageError'
  constructor() {
    super(422, 'unknown_image', 'Unknown image', 'An image the post names is not stored (yet), is attached to another post, or was deleted after an hour unused. Wait until its upload is stored (GET /talk/writes/{imageId}?image=true), or upload it again.')
  }
}
export class UploadsBusyError extends AppError {
  override name = 'UploadsBusyError'
  constructor() {
    super(503, 'uploads_busy', 'Too many uploads right now', 'Too many images are waiting to be stored; try again in a minute.', { 'retry-after': '60' })
  }
}

const TOKEN_UPLOADS_KEEP_MS = TALK_FORUM.images.unattachedKeepS * 1000

/** How many uploads a token has carried here (per process: a second process could take 4 more, still bounded). */
function countUpload(ctx: AnonContext, tokenHash: Buffer): void {
  const uploads = ctx.caches.imageUploads
  const now = Date.now()
  for (const [k, v] of uploads) if (now - v.at > TOKEN_UPLOADS_KEEP_MS) uploads.delete(k)
  const key = tokenHash.toString('base64url')
  const seen = uploads.get(key) ?? { n: 0, at: now }
  if (seen.n >= TALK_FORUM.images.perPost) throw new TooManyImagesError()
  uploads.set(key, { n: seen.n + 1, at: seen.at })
}

export interface UploadedImage {
  imageId: string
  mediaType: string
  width: number
  height: number
  bytes: number
}

export async function acceptImage(ctx: AnonContext, token: RedeemableToken, file: Buffer): Promise<{ accepted: Accepted; image: UploadedImage }> {
  const checked = await checkToken(ctx, token)
  assertPostToken(checked)
  const image = await reencodeImage(file, TALK_FORUM.images.maxDimension)
  if (ctx.mixer.pendingImageBytes() + image.data.length > TALK_FORUM.images.pendingBytes) throw new UploadsBusyError()
  countUpload(ctx, checked.hash)
  const id = crypto.randomUUID()
  const accepted = await ctx.mixer.submit({
    key: imageKey(id),
    kind: 'image',
    threadId: '',
    postId: id,
    revision: 0,
    authorKey: Buffer.alloc(0),
    tokenHash: null,
    bytes: image.data.length,
    locks: { threads: [], posts: [] },
    apply: async (tx, at) => {
      await tx
        .insertInto('talkImage')
        .values({ id, postId: null, mediaType: image.mediaType, width: image.width, height: image.height, bytes: image.data, createdAt: at })
        .execute()
      return { stored: true }
    },
  })
  return { accepted, image: { imageId: id, mediaType: image.mediaType, width: image.width, height: image.height, bytes: image.data.length } }
}

export const imageKey = (id: string) => `image:${id}`

/** On arrival of a post: every image it names is stored and free, or waits in this process's window. */
export async function assertImagesAvailable(ctx: AnonContext, imageIds: readonly string[]): Promise<void> {
  if (!imageIds.length) return
  const stored = await ctx.db.selectFrom('talkImage').select('id').where('id', 'in', [...imageIds]).where('postId', 'is', null).execute()
  const found = new Set(stored.map((r) => r.id))
  for (const id of imageIds) if (!found.has(id) && !ctx.mixer.find(imageKey(id))) throw new UnknownImageError()
}

/**
 * Inside the window, before the post writes anything: the images are there and free (locked, so
 * no other window takes them). Throws UnknownImageError otherwise — the post is then refused whole.
 */
export async function lockImages(tx: Kysely<AnonDB>, imageIds: readonly string[]): Promise<void> {
  if (!imageIds.length) return
  const rows = await tx.selectFrom('talkImage').select('id').where('id', 'in', [...imageIds]).where('postId', 'is', null).orderBy('id').forUpdate().execute()
  if (rows.length !== new Set(imageIds).size) throw new UnknownImageError()
}

/** Attaches the locked images to their post, in the post's order. */
export async function attachImages(tx: Kysely<AnonDB>, postId: string, imageIds: readonly string[]): Promise<void> {
  for (const [position, id] of imageIds.entries()) await tx.updateTable('talkImage').set({ postId, position }).where('id', '=', id).execute()
}

/** Images nobody attached within the hour go (maintenance); returns how many. */
export async function pruneUnattachedImages(ctx: Pick<AnonContext, 'db' | 'clock'>): Promise<number> {
  const cutoff = new Date(ctx.clock.now().getTime() - TALK_FORUM.images.unattachedKeepS * 1000)
  const res = await ctx.db.deleteFrom('talkImage').where('postId', 'is', null).where('createdAt', '<', cutoff).executeTakeFirst()
  return Number(res.numDeletedRows)
}
