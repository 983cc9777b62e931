import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { TalkAppeal, TalkAppealAccepted, TalkReport, TalkReportAccepted } from '../../../../shared/src/api/moderation.js'
import { MODERATION } from '../../../../shared/src/api/limits.js'
import { problems } from '../../http/schema-helpers.js'
import type { AnonContext } from '../context.js'
import { acceptAppeal, acceptReport } from '../services/reports.js'
import { MIXED, NO_SESSION, statusOf } from './reactions.js'

/** Reports and appeals of Work Talk posts: the anonymous side of moderation (issue 11, DESIGN §4). */
export function anonymousModerationRoutes(ctx: AnonContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/talk/reports',
      {
        schema: {
          tags: ['moderation'],
          summary: 'Report a Work Talk post (anonymous)',
          description: `${NO_SESSION} ${MIXED} Signed by the reporter's pseudonym key of the post's thread over JSON.stringify(["watercooler/v1/report", postId, reason, token.message]); spends a react token. One report per key and post (a second is 200). 403 \`own_post\`. ${MODERATION.personalInfoAutoHide} \`personal_info\` reports from distinct keys hide the post until a moderator decides; other reasons queue it. Ask GET /talk/writes/{postId}?reporter={publicKey}&proof=… (the proof signing "report").`,
          body: TalkReport,
          response: { 200: TalkReportAccepted, 201: TalkReportAccepted, 202: TalkReportAccepted, ...problems(400, 403, 404, 409) },
        },
      },
      async (req, reply) => {
        const a = await acceptReport(ctx, req.body)
        return reply.code(statusOf(a)).send({ postId: req.body.postId, reason: req.body.reason })
      },
    )

    app.post(
      '/talk/appeals',
      {
        schema: {
          tags: ['moderation'],
          summary: "Appeal a post's moderation (anonymous, by the post's key)",
          description: `${NO_SESSION} ${MIXED} Signed by the post's own pseudonym key over JSON.stringify(["watercooler/v1/appeal", postId, body]) — no token, no session: any device holding the recovery phrase can. 403 \`not_author\`; 409 \`not_moderated\`, \`appeal_open\`, \`appeals_exhausted\` (${MODERATION.appealsPerPost} per post). Ask GET /talk/writes/{appealId}?appeal=true; the decision is shown in the post's place and in the public log.`,
          body: TalkAppeal,
          response: { 200: TalkAppealAccepted, 201: TalkAppealAccepted, 202: TalkAppealAccepted, ...problems(400, 403, 404, 409) },
        },
      },
      async (req, reply) => {
        const { accepted, appealId } = await acceptAppeal(ctx, req.body)
        return reply.code(statusOf(accepted)).send({ appealId, postId: req.body.postId })
      },
    )
  }
}
