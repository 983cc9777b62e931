import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { NoContent } from '../../../../shared/src/api/common.js'
import { NETWORK } from '../../../../shared/src/api/limits.js'
import {
  BlockList,
  ConnectionList,
  ConnectionQuery,
  ConnectionState,
  CreateBlock,
  CreateConnection,
  CreateFollow,
  Cursor,
  FollowList,
  PeoplePage,
  SuggestionList,
} from '../../../../shared/src/api/network.js'
import type { AppContext } from '../../context.js'
import { sessionOf } from '../../http/auth.js'
import { problems, SESSION_SECURITY } from '../../http/schema-helpers.js'
import { NotFoundError } from '../../errors.js'
import { isBlockedEitherWay } from '../../policies/network.js'
import * as blocks from '../../services/network/blocks.js'
import * as connections from '../../services/network/connections.js'
import * as follows from '../../services/network/follows.js'
import { degreesFrom } from '../../services/network/graph.js'
import { findMember } from '../../services/network/members.js'
import { listMutual } from '../../services/network/mutual.js'
import { suggestions } from '../../services/network/suggestions.js'
import * as views from '../../views/network.js'

const IdParam = Type.Object({ id: Type.String({ format: 'uuid' }) })
const HandleParam = Type.Object({ handle: Type.String({ maxLength: 64 }) })
const Created = Type.Object({ id: Type.String({ format: 'uuid' }), state: ConnectionState })
const FollowCreated = Type.Object({ id: Type.String({ format: 'uuid' }) })
const tags = ['network']

export function networkRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/connections',
      {
        schema: {
          tags,
          summary: 'Invite a member to connect',
          description:
            `201 with state \`outgoing\`; when that member already invited you, their invitation is accepted: 200 with state \`accepted\`. ` +
            `409 \`already_connected\`, \`invitation_pending\` (yours is waiting, also when they ignored it), \`blocked\` (you blocked them); ` +
            `400 \`self\`; 404 for an unknown handle and for a member who blocked you. ` +
            `${NETWORK.invitationsPerDay} invitations per UTC day (429 \`rate_limited\`), ${NETWORK.maxPendingOutgoing} waiting at most (429 \`too_many_pending\`).`,
          security: SESSION_SECURITY,
          body: CreateConnection,
          response: { 200: Created, 201: Created, ...problems(400, 401, 404, 409, 429) },
        },
      },
      async (req, reply) => {
        const r = await connections.invite(ctx, sessionOf(req).accountId, req.body)
        return reply.code(r.created ? 201 : 200).send({ id: r.id, state: r.state })
      },
    )

    app.get(
      '/connections',
      {
        schema: {
          tags,
          summary: 'Connections, invitations received or sent',
          description: '`state`: `accepted` (default), `incoming` (not the ignored ones) or `outgoing`; newest first.',
          security: SESSION_SECURITY,
          querystring: ConnectionQuery,
          response: { 200: ConnectionList, ...problems(400, 401) },
        },
      },
      async (req) => {
        const viewerId = sessionOf(req).accountId
        const page = await connections.listConnections(ctx, viewerId, req.query.state ?? 'accepted', req.query.cursor)
        const degrees = await degreesFrom(ctx.db, viewerId, page.rows.map((r) => r.personId))
        return { connections: page.rows.map((r) => views.connection(r, viewerId, degrees)), nextCursor: page.nextCursor }
      },
    )

    app.get(
      '/connections/suggestions',
      {
        schema: {
          tags,
          summary: 'People you may know',
          description: 'Ranked by mutual connections, shared schools and shared employers; never a connection, an invitation either way or a blocked member.',
          security: SESSION_SECURITY,
          response: { 200: SuggestionList, ...problems(401) },
        },
      },
      async (req) => {
        const viewerId = sessionOf(req).accountId
        const rows = await suggestions(ctx, viewerId)
        const degrees = await degreesFrom(ctx.db, viewerId, rows.map((r) => r.id))
        return { people: rows.map((r) => views.suggestion(r, degrees)) }
      },
    )

    app.post(
      '/connections/:id/accept',
      {
        schema: {
          tags,
          summary: 'Accept an invitation',
          description: 'Only its addressee; 404 for anyone else. 409 `already_connected`.',
          security: SESSION_SECURITY,
          params: IdParam,
          response: { 204: NoContent, ...problems(400, 401, 404, 409) },
        },
      },
      async (req, reply) => {
        await connections.accept(ctx, sessionOf(req).accountId, req.params.id)
        return reply.code(204).send(null)
      },
    )

    app.post(
      '/connections/:id/ignore',
      {
        schema: {
          tags,
          summary: 'Ignore an invitation',
          description: 'It leaves your list; the sender is not told (for them it stays pending). You can still accept it later.',
          security: SESSION_SECURITY,
          params: IdParam,
          response: { 204: NoContent, ...problems(400, 401, 404) },
        },
      },
      async (req, reply) => {
        await connections.ignore(ctx, sessionOf(req).accountId, req.params.id)
        return reply.code(204).send(null)
      },
    )

    app.delete(
      '/connections/:id',
      {
        schema: {
          tags,
          summary: 'Withdraw an invitation or remove a connection',
          description: 'The sender withdraws a pending invitation; either side removes a connection. From the addressee, a pending invitation is ignored instead.',
          security: SESSION_SECURITY,
          params: IdParam,
          response: { 204: NoContent, ...problems(400, 401, 404) },
        },
      },
      async (req, reply) => {
        await connections.remove(ctx, sessionOf(req).accountId, req.params.id)
        return reply.code(204).send(null)
      },
    )

    app.get(
      '/users/:handle/mutual',
      {
        schema: {
          tags,
          summary: 'Connections you share with a member',
          description: 'By name. 404 like the profile: unknown handle, or a block either way.',
          security: SESSION_SECURITY,
          params: HandleParam,
          querystring: Type.Object({ cursor: Cursor }, { additionalProperties: false }),
          response: { 200: PeoplePage, ...problems(400, 401, 404) },
        },
      },
      async (req) => {
        const viewerId = sessionOf(req).accountId
        const other = await findMember(ctx, req.params.handle)
        if (await isBlockedEitherWay(ctx, viewerId, other.id)) throw new NotFoundError('member')
        const page = await listMutual(ctx, viewerId, other.id, req.query.cursor)
        const degrees = new Map(page.rows.map((r) => [r.id, 1 as const]))
        return { people: page.rows.map((r) => views.personCard(r, degrees)), total: page.total, nextCursor: page.nextCursor }
      },
    )

    app.post(
      '/blocks',
      {
        schema: {
          tags,
          summary: 'Block a member',
          description: 'Hides both ways (profiles answer 404, lists and suggestions leave them out), ends the connection or any invitation between you and follows both ways. 400 `self`; 404 for an unknown handle.',
          security: SESSION_SECURITY,
          body: CreateBlock,
          response: { 204: NoContent, ...problems(400, 401, 404) },
        },
      },
      async (req, reply) => {
        await blocks.blockMember(ctx, sessionOf(req).accountId, req.body.handle)
        return reply.code(204).send(null)
      },
    )

    app.get(
      '/blocks',
      {
        schema: { tags, summary: 'Members you blocked', security: SESSION_SECURITY, querystring: Type.Object({ cursor: Cursor }, { additionalProperties: false }), response: { 200: BlockList, ...problems(400, 401) } },
      },
      async (req) => blocks.listBlocks(ctx, sessionOf(req).accountId, req.query.cursor),
    )

    app.delete(
      '/blocks/:handle',
      {
        schema: { tags, summary: 'Unblock a member', description: 'What the block ended does not come back.', security: SESSION_SECURITY, params: HandleParam, response: { 204: NoContent, ...problems(401, 404) } },
      },
      async (req, reply) => {
        await blocks.unblockMember(ctx, sessionOf(req).accountId, req.params.handle)
        return reply.code(204).send(null)
      },
    )

    app.post(
      '/follows',
      {
        schema: {
          tags,
          summary: 'Follow a member or a company',
          description: `\`{handle}\` or \`{company}\` (a slug). 201, or 200 with the existing follow. 400 \`self\`; 404 unknown (or a member who blocked you); 409 \`blocked\` (you blocked them); 429 \`too_many_follows\` past ${NETWORK.maxFollows} follows.`,
          security: SESSION_SECURITY,
          body: CreateFollow,
          response: { 200: FollowCreated, 201: FollowCreated, ...problems(400, 401, 404, 409, 429) },
        },
      },
      async (req, reply) => {
        const r = await follows.follow(ctx, sessionOf(req).accountId, req.body)
        return reply.code(r.created ? 201 : 200).send({ id: r.id })
      },
    )

    app.get(
      '/follows',
      {
        schema: { tags, summary: 'Whom and what you follow', security: SESSION_SECURITY, querystring: Type.Object({ cursor: Cursor }, { additionalProperties: false }), response: { 200: FollowList, ...problems(400, 401) } },
      },
      async (req) => follows.listFollows(ctx, sessionOf(req).accountId, req.query.cursor),
    )

    app.delete(
      '/follows/:id',
      { schema: { tags, summary: 'Unfollow', description: '404 for a follow that is not yours.', security: SESSION_SECURITY, params: IdParam, response: { 204: NoContent, ...problems(400, 401, 404) } } },
      async (req, reply) => {
        await follows.unfollow(ctx, sessionOf(req).accountId, req.params.id)
        return reply.code(204).send(null)
      },
    )
  }
}
