import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { MODERATION } from '../../../../shared/src/api/limits.js'
import {
  ModerationActionBody,
  ModerationActionDone,
  ModerationLog,
  ModerationLogQuery,
  ModerationQueue,
  ModerationQueueQuery,
  RealNameReport,
  ReportFiled,
  TakedownRequest,
  Transparency,
  TransparencyQuery,
} from '../../../../shared/src/api/moderation.js'
import type { AppContext } from '../../context.js'
import { requireRole, sessionOf } from '../../http/auth.js'
import { problems, SESSION_SECURITY } from '../../http/schema-helpers.js'
import { PUBLIC } from '../../http/session-scope.js'
import { moderate } from '../../services/moderation/actions.js'
import { moderationLogPage, transparency } from '../../services/moderation/log.js'
import { moderationQueue } from '../../services/moderation/queue.js'
import { fileReport, fileTakedown } from '../../services/moderation/reports.js'

/**
 * Trust and safety on the account and staff sides (issue 11): real-name reports, the public
 * takedown form, the moderators' queue and actions, and the public log and transparency page.
 * Work Talk's reports and appeals are anonymous: server/src/anon/routes/moderation.ts.
 */
export function moderationRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/reports',
      {
        schema: {
          tags: ['moderation'],
          summary: 'Report real-name content',
          description: `A feed post, comment, message (the reporter's copy travels with the report — nobody else's), profile (by handle), job, company review or interview report. One report per member and content (a second answers 200 with the first); at most ${MODERATION.reportsPerAccountPerDay} a day (429). ${MODERATION.personalInfoAutoHide} \`personal_info\` reports from distinct members hide a post, comment, job, review or interview report until a moderator decides. 403 \`own_content\`; 404 when the reporter cannot see it. Work Talk posts are reported anonymously: POST /talk/reports.`,
          security: SESSION_SECURITY,
          body: RealNameReport,
          response: { 200: ReportFiled, 201: ReportFiled, ...problems(400, 401, 403, 404, 429) },
        },
      },
      async (req, reply) => {
        const { id, created } = await fileReport(ctx, sessionOf(req).accountId, req.body)
        return reply.code(created ? 201 : 200).send({ id })
      },
    )

    app.post(
      '/takedown-requests',
      {
        config: PUBLIC,
        schema: {
          tags: ['moderation'],
          summary: 'Ask for content to be taken down (no account)',
          description: `For anyone named in a post, member or not: a contact address, the content's link and why. At most ${MODERATION.takedownsPerAddressPerDay} a day per address (429). A moderator reads it and answers at the contact address.`,
          body: TakedownRequest,
          response: { 201: ReportFiled, ...problems(400, 429) },
        },
      },
      async (req, reply) => reply.code(201).send(await fileTakedown(ctx, req.ip, req.body)),
    )

    app.get(
      '/moderation/queue',
      {
        schema: {
          tags: ['moderation'],
          summary: 'What waits for a moderator (moderators)',
          description: `Content with reports, takedown requests, automated holds or open appeals since its last decision, by severity, then report count, then age; ${MODERATION.queuePageSize} a page (\`nextCursor\` while more wait). No reporter and no anonymous author is named (there is none stored); a message is shown as the reporter's copy.`,
          security: SESSION_SECURITY,
          querystring: ModerationQueueQuery,
          response: { 200: ModerationQueue, ...problems(400, 401, 403) },
        },
      },
      async (req) => {
        await requireRole(ctx, req, 'moderator')
        return moderationQueue(ctx, req.query.cursor)
      },
    )

    app.post(
      '/moderation/actions',
      {
        schema: {
          tags: ['moderation'],
          summary: 'Decide on content (moderators)',
          description:
            'hide, remove, restore (a Work Talk post, feed post, comment or job; restore on an account or profile lifts a suspension); lock, unlock (a Work Talk thread); suspend for `days` (an account, or the real-name author of content: its sessions end and sign-in is refused, 403 `suspended`); uphold, reverse (the open appeal of a Work Talk post, 409 `no_open_appeal`); dismiss (takes the item off the queue, nothing public). `reason` is shown in the content\'s place and in the public log; `note` stays with staff. 400 `invalid_action` for an action the content does not take.',
          security: SESSION_SECURITY,
          body: ModerationActionBody,
          response: { 200: ModerationActionDone, ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (req) => {
        const session = await requireRole(ctx, req, 'moderator')
        return moderate(ctx, session.accountId, req.body)
      },
    )

    app.get(
      '/moderation/log',
      {
        config: PUBLIC,
        schema: {
          tags: ['moderation'],
          summary: 'The public moderation log (no session)',
          description: `Append-only and hash-chained (DESIGN §5b): each entry's \`hash\` is base64url(SHA-256(JSON.stringify([seq, day, action, reason, targetType, targetId, prevHash]))) and \`prevHash\` is the entry before's (\`""\` for the first) — the key log's mechanism. Oldest first, ${MODERATION.logPageSize} a page. Day, action, reason and content id: never an author.`,
          querystring: ModerationLogQuery,
          response: { 200: ModerationLog, ...problems(400) },
        },
      },
      async (req, reply) => {
        reply.header('cache-control', 'no-cache')
        return moderationLogPage(ctx, req.query.cursor)
      },
    )

    app.get(
      '/moderation/transparency',
      {
        config: PUBLIC,
        schema: {
          tags: ['moderation'],
          summary: 'A quarter of moderation in numbers (no session)',
          description: 'Reports by reason, takedown requests, public actions, automated holds, appeals and outcomes, legal requests received and answered with the allow-listed export. `quarter` like 2026-Q4; default the current one (400 `bad_quarter` for one in the future).',
          querystring: TransparencyQuery,
          response: { 200: Transparency, ...problems(400) },
        },
      },
      async (req) => transparency(ctx, req.query.quarter),
    )
  }
}
