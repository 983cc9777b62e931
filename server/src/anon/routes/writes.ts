import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import {
  ChangeAccepted,
  CreateReply,
  CreateThread,
  DeletePost,
  EditPost,
  ReplyCreated,
  ThreadCreated,
  WriteQuery,
  WriteState,
} from '../../../../shared/src/api/talk.js'
import { problems } from '../../http/schema-helpers.js'
import type { AnonContext } from '../context.js'
import { acceptDelete, acceptEdit, acceptReply, acceptThread } from '../services/accept.js'
import { ValidationError } from '../../errors.js'
import { otherOutcome, writeOutcome } from '../services/outcomes.js'
import { BadAuthorSignatureError, UnknownWriteError } from '../services/errors.js'
import { recordOutcome } from '../services/records.js'
import { verifyWriteState } from '../../../../shared/src/talk/signing.js'
import { verifyBytesNative } from '../crypto/ed25519.js'
import { NO_SESSION, statusOf } from './reactions.js'

const Id = Type.Object({ id: Type.String({ format: 'uuid' }) })
const PostIdParam = Type.Object({ postId: Type.String({ format: 'uuid' }) })

const SIGNED = `The \`author\` signature (Ed25519, the per-thread pseudonym key) covers the UTF-8 bytes of JSON.stringify(["watercooler/v1/post", threadId or null, title or "", body, label, token.message]) — or, for a post in a channel other than "general" or with images or a poll, the v2 tuple ["watercooler/v2/post", threadId, title, body, label, token.message, channel, imageIds, poll] (DESIGN §3; a reply signs channel "general", and poll is {options, closesAt} or null).`
const MIXED = `Checked now, stored with its mixing window (TALK_MIX_WINDOW_S): 202 means accepted and waiting — ask GET /talk/writes/{postId}; if that answers 404 \`unknown_write\` (the server restarted), send the same request again.`


/** The anonymous writes of DESIGN §5 (threads, replies, edits, deletions) and their outcomes. */
export function anonymousWriteRoutes(ctx: AnonContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/talk/threads',
      {
        schema: {
          tags: ['talk'],
          summary: 'Open a thread (anonymous)',
          description: `${NO_SESSION} ${SIGNED} ${MIXED} The same opener key again answers 200 with the thread it opened. 409 \`token_spent\`; 403 \`invalid_token\`; 400 \`bad_author_signature\`.`,
          body: CreateThread,
          response: { 200: ThreadCreated, 201: ThreadCreated, 202: ThreadCreated, ...problems(400, 403, 404, 409, 422) },
        },
      },
      async (req, reply) => {
        const a = await acceptThread(ctx, req.body)
        const ids = a.state === 'existing' ? { threadId: a.threadId, postId: a.postId } : { threadId: a.write.threadId, postId: a.write.postId }
        return reply.code(statusOf(a)).send(ids)
      },
    )

    app.post(
      '/talk/threads/:id/posts',
      {
        schema: {
          tags: ['talk'],
          summary: 'Reply in a thread (anonymous)',
          description: `${NO_SESSION} ${SIGNED} ${MIXED} The same key in one thread keeps its tag (OP, #2, …) and its label: another label is 409 \`label_mismatch\`.`,
          params: Id,
          body: CreateReply,
          response: { 200: ReplyCreated, 201: ReplyCreated, 202: ReplyCreated, ...problems(400, 403, 404, 409, 422) },
        },
      },
      async (req, reply) => {
        const a = await acceptReply(ctx, req.params.id, req.body)
        return reply.code(statusOf(a)).send({ postId: a.state === 'existing' ? a.postId : a.write.postId })
      },
    )

    app.put(
      '/talk/posts/:id',
      {
        schema: {
          tags: ['talk'],
          summary: 'Edit a post (by its pseudonym key)',
          description: `${NO_SESSION} \`author\` signs JSON.stringify(["watercooler/v1/edit", postId, revision, title, body]) where revision is the post's current revision (409 \`revision_conflict\` otherwise) and title is the new thread title for an opening post, "" for a reply. 403 \`not_author\`. Mixed like posts; the old text is overwritten in the database's pages, not only replaced.`,
          params: Id,
          body: EditPost,
          response: { 200: ChangeAccepted, 202: ChangeAccepted, ...problems(400, 403, 404, 409) },
        },
      },
      async (req, reply) => {
        const a = await acceptEdit(ctx, req.params.id, req.body)
        return reply.code(a.state === 'pending' ? 202 : 200).send({ postId: req.params.id, revision: req.body.revision + 1 })
      },
    )

    app.delete(
      '/talk/posts/:id',
      {
        schema: {
          tags: ['talk'],
          summary: 'Delete a post (by its pseudonym key)',
          description: `${NO_SESSION} \`author\` signs JSON.stringify(["watercooler/v1/delete", postId, revision]). The text (and an opening post's thread title) is overwritten and removed; a placeholder keeps the thread readable, and a thread with no post left disappears. Mixed like posts.`,
          params: Id,
          body: DeletePost,
          response: { 200: ChangeAccepted, 202: ChangeAccepted, ...problems(400, 403, 404, 409) },
        },
      },
      async (req, reply) => {
        const a = await acceptDelete(ctx, req.params.id, req.body)
        return reply.code(a.state === 'pending' ? 202 : 200).send({ postId: req.params.id, revision: req.body.revision + 1 })
      },
    )

    app.get(
      '/talk/writes/:postId',
      {
        schema: {
          tags: ['talk'],
          summary: 'What became of an anonymous write',
          description: `${NO_SESSION} For a new thread or reply, its postId; for an edit or deletion, the postId and the \`revision\` it makes; for a vote, the postId, \`voter\` (the voting key) and \`proof\` (its signature of the question); for a poll answer, the poll's id, \`answerer\` and \`proof\`; for an upload, the imageId and \`image=true\`. 404 \`unknown_write\`: neither waiting nor stored — send it again with the same token.`,
          params: PostIdParam,
          querystring: WriteQuery,
          response: { 200: WriteState, ...problems(400, 404) },
        },
      },
      async (req) => {
        const { revision, voter, answerer, image, proof, record, reporter, appeal } = req.query
        if (record) {
          // A helpful mark is a pseudonym's business like a vote: only its key may ask.
          if (record === 'helpful' && !(voter && proof && verifyWriteState(voter, proof, req.params.postId, 'helpful', verifyBytesNative))) throw new BadAuthorSignatureError()
          const outcome = await recordOutcome(ctx, req.params.postId, record, voter)
          if (!outcome) throw new UnknownWriteError()
          return outcome
        }
        const subjects = [revision !== undefined, voter !== undefined, answerer !== undefined, image === true, reporter !== undefined, appeal === true].filter(Boolean).length
        if (subjects > 1) {
          throw new ValidationError('at most one of revision, voter, answerer, image, reporter, appeal', [{ field: '/', message: 'name at most one of revision, voter, answerer, image, reporter, appeal' }])
        }
        // Whether a pseudonym voted on a post, answered a poll or reported a post is its own business: it proves the key.
        const subject = voter ? 'vote' : answerer ? 'answer' : reporter ? 'report' : null
        if (subject && !(proof && verifyWriteState((voter ?? answerer ?? reporter)!, proof, req.params.postId, subject, verifyBytesNative))) throw new BadAuthorSignatureError()
        if (voter) return otherOutcome(ctx, req.params.postId, { voter })
        if (answerer) return otherOutcome(ctx, req.params.postId, { answerer })
        if (reporter) return otherOutcome(ctx, req.params.postId, { reporter })
        if (appeal) return otherOutcome(ctx, req.params.postId, { appeal: true })
        if (image) return otherOutcome(ctx, req.params.postId, { image: true })
        return writeOutcome(ctx, req.params.postId, revision)
      },
    )
  }
}
