import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { FeedIdParam, FeedImageUpload, FeedImageUploaded } from '../../../../shared/src/api/feed.js'
import { FEED } from '../../../../shared/src/api/limits.js'
import type { AppContext } from '../../context.js'
import { sessionOf } from '../../http/auth.js'
import { problems, SESSION_SECURITY } from '../../http/schema-helpers.js'
import { acceptUploads, readUpload, UNCHECKED_BODY } from '../../http/upload.js'
import { getImage, uploadImage } from '../../services/feed/images.js'

const tags = ['feed']

export function feedImageRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/feed/images/:id',
      {
        schema: {
          tags,
          summary: 'A feed image',
          description: 'An image of a post the viewer may see, or their own upload. Images never change, so the answer is cached for a year.',
          security: SESSION_SECURITY,
          params: FeedIdParam,
          response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...problems(400, 401, 404) },
        },
      },
      async (req, reply) => {
        const img = await getImage(ctx, sessionOf(req).accountId, req.params.id)
        return reply.header('cache-control', `private, max-age=${FEED.images.cacheMaxAgeS}, immutable`).type(img.mediaType).send(img.data)
      },
    )

    await app.register(async (upload) => {
      await acceptUploads(upload, FEED.images.maxBytes)
      upload.post(
        '/feed/images',
        {
          schema: {
            tags,
            summary: 'Upload an image for a post',
            description:
              `multipart/form-data with \`image\`: JPEG, PNG or WebP, at most ${FEED.images.maxBytes / (1024 * 1024)} MB; re-encoded (no EXIF, GPS or XMP), at most ${FEED.images.maxDimension} px on its longer side. ` +
              `Attach it by id to a post within ${FEED.images.unattachedKeepS / 60} minutes, or it is deleted. 413 \`file_too_large\`; 415 \`unsupported_image\`.`,
            security: SESSION_SECURITY,
            consumes: ['multipart/form-data'],
            body: FeedImageUpload,
            response: { 201: FeedImageUploaded, ...problems(400, 401, 413, 415) },
          },
          ...UNCHECKED_BODY,
        },
        async (req, reply) => {
          const viewerId = sessionOf(req).accountId
          const file = await readUpload(req, 'image', [])
          file.done()
          return reply.code(201).send(await uploadImage(ctx, viewerId, file.file!))
        },
      )
    })
  }
}
