import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { PhotoParams, PhotoUpload, PhotoUrls } from '../../../../shared/src/api/account-extras.js'
import { NoContent } from '../../../../shared/src/api/common.js'
import { PHOTO } from '../../../../shared/src/api/limits.js'
import type { AppContext } from '../../context.js'
import { sessionOf } from '../../http/auth.js'
import { problems, SESSION_SECURITY } from '../../http/schema-helpers.js'
import { acceptUploads, readUpload, UNCHECKED_BODY } from '../../http/upload.js'
import { getPhoto, photoUrls, removePhoto, setPhoto } from '../../services/profiles/photos.js'

export function photoRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/photos/:id/:size',
      {
        schema: {
          tags: ['profiles'],
          summary: "A member's photo",
          description: `For signed-in members. A WebP square (avatar ${PHOTO.avatarSize} px, page ${PHOTO.pageSize} px). The id changes with every upload, so the answer is cached for a year.`,
          security: SESSION_SECURITY,
          params: PhotoParams,
          response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...problems(400, 401, 404) },
        },
      },
      async (req, reply) =>
        reply
          .header('cache-control', `private, max-age=${PHOTO.cacheMaxAgeS}, immutable`)
          .type('image/webp')
          .send(await getPhoto(ctx, req.params.id, req.params.size)),
    )

    app.delete(
      '/me/photo',
      { schema: { tags: ['profiles'], summary: 'Remove the profile photo', security: SESSION_SECURITY, response: { 204: NoContent, ...problems(401) } } },
      async (req, reply) => {
        await removePhoto(ctx, sessionOf(req).accountId)
        return reply.code(204).send(null)
      },
    )

    await app.register(async (upload) => {
      await acceptUploads(upload, PHOTO.maxBytes)
      upload.put(
        '/me/photo',
        {
          schema: {
            tags: ['profiles'],
            summary: 'Upload or replace the profile photo',
            description: `multipart/form-data with \`photo\`: JPEG, PNG or WebP, at most ${PHOTO.maxBytes / (1024 * 1024)} MB. Re-encoded (no EXIF, GPS or XMP) as WebP squares of ${PHOTO.avatarSize} and ${PHOTO.pageSize} px. 413 \`file_too_large\`; 415 \`unsupported_image\`.`,
            security: SESSION_SECURITY,
            consumes: ['multipart/form-data'],
            body: PhotoUpload,
            response: { 200: PhotoUrls, ...problems(400, 401, 413, 415) },
          },
          ...UNCHECKED_BODY,
        },
        async (req) => {
          const { accountId } = sessionOf(req)
          const upload = await readUpload(req, 'photo', [])
          upload.done()
          return photoUrls(await setPhoto(ctx, accountId, upload.file!))
        },
      )
    })
  }
}
