import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { SEARCH } from '../../../../shared/src/api/limits.js'
import { SearchAnswer, SearchQuery } from '../../../../shared/src/api/search.js'
import type { AppContext } from '../../context.js'
import { sessionOf } from '../../http/auth.js'
import { problems, SESSION_SECURITY } from '../../http/schema-helpers.js'
import { search } from '../../services/search/search.js'

export function searchRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/search',
      {
        schema: {
          tags: ['search'],
          summary: 'Search people, companies, feed posts, Work Talk threads and jobs',
          description: `Chinese is segmented by the server (words, characters and bigrams), so "年终奖" finds "今年的年终奖取消了"; names are also matched by trigram similarity (misspellings). Pages of ${SEARCH.pageSize}, at most ${SEARCH.maxOffset / SEARCH.pageSize + 1} deep. \`posts\` and \`jobs\` answer an empty list until the feed and jobs exist. Work Talk threads: open channels for verified members, a board for its current employees. 400 for an empty or too long \`q\`, or a cursor of another query (\`bad_cursor\`).`,
          security: SESSION_SECURITY,
          querystring: SearchQuery,
          response: { 200: SearchAnswer, ...problems(400, 401) },
        },
      },
      async (req) => search(ctx, sessionOf(req).accountId, req.query),
    )
  }
}
