import crypto from 'node:crypto'
import type { AppContext } from '../../context.js'
import { keyDirectory } from './keys.js'

/** DESIGN §2, §5: the directory may be cached this long, and its anonymity sets are at most this old. */
export const DIRECTORY_MAX_AGE_S = 300

export interface DirectoryDocument {
  body: string
  etag: string
}

/**
 * The key directory as served: one JSON document per five-minute bucket, stored in the database
 * by whichever process needs it first, so every process — and so every client — gets the same
 * bytes and the same ETag. A client shown keys nobody else is shown could be singled out.
 * Once stored, a bucket's document never changes, so each process keeps the current one in memory.
 */
export async function directoryDocument(ctx: AppContext): Promise<DirectoryDocument> {
  const now = ctx.clock.now().getTime()
  const bucket = new Date(Math.floor(now / (DIRECTORY_MAX_AGE_S * 1000)) * DIRECTORY_MAX_AGE_S * 1000)
  const held = ctx.caches.directory
  if (held?.bucket === bucket.getTime()) return held.doc
  const stored = await ctx.db.selectFrom('talkKeyDirectory').select(['body', 'etag']).where('bucket', '=', bucket).executeTakeFirst()
  if (stored) return hold(ctx, bucket, stored)
  const keys = await keyDirectory(ctx)
  const head = await ctx.db.selectFrom('talkKeyLog').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst()
  const body = JSON.stringify({ keys, minTokenAgeS: ctx.config.talkMinTokenAgeS, mixWindowS: ctx.config.talkMixWindowS, logHead: { seq: head?.seq ?? 0, hash: head?.hash ?? '' } })
  const etag = `"${crypto.createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`
  await ctx.db.insertInto('talkKeyDirectory').values({ bucket, body, etag }).onConflict((oc) => oc.doNothing()).execute()
  // Another process may have stored its document for this bucket first: serve that one.
  return hold(ctx, bucket, await ctx.db.selectFrom('talkKeyDirectory').select(['body', 'etag']).where('bucket', '=', bucket).executeTakeFirstOrThrow())
}

function hold(ctx: AppContext, bucket: Date, doc: DirectoryDocument): DirectoryDocument {
  const kept = { body: doc.body, etag: doc.etag }
  ctx.caches.directory = { bucket: bucket.getTime(), doc: kept }
  return kept
}

/** Old buckets: nobody is served them any more. */
export async function pruneDirectoryDocuments(ctx: AppContext): Promise<void> {
  const cutoff = new Date(ctx.clock.now().getTime() - 2 * DIRECTORY_MAX_AGE_S * 1000)
  await ctx.db.deleteFrom('talkKeyDirectory').where('bucket', '<', cutoff).execute()
}
