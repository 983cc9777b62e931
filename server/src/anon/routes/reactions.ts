import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { TALK_FORUM } from '../../../../shared/src/api/limits.js'
import { AnswerPoll, CastVote, ImageUploaded, PollAnswered, Token, VoteAccepted } from '../../../../shared/src/api/talk.js'
import { ValidationError } from '../../errors.js'
import { problems } from '../../http/schema-helpers.js'
import { acceptUploads, readUpload, UNCHECKED_BODY } from '../../http/upload.js'
import type { AnonContext } from '../context.js'
import { acceptImage } from '../services/images.js'
import { acceptAnswer } from '../services/polls.js'
import { acceptVote } from '../services/votes.js'
import type { Accepted } from '../services/accept.js'
import { TypeCompiler } from '@sinclair/typebox/compiler'

export const NO_SESSION =
  'Anonymous: no session is read even if a cookie is sent, nothing about the request (address, user agent, cookies, body) is logged or stored, and the answer closes the connection.'
/** Votes, answers, reports, appeals: what their 201/202/200 mean. */
export const MIXED = 'Checked now, stored with its mixing window (TALK_MIX_WINDOW_S): 202 means accepted and waiting; 201 stored; 200 already so.'
const Id = Type.Object({ id: Type.String({ format: 'uuid' }) })


/** 202 while waiting for the window; 201 once stored (no mixing); 200 when it was there already. */
export function statusOf(a: Accepted): 200 | 201 | 202 {
  return a.state === 'existing' ? 200 : a.state === 'stored' ? 201 : 202
}

const tokenCheck = TypeCompiler.Compile(Token)

/** Votes, poll answers and image uploads: everything a member does to Work Talk content besides posting (DESIGN §4). */
export function anonymousReactionRoutes(ctx: AnonContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/talk/votes',
      {
        schema: {
          tags: ['talk'],
          summary: 'Vote on a post (anonymous)',
          description: `${NO_SESSION} ${MIXED} Signed by the voter's pseudonym key of the post's thread over JSON.stringify(["watercooler/v1/vote", postId, value, token.message or ""]). \`value\`: 1, -1, or 0 to withdraw. A key's first vote on a post spends a react token (400 \`token_required\` without one); changing it needs none. 403 \`own_post\` for the key's own post; ask GET /talk/writes/{postId}?voter={publicKey}.`,
          body: CastVote,
          response: { 200: VoteAccepted, 201: VoteAccepted, 202: VoteAccepted, ...problems(400, 403, 404, 409) },
        },
      },
      async (req, reply) => {
        const a = await acceptVote(ctx, req.body)
        return reply.code(statusOf(a)).send({ postId: req.body.postId, value: req.body.value })
      },
    )

    app.post(
      '/talk/polls/:id/answers',
      {
        schema: {
          tags: ['talk'],
          summary: 'Answer a poll (anonymous)',
          description: `${NO_SESSION} ${MIXED} The poll's id is its thread's. Signed by the answerer's pseudonym key of that thread over JSON.stringify(["watercooler/v1/poll", pollId, option, token.message]); a react token; one answer per key, final (409 \`already_answered\`); 409 \`poll_closed\`. Ask GET /talk/writes/{pollId}?answerer={publicKey}.`,
          params: Id,
          body: AnswerPoll,
          response: { 200: PollAnswered, 201: PollAnswered, 202: PollAnswered, ...problems(400, 403, 404, 409) },
        },
      },
      async (req, reply) => {
        const a = await acceptAnswer(ctx, req.params.id, req.body)
        return reply.code(statusOf(a)).send({ pollId: req.params.id })
      },
    )

    await app.register(async (uploads) => {
      await acceptUploads(uploads, TALK_FORUM.images.maxBytes)
      uploads.post(
        '/talk/images',
        {
          ...UNCHECKED_BODY,
          schema: {
            tags: ['talk'],
            summary: 'Upload an image for a post (anonymous)',
            description: `${NO_SESSION} multipart/form-data: \`file\` (JPEG, PNG or WebP, at most ${TALK_FORUM.images.maxBytes / 1024 / 1024} MB) and \`token\` — the JSON of the token that will pay for the post (checked, not spent; one token carries at most ${TALK_FORUM.images.perPost} uploads, 429 \`too_many_images\`). The image is decoded and encoded again (pixels only: no EXIF, GPS, XMP), at most ${TALK_FORUM.images.maxDimension} px on its longer side, and stored with its mixing window (202; ask GET /talk/writes/{imageId}?image=true, and send the post once it is \`stored\`). Name it in the post's \`imageIds\` within ${TALK_FORUM.images.unattachedKeepS / 60} minutes, or it is deleted. 413 over the size, 415 \`unsupported_image\`.`,
            consumes: ['multipart/form-data'],
            response: { 201: ImageUploaded, 202: ImageUploaded, ...problems(400, 403, 409, 413, 415, 429, 503) },
          },
        },
        async (req, reply) => {
          const upload = await readUpload(req, 'file', ['token'])
          const raw = upload.text('token', 2000, true)
          let token: unknown = null
          try {
            token = JSON.parse(raw)
          } catch {
            upload.problem('/token', 'must be the JSON of a token')
          }
          if (raw && token !== null && !tokenCheck.Check(token)) upload.problem('/token', 'must be a token {keyId, message, signature}')
          upload.done()
          if (!upload.file) throw new ValidationError('/file: must be a file', [{ field: '/file', message: 'must be a file' }])
          const { accepted, image } = await acceptImage(ctx, token as Parameters<typeof acceptImage>[1], upload.file)
          return reply.code(accepted.state === 'pending' ? 202 : 201).send(image)
        },
      )
    })
  }
}
