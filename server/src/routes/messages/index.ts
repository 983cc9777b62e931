import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { NoContent } from '../../../../shared/src/api/common.js'
import { MESSAGES } from '../../../../shared/src/api/limits.js'
import { ConversationCreated, ConversationList, ConversationQuery, CreateConversation, Message, MessagePage, MessageQuery, PostMessage } from '../../../../shared/src/api/messages.js'
import type { AppContext } from '../../context.js'
import { sessionOf } from '../../http/auth.js'
import { problems, SESSION_SECURITY } from '../../http/schema-helpers.js'
import { listConversations, startConversation } from '../../services/messages/conversations.js'
import { acceptRequest, declineRequest, markConversationRead, postMessage, readMessages } from '../../services/messages/messages.js'

const IdParam = Type.Object({ id: Type.String({ format: 'uuid' }) })
const tags = ['messages']
const NOT_IN = '404 for a conversation the viewer is not in (or declined).'

/** Messages (DESIGN §5b): conversations between members, message requests, unread counts. */
export function messageRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/conversations',
      {
        schema: {
          tags,
          summary: 'Start a conversation',
          description:
            `One other handle: the one-to-one conversation (200 with its id when it exists already); more: a group of at most ${MESSAGES.maxParticipants}. ` +
            `A participant who is not a 1st-degree connection receives a message request; ${MESSAGES.requestsPerDay} new conversations with requests per UTC day (429 \`rate_limited\`). ` +
            `An optional first \`body\`. 404 for an unknown handle or a member who blocked you; 409 \`blocked\` for one you blocked; 400 \`self\`.`,
          security: SESSION_SECURITY,
          body: CreateConversation,
          response: { 200: ConversationCreated, 201: ConversationCreated, ...problems(400, 401, 404, 409, 429) },
        },
      },
      async (req, reply) => {
        const r = await startConversation(ctx, sessionOf(req).accountId, req.body)
        return reply.code(r.created ? 201 : 200).send({ id: r.id })
      },
    )

    app.get(
      '/conversations',
      {
        schema: {
          tags,
          summary: 'Conversations or message requests',
          description: '`box`: `inbox` (default) or `requests`; by last message, newest first; with the unread total and the number of requests.',
          security: SESSION_SECURITY,
          querystring: ConversationQuery,
          response: { 200: ConversationList, ...problems(400, 401) },
        },
      },
      async (req) => listConversations(ctx, sessionOf(req).accountId, req.query.box ?? 'inbox', req.query.cursor),
    )

    app.get(
      '/conversations/:id/messages',
      {
        schema: {
          tags,
          summary: "A conversation's messages",
          description: `Newest first, ${MESSAGES.pageSize} a page; the first page marks the conversation read. ${NOT_IN}`,
          security: SESSION_SECURITY,
          params: IdParam,
          querystring: MessageQuery,
          response: { 200: MessagePage, ...problems(400, 401, 404) },
        },
      },
      async (req) => readMessages(ctx, sessionOf(req).accountId, req.params.id, req.query.cursor),
    )

    app.post(
      '/conversations/:id/messages',
      {
        schema: {
          tags,
          summary: 'Send a message',
          description: `Plain text up to ${MESSAGES.bodyLength} characters; delivered live to every participant. Replying to a request accepts it. ${NOT_IN} A block between you and someone in it: 409 \`blocked\` if you made it, else 404.`,
          security: SESSION_SECURITY,
          params: IdParam,
          body: PostMessage,
          response: { 201: Message, ...problems(400, 401, 404, 409) },
        },
      },
      async (req, reply) => reply.code(201).send(await postMessage(ctx, sessionOf(req).accountId, req.params.id, req.body.body)),
    )

    for (const [path, summary, action] of [
      ['read', 'Mark a conversation read', markConversationRead],
      ['accept', 'Accept a message request', acceptRequest],
      ['decline', 'Decline a message request (the sender is not told)', declineRequest],
    ] as const) {
      app.post(
        `/conversations/:id/${path}`,
        { schema: { tags, summary, description: NOT_IN, security: SESSION_SECURITY, params: IdParam, response: { 204: NoContent, ...problems(400, 401, 404) } } },
        async (req, reply) => {
          await action(ctx, sessionOf(req).accountId, req.params.id)
          return reply.code(204).send(null)
        },
      )
    }
  }
}
