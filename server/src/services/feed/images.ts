import { sql } from 'kysely'
import type { FeedImageUploaded } from '../../../../shared/src/api/feed.js'
import { FEED } from '../../../../shared/src/api/limits.js'
import { toMinute } from '../../clock.js'
import type { AppContext } from '../../context.js'
import { NotFoundError } from '../../errors.js'
import { reencodeImage } from '../../media/reencode.js'
import { feedVisibleTo } from '../../policies/feed.js'
import { feedImageUrl } from '../../views/feed.js'

/**
 * Feed images take the project's one image path (media/reencode.ts): decoded and encoded again,
 * so no EXIF, GPS, XMP or ICC data survives; served from our origin by id. An upload waits,
 * unattached, until a post takes it (POST /feed/posts `imageIds`) or maintenance deletes it.
 */
export async function uploadImage(ctx: AppContext, ownerId: string, upload: Buffer): Promise<FeedImageUploaded> {
  const img = await reencodeImage(upload, FEED.images.maxDimension)
  const row = await ctx.db
    .insertInto('feedImage')
    .values({ ownerId, data: img.data, mediaType: img.mediaType, width: img.width, height: img.height, createdAt: toMinute(ctx.clock.now()) })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { imageId: row.id, url: feedImageUrl(row.id), width: img.width, height: img.height }
}

/** An image's bytes: one on a post the viewer may see, or the viewer's own upload; 404 otherwise. */
export async function getImage(ctx: AppContext, viewerId: string, id: string): Promise<{ data: Buffer; mediaType: string }> {
  const row = await ctx.db
    .selectFrom('feedImage')
    .leftJoin('feedPost', 'feedPost.id', 'feedImage.postId')
    .select(['feedImage.data', 'feedImage.mediaType'])
    .where('feedImage.id', '=', id)
    .where((eb) =>
      eb.or([
        eb.and([eb('feedImage.postId', 'is not', null), feedVisibleTo(viewerId, sql.ref('feed_post.author_id'))]),
        eb.and([eb('feedImage.postId', 'is', null), eb('feedImage.ownerId', '=', viewerId)]),
      ]),
    )
    .executeTakeFirst()
  if (!row) throw new NotFoundError('image')
  return row
}

/** Maintenance: uploads no post took within FEED.images.unattachedKeepS. */
export async function pruneUnattachedImages(ctx: AppContext): Promise<number> {
  const cutoff = new Date(ctx.clock.now().getTime() - FEED.images.unattachedKeepS * 1000)
  const res = await ctx.db.deleteFrom('feedImage').where('postId', 'is', null).where('createdAt', '<=', cutoff).executeTakeFirst()
  return Number(res.numDeletedRows)
}
